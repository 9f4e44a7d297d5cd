"""REST Letterboxd export: GET user/export/letterboxd/ answers the signed-in user's ZIP, or the
ZIP a short-lived signed link names; nobody else's, and errors in the one JSON error body."""

import datetime
import io
import zipfile

import pytest
import time_machine
from rest_framework.test import APIClient

from engagement import diary
from engagement.letterboxd_export import BAD_LINK, LINK_MAX_AGE, export_link
from tests.errors import one_error
from tests.factories import MovieRefFactory

pytestmark = pytest.mark.django_db

URL = "/api/user/export/letterboxd/"


@pytest.fixture(autouse=True)
def played(user, other_user):
    MovieRefFactory(tmdb_id=603, title="The Matrix", release_date=datetime.date(1999, 3, 31))
    MovieRefFactory(tmdb_id=949, title="Heat", release_date=datetime.date(1995, 12, 15))
    diary.diary_log(user=user, tmdb_id=603, watched_on=datetime.date(2024, 1, 2), tags=["mine"])
    diary.diary_log(user=other_user, tmdb_id=949, watched_on=datetime.date(2024, 1, 3))


def _diary_rows(response) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(response.content)).read("diary.csv").decode().splitlines()


def test_the_signed_in_user_downloads_their_own_export(auth_client):
    response = auth_client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="letterboxd-export.zip"'
    assert response["Cache-Control"] == "no-store"
    rows = _diary_rows(response)
    assert len(rows) == 2 and rows[1].endswith(",The Matrix,1999,,,,mine,2024-01-02,603")


def test_anonymous_is_a_401_in_the_error_body(api_client):
    response = api_client.get(URL)

    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"][0]["code"] == "not_authenticated"


def test_a_signed_link_downloads_its_user_s_export_without_a_token(user):
    token, _ = export_link(user=user)

    response = APIClient().get(URL, {"link": token})

    assert (response.status_code, response["Cache-Control"]) == (200, "no-store")  # no shared cache
    assert _diary_rows(response)[1].endswith(",603")


@pytest.mark.parametrize("link", ["", "x" * 201, "not-a-signed-value", "IjEi:1abcde:forged"])
def test_a_bad_link_is_a_4xx_and_gives_nothing(api_client, link):
    response = api_client.get(URL, {"link": link})

    assert response.status_code in (400, 403)
    assert response["Content-Type"].startswith("application/json")
    if response.status_code == 403:
        assert response.json() == one_error("permission_denied", BAD_LINK)


def test_a_link_expires(user, api_client):
    token, expires_at = export_link(user=user)

    with time_machine.travel(expires_at + datetime.timedelta(seconds=1), tick=False):
        response = api_client.get(URL, {"link": token})

    assert expires_at <= datetime.datetime.now(datetime.UTC) + LINK_MAX_AGE
    assert response.status_code == 403


def test_a_link_of_a_deactivated_user_gives_nothing(user, api_client):
    token, _ = export_link(user=user)
    user.is_active = False
    user.save()

    assert api_client.get(URL, {"link": token}).status_code == 403


def test_the_download_reads_a_fixed_number_of_queries(auth_client, user, django_assert_max_num_queries):
    for day in range(1, 6):
        diary.diary_log(user=user, tmdb_id=949, watched_on=datetime.date(2023, 1, day), tags=[f"t{day}"])
    with django_assert_max_num_queries(12):
        assert auth_client.get(URL).status_code == 200
