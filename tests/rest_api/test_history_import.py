"""REST history import: POST user/import/ (multipart, 202), GET user/import/{id}/; owners only."""

import datetime
import io
import uuid
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from engagement.models import HistoryImport, Review
from tests.errors import messages
from tests.factories import MovieRefFactory

pytestmark = pytest.mark.django_db

URL = "/api/user/import/"
DIARY = (
    "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
    "2024-01-05,The Matrix,1999,https://boxd.it/2a1m,4.5,,,2024-01-04\n"
    "2024-02-05,The Matrix,1999,https://boxd.it/2a1n,,Yes,,2024-02-04\n"
)
LIST = (
    "Letterboxd list export v7\nDate,Name,Tags,URL,Description\n2024-01-01,Films,,,\n\n"
    "Position,Name,Year,URL,Description\n1,The Matrix,1999,,\n2,Nope,2001,,\n"
)
RATINGS = b"Date,Name,Year,Letterboxd URI,Rating\n2024-01-05,The Matrix,1999,https://boxd.it/2a1m,4\n"


@pytest.fixture(autouse=True)
def matrix():
    return MovieRefFactory(tmdb_id=603, title="The Matrix", release_date=datetime.date(1999, 3, 31))


def _upload(data: bytes = RATINGS, name: str = "ratings.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_upload_is_accepted_and_its_job_reports_what_it_did(
    auth_client, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        accepted = auth_client.post(URL, {"file": _upload()}, format="multipart")

    job = HistoryImport.objects.get(user=user)
    assert (accepted.status_code, accepted.json()) == (202, {"id": str(job.pk), "status": "pending"})
    body = auth_client.get(f"{URL}{job.pk}/").json()
    assert {k: body[k] for k in ("status", "source", "kind", "matched", "unmatched", "created", "error")} == {
        "status": "done",
        "source": "letterboxd",
        "kind": "ratings",
        "matched": 1,
        "unmatched": [],
        "created": {
            "reviews": 1,
            "history": 1,
            "watchlist": 0,
            "diary": 0,
            "likes": 0,
            "lists": 0,
            "list_entries": 0,
        },
        "error": "",
    }
    assert Review.objects.get(user=user).rating == 4


def test_a_letterboxd_zip_upload_imports_its_diary_and_lists(
    auth_client, user, django_capture_on_commit_callbacks
):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as files:
        files.writestr("diary.csv", DIARY)
        files.writestr("lists/films.csv", LIST)
    upload = SimpleUploadedFile("letterboxd-me.zip", archive.getvalue(), content_type="application/zip")

    with django_capture_on_commit_callbacks(execute=True):
        accepted = auth_client.post(URL, {"file": upload}, format="multipart")

    body = auth_client.get(f"{URL}{accepted.json()['id']}/").json()
    assert (accepted.status_code, body["status"], body["kind"]) == (202, "done", "archive")
    assert {k: v for k, v in body["created"].items() if v} == {
        "reviews": 1,
        "history": 2,
        "diary": 2,
        "lists": 1,
        "list_entries": 1,
    }
    assert body["unmatched"] == [{"title": "Nope", "year": 2001, "why": "not in our catalog (list: Films)"}]


def test_a_broken_zip_is_a_400_and_nothing_is_queued(auth_client, user):
    upload = SimpleUploadedFile("export.zip", b"PK\x03\x04broken", content_type="application/zip")

    response = auth_client.post(URL, {"file": upload}, format="multipart")

    assert response.status_code == 400
    assert messages(response)["file"][0].startswith("Not a readable ZIP archive")
    assert not HistoryImport.objects.exists()


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({}, {"file": ["No file was submitted."]}),
        (
            {"file": "not a file"},
            {"file": ["The submitted data was not a file. Check the encoding type on the form."]},
        ),
        (
            {"file": _upload(b"\x00\x01\x02binary")},
            {"file": ["The file is not text: upload the CSV or JSON file of your export."]},
        ),
        (
            {"file": _upload(b"foo,baz\n1,2\n")},
            {
                "file": [
                    "Unrecognised file: expected a Letterboxd, IMDb or Trakt export "
                    "(columns found: baz, foo)."
                ]
            },
        ),
        ({"file": _upload(), "source": "netflix"}, {"source": ['"netflix" is not a valid choice.']}),
        ({"file": _upload(), "source": "trakt"}, {"file": ["This is a letterboxd export, not a trakt one."]}),
    ],
)
def test_bad_uploads_are_a_400_and_nothing_is_queued(auth_client, payload, errors):
    response = auth_client.post(URL, payload, format="multipart")

    assert (response.status_code, messages(response)) == (400, errors)
    assert not HistoryImport.objects.exists()


def test_a_file_over_5_mb_is_a_413_and_nothing_is_queued(auth_client):
    response = auth_client.post(URL, {"file": _upload(b"a" * (5 * 1024 * 1024 + 10))}, format="multipart")

    assert (response.status_code, messages(response)) == (
        413,
        {None: ["The request body is larger than 5242880 bytes."]},
    )
    assert not HistoryImport.objects.exists()


def test_a_user_has_at_most_three_imports_waiting(auth_client, user):
    accepted = [auth_client.post(URL, {"file": _upload()}, format="multipart").status_code for _ in range(3)]

    refused = auth_client.post(URL, {"file": _upload()}, format="multipart")

    assert accepted == [202, 202, 202]
    assert (refused.status_code, messages(refused)) == (
        409,
        {None: ["You already have 3 imports waiting or running; try again once one is done."]},
    )
    assert HistoryImport.objects.filter(user=user).count() == 3


def test_a_finished_import_no_longer_counts_as_waiting(auth_client, user):
    for status in ("done", "failed", "pending", "running"):
        HistoryImport.objects.create(user=user, source="imdb", kind="ratings", status=status)

    assert auth_client.post(URL, {"file": _upload()}, format="multipart").status_code == 202


def test_eleven_imports_in_a_burst_the_eleventh_is_throttled(auth_client, user, settings):
    settings.HISTORY_IMPORT_MAX_ACTIVE = 100  # the throttle alone is tested here

    codes = [auth_client.post(URL, {"file": _upload()}, format="multipart") for _ in range(11)]

    assert [r.status_code for r in codes] == [202] * 10 + [429]
    assert messages(codes[-1])[None][0].startswith("Request was throttled.")
    assert HistoryImport.objects.filter(user=user).count() == 10


def test_json_bodies_are_refused(auth_client):
    response = auth_client.post(URL, {"file": "x"}, format="json")

    assert response.status_code == 415
    assert not HistoryImport.objects.exists()


def test_nobody_sees_another_user_s_import(auth_client, other_user):
    job = HistoryImport.objects.create(user=other_user, source="imdb", kind="ratings")

    for import_id in (job.pk, uuid.uuid4()):
        response = auth_client.get(f"{URL}{import_id}/")
        assert (response.status_code, messages(response)) == (404, {None: ["Not found."]})


def test_anonymous_callers_are_401(other_user):
    job = HistoryImport.objects.create(user=other_user, source="imdb", kind="ratings")
    client = APIClient()

    assert client.post(URL, {"file": _upload()}, format="multipart").status_code == 401
    assert client.get(f"{URL}{job.pk}/").status_code == 401
    assert HistoryImport.objects.count() == 1


def _done_job(user, films: int) -> HistoryImport:
    unmatched = [
        {"title": f"Film {n}", "year": 2000 + n % 20, "why": "not in our catalog"} for n in range(films)
    ]
    return HistoryImport.objects.create(
        user=user, source="imdb", kind="ratings", status="done", unmatched=unmatched, created={}
    )


def test_the_job_shows_the_first_page_of_unmatched_films_and_their_count(auth_client, user):
    job = _done_job(user, 250)

    body = auth_client.get(f"{URL}{job.pk}/").json()

    assert body["unmatched_count"] == 250
    assert [film["title"] for film in body["unmatched"]] == [f"Film {n}" for n in range(20)]


def test_unmatched_films_are_paginated_with_the_page_size_cap(auth_client, user):
    job = _done_job(user, 250)
    url = f"{URL}{job.pk}/unmatched/"

    first = auth_client.get(url).json()
    capped = auth_client.get(url, {"page_size": 1000, "page": 3}).json()

    assert (first["count"], len(first["results"])) == (250, 20)
    assert first["results"][0] == {"title": "Film 0", "year": 2000, "why": "not in our catalog"}
    assert first["next"] == f"http://testserver{url}?page=2"
    assert [film["title"] for film in capped["results"]] == [f"Film {n}" for n in range(200, 250)]
    assert capped["next"] is None


def test_unmatched_films_cost_the_same_queries_for_one_and_many(auth_client, user, django_assert_num_queries):
    small, large = _done_job(user, 1), _done_job(user, 250)
    auth_client.get(f"{URL}{small.pk}/unmatched/")  # the signed-in user's row is cached from here on

    with django_assert_num_queries(1):
        auth_client.get(f"{URL}{small.pk}/unmatched/")
    with django_assert_num_queries(1):
        auth_client.get(f"{URL}{large.pk}/unmatched/")


def test_nobody_pages_through_another_user_s_unmatched_films(auth_client, other_user):
    job = _done_job(other_user, 3)

    response = auth_client.get(f"{URL}{job.pk}/unmatched/")

    assert (response.status_code, messages(response)) == (404, {None: ["Not found."]})
