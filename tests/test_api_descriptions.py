"""The committed API descriptions match the code, so every API change shows up in review.

Regenerate both with `make schema`.
"""

from pathlib import Path

from django.core.management import call_command
from strawberry.printer import print_schema

from graphql_schema.schema import schema

ROOT = Path(__file__).resolve().parent.parent


def test_graphql_schema_file_is_current():
    committed = (ROOT / "schema.graphql").read_text()
    assert print_schema(schema).strip() == committed.strip(), "schema.graphql is stale: run `make schema`"


def test_openapi_file_is_current(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))
    committed = (ROOT / "openapi.yaml").read_text()
    assert generated.read_text() == committed, "openapi.yaml is stale: run `make schema`"
