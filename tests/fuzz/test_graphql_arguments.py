"""Property-based fuzzing of every GraphQL query and mutation argument.

Each root field is called with generated variables (right types, wrong types, nulls, huge and
negative numbers, odd strings), signed in or not. Whatever comes in, the answer is never a 5xx,
never a traceback and never the masked "Unexpected error." that stands for an unhandled exception.
The fields are read from the schema itself, so a field added later is fuzzed too.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.tokens import token_pair_for
from catalog.models import Genre, Movie
from graphql_schema.schema import schema as strawberry_schema

MAX_EXAMPLES = 25
MASKED_ERROR = "Unexpected error."
GRAPHQL = strawberry_schema._schema
KNOWN_IDS = [603, 27205, 862]

wrong_type = st.one_of(st.booleans(), st.floats(allow_nan=False), st.lists(st.integers(), max_size=2))
ints = st.one_of(
    st.sampled_from([*KNOWN_IDS, 0, 1, -1, 20, 100, 101, 500, 501, 2**31 - 1]),
    st.integers(min_value=-(2**31), max_value=2**31 - 1),
)
texts = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "",
            " ",
            "star",
            "The Matrix",
            "a" * 5000,
            "'; DROP TABLE movie; --",
            "%",
            "nul\x00byte",
            "Ünïcödé ✓",
        ]
    ),
    st.uuids().map(str),
    st.emails(),
)
# Beyond the declared type: GraphQL's coercion must refuse these cleanly.
out_of_range = st.integers(min_value=2**31, max_value=2**63)


def _value(gql_type, depth: int = 0) -> st.SearchStrategy:
    """Values for an argument of this GraphQL type, mostly well-typed, sometimes not."""
    if isinstance(gql_type, GraphQLNonNull):
        return _value(gql_type.of_type, depth)
    if isinstance(gql_type, GraphQLList):
        return st.lists(_value(gql_type.of_type, depth + 1), max_size=3)
    if isinstance(gql_type, GraphQLEnumType):
        return st.one_of(st.sampled_from(list(gql_type.values)), st.text(max_size=10))
    if isinstance(gql_type, GraphQLInputObjectType):
        if depth > 2:
            return st.none()
        fields = {name: _value(field.type, depth + 1) for name, field in gql_type.fields.items()}
        return st.fixed_dictionaries({}, optional=fields)
    assert isinstance(gql_type, GraphQLScalarType)
    base = {"Int": ints, "Float": st.floats(allow_nan=False), "Boolean": st.booleans()}.get(
        gql_type.name, texts
    )
    return st.one_of(base, st.none(), wrong_type)


def _operations() -> list[pytest.param]:
    params = []
    for kind, root in (("query", GRAPHQL.query_type), ("mutation", GRAPHQL.mutation_type)):
        for name, field in root.fields.items():
            params.append(pytest.param(kind, name, field, id=f"{kind} {name}"))
    return params


def _document(kind: str, name: str, field) -> str:
    """``query($a: Int!) { movie(tmdbId: $a) { __typename } }`` for the field and all its arguments."""
    declared = ", ".join(f"${arg}: {a.type}" for arg, a in field.args.items())
    passed = ", ".join(f"{arg}: ${arg}" for arg in field.args)
    named = f"{kind}({declared})" if declared else kind
    call = f"{name}({passed})" if passed else name
    inner = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    while isinstance(inner, GraphQLList | GraphQLNonNull):
        inner = inner.of_type
    selection = "" if isinstance(inner, GraphQLScalarType | GraphQLEnumType) else " { __typename }"
    return f"{named} {{ {call}{selection} }}"


@pytest.fixture
def small_catalog(db) -> None:
    drama = Genre.objects.create(tmdb_id=18, name="Drama", slug="drama")
    for tmdb_id, title in zip(KNOWN_IDS, ["The Matrix", "Inception", "Toy Story"], strict=True):
        Movie.objects.create(tmdb_id=tmdb_id, title=title, popularity_score=tmdb_id / 100).genres.add(drama)


@pytest.mark.parametrize(("kind", "name", "field"), _operations())
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_graphql_field_survives_any_arguments(client, user, small_catalog, kind, name, field, data):
    chaotic = data.draw(st.booleans(), label="chaotic")
    variables = {arg: data.draw(_value(a.type, chaotic), label=arg) for arg, a in field.args.items()}
    signed_in = data.draw(st.booleans(), label="signed_in")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_pair_for(user).access}"} if signed_in else {}

    response = client.post(
        "/graphql/",
        data=json.dumps({"query": _document(kind, name, field), "variables": variables}),
        content_type="application/json",
        **headers,
    )

    assert response.status_code < 500, response.content[:2000]
    text = response.content.decode()
    assert "Traceback" not in text
    errors = response.json().get("errors") or []
    assert [e for e in errors if e.get("message") == MASKED_ERROR] == [], (variables, errors)


def _text_paths(gql_type, path: str, depth: int = 0) -> list[str]:
    """Dotted paths of the String and ID values inside an argument (nested filters to one level)."""
    while isinstance(gql_type, GraphQLNonNull | GraphQLList):
        gql_type = gql_type.of_type
    if isinstance(gql_type, GraphQLInputObjectType):
        if depth > 1:
            return []
        return [
            p for name, f in gql_type.fields.items() for p in _text_paths(f.type, f"{path}.{name}", depth + 1)
        ]
    if isinstance(gql_type, GraphQLScalarType) and gql_type.name in {"String", "ID"}:
        return [path]
    return []


def _text_arguments() -> list[pytest.param]:
    params = []
    for param in _operations():
        kind, name, field = param.values
        for arg, definition in field.args.items():
            for path in _text_paths(definition.type, arg):
                params.append(pytest.param(kind, name, field, path, id=f"{kind} {name} {path}"))
    return params


def _placed(path: str, value: str) -> tuple[str, object]:
    """The top-level argument name and its value with ``value`` at the dotted ``path``."""
    top, *inner = path.split(".")
    for key in reversed(inner):
        value = {key: value}
    return top, value


def _required(field, skip: str) -> dict:
    """Valid values for the field's required arguments other than ``skip``."""
    defaults = {"Int": KNOWN_IDS[0], "String": "x", "ID": "1", "Boolean": False, "Upload": None}
    values = {}
    for arg, definition in field.args.items():
        if arg != skip and isinstance(definition.type, GraphQLNonNull):
            inner = definition.type.of_type
            if isinstance(inner, GraphQLList):
                values[arg] = []
            elif isinstance(inner, GraphQLEnumType):
                values[arg] = next(iter(inner.values))
            else:
                values[arg] = defaults.get(inner.name)
    return values


poisoned_text = st.one_of(
    st.tuples(st.text(max_size=20), st.text(max_size=20)).map(lambda parts: "\x00".join(parts)),
    st.integers(min_value=1, max_value=300).map(lambda extra: "a" * (10_000 + extra)),
)


@pytest.mark.parametrize(("kind", "name", "field", "path"), _text_arguments())
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=poisoned_text)
def test_a_nul_or_oversized_text_in_any_argument_is_refused_naming_it(
    client, db, kind, name, field, path, text
):
    top, value = _placed(path, text)
    variables = {**_required(field, top), top: value}

    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/graphql/",
            data=json.dumps({"query": _document(kind, name, field), "variables": variables}),
            content_type="application/json",
        )

    body = response.json()
    assert response.status_code == 200
    assert body["data"] is None
    [error] = body["errors"]
    assert error["message"].startswith(f"{path}: "), error
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert len(queries) == 0
