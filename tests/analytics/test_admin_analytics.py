"""Admin analytics: figures, ranges, CSV export and access control."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.cache import cache

from accounts.tokens import token_pair_for
from catalog.models import Movie
from engagement.models import FavoriteMovie, Review, WatchHistory
from recsys.models import RecommendationRun
from tests.errors import messages
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BASE = "/api/admin/analytics/"
PATHS = [BASE, f"{BASE}most-watched/", f"{BASE}new-users/", f"{BASE}dau/"]
DAY1 = datetime(2026, 3, 1, 10, tzinfo=UTC)
DAY2 = datetime(2026, 3, 2, 18, tzinfo=UTC)


@pytest.fixture
def activity():
    """Two movies, three users over two days, one anonymous viewer and one inactive demo user."""
    heat = Movie.objects.create(tmdb_id=949, title="Heat")
    alien = Movie.objects.create(tmdb_id=348, title="Alien")
    with time_machine.travel(DAY1, tick=False):
        alice = UserFactory()
        bob = UserFactory()
    with time_machine.travel(DAY2, tick=False):
        carol = UserFactory()
    demo = UserFactory(is_active=False)
    views = [(alice, heat, DAY1), (alice, heat, DAY1), (bob, heat, DAY2), (alice, alien, DAY2)]
    for user, movie, when in views:
        WatchHistory.objects.create(user=user, viewer_key=f"user:{user.pk}", movie=movie, watched_at=when)
    WatchHistory.objects.create(user=None, viewer_key="anon-1", movie=heat, watched_at=DAY2)
    Review.objects.create(user=carol, movie=alien, rating=5, created_at=DAY2)
    Review.objects.create(user=demo, movie=alien, rating=1, created_at=DAY2)
    with time_machine.travel(DAY2, tick=False):
        FavoriteMovie.objects.create(user=bob, movie=alien)
    return {"heat": heat, "alien": alien}


def test_summary(admin_client, activity):
    response = admin_client.get(BASE, {"start": "2026-03-01", "end": "2026-03-02"})
    assert response.status_code == 200
    body = response.json()
    assert body["start"] == "2026-03-01"
    assert body["end"] == "2026-03-02"
    assert body["new_users"] == 3
    assert body["views"] == 5
    assert body["reviews"] == 1
    assert body["dau_average"] == 2.0  # day 1: alice; day 2: alice, bob, carol
    assert body["top_movies"][0] == {"tmdb_id": 949, "title": "Heat", "views": 4, "unique_viewers": 3}
    assert body["users_total"] == 4  # the three plus the admin; the inactive demo user is not counted


def test_most_watched_limit(admin_client, activity):
    params = {"start": "2026-03-01", "end": "2026-03-02", "limit": 1}
    response = admin_client.get(f"{BASE}most-watched/", params)
    assert response.json() == [{"tmdb_id": 949, "title": "Heat", "views": 4, "unique_viewers": 3}]


def test_new_users_per_day_is_zero_filled(admin_client, activity):
    response = admin_client.get(f"{BASE}new-users/", {"start": "2026-02-28", "end": "2026-03-02"})
    assert response.json() == [
        {"date": "2026-02-28", "count": 0},
        {"date": "2026-03-01", "count": 2},
        {"date": "2026-03-02", "count": 1},
    ]


def test_dau(admin_client, activity):
    response = admin_client.get(f"{BASE}dau/", {"start": "2026-03-01", "end": "2026-03-02"})
    assert response.json() == [{"date": "2026-03-01", "count": 1}, {"date": "2026-03-02", "count": 3}]


def test_csv_export(admin_client, activity):
    response = admin_client.get(f"{BASE}dau/", {"start": "2026-03-01", "end": "2026-03-02", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines() == ["date,count", "2026-03-01,1", "2026-03-02,3"]


def test_unknown_export_format_is_a_400_naming_the_formats(admin_client):
    response = admin_client.get(f"{BASE}dau/", {"format": "xml"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert messages(response) == {"format": ["Unknown format: use one of json, csv."]}


def test_csv_export_with_no_rows_is_its_header_row(admin_client):
    params = {"start": "2020-01-01", "end": "2020-01-01", "format": "csv"}
    response = admin_client.get(f"{BASE}most-watched/", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode().splitlines() == ["tmdb_id,title,views,unique_viewers"]


def test_default_range_is_last_30_days(api_client, admin_user):
    with time_machine.travel(datetime(2026, 5, 31, 12, tzinfo=UTC), tick=False):
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for(admin_user).access}")
        body = api_client.get(f"{BASE}new-users/").json()
    assert (body[0]["date"], body[-1]["date"], len(body)) == ("2026-05-02", "2026-05-31", 30)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"start": "2026-03-05", "end": "2026-03-01"}, "start", "start must be on or before end."),
        ({"start": "2020-01-01", "end": "2026-01-01"}, "start", "The range may span at most 366 days."),
        ({"start": "yesterday"}, "start", None),
        ({"end": "2026-02-30"}, "end", None),
    ],
)
def test_bad_ranges_are_400(admin_client, params, field, message):
    response = admin_client.get(BASE, params)
    assert response.status_code == 400
    if message:
        assert messages(response)[field] == [message]
    else:
        assert field in messages(response)


@pytest.mark.parametrize("limit", [0, 101, "ten"])
def test_bad_limit_is_400(admin_client, limit):
    response = admin_client.get(f"{BASE}most-watched/", {"limit": limit})
    assert response.status_code == 400
    assert "limit" in messages(response)


@pytest.mark.parametrize("path", PATHS)
def test_anonymous_is_401_and_non_admin_is_403(api_client, auth_client, path):
    assert api_client.get(path).status_code == 401
    response = auth_client.get(path)
    assert response.status_code == 403
    assert messages(response) == {None: ["You do not have permission to perform this action."]}


def test_staff_token_is_required_not_a_session(client, admin_user):
    client.force_login(admin_user)
    assert client.get(BASE).status_code == 401
    response = client.get(BASE, HTTP_AUTHORIZATION=f"Bearer {token_pair_for(admin_user).access}")
    assert response.status_code == 200


def test_cache_hit_ratio_counts_reads(admin_client):
    cache.set("k", 1)
    for _ in range(3):
        cache.get("k")
    ratio = admin_client.get(BASE).json()["cache_hit_ratio"]
    assert 0 < ratio <= 1


def test_summary_on_an_empty_range(admin_client):
    body = admin_client.get(BASE, {"start": "2000-01-01", "end": "2000-01-01"}).json()
    assert body["views"] == 0
    assert body["top_movies"] == []
    assert body["dau_average"] == 0.0
    assert date.fromisoformat(body["start"]) == date(2000, 1, 1)


def test_failed_tasks_are_listed_for_admins(admin_client, auth_client, user, monkeypatch):
    from accounts.tasks import send_email
    from config.celery import app

    def smtp_down(*args, **kwargs):
        raise ValueError("smtp down")

    monkeypatch.setattr("accounts.tasks.send_mail", smtp_down)
    app.conf.task_eager_propagates = False
    try:
        send_email.delay(to=user.email, template="password_reset")
    finally:
        app.conf.task_eager_propagates = True

    response = admin_client.get("/api/admin/tasks/failed/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    task = body["results"][0]
    assert task["task_name"] == "accounts.tasks.send_email"
    assert task["status"] == "FAILURE"
    assert task["error"] == "ValueError: smtp down"
    assert auth_client.get("/api/admin/tasks/failed/").status_code == 403


@pytest.mark.parametrize(
    ("target", "task"),
    [("trending", "generate_daily_trending"), ("recommendations", "generate_recommendations")],
)
def test_cache_refresh_queues_the_job(admin_client, monkeypatch, target, task):
    queued = []
    monkeypatch.setattr("recsys.admin_jobs.enqueue", lambda job, **kw: queued.append(job.name))
    response = admin_client.post("/api/admin/cache/refresh/", {"target": target}, format="json")
    assert response.status_code == 202
    assert response.json()["detail"] == f"Refresh of {target} queued."
    assert queued == [f"recsys.tasks.{task}"]


def test_cache_refresh_runs_in_process_in_the_embedded_default(admin_client):
    """Eager Celery (no broker configured): the same request runs the job itself."""
    response = admin_client.post("/api/admin/cache/refresh/", {"target": "recommendations"}, format="json")
    assert response.status_code == 202
    run = RecommendationRun.objects.get(pk=response.json()["run_id"])
    assert run.status == "done"


@pytest.mark.parametrize("body", [{}, {"target": "everything"}, {"target": 3}])
def test_cache_refresh_rejects_unknown_targets(admin_client, body):
    response = admin_client.post("/api/admin/cache/refresh/", body, format="json")
    assert response.status_code == 400
    assert "target" in messages(response)


def test_movie_resync_drops_the_cached_detail_and_queues_a_sync(admin_client, monkeypatch):
    Movie.objects.create(tmdb_id=949, title="Heat")
    queued = []
    monkeypatch.setattr("catalog.services.enqueue", lambda job, **kw: queued.append((job.name, kw)))
    cache.set("tmdb:movie:949:detail", {"title": "stale"})
    response = admin_client.post("/api/admin/movies/949/sync/")
    assert response.status_code == 202
    assert response.json() == {"detail": "Re-sync of movie 949 queued."}
    assert queued == [("catalog.tasks.sync_tmdb_movie", {"tmdb_id": 949})]
    assert cache.get("tmdb:movie:949:detail") is None


def test_movie_resync_of_an_unknown_movie_is_404(admin_client):
    response = admin_client.post("/api/admin/movies/424242/sync/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("path", "body"),
    [("/api/admin/cache/refresh/", {"target": "trending"}), ("/api/admin/movies/949/sync/", {})],
)
def test_admin_operations_need_staff(api_client, auth_client, path, body):
    assert api_client.post(path, body, format="json").status_code == 401
    assert auth_client.post(path, body, format="json").status_code == 403
