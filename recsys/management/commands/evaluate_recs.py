"""Offline evaluation of every recommendation strategy (see recsys/evaluation.py for the protocol)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from recsys import evaluation, group_evaluation
from recsys.engines import hybrid

METRICS = ("precision@10", "recall@10", "ndcg@10", "coverage@10", "novelty@10")
GROUP_METRICS = group_evaluation.METRICS


class Command(BaseCommand):
    help = (
        "Evaluate popularity, content, item-kNN, EASE, RP3beta, collab and hybrid on MovieLens-layout "
        "CSVs (80/20 holdout per user, random or temporal; metrics at 10). Never touches the database."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--ratings", type=Path, required=True, help="ratings.csv (userId,movieId,rating,...)"
        )
        parser.add_argument(
            "--movies", type=Path, help="movies.csv (movieId,title,genres) for content features"
        )
        parser.add_argument(
            "--tags", type=Path, help="tags.csv (userId,movieId,tag,...) for content features"
        )
        parser.add_argument(
            "--split",
            choices=evaluation.SPLITS,
            default="random",
            help="random: a random 20%% of each user's ratings; temporal: each user's latest 20%%",
        )
        parser.add_argument("--seed", type=int, default=42, help="random holdout seed (numpy default_rng)")
        parser.add_argument("--json", type=Path, help="write the metrics here as a JSON list")
        parser.add_argument(
            "--mode",
            choices=("users", "groups"),
            default="users",
            help="users: every strategy per user; groups: movie night aggregations on synthetic groups "
            "of 2, 4 and 8 (random split only; recsys/group_evaluation.py)",
        )

    def handle(self, *args, **options) -> None:
        for name in ("ratings", "movies", "tags"):
            path = options[name]
            if path is not None and not path.is_file():
                raise CommandError(f"--{name}: no such file {path}.")
        try:
            data = evaluation.load_movielens(options["ratings"], options["movies"], options["tags"])
        except (KeyError, ValueError) as error:
            raise CommandError(f"Not a MovieLens-layout CSV: {error}") from error
        config = settings.RECSYS
        common = {
            "seed": options["seed"],
            "params": hybrid.FitParams(
                neighbours=config["NEIGHBOURS"],
                ease_lambda=config["EASE_LAMBDA"],
                ease_max_items=config["EASE_MAX_ITEMS"],
            ),
            "hybrid_weights": config["HYBRID_WEIGHTS"],
            "signal_weights": config["SIGNAL_WEIGHTS"],
            "min_history": config["MIN_HISTORY"],
        }
        if options["mode"] == "groups":
            self._groups(group_evaluation.evaluate_groups(data, **common), options["json"])
            return
        rows = evaluation.evaluate(data, **common, split=options["split"])
        self.stdout.write(f"{'strategy':<18}" + "".join(f"{m:>14}" for m in METRICS) + f"{'seconds':>10}")
        for row in rows:
            figures = "".join(f"{row[m]:>14.4f}" for m in METRICS)
            self.stdout.write(f"{row['strategy']:<18}{figures}{row['fit_seconds']:>10.1f}")
        if options["json"]:
            report = [{"strategy": row["strategy"], **{m: round(row[m], 6) for m in METRICS}} for row in rows]
            options["json"].write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    def _groups(self, rows: list[dict], json_path: Path | None) -> None:
        self.stdout.write(
            f"{'size':>4} {'kind':<8} {'method':<24}" + "".join(f"{m:>20}" for m in GROUP_METRICS)
        )
        for row in rows:
            figures = "".join(f"{row[m]:>20.4f}" for m in GROUP_METRICS)
            self.stdout.write(f"{row['size']:>4} {row['kind']:<8} {row['method']:<24}{figures}")
        if json_path:
            report = [{**row, **{m: round(row[m], 6) for m in GROUP_METRICS}} for row in rows]
            json_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
