"""Security properties across both surfaces (see docs/security.md): no secret in any answer or log
line, CORS limited to the configured origins, production GraphQL settings, per-reader answers,
bounded pages and login attempts."""

import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
import responses
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail
from rest_framework.test import APIClient
from rest_framework_simplejwt import state as jwt_state

from accounts.tokens import token_pair_for
from catalog.tmdb import http as tmdb_http
from config.celery import app as celery_app
from engagement.models import FavoriteMovie
from tests.catalog.tmdb_mock import (
    CONFIGURATION,
    GENRES,
    INVALID_KEY,
    matrix_detail,
    movie_result,
    page,
)
from tests.factories import PASSWORD, FavoriteFactory, MovieRefFactory, ReviewFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
TMDB = "https://api.themoviedb.org/3"
TMDB_V3_KEY = "5ec2e7c0ffee5ec2e7c0ffee5ec2e7aa"
# A v4 read access token (a JWT, sent as a Bearer header instead of the api_key parameter).
TMDB_V4_TOKEN = (
    "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiI1ZWMyZTdjMGZmZWUiLCJzY29wZXMiOlsiYXBpX3JlYWQiXX0."
    "Q2FuYXJ5VjRUb2tlblNpZ25hdHVyZTVlYzJlN2MwZmZlZQ"
)
SECRET_KEY = "django-secret-canary-7f3a9b1c5d2e8f4a6b0c"
JWT_SIGNING_KEY = "jwt-signing-canary-2b8d4f6a1c3e5a7b9d0f"
ALLOWED_ORIGIN = "https://app.moviverse.example"
FOREIGN_ORIGIN = "https://evil.example"


# --- No secret in any answer or log line -------------------------------------


@pytest.fixture(params=["v3-key", "v4-token"])
def tmdb_key(request) -> str:
    return TMDB_V3_KEY if request.param == "v3-key" else TMDB_V4_TOKEN


@pytest.fixture
def secrets(settings, monkeypatch, tmdb_key) -> Iterator[tuple[str, ...]]:
    """Recognisable SECRET_KEY, JWT signing key and TMDb key, DEBUG off; retries are not slept."""
    settings.DEBUG = False
    settings.SECRET_KEY = SECRET_KEY
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "SIGNING_KEY": JWT_SIGNING_KEY}
    backend = jwt_state.token_backend
    monkeypatch.setattr(backend, "signing_key", JWT_SIGNING_KEY)
    monkeypatch.setitem(vars(backend), "prepared_signing_key", backend._prepare_key(JWT_SIGNING_KEY))
    settings.TMDB_API_KEY = tmdb_key
    settings.TMDB_BASE_URL = TMDB
    settings.TMDB_MAX_ATTEMPTS = 2
    settings.REDIS_URL = ""  # HTTP cache in memory: nothing an earlier run cached answers for TMDb
    monkeypatch.setattr(tmdb_http, "_sleep", lambda seconds: None)
    tmdb_http.reset()
    yield (SECRET_KEY, JWT_SIGNING_KEY, tmdb_key)
    tmdb_http.reset()


@pytest.fixture
def tmdb_api() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def _answering(mock: responses.RequestsMock) -> None:
    """TMDb answers every path the endpoints below call."""
    listing = page([movie_result(603, "The Matrix"), movie_result(604, "The Matrix Reloaded")])
    mock.get(f"{TMDB}/configuration", json=CONFIGURATION)
    mock.get(f"{TMDB}/genre/movie/list", json=GENRES)
    mock.get(f"{TMDB}/movie/603", json=matrix_detail())
    lists = ["/movie/popular", "/movie/top_rated", "/movie/upcoming", "/search/multi", "/movie/603/similar"]
    for path in [*lists, "/trending/movie/week", "/trending/movie/day"]:
        mock.get(f"{TMDB}{path}", json=listing)


@pytest.fixture
def failures_recorded() -> Iterator[None]:
    """As in the embedded default: a failing task is recorded (and listed to admins), not raised."""
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = True


def _timeout(request):
    raise requests.Timeout("read timed out")


def _refused_with_the_url(request):
    # What requests says when the connection fails: the full URL, api_key included.
    raise requests.ConnectionError(f"Max retries exceeded with url: {request.url}")


def _echoing_the_request(request):
    # A gateway in front of TMDb that quotes the request, credentials included, in its error.
    echo = f"Bad request {request.url} {request.headers.get('Authorization', '')}"
    return 400, {}, json.dumps({"success": False, "status_code": 22, "status_message": echo})


TMDB_FAILURES = [
    pytest.param({"status": 401, "json": INVALID_KEY}, id="401-invalid-key"),
    pytest.param({"status": 500, "json": {"status_code": 11, "status_message": "Internal error."}}, id="500"),
    pytest.param({"callback": _timeout}, id="timeout"),
    pytest.param({"callback": _refused_with_the_url}, id="connection-error-with-url"),
    pytest.param({"callback": _echoing_the_request}, id="error-echoing-the-request"),
]


def _failing(mock: responses.RequestsMock, failure: dict) -> None:
    """Every TMDb path fails the same way."""
    url = re.compile(re.escape(TMDB) + r"/.*")
    if "callback" in failure:
        mock.add_callback(responses.GET, url, callback=failure["callback"])
    else:
        mock.add(responses.GET, url, **failure)


def _gql(query: str) -> tuple[str, str, dict]:
    return ("post", "/graphql/", {"data": {"query": query}, "format": "json"})


# Public reads on both surfaces, plus the probes, the docs and errors; (method, path, kwargs).
PUBLIC_REQUESTS = [
    ("get", "/api/movies/603/", {}),
    ("get", "/api/movies/700/", {}),
    ("get", "/api/movies/popular/", {}),
    ("get", "/api/movies/top-rated/", {}),
    ("get", "/api/movies/upcoming/", {}),
    ("get", "/api/movies/search/", {"data": {"q": "matrix"}}),
    ("get", "/api/movies/search/", {"data": {"q": "matrix", "year": "not-a-year"}}),
    ("get", "/api/movies/trending/", {"data": {"time_range": "day"}}),
    ("get", "/api/movies/603/similar/", {}),
    ("get", "/api/movies/603/recommendations/", {}),
    ("get", "/api/movies/603/reviews/", {}),
    ("get", "/api/no-such-path/", {}),
    ("get", "/health/", {}),
    ("get", "/health/live/", {}),
    ("get", "/metrics", {}),
    ("get", "/api/schema/", {}),
    ("get", "/api/docs/", {}),
    _gql("{ movie(tmdbId: 603) { title posterUrl cast { person { name photoUrl } } videos { key } } }"),
    _gql("{ movie(tmdbId: 700) { title } }"),
    _gql("{ popular { results { title posterUrl backdropUrl } } }"),
    _gql('{ search(q: "matrix") { totalResults results { title } } }'),
    _gql("{ trending(timeRange: DAY) { title } }"),
    _gql("{ similar(tmdbId: 603) { title } }"),
    _gql("{ movie(tmdbId: 603) { nope } }"),
    _gql("{ movie(tmdbId: "),
    ("get", "/graphql/", {"HTTP_ACCEPT": "text/html"}),
]


def _answer_text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(
        [body.decode(errors="replace"), repr(response.headers.items()), response.cookies.output()]
    )


def _log_text(records: list[logging.LogRecord]) -> str:
    """Every captured record as the plain and the production (JSON) formatter print it, plus its extras."""
    json_formatter = dict(django_settings.LOGGING["formatters"]["json"])
    formatters = [logging.Formatter(), json_formatter.pop("()")(**json_formatter)]
    lines = []
    for record in records:
        lines.extend(formatter.format(record) for formatter in formatters)
        lines.append(repr(vars(record)))
    return "\n".join(lines)


def _assert_nowhere(secrets: tuple[str, ...], text: str, where: str) -> None:
    for secret in secrets:
        for part in (secret, secret[-16:]):  # the whole secret, or its tail after a cut
            assert part not in text, f"a secret shows in {where}"


def _exercise(client: APIClient, requests_: list[tuple[str, str, dict]], secrets: tuple[str, ...]) -> None:
    for method, path, kwargs in requests_:
        response = getattr(client, method)(path, **kwargs)
        assert response.status_code < 500 or response.status_code == 503, (path, response.status_code)
        _assert_nowhere(secrets, _answer_text(response), f"the answer to {method.upper()} {path}")


def _account_flow(client: APIClient, secrets: tuple[str, ...]) -> None:
    """Register, log in, read me on both surfaces, rotate, reset the password, log out, forge a token."""
    credentials = {"email": "neo@example.com", "password": "follow-the-white-rabbit"}
    answers = [client.post("/api/auth/register/", {**credentials, "username": "neo"}, format="json")]
    answers.append(client.post("/api/auth/login/", credentials, format="json"))
    tokens = answers[-1].json()
    # The canary really is the signing key in use.
    assert jwt.decode(tokens["access"], JWT_SIGNING_KEY, algorithms=["HS256"])["token_type"] == "access"
    signed_in = {"HTTP_AUTHORIZATION": f"Bearer {tokens['access']}"}
    forged = jwt.encode(
        {"token_type": "access", "user_id": "x"}, "a-guessed-key-that-is-not-the-real-one", "HS256"
    )
    answers += [
        client.get("/api/auth/me/", **signed_in),
        client.post("/graphql/", {"query": "{ me { email } }"}, format="json", **signed_in),
        client.get("/api/movies/recommendations/", **signed_in),
        client.post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]}, format="json"),
    ]
    rotated = answers[-1].json()["refresh"]
    answers += [
        client.post("/api/auth/logout/", {"refresh": rotated}, format="json"),
        client.post("/api/auth/token/refresh/", {"refresh": tokens["refresh"]}, format="json"),
        client.post("/api/auth/password-reset/", {"email": credentials["email"]}, format="json"),
        client.post("/api/auth/login/", {**credentials, "password": "wrong"}, format="json"),
        client.get("/api/auth/me/", HTTP_AUTHORIZATION=f"Bearer {forged}"),
        client.post(
            "/graphql/", {"query": "{ me { email } }"}, format="json", HTTP_AUTHORIZATION=f"Bearer {forged}"
        ),
    ]
    assert [a.status_code for a in answers] == [201, 200, 200, 200, 200, 200, 205, 401, 202, 401, 401, 200]
    for answer in answers:
        _assert_nowhere(secrets, _answer_text(answer), "an account answer")


def test_no_secret_in_any_answer_or_log_line_while_tmdb_answers(
    secrets, tmdb_api, api_client, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    _answering(tmdb_api)

    _exercise(api_client, PUBLIC_REQUESTS, secrets)
    with django_capture_on_commit_callbacks(execute=True):
        _account_flow(api_client, secrets)

    assert len(mail.outbox) == 1
    _assert_nowhere(secrets, mail.outbox[0].message().as_string(), "the reset e-mail")

    assert any(call.request.url.startswith(f"{TMDB}/movie/603") for call in tmdb_api.calls)
    _assert_nowhere(secrets, _log_text(caplog.records), "the logs")


@pytest.mark.parametrize("failure", TMDB_FAILURES)
def test_no_secret_in_any_answer_or_log_line_when_tmdb_fails(
    secrets, tmdb_api, api_client, admin_user, caplog, monkeypatch, failures_recorded, failure
):
    caplog.set_level(logging.DEBUG)
    _failing(tmdb_api, failure)
    MovieRefFactory(tmdb_id=603, title="The Matrix")
    staff = {"HTTP_AUTHORIZATION": f"Bearer {token_pair_for(admin_user).access}"}

    _exercise(api_client, PUBLIC_REQUESTS, secrets)
    # A closed circuit that stays closed, so the sync task meets TMDb's failure itself and stores its text.
    tmdb_http.reset()
    monkeypatch.setattr(tmdb_http.breaker, "fail_max", 1000)
    sync = api_client.post("/api/admin/movies/603/sync/", **staff)
    failed_tasks = api_client.get("/api/admin/tasks/failed/", **staff)

    assert tmdb_api.calls, "TMDb was called"
    assert (sync.status_code, failed_tasks.status_code) == (202, 200)
    assert [t["task_name"] for t in failed_tasks.json()["results"]] == ["catalog.tasks.sync_tmdb_movie"]
    _assert_nowhere(secrets, _answer_text(sync) + _answer_text(failed_tasks), "the admin answers")
    _assert_nowhere(secrets, _log_text(caplog.records), "the logs")


# --- Outbound calls go to TMDb only, whatever clients send ---------------------

HOSTILE_TEXT = [
    "../../account/1?api_key=theirs#",
    "http://169.254.169.254/latest/meta-data/",
    "@evil.example/x",
]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_client_text_never_changes_where_the_server_calls(secrets, tmdb_api, api_client, text):
    _answering(tmdb_api)

    rest = api_client.get("/api/movies/search/", {"q": text})
    graph = api_client.post(
        "/graphql/",
        {"query": "query($q: String) { search(q: $q) { totalResults } }", "variables": {"q": text}},
        format="json",
    )

    assert (rest.status_code, graph.status_code) == (200, 200)
    searches = [urlsplit(call.request.url) for call in tmdb_api.calls if "/search/" in call.request.url]
    assert searches, "TMDb search was called"
    for url in searches:
        assert (url.scheme, url.netloc, url.path) == ("https", "api.themoviedb.org", "/3/search/multi")
        assert parse_qs(url.query)["query"] == [text]
    assert {urlsplit(call.request.url).netloc for call in tmdb_api.calls} == {"api.themoviedb.org"}


# --- CORS: only the configured origins ---------------------------------------

CORS_PATHS = ["/api/movies/popular/", "/graphql/"]


def _preflight(client, path: str, origin: str):
    return client.options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )


def _cross_origin_read(client, path: str, origin: str):
    return client.get(path, {"query": "{ __typename }"} if path == "/graphql/" else {}, HTTP_ORIGIN=origin)


@pytest.fixture
def frontend(settings) -> str:
    settings.CORS_ALLOWED_ORIGINS = [ALLOWED_ORIGIN]
    return ALLOWED_ORIGIN


@pytest.mark.parametrize("path", CORS_PATHS)
def test_cors_preflight_from_the_configured_origin_is_allowed(client, frontend, path):
    response = _preflight(client, path, frontend)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == frontend
    assert "authorization" in response.headers["Access-Control-Allow-Headers"]
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response.headers


@pytest.mark.parametrize("path", CORS_PATHS)
def test_cors_read_from_the_configured_origin_carries_the_header(client, frontend, path):
    response = _cross_origin_read(client, path, frontend)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == frontend


@pytest.mark.parametrize("path", CORS_PATHS)
@pytest.mark.parametrize(
    "origin", [FOREIGN_ORIGIN, "null", ALLOWED_ORIGIN + ".evil.example", "http://app.moviverse.example"]
)
def test_cors_foreign_origins_get_no_allow_header(client, frontend, path, origin):
    for response in (_preflight(client, path, origin), _cross_origin_read(client, path, origin)):
        assert "Access-Control-Allow-Origin" not in response.headers
        assert "Access-Control-Allow-Methods" not in response.headers


@pytest.mark.parametrize("path", CORS_PATHS)
def test_cors_is_closed_to_every_origin_by_default(client, path):
    assert django_settings.CORS_ALLOWED_ORIGINS == []
    assert not getattr(django_settings, "CORS_ALLOW_ALL_ORIGINS", False)
    for response in (
        _preflight(client, path, ALLOWED_ORIGIN),
        _cross_origin_read(client, path, ALLOWED_ORIGIN),
    ):
        assert "Access-Control-Allow-Origin" not in response.headers


# --- HTTPS and security headers -------------------------------------------------


def test_plain_http_is_redirected_to_https_but_the_probes_are_not(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    api = client.get("/api/movies/popular/?page=2")
    graphql = client.post("/graphql/", {"query": "{ __typename }"}, content_type="application/json")

    assert (api.status_code, api["Location"]) == (301, "https://testserver/api/movies/popular/?page=2")
    assert (graphql.status_code, graphql["Location"]) == (301, "https://testserver/graphql/")
    assert client.get("/health/live/").status_code == 200
    assert client.get("/metrics").status_code == 200


def test_https_answers_carry_the_security_headers(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/api/movies/popular/", secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


# --- Production GraphQL settings, read from the environment -------------------

PRODUCTION_PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client()
def post(query):
    answer = client.post("/graphql/", {"query": query}, content_type="application/json")
    return [answer.status_code, answer.json()]
preflight = client.options(
    "/graphql/", HTTP_ORIGIN="ALLOWED", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
)
foreign = client.options(
    "/graphql/", HTTP_ORIGIN="FOREIGN", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
)
ide = client.get("/graphql/", HTTP_ACCEPT="text/html")
print(json.dumps({
    "schema": post("{ __schema { queryType { name } } }"),
    "type": post('{ __type(name: "Movie") { fields { name } } }'),
    "typename": post("{ __typename }"),
    "cors": preflight.headers.get("Access-Control-Allow-Origin"),
    "cors_foreign": foreign.headers.get("Access-Control-Allow-Origin"),
    "ide": [ide.status_code, "graphiql" in ide.content.decode().lower()],
}))
""".replace("ALLOWED", ALLOWED_ORIGIN).replace("FOREIGN", FOREIGN_ORIGIN)


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    """A process started with production GraphQL and CORS settings (its requests touch no database)."""
    database = tmp_path_factory.mktemp("production") / "unused.sqlite3"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "GRAPHQL_INTROSPECTION": "False",
        "GRAPHQL_GRAPHIQL": "False",
        "CORS_ALLOWED_ORIGINS": f"{ALLOWED_ORIGIN},https://admin.moviverse.example",
        "LOG_LEVEL": "ERROR",
    }
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("field", ["schema", "type"])
def test_introspection_off_in_production_refuses_schema_queries(production, field):
    status, body = production[field]
    name = "__schema" if field == "schema" else "__type"
    assert status == 200
    assert body["data"] is None
    assert body["errors"][0]["message"] == (
        f"GraphQL introspection has been disabled, but the requested query contained the field '{name}'."
    )


def test_introspection_off_still_answers_ordinary_queries(production):
    status, body = production["typename"]
    assert (status, body["data"]) == (200, {"__typename": "Query"})


def test_graphiql_off_in_production_serves_no_ide(production):
    status, is_graphiql = production["ide"]
    assert not is_graphiql
    assert status in (400, 404, 405)


def test_cors_origins_come_from_the_environment(production):
    assert production["cors"] == ALLOWED_ORIGIN
    assert production["cors_foreign"] is None


# --- Per-reader answers, bounded pages, bounded login attempts ------------------

IS_FAVORITE = "{ movie(tmdbId: 603) { title isFavorite inWatchlist } }"


def test_cached_answers_are_never_shared_between_readers(gql, user, other_user):
    movie = MovieRefFactory(tmdb_id=603, title="The Matrix")
    FavoriteFactory(user=user, movie=movie)
    mine, theirs = token_pair_for(user).access, token_pair_for(other_user).access

    first = gql(IS_FAVORITE, token=mine)
    second = gql(IS_FAVORITE, token=theirs)
    anonymous = gql(IS_FAVORITE)
    again = gql(IS_FAVORITE, token=mine)

    assert (
        first
        == again
        == {"data": {"movie": {"title": "The Matrix", "isFavorite": True, "inWatchlist": False}}}
    )
    assert (
        second
        == anonymous
        == {"data": {"movie": {"title": "The Matrix", "isFavorite": False, "inWatchlist": False}}}
    )


def test_a_huge_rest_page_size_is_capped(auth_client, user, settings):
    count = settings.MAX_PAGE_SIZE + 5
    movies = [MovieRefFactory.build(tmdb_id=910_000 + i, title=f"Movie {i}") for i in range(count)]
    for movie in movies:
        movie.save()
    FavoriteMovie.objects.bulk_create(FavoriteMovie(user=user, movie=movie) for movie in movies)

    body = auth_client.get("/api/user/favorites/", {"page_size": 1_000_000}).json()

    assert body["count"] == count
    assert len(body["results"]) == settings.MAX_PAGE_SIZE
    assert body["next"] is not None


def test_aliased_login_attempts_count_towards_the_lockout(gql, user, settings):
    settings.AXES_FAILURE_LIMIT = 5
    attempts = " ".join(
        f'a{i}: login(email: "{user.email}", password: "guess-{i}") {{ __typename }}' for i in range(10)
    )
    gql(f"mutation {{ {attempts} }}")

    correct = gql(
        "mutation($email: String!, $password: String!) { login(email: $email, password: $password) "
        "{ __typename ... on OperationInfo { messages { message } } } }",
        {"email": user.email, "password": PASSWORD},
    )

    assert correct["data"]["login"] == {
        "__typename": "OperationInfo",
        "messages": [{"message": "Too many failed sign-in attempts; try again later."}],
    }


def test_registration_ignores_privilege_fields(api_client):
    response = api_client.post(
        "/api/auth/register/",
        {
            "email": "mallory@example.com",
            "username": "mallory",
            "password": "follow-the-white-rabbit",
            "is_staff": True,
            "is_superuser": True,
            "is_active": False,
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    user_fields = {"id", "email", "username", "avatar_url", "locale", "bio", "time_zone", "date_joined"}
    assert set(body) == user_fields | {"user", "access", "refresh"}
    assert set(body["user"]) == user_fields
    mallory = get_user_model().objects.get(email="mallory@example.com")
    assert (mallory.is_staff, mallory.is_superuser, mallory.is_active) == (False, False, True)


def test_public_reviews_name_the_author_but_never_their_email(api_client, gql, user):
    movie = MovieRefFactory(tmdb_id=603, title="The Matrix")
    ReviewFactory(user=user, movie=movie, rating=5, text="Still holds up.")

    rest = api_client.get("/api/movies/603/reviews/").json()
    graph = gql("{ reviews(tmdbId: 603) { results { username rating text } } }")

    assert [r["username"] for r in rest["results"]] == [user.username]
    assert graph["data"]["reviews"]["results"] == [
        {"username": user.username, "rating": 5, "text": "Still holds up."}
    ]
    assert user.email not in json.dumps(rest) + json.dumps(graph)
