"""Fills the demo catalog from TMDb (posters, overviews, runtime, cast, crew, videos, dates, language)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalog import fill, tasks
from catalog.models import TmdbFillRun
from common.exceptions import QueueUnavailable
from common.queue import enqueue

COMMAND = "python manage.py fill_from_tmdb"


class Command(BaseCommand):
    help = (
        "Fill every demo movie from TMDb through the TMDb ids of the MovieLens links: posters, overviews, "
        "runtime, cast, crew, videos, dates and language. Needs TMDB_API_KEY. Resumable: movies synced "
        "recently are skipped. --queue hands the work to a Celery worker instead (make run)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the fill for a worker; without a worker (eager tasks), print the command to run.",
        )

    def handle(self, *args, queue: bool, **options) -> None:
        if not settings.TMDB_API_KEY:
            if queue:
                self.stdout.write(
                    f"Demo catalog: set TMDB_API_KEY and run `{COMMAND}` to add TMDb's details."
                )
                return
            raise CommandError("TMDB_API_KEY is not set: the demo catalog cannot be filled from TMDb.")
        if queue:
            self._queue()
            return
        run = fill.fill_run(progress=self._progress)
        if run.status == TmdbFillRun.Status.STOPPED:
            raise CommandError(f"Stopped after {run.filled + run.missing} of {run.total} movies: {run.note}")
        self.stdout.write(
            self.style.SUCCESS(f"TMDb fill done: {run.filled} movies filled, {run.missing} unknown to TMDb.")
        )

    def _queue(self) -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            self.stdout.write(
                f"No Celery worker runs here: run `{COMMAND}` to fill the demo catalog from TMDb."
            )
            return
        try:
            enqueue(tasks.fill_from_tmdb)
        except QueueUnavailable:
            raise CommandError(f"The job queue is unreachable: run `{COMMAND}` instead.") from None
        self.stdout.write(
            "Filling the demo catalog from TMDb in the background (progress: admin, TMDb fill runs)."
        )

    def _progress(self, run: TmdbFillRun) -> None:
        done = run.filled + run.missing
        self.stdout.write(
            f"TMDb fill: {done}/{run.total} movies ({run.filled} filled, {run.missing} unknown)"
        )
