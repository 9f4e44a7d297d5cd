"""Automatic persisted queries (Apollo's protocol), GraphQL over GET, and the allow-list mode."""

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement.models import FavoriteMovie
from tests.factories import movie_with_credits

pytestmark = pytest.mark.django_db

QUERY = "query { movie(tmdbId: 11) { tmdbId title } }"
SHA = hashlib.sha256(QUERY.encode()).hexdigest()
ANSWER = {"data": {"movie": {"tmdbId": 11, "title": "Movie 11"}}}
NOT_FOUND = {
    "errors": [{"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]
}
ME = "query { me { email } }"  # read per user: its answers are never kept in the payload cache
ME_SHA = hashlib.sha256(ME.encode()).hexdigest()
ADD_FAVORITE = "mutation { addFavorite(tmdbId: 11) { ... on FavoriteMovie { tmdbId } } }"


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.GRAPHQL_PERSISTED_QUERIES_FILE = str(tmp_path / "persisted_queries.json")
    settings.GRAPHQL_PERSISTED_ONLY = False
    movie_with_credits(tmdb_id=11, title="Movie 11")


def _extensions(sha: str = SHA, version: object = 1) -> dict:
    return {"persistedQuery": {"version": version, "sha256Hash": sha}}


def _post(
    client, query: str | None = None, extensions: dict | None = None, token: str | None = None, **headers
):
    body = {"extensions": extensions or _extensions()}
    if query is not None:
        body["query"] = query
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.post("/graphql/", data=json.dumps(body), content_type="application/json", **headers)


def _get(client, query: str | None = None, extensions: dict | None = None, **headers):
    params = {"extensions": json.dumps(extensions or _extensions())}
    if query is not None:
        params["query"] = query
    return client.get("/graphql/", params, **{"HTTP_ACCEPT": "application/json", **headers})


def test_an_unknown_hash_answers_persisted_query_not_found(client):
    response = _post(client)

    assert response.status_code == 200
    assert response.json() == NOT_FOUND
    assert response["Cache-Control"] == "no-store"


def test_hash_and_query_register_it_then_the_hash_alone_runs_it(client):
    registered = _post(client, QUERY)
    by_post = _post(client)
    by_get = _get(client)

    assert registered.json()["data"] == ANSWER["data"]
    assert by_post.json()["data"] == ANSWER["data"]
    assert by_get.status_code == 200
    assert by_get.json()["data"] == ANSWER["data"]
    assert by_get.has_header("ETag")


def test_a_hash_only_get_hit_runs_no_sql_and_answers_304_when_held(client):
    _post(client, QUERY)
    first = _get(client)
    with CaptureQueriesContext(connection) as queries:
        again = _get(client)
        held = _get(client, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.json()["data"] == ANSWER["data"]
    assert held.status_code == 304
    assert len(queries) == 0


def test_a_query_that_does_not_match_its_hash_is_refused_and_not_registered(client):
    other = "query { genres { name } }"

    response = _post(client, other)

    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "message": "provided sha does not match query",
        "extensions": {"code": "PERSISTED_QUERY_HASH_MISMATCH"},
    }
    assert _post(client).json() == NOT_FOUND


@pytest.mark.parametrize(
    ("extensions", "message"),
    [
        pytest.param(_extensions(version=2), "Unsupported persisted query version.", id="version 2"),
        pytest.param(_extensions(version="1"), "Unsupported persisted query version.", id="version string"),
        pytest.param(
            _extensions(sha=SHA.upper()),
            "persistedQuery.sha256Hash must be 64 lowercase hexadecimal characters.",
            id="upper-case",
        ),
        pytest.param(
            _extensions(sha="z" * 64),
            "persistedQuery.sha256Hash must be 64 lowercase hexadecimal characters.",
            id="non-hex",
        ),
        pytest.param(
            _extensions(sha="a" * 100_000),
            "persistedQuery.sha256Hash must be 64 lowercase hexadecimal characters.",
            id="huge",
        ),
        pytest.param(
            _extensions(sha=12),
            "persistedQuery.sha256Hash must be 64 lowercase hexadecimal characters.",
            id="number",
        ),
        pytest.param({"persistedQuery": "yes"}, "persistedQuery must be an object.", id="not an object"),
    ],
)
def test_malformed_persisted_query_input_is_refused_before_anything_runs(client, extensions, message):
    with CaptureQueriesContext(connection) as queries:
        response = _post(client, QUERY, extensions)

    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == message
    assert len(queries) == 0


def test_an_oversized_query_is_refused_before_it_is_hashed_or_stored(client, settings):
    settings.GRAPHQL_APQ_MAX_QUERY_BYTES = 100
    big = "query { " + "genres { name } " * 20 + "}"

    response = _post(client, big, _extensions(hashlib.sha256(big.encode()).hexdigest()))

    assert response.status_code == 413
    assert response.json()["errors"][0] == {
        "message": "Persisted queries are limited to 100 bytes.",
        "extensions": {"code": "QUERY_TOO_LARGE"},
    }


def _personal(name: str) -> tuple[str, str]:
    """A query read per user (never a cached answer, so a hash-only request always reads its text)."""
    text = f"query {name} {{ me {{ email }} }}"
    return text, hashlib.sha256(text.encode()).hexdigest()


def _register(client, name: str, token: str | None = None, **headers) -> str:
    text, sha = _personal(name)
    answer = _post(client, text, _extensions(sha), token, **headers).json()
    assert "errors" not in answer and "me" in answer["data"]  # it ran, kept or not
    return sha


def _kept(client, sha: str) -> bool:
    answer = _post(client, extensions=_extensions(sha))
    return answer.json() != NOT_FOUND


def test_a_client_over_its_registration_rate_runs_its_query_but_it_is_not_kept(client, throttle_rates):
    throttle_rates(persist_query_ip="2/hour")

    shas = [_register(client, name) for name in ("A", "B", "C")]

    assert [_kept(client, sha) for sha in shas] == [True, True, False]


def test_one_client_over_its_registration_rate_cannot_stop_another_clients(client, throttle_rates):
    throttle_rates(persist_query_ip="2/hour")
    flooder = {"REMOTE_ADDR": "203.0.113.7"}
    for name in ("A", "B", "C", "D"):
        _register(client, name, **flooder)

    mine = _register(client, "Mine", REMOTE_ADDR="198.51.100.2")

    assert _kept(client, mine)


def test_a_signed_in_user_is_limited_across_addresses(client, throttle_rates, access_token):
    throttle_rates(persist_query_ip="100/hour", persist_query_user="1/hour")

    first = _register(client, "A", token=access_token, REMOTE_ADDR="203.0.113.7")
    second = _register(client, "B", token=access_token, REMOTE_ADDR="198.51.100.2")

    assert [_kept(client, first), _kept(client, second)] == [True, False]


def test_a_full_store_evicts_the_least_recently_used_text_first(client, settings):
    settings.GRAPHQL_APQ_MAX_ENTRIES = 2
    first, second = _register(client, "A"), _register(client, "B")
    assert _kept(client, first)  # used: now the second is the least recently used

    third = _register(client, "C")

    assert [_kept(client, first), _kept(client, second), _kept(client, third)] == [True, False, True]


def test_a_mutation_over_get_is_refused_and_changes_nothing(client, access_token):
    sha = hashlib.sha256(ADD_FAVORITE.encode()).hexdigest()

    plain = client.get(
        "/graphql/",
        {"query": ADD_FAVORITE},
        HTTP_ACCEPT="application/json",
        HTTP_AUTHORIZATION=f"Bearer {access_token}",
    )
    persisted = _get(client, ADD_FAVORITE, _extensions(sha), HTTP_AUTHORIZATION=f"Bearer {access_token}")

    assert plain.status_code == persisted.status_code == 400
    assert plain.json()["errors"][0]["message"] == "mutations are not allowed when using GET"
    assert not FavoriteMovie.objects.exists()
    assert _post(client, extensions=_extensions(sha)).json() == NOT_FOUND


def test_a_persisted_mutation_runs_over_post(client, access_token):
    sha = hashlib.sha256(ADD_FAVORITE.encode()).hexdigest()

    response = _post(client, ADD_FAVORITE, _extensions(sha), token=access_token)

    assert response.json()["data"] == {"addFavorite": {"tmdbId": 11}}
    assert response["Cache-Control"] == "no-store"
    assert FavoriteMovie.objects.count() == 1


@pytest.fixture
def registered_ahead(tmp_path) -> None:
    document = tmp_path / "movie.graphql"
    document.write_text(QUERY)
    call_command("persist_queries", str(document))


def test_allow_list_mode_runs_only_queries_registered_ahead(client, settings, registered_ahead):
    settings.GRAPHQL_PERSISTED_ONLY = True
    other = "query { genres { name } }"
    other_sha = hashlib.sha256(other.encode()).hexdigest()

    assert _post(client).json()["data"] == ANSWER["data"]
    assert _get(client).json()["data"] == ANSWER["data"]
    assert _post(client, other, _extensions(other_sha)).json() == NOT_FOUND
    plain = client.post("/graphql/", data=json.dumps({"query": other}), content_type="application/json")
    assert plain.status_code == 400
    assert plain.json()["errors"][0] == {
        "message": "Only queries registered ahead are accepted; send extensions.persistedQuery.",
        "extensions": {"code": "PERSISTED_QUERY_REQUIRED"},
    }


def test_persist_queries_writes_the_manifest_and_reads_apollo_manifests(tmp_path, settings, capsys):
    manifest = tmp_path / "apollo.json"
    manifest.write_text(
        json.dumps({"format": "apollo-persisted-query-manifest", "operations": [{"body": QUERY}]})
    )

    call_command("persist_queries", str(manifest))

    stored = json.loads((tmp_path / "persisted_queries.json").read_text())
    assert stored == {SHA: QUERY}
    assert f"{SHA}  {manifest}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("query { nope }", "Cannot query field 'nope' on type 'Query'."),
        ("query {", "Syntax Error: Expected Name, found <EOF>."),
    ],
)
def test_persist_queries_refuses_documents_the_schema_would_refuse(tmp_path, text, message):
    document = tmp_path / "bad.graphql"
    document.write_text(text)

    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(".", r"\.")):
        call_command("persist_queries", str(document))

    assert not (tmp_path / "persisted_queries.json").exists()


@pytest.mark.parametrize("accept", ["*/*", "text/html,*/*", "application/json"])
def test_a_hash_only_get_runs_the_stored_query_when_its_answer_is_not_cached(client, accept):
    registered = _post(client, ME, _extensions(ME_SHA))  # never a cached answer: each GET runs it

    response = _get(client, extensions=_extensions(ME_SHA), HTTP_ACCEPT=accept)

    assert registered.json()["data"] == {"me": None}
    assert response.status_code == 200
    assert response.json()["data"] == {"me": None}


@pytest.mark.parametrize("accept", ["*/*", "application/json"])
def test_a_hash_only_get_of_an_unknown_hash_answers_persisted_query_not_found(client, accept):
    response = _get(client, HTTP_ACCEPT=accept)

    assert response.status_code == 200
    assert response.json() == NOT_FOUND


def test_a_hash_only_hit_is_one_redis_round_trip_and_a_miss_reads_its_text_in_one(client, redis_commands):
    _post(client, QUERY)
    _get(client)
    redis_commands.clear()
    assert _get(client).json()["data"] == ANSWER["data"]
    hit = list(redis_commands)
    mine = _register(client, "Mine")
    _kept(client, mine)  # the scripts are loaded
    redis_commands.clear()

    assert _kept(client, mine)

    assert hit == ["EVALSHA"]  # throttles and the cached answer
    # Throttles and the answer lookup (a miss), then the text read that also marks it used.
    assert redis_commands == ["EVALSHA", "EVALSHA"]
