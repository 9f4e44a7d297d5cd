"""GraphQL history import: importHistory (multipart upload) and importJob(id); owners only."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tokens import token_pair_for
from engagement.models import HistoryImport
from tests.factories import MovieRefFactory

pytestmark = pytest.mark.django_db

IMPORT = """
mutation($file: Upload!, $source: ImportSource! = AUTO) {
  importHistory(file: $file, source: $source) {
    ... on ImportJob { id status source kind }
    ... on OperationInfo { messages { kind field message } }
  }
}"""
JOB = """query($id: ID!) {
  importJob(id: $id) { status matched unmatched { title year why } created { reviews history watchlist } }
}"""
IMDB = (
    b"Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,"
    b"Release Date,Directors\n"
    b"tt0133093,8,2023-05-01,The Matrix,https://www.imdb.com/title/tt0133093/,Movie,8.7,136,1999,Action,1,"
    b"1999-03-31,\n"
    b"tt9999999,6,2023-05-01,Nowhere Film,https://www.imdb.com/title/tt9999999/,Movie,5.0,90,2011,Drama,1,"
    b"2011-01-01,\n"
)


def _upload(client, token: str | None, data: bytes, source: str | None = None) -> dict:
    variables = {"file": None, **({"source": source} if source else {})}
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    response = client.post(
        "/graphql/",
        {
            "operations": json.dumps({"query": IMPORT, "variables": variables}),
            "map": json.dumps({"0": ["variables.file"]}),
            "0": SimpleUploadedFile("ratings.csv", data, content_type="text/csv"),
        },
        **headers,
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_upload_then_follow_the_job(client, gql, user, access_token, django_capture_on_commit_callbacks):
    MovieRefFactory(
        tmdb_id=603, title="The Matrix", imdb_id="tt0133093", release_date=datetime.date(1999, 3, 31)
    )

    with django_capture_on_commit_callbacks(execute=True):
        started = _upload(client, access_token, IMDB, source="IMDB")["data"]["importHistory"]

    assert {k: started[k] for k in ("status", "source", "kind")} == {
        "status": "pending",
        "source": "imdb",
        "kind": "ratings",
    }
    job = gql(JOB, {"id": started["id"]}, token=access_token)["data"]["importJob"]
    assert job == {
        "status": "done",
        "matched": 1,
        "unmatched": [{"title": "Nowhere Film", "year": 2011, "why": "not in our catalog"}],
        "created": {"reviews": 1, "history": 1, "watchlist": 0},
    }


def test_a_bad_file_is_a_field_error_and_nothing_is_queued(client, access_token):
    data = _upload(client, access_token, b"\x89PNG\r\n\x1a\n\x00")["data"]

    assert data == {
        "importHistory": {
            "messages": [
                {
                    "kind": "VALIDATION",
                    "field": "file",
                    "message": "The file is not text: upload the CSV or JSON file of your export.",
                }
            ]
        }
    }
    assert not HistoryImport.objects.exists()


def test_anonymous_callers_must_sign_in(client):
    body = _upload(client, None, IMDB)

    assert body == {"errors": [{"message": "Sign in to upload files.", "extensions": {"code": "FORBIDDEN"}}]}
    assert not HistoryImport.objects.exists()


def test_nobody_sees_another_user_s_job(gql, other_user, access_token):
    job = HistoryImport.objects.create(user=other_user, source="imdb", kind="ratings")

    assert gql(JOB, {"id": str(job.pk)}, token=access_token)["data"] == {"importJob": None}
    assert gql(JOB, {"id": "not-a-uuid"}, token=access_token)["data"] == {"importJob": None}
    owner = token_pair_for(other_user).access
    assert gql(JOB, {"id": str(job.pk)}, token=owner)["data"]["importJob"]["status"] == "pending"


def test_a_file_variable_that_is_not_an_upload_is_a_field_error(gql, access_token):
    data = gql(IMPORT, {"file": "ratings.csv"}, token=access_token)["data"]

    assert data == {
        "importHistory": {
            "messages": [
                {"kind": "VALIDATION", "field": "file", "message": "Send the file as a multipart upload."}
            ]
        }
    }
    assert not HistoryImport.objects.exists()


def test_a_user_has_at_most_three_imports_waiting(client, user, access_token):
    for _ in range(3):
        assert _upload(client, access_token, IMDB)["data"]["importHistory"]["status"] == "pending"

    refused = _upload(client, access_token, IMDB)["data"]

    assert refused == {
        "importHistory": {
            "messages": [
                {
                    "kind": "VALIDATION",
                    "field": None,
                    "message": "You already have 3 imports waiting or running; try again once one is done.",
                }
            ]
        }
    }
    assert HistoryImport.objects.filter(user=user).count() == 3


def test_eleven_imports_in_a_burst_the_eleventh_is_throttled(client, user, access_token, settings):
    settings.HISTORY_IMPORT_MAX_ACTIVE = 100  # the throttle alone is tested here

    answers = [_upload(client, access_token, IMDB) for _ in range(11)]

    assert all(a["data"]["importHistory"]["status"] == "pending" for a in answers[:10])
    assert answers[-1]["data"] is None
    assert answers[-1]["errors"][0]["extensions"]["code"] == "THROTTLED"
    assert HistoryImport.objects.filter(user=user).count() == 10


PAGE = """query($id: ID!, $page: OffsetPaginationInput) {
  importJob(id: $id) { unmatchedCount unmatched(pagination: $page) { title } }
}"""


def _done_job(user, films: int) -> HistoryImport:
    unmatched = [{"title": f"Film {n}", "year": None, "why": "not in our catalog"} for n in range(films)]
    return HistoryImport.objects.create(
        user=user, source="imdb", kind="ratings", status="done", unmatched=unmatched, created={}
    )


def test_unmatched_films_are_a_page(gql, user, access_token):
    job = _done_job(user, 250)

    default = gql(PAGE, {"id": str(job.pk)}, token=access_token)["data"]["importJob"]
    later = gql(PAGE, {"id": str(job.pk), "page": {"offset": 240, "limit": 100}}, token=access_token)

    assert default["unmatchedCount"] == 250
    assert [film["title"] for film in default["unmatched"]] == [f"Film {n}" for n in range(20)]
    assert [film["title"] for film in later["data"]["importJob"]["unmatched"]] == [
        f"Film {n}" for n in range(240, 250)
    ]


def test_an_unmatched_page_above_the_cap_is_an_error(gql, user, access_token):
    job = _done_job(user, 3)

    body = gql(PAGE, {"id": str(job.pk), "page": {"offset": 0, "limit": 101}}, token=access_token)

    assert body["errors"][0]["message"] == "pagination.limit: must be between 0 and 100."
