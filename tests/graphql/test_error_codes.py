"""Every GraphQL error carries ``extensions.code`` (graphql_schema/errors.py, docs/errors.md)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from graphql import GraphQLError

from catalog.models import Movie
from common.exceptions import RequestTimedOut, TooManyAttempts, UpstreamUnavailable
from graphql_schema.errors import error_code


def _codes(body: dict) -> list[tuple[str, str]]:
    return [(error["message"], error["extensions"]["code"]) for error in body["errors"]]


def test_a_syntax_error_is_graphql_parse_failed(gql):
    body = gql("query { movie(tmdbId: 603) { title }")

    assert _codes(body) == [("Syntax Error: Expected Name, found <EOF>.", "GRAPHQL_PARSE_FAILED")]


def test_an_unknown_field_is_graphql_validation_failed(gql):
    body = gql("query { movie(tmdbId: 603) { nope } }")

    assert _codes(body) == [("Cannot query field 'nope' on type 'Movie'.", "GRAPHQL_VALIDATION_FAILED")]


def test_a_wrongly_typed_variable_is_bad_user_input(gql):
    body = gql("query($id: Int!) { movie(tmdbId: $id) { title } }", {"id": "x"})

    assert [code for _, code in _codes(body)] == ["BAD_USER_INPUT"]
    assert "data" not in body or body["data"] is None


@pytest.mark.django_db
def test_an_argument_out_of_range_is_bad_user_input_and_reads_nothing(gql, django_assert_num_queries):
    Movie.objects.create(tmdb_id=603, title="The Matrix")

    with django_assert_num_queries(0):
        body = gql("query { movies(pagination: {limit: 100000}) { title } }")

    assert _codes(body) == [("pagination.limit: must be between 0 and 100.", "BAD_USER_INPUT")]


def test_an_unexpected_error_is_masked_as_internal_server_error(gql, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("accounts.services.password_reset_request", boom)
    body = gql('mutation { requestPasswordReset(email: "a@example.com") { __typename } }')

    assert _codes(body) == [("Unexpected error.", "INTERNAL_SERVER_ERROR")]


@pytest.mark.parametrize(
    ("cause", "code"),
    [
        (TooManyAttempts(), "THROTTLED"),
        (RequestTimedOut(), "TIMEOUT"),
        (UpstreamUnavailable(), "SERVICE_UNAVAILABLE"),
        (PermissionDenied("no"), "FORBIDDEN"),
        (Movie.DoesNotExist("gone"), "NOT_FOUND"),
        (ValidationError("bad"), "BAD_USER_INPUT"),
        (RuntimeError("bug"), "INTERNAL_SERVER_ERROR"),
    ],
)
def test_a_resolver_exception_reads_as_its_code(cause, code):
    assert error_code(GraphQLError(str(cause), path=["field"], original_error=cause)) == code


def test_an_error_that_already_has_a_code_keeps_it():
    coded = GraphQLError("slow down", extensions={"code": "QUERY_TOO_COSTLY"})

    assert error_code(coded) == "QUERY_TOO_COSTLY"
