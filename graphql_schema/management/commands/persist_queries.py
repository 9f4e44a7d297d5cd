"""Register GraphQL documents ahead, as the persisted-query manifest (the allow-list) lists them."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from graphql import parse, validate
from graphql.error import GraphQLSyntaxError

from graphql_schema import persisted_queries
from graphql_schema.persisted_queries import PersistedQueryError
from graphql_schema.schema import schema


def _documents(path: Path) -> list[str]:
    """The query texts of one file: a ``.graphql`` document, or an Apollo persisted-query manifest."""
    try:
        raw = path.read_text()
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}") from error
    if path.suffix != ".json":
        return [raw]
    try:
        operations = json.loads(raw)["operations"]
        return [operation["body"] for operation in operations]
    except (ValueError, KeyError, TypeError) as error:
        raise CommandError(f"{path}: not an Apollo manifest ({{operations: [{{body}}]}})") from error


def _checked(path: Path, text: str) -> str:
    """The hash of a text that parses and validates against the schema; CommandError otherwise."""
    try:
        persisted_queries.check_size(text)
        errors = validate(schema._schema, parse(text))
    except PersistedQueryError as error:
        raise CommandError(f"{path}: {error.message}") from error
    except GraphQLSyntaxError as error:
        raise CommandError(f"{path}: {error.message}") from error
    if errors:
        raise CommandError(f"{path}: {errors[0].message}")
    return persisted_queries.digest(text)


class Command(BaseCommand):
    help = (
        "Validate GraphQL documents (.graphql files, or Apollo persisted-query manifests in .json) "
        "and add them to the persisted-query manifest (GRAPHQL_PERSISTED_QUERIES_FILE), the "
        "allow-list GRAPHQL_PERSISTED_ONLY=True serves. Clients send each text's SHA-256 as "
        "extensions.persistedQuery.sha256Hash."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--replace", action="store_true", help="drop what the manifest held before")

    def handle(self, *args, files: list[Path], replace: bool, **options) -> None:
        manifest = {} if replace else dict(persisted_queries.manifest())
        for path in files:
            for text in _documents(path):
                sha = _checked(path, text)
                manifest[sha] = text
                self.stdout.write(f"{sha}  {path}")
        target = Path(settings.GRAPHQL_PERSISTED_QUERIES_FILE)
        target.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        self.stdout.write(self.style.SUCCESS(f"{len(manifest)} persisted queries in {target}"))
