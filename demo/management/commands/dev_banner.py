"""The start-up banner of `make run`: where everything is and what development mode relaxes."""

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print where the API, GraphiQL and Swagger UI are served, and what development mode relaxes."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="Base URL the web process serves.")

    def handle(self, *args, url: str, **options) -> None:
        url = url.rstrip("/")
        lines = [
            self.style.SUCCESS(f"MoviVerse at {url}/ (DEBUG={settings.DEBUG}, DEV_MODE={settings.DEV_MODE})"),
            f"  GraphQL + GraphiQL  {url}/graphql/",
            f"  REST API            {url}/api/",
            f"  Swagger UI          {url}/api/docs/   (OpenAPI schema: {url}/api/schema/)",
            f"  Django admin        {url}/admin/",
            f"  Health              {url}/health/live/",
        ]
        if settings.DEV_MODE:
            lines += [
                "Relaxed in development mode (never in production):",
                "  - sign-in throttle and login lockout: off for this machine (127.0.0.0/8, ::1)",
                "  - CORS: any http://localhost:<port> and http://127.0.0.1:<port> origin, no credentials",
            ]
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            lines.append(f"Background jobs: a Celery worker and beat (broker {settings.CELERY_BROKER_URL})")
        lines += [
            "Accounts: the demo catalog's raters cannot sign in; register one with POST /api/auth/register/",
            "  or the `register` mutation. Ctrl-C stops every process.",
        ]
        self.stdout.write("\n".join(lines))
