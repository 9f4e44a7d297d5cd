"""GraphQL endpoint guards: depth, aliases, tokens, introspection depth, no schema hints, no GET
mutations, no batches."""

import json

import pytest
from django.contrib.auth import get_user_model
from graphql import get_introspection_query

from engagement.models import Review
from tests.factories import MovieRefFactory, ReviewFactory

pytestmark = pytest.mark.django_db

MOVIE = 603


def test_alias_bomb_is_rejected(gql):
    query = "{ " + " ".join(f"a{i}: me {{ id }}" for i in range(50)) + " }"
    result = gql(query)
    assert result["data"] is None
    assert "aliases found. Allowed: 15" in result["errors"][0]["message"]


def test_token_limit(gql):
    query = "{ " + " ".join("__typename" for _ in range(3000)) + " }"
    result = gql(query)
    assert result["data"] is None
    assert (
        result["errors"][0]["message"]
        == "Syntax Error: Document contains more than 2000 tokens. Parsing aborted."
    )


def test_mutations_are_refused_over_get(client):
    response = client.get("/graphql/", {"query": 'mutation { logout(refresh: "x") { __typename } }'})
    assert response.status_code == 405 or "mutations are not allowed" in response.content.decode().lower()


def test_field_suggestions_do_not_leak_schema(gql):
    result = gql("{ mee { id } }")
    assert result["errors"][0]["message"] == "Cannot query field 'mee' on type 'Query'."


def test_invalid_json_body_is_a_400(client):
    response = client.post("/graphql/", data="{nope", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"message": "Unable to parse request body as JSON", "extensions": {"code": "BAD_REQUEST"}}]
    }


def test_batched_list_of_operations_is_not_accepted(client):
    register = (
        "mutation { register("
        'email: "%s@example.com", username: "%s", password: "Batch-2026!") { __typename } }'
    )
    batch = [{"query": register % (name, name)} for name in ("ann", "bob", "cid")]
    response = client.post("/graphql/", data=json.dumps(batch), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"message": "Batching is not enabled", "extensions": {"code": "BAD_REQUEST"}}]
    }
    assert not get_user_model().objects.exists()


def _reviews_chain(pairs: int, leaf: str) -> str:
    """A selection under a Movie, ``reviews { movie { ... leaf } }``: Movie.reviews and Review.movie cycle."""
    selection = leaf
    for _ in range(pairs):
        selection = f"reviews {{ movie {{ {selection} }} }}"
    return selection


# The leaf sits at depth 11 (five reviews/movie pairs under the root field); the default limit is 10.
TOO_DEEP = f"{{ movie(tmdbId: {MOVIE}) {{ {_reviews_chain(5, 'title')} }} }}"
# Exactly depth 10: four pairs, then a review's rating; one review per page keeps its cost low.
AT_THE_LIMIT = f"{{ movie(tmdbId: {MOVIE}) {{ {_reviews_chain(4, 'reviews { rating }')} }} }}".replace(
    "reviews {", "reviews(pagination: {limit: 1}) {"
)


@pytest.fixture
def reviewed_movie():
    movie = MovieRefFactory(tmdb_id=MOVIE, title="The Matrix")
    ReviewFactory(movie=movie, rating=5)
    return movie


def test_deep_query_is_rejected_before_anything_runs(gql, reviewed_movie, django_assert_num_queries):
    with django_assert_num_queries(0):
        result = gql(TOO_DEEP)
    assert result["data"] is None
    assert [e["message"] for e in result["errors"]] == ["'anonymous' exceeds maximum operation depth of 10"]


def test_deep_mutation_is_rejected_and_writes_nothing(gql, user, access_token, reviewed_movie):
    mutation = (
        f"mutation Deep {{ createReview(tmdbId: {MOVIE}, rating: 4) "
        f"{{ ... on Review {{ movie {{ {_reviews_chain(5, 'title')} }} }} }} }}"
    )
    result = gql(mutation, token=access_token)
    assert result["data"] is None
    assert [e["message"] for e in result["errors"]] == ["'Deep' exceeds maximum operation depth of 10"]
    assert not Review.objects.filter(user=user).exists()


def test_legitimate_nested_query_at_the_depth_limit_passes(gql, reviewed_movie):
    result = gql(AT_THE_LIMIT)
    assert "errors" not in result
    level = result["data"]["movie"]
    for _ in range(4):
        level = level["reviews"][0]["movie"]
    assert level == {"reviews": [{"rating": 5}]}


def test_depth_limit_follows_the_setting(gql, reviewed_movie, settings):
    settings.GRAPHQL_MAX_DEPTH = 2
    shallow = gql(f"{{ movie(tmdbId: {MOVIE}) {{ reviews {{ rating }} }} }}")
    deeper = gql(f"{{ movie(tmdbId: {MOVIE}) {{ reviews {{ movie {{ title }} }} }} }}")
    assert shallow == {"data": {"movie": {"reviews": [{"rating": 5}]}}}
    assert deeper["data"] is None
    assert [e["message"] for e in deeper["errors"]] == ["'anonymous' exceeds maximum operation depth of 2"]


def test_cyclic_introspection_is_refused(gql):
    # The depth limiter skips __ fields by design; graphql-core's introspection-depth rule bounds them.
    query = "{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }"
    result = gql(query)
    assert result["data"] is None
    assert [e["message"] for e in result["errors"]] == ["Maximum introspection depth exceeded"]


def test_the_standard_introspection_query_passes_while_introspection_is_on(gql):
    result = gql(get_introspection_query())
    assert "errors" not in result
    assert result["data"]["__schema"]["queryType"]["name"] == "Query"


def test_deeply_nested_input_is_refused_by_the_parser(gql):
    filters = '{titleContains: "x"}'
    for _ in range(200):
        filters = f"{{AND: {filters}}}"
    result = gql(f"{{ movies(filters: {filters}) {{ title }} }}")
    assert result["data"] is None
    assert [e["message"] for e in result["errors"]] == [
        "Syntax Error: Document is nested too deeply. Parsing aborted."
    ]
