"""Query cost: priced before execution, refused above the limit, reported and budgeted."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common import cost_budget
from common.limits import limits_store
from tests.factories import MovieRefFactory, ReviewFactory, movie_with_credits

pytestmark = pytest.mark.django_db

MOVIE = 603


def _fan_out(levels: int, leaf: str) -> str:
    """Fragments each spreading the previous one twice: a short text that expands 2**levels times."""
    fragments = [f"fragment F0 on Query {{ {leaf} }}"]
    fragments += [f"fragment F{n} on Query {{ ...F{n - 1} ...F{n - 1} }}" for n in range(1, levels + 1)]
    return f"query {{ ...F{levels} }} " + " ".join(fragments)


def test_fragment_fan_out_is_refused_by_the_alias_limit_without_expanding(gql, django_assert_num_queries):
    with django_assert_num_queries(0):
        result = gql(_fan_out(40, "a: genres { name }"))

    assert result == {
        "data": None,
        "errors": [
            {
                "message": "1099511627776 aliases found. Allowed: 15",
                "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
            }
        ],
    }


def test_fragment_fan_out_without_aliases_is_priced_once_per_fragment(
    gql_with_cost, django_assert_num_queries
):
    # A fragment spread twice in one selection is collected once, as execution does.
    with django_assert_num_queries(1):
        result = gql_with_cost(_fan_out(40, "genres { name }"))

    assert result["data"] == {"genres": []}
    assert result["extensions"]["cost"]["requested"] == 30


def test_deep_fragment_nesting_is_refused_by_the_depth_limit(gql, django_assert_num_queries):
    fragments = ["fragment R0 on Review { rating }"]
    fragments += [f"fragment R{n} on Review {{ movie {{ reviews {{ ...R{n - 1} }} }} }}" for n in range(1, 8)]
    query = f"{{ reviews(tmdbId: {MOVIE}) {{ results {{ ...R7 }} }} }} " + " ".join(fragments)

    with django_assert_num_queries(0):
        result = gql(query)

    assert result == {
        "data": None,
        "errors": [
            {
                "message": "'anonymous' exceeds maximum operation depth of 10",
                "locations": [{"line": 1, "column": 1}],
                "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
            }
        ],
    }


NESTED_LISTS = f"{{ movie(tmdbId: {MOVIE}) {{ {'reviews { movie { ' * 3}title{' } }' * 3} }} }}"


def _nested_cost(page: int) -> int:
    """movie (TMDb read 5, object 1), then three pages of reviews, each review with its movie."""
    cost = 1  # the innermost movie
    for _ in range(3):
        cost = page * (1 + cost) + 1  # a page of reviews, each 1 + its movie; then the movie above
    return 5 + cost


def test_nested_lists_within_the_depth_limit_are_refused_by_cost(gql, django_assert_num_queries):
    MovieRefFactory(tmdb_id=MOVIE)

    with django_assert_num_queries(0):
        result = gql(NESTED_LISTS)

    assert _nested_cost(20) == 16846
    assert result == {
        "data": None,
        "errors": [
            {
                "message": "Query cost 16846 exceeds the maximum of 10000.",
                "extensions": {"code": "QUERY_TOO_COSTLY", "cost": 16846, "maxCost": 10000},
            }
        ],
    }


def test_smaller_pages_bring_nested_lists_under_the_limit(gql_with_cost):
    ReviewFactory(movie=MovieRefFactory(tmdb_id=MOVIE, title="The Matrix"), rating=4)

    result = gql_with_cost(NESTED_LISTS.replace("reviews {", "reviews(pagination: {limit: 2}) {"))

    movie = result["data"]["movie"]
    assert movie["reviews"][0]["movie"]["reviews"][0]["movie"]["reviews"] == [
        {"movie": {"title": "The Matrix"}}
    ]
    assert result["extensions"]["cost"]["requested"] == _nested_cost(2) == 34


def test_aliases_count_in_the_cost(gql, django_assert_num_queries):
    query = (
        "{ "
        + " ".join(f"m{n}: movies(pagination: {{limit: 100}}) {{ reviews {{ rating }} }}" for n in range(5))
        + " }"
    )

    with django_assert_num_queries(0):
        result = gql(query)

    assert result["errors"][0]["extensions"] == {
        "code": "QUERY_TOO_COSTLY",
        "cost": 5 * 100 * 21,
        "maxCost": 10000,
    }


def test_limit_from_variables_is_priced(gql, settings, django_assert_num_queries):
    settings.GRAPHQL_MAX_COST = 99
    query = "query($n: Int) { movies(pagination: {limit: $n}) { title } }"

    with django_assert_num_queries(0):
        refused = gql(query, {"n": 100})
    allowed = gql(query, {"n": 99})

    assert refused["errors"][0]["extensions"]["cost"] == 100
    assert allowed == {"data": {"movies": []}}


QUARTER_PAST = datetime.datetime(2026, 11, 30, 10, 0, 15, tzinfo=datetime.UTC)


@time_machine.travel(QUARTER_PAST, tick=False)
def test_every_answer_reports_its_cost_and_the_budget(gql_with_cost, settings):
    settings.GRAPHQL_COST_BUDGET_IP = 1000

    first = gql_with_cost("{ movies { title } }")
    invalid = gql_with_cost("{ nope }")

    assert first["extensions"]["cost"] == {
        "requested": 20,
        "limit": 1000,
        "remaining": 980,
        "resetAt": "2026-11-30T10:01:00Z",
    }
    assert invalid["extensions"]["cost"] == {
        "requested": 0,
        "limit": 1000,
        "remaining": 980,
        "resetAt": "2026-11-30T10:01:00Z",
    }


def test_an_exhausted_budget_is_throttled_until_the_window_resets(gql_with_cost, settings):
    clock = time_machine.travel(QUARTER_PAST, tick=False)
    traveller = clock.start()
    settings.GRAPHQL_COST_BUDGET_IP = 50
    spent = [gql_with_cost("{ movies { title } }")["extensions"]["cost"]["remaining"] for _ in range(2)]

    with CaptureQueriesContext(connection) as queries:
        refused = gql_with_cost("{ movies { title } }")
    traveller.move_to(QUARTER_PAST + datetime.timedelta(seconds=45))
    next_window = gql_with_cost("{ movies { title } }")
    clock.stop()

    assert spent == [30, 10]
    assert len(queries) == 0
    assert refused["data"] is None
    assert refused["errors"] == [
        {
            "message": "Query cost budget exhausted: this query costs 20, 10 left "
            "until 2026-11-30T10:01:00Z.",
            "extensions": {"code": "THROTTLED", "retryAfter": 45},
        }
    ]
    assert next_window["extensions"]["cost"]["remaining"] == 30


def test_refused_costly_queries_run_the_budget_out_then_nothing_is_parsed(
    gql_with_cost, settings, django_assert_num_queries
):
    settings.GRAPHQL_MAX_COST = 100
    settings.GRAPHQL_COST_BUDGET_IP = 250
    costly = "{ movies(pagination: {limit: 100}) { title reviews(pagination: {limit: 100}) { rating } } }"

    refusals = [gql_with_cost(costly) for _ in range(3)]
    with django_assert_num_queries(0):
        unparsable = gql_with_cost("{ this is not GraphQL")

    assert [r["errors"][0]["extensions"]["code"] for r in refusals] == ["QUERY_TOO_COSTLY"] * 3
    assert [r["extensions"]["cost"]["remaining"] for r in refusals] == [150, 50, 0]
    # Once the budget is out, a request is refused before it is parsed (a syntax error is not reported).
    assert unparsable["data"] is None
    assert unparsable["errors"][0]["extensions"]["code"] == "THROTTLED"
    assert unparsable["errors"][0]["message"].startswith("Query cost budget exhausted: 0 left until ")
    assert unparsable["extensions"]["cost"]["remaining"] == 0


def test_an_exhausted_client_is_served_again_in_the_next_window(gql_with_cost, settings):
    clock = time_machine.travel(QUARTER_PAST, tick=False)
    traveller = clock.start()
    settings.GRAPHQL_MAX_COST = 100
    settings.GRAPHQL_COST_BUDGET_IP = 100
    gql_with_cost(
        "{ movies(pagination: {limit: 100}) { title reviews(pagination: {limit: 100}) { rating } } }"
    )

    refused = gql_with_cost("{ genres { name } }")
    traveller.move_to(QUARTER_PAST + datetime.timedelta(seconds=45))
    served = gql_with_cost("{ genres { name } }")
    clock.stop()

    assert refused["errors"][0]["extensions"] == {"code": "THROTTLED", "retryAfter": 45}
    assert served["data"] == {"genres": []}


def test_a_signed_in_user_has_a_budget_of_its_own(gql_with_cost, settings, access_token):
    settings.GRAPHQL_COST_BUDGET_USER = 30

    first = gql_with_cost("{ movies { title } }", token=access_token)
    second = gql_with_cost("{ movies { title } }", token=access_token)
    anonymous = gql_with_cost("{ movies { title } }")

    assert first["extensions"]["cost"]["remaining"] == 10
    assert second["errors"][0]["extensions"]["code"] == "THROTTLED"
    assert "errors" not in anonymous


def test_several_operations_need_an_operation_name(client, django_assert_num_queries):
    document = "query A { movies { title } } query B { genres { name } }"

    with django_assert_num_queries(0):
        unnamed = client.post("/graphql/", {"query": document}, content_type="application/json").json()
    named = client.post(
        "/graphql/", {"query": document, "operationName": "B"}, content_type="application/json"
    )

    assert unnamed["data"] is None
    assert unnamed["errors"] == [
        {
            "message": "Must provide operation name if query contains multiple operations.",
            "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
        }
    ]
    assert named.json()["data"] == {"genres": []}


def test_crew_and_directors_together(gql):
    movie_with_credits(tmdb_id=MOVIE)

    result = gql(f"{{ movie(tmdbId: {MOVIE}) {{ crew {{ role }} directors {{ name }} }} }}")

    assert result == {
        "data": {"movie": {"crew": [{"role": "Director"}], "directors": [{"name": f"Director {MOVIE}"}]}}
    }


def test_a_process_remembers_a_bounded_number_of_exhausted_clients(monkeypatch):
    monkeypatch.setattr(cost_budget, "_REMEMBERED", 4)

    for n in range(50):  # a botnet running many addresses' budgets out
        cost_budget.charge(address=f"10.9.0.{n}", user_id=None, points=10**9)

    assert 0 < len(cost_budget._exhausted) <= 4
    assert cost_budget.known_exhausted(address="10.9.0.49", user_id=None) is not None


def test_points_given_back_return_to_both_budgets_even_once_their_window_was_cleared():
    owed = cost_budget.bill(address="10.9.1.1", user_id=42, points=30)
    spent = cost_budget.spend(address="10.9.1.1", user_id=42, points=30)

    cost_budget.give_back(owed)
    after = cost_budget.spend(address="10.9.1.1", user_id=42, points=0)
    limits_store().delete_many([key for _, key, _ in owed.budgets])  # the window's counters expired
    cost_budget.give_back(owed)  # an answer found outdated just then: no error, nothing refused

    assert after.remaining == spent.remaining + 30
    assert cost_budget.spend(address="10.9.1.1", user_id=42, points=30).refused is False


def test_the_rating_histogram_is_priced_at_its_nine_buckets(gql_with_cost):
    MovieRefFactory(tmdb_id=MOVIE, title="The Matrix")
    result = gql_with_cost(
        "query($id: Int!) { movie(tmdbId: $id) { ratingHistogram { rating count } } }", {"id": MOVIE}
    )
    assert len(result["data"]["movie"]["ratingHistogram"]) == 9
    assert result["extensions"]["cost"]["requested"] == 1 + 5 + 9  # the movie, its TMDb read, 9 buckets
