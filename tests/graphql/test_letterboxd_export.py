"""GraphQL exportLetterboxd: a short-lived signed link to the REST download of one's own export."""

import io
import zipfile

import pytest
from django.test import Client

from tests.factories import MovieRefFactory

pytestmark = pytest.mark.django_db

EXPORT = """mutation {
  exportLetterboxd {
    ... on ExportLink { url expiresAt }
    ... on OperationInfo { messages { kind field message } }
  }
}"""


def test_the_link_downloads_the_signed_in_user_s_export(gql, user, access_token):
    MovieRefFactory(tmdb_id=603, title="The Matrix")
    link = gql(EXPORT, token=access_token)["data"]["exportLetterboxd"]

    assert link["url"].startswith("http://testserver/api/user/export/letterboxd/?link=")
    response = Client().get(link["url"])
    assert response.status_code == 200
    assert "diary.csv" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()


def test_anonymous_is_asked_to_sign_in(gql):
    assert gql(EXPORT) == {
        "data": {
            "exportLetterboxd": {
                "messages": [
                    {"kind": "PERMISSION", "field": "exportLetterboxd", "message": "Sign in to do this."}
                ]
            }
        }
    }


def test_the_link_costs_a_mutation_and_its_object(gql_with_cost, access_token):
    link_only = "mutation { exportLetterboxd { ... on ExportLink { url expiresAt } } }"

    assert gql_with_cost(link_only, token=access_token)["extensions"]["cost"]["requested"] == 11
