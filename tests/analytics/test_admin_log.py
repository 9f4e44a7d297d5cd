"""GET /api/admin/logs/: the Django admin site's edits, API catalog edits, cache refreshes and syncs."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from rest_framework.test import APIClient

from accounts.tokens import token_pair_for
from audit.models import AdminAction
from catalog.models import Movie
from tests.errors import messages
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGS = "/api/admin/logs/"
T1, T2, T3, T4 = (datetime(2026, 11, 20, hour, 0, tzinfo=UTC) for hour in (9, 10, 11, 12))


def _staff(user) -> APIClient:
    """A client signed in with a token issued now (in the travelled-to time)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(user).access}")
    return client


@pytest.fixture
def history(admin_user):
    """One operation of each kind, an hour apart: admin site edit, API edit, refresh, sync."""
    heat = Movie.objects.create(tmdb_id=949, title="Heat")
    with time_machine.travel(T1, tick=False):
        LogEntry.objects.create(
            user=admin_user,
            content_type=ContentType.objects.get_for_model(Movie),
            object_id="949",
            object_repr=str(heat),
            action_flag=CHANGE,
            change_message='[{"changed": {"fields": ["Title"]}}]',
        )
    with time_machine.travel(T2, tick=False):
        _staff(admin_user).post("/api/admin/genres/", {"name": "Film Noir"}, format="json")
    with time_machine.travel(T3, tick=False):
        _staff(admin_user).post("/api/admin/cache/refresh/", {"target": "recommendations"}, format="json")
    with time_machine.travel(T4, tick=False):
        _staff(admin_user).post("/api/admin/movies/949/sync/")
    return admin_user


def test_staff_read_every_kind_newest_first_with_who_what_when(admin_client, history):
    response = admin_client.get(LOGS)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    assert body["results"] == [
        {
            "at": "2026-11-20T12:00:00Z",
            "actor": history.email,
            "kind": "sync",
            "action": "sync",
            "target": "movie 949",
            "detail": "",
        },
        {
            "at": "2026-11-20T11:00:00Z",
            "actor": history.email,
            "kind": "cache_refresh",
            "action": "refresh",
            "target": "recommendations",
            "detail": "",
        },
        {
            "at": "2026-11-20T10:00:00Z",
            "actor": history.email,
            "kind": "catalog",
            "action": "create",
            "target": "genre Film Noir",
            "detail": "fields: name, slug",
        },
        {
            "at": "2026-11-20T09:00:00Z",
            "actor": history.email,
            "kind": "admin",
            "action": "update",
            "target": "movie Heat",
            "detail": "Changed Title.",
        },
    ]


@pytest.mark.parametrize(
    ("query", "kinds"),
    [
        ("?kind=admin", ["admin"]),
        ("?kind=catalog", ["catalog"]),
        ("?kind=cache_refresh", ["cache_refresh"]),
        ("?since=2026-11-20T10:00:00Z&until=2026-11-20T11:00:00Z", ["cache_refresh", "catalog"]),
        ("?since=2026-11-20T10:30:00Z", ["sync", "cache_refresh"]),
        ("?until=2026-11-20", []),
        ("?since=2026-11-20&kind=sync", ["sync"]),
    ],
)
def test_filters_by_kind_and_time(admin_client, history, query, kinds):
    response = admin_client.get(LOGS + query)
    assert response.status_code == 200
    assert [row["kind"] for row in response.json()["results"]] == kinds


def test_a_graphql_edit_names_its_staff_user(gql, admin_user):
    staff = UserFactory(is_staff=True)
    gql(
        'mutation { genreCreate(name: "Western") { ... on Genre { name } } }',
        token=token_pair_for(staff).access,
    )

    assert list(AdminAction.objects.values_list("actor__email", "kind", "action", "target")) == [
        (staff.email, "catalog", "create", "genre Western")
    ]


def test_a_refused_refresh_is_not_logged(admin_client, monkeypatch):
    from common.exceptions import QueueUnavailable

    def down(task, **kwargs):
        raise QueueUnavailable

    monkeypatch.setattr("recsys.admin_jobs.enqueue", down)
    response = admin_client.post("/api/admin/cache/refresh/", {"target": "trending"}, format="json")
    assert response.status_code == 503
    assert not AdminAction.objects.exists()


def test_logs_need_staff(api_client, auth_client):
    assert api_client.get(LOGS).status_code == 401
    assert auth_client.get(LOGS).status_code == 403


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("?since=yesterday", {"since"}),
        ("?until=2026-13-40", {"until"}),
        ("?since=2026-11-21&until=2026-11-20", {"until"}),
        ("?kind=everything", {"kind"}),
    ],
)
def test_bad_filters_are_400_with_field_errors(admin_client, query, errors):
    response = admin_client.get(LOGS + query)
    assert response.status_code == 400
    assert set(messages(response)) == errors
