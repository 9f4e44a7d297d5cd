"""Background jobs of spec section 11 (trending, e-mail, media cleanup) and their beat schedule."""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache

from accounts.tasks import send_email
from catalog import sync as catalog_sync
from catalog.models import Movie
from common.tasks import cleanup_media
from config.celery import app as celery_app
from engagement.models import WatchHistory
from recsys.models import TrendingCache
from recsys.tasks import generate_daily_trending

TWO_DAYS = 2 * 24 * 3600


# --- Trending ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_generate_daily_trending_stores_both_windows_and_is_idempotent(monkeypatch):
    monkeypatch.setattr(catalog_sync, "tmdb_trending_ids", lambda *, time_range: [])
    hot = Movie.objects.create(tmdb_id=603, title="The Matrix")
    Movie.objects.create(tmdb_id=550, title="Fight Club", rating_count=12)
    WatchHistory.objects.create(viewer_key="anon-1", movie=hot)

    assert generate_daily_trending.delay().get() == {"day": 2, "week": 2}
    first = {row.key: row.payload for row in TrendingCache.objects.all()}
    assert generate_daily_trending.delay().get() == {"day": 2, "week": 2}

    expected = [{"tmdb_id": 603, "score": 1.0}, {"tmdb_id": 550, "score": 0.0}]
    assert first == {"trending:day": expected, "trending:week": expected}
    assert {row.key: row.payload for row in TrendingCache.objects.all()} == first
    assert cache.get("trending:day") == expected
    assert cache.get("trending:week") == expected


def test_beat_schedules_registered_tasks():
    celery_app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE

    assert schedule["generate-trending"]["task"] == "recsys.tasks.generate_daily_trending"
    assert schedule["cleanup-media"]["task"] == "common.tasks.cleanup_media"
    assert {entry["task"] for entry in schedule.values()} - set(celery_app.tasks) == set()


# --- E-mail ------------------------------------------------------------------------------------


def test_send_email_composes_the_reset_mail_in_the_worker(user):
    send_email.delay(to=user.email.upper(), template="password_reset")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.to, message.subject) == ([user.email], "Reset your MoviVerse password")
    assert message.body.startswith("Use this link to choose a new password (valid for one hour):")
    assert message.from_email == settings.DEFAULT_FROM_EMAIL


@pytest.mark.django_db
def test_send_email_sends_nothing_to_an_address_without_an_account():
    send_email.delay(to="ghost@example.com", template="password_reset")

    assert mail.outbox == []


# --- Media cleanup -----------------------------------------------------------------------------


def write(path: Path, age_seconds: float = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("data")
    stamp = time.time() - age_seconds
    os.utime(path, (stamp, stamp))
    return path


@pytest.fixture
def media(tmp_path, settings) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    settings.MEDIA_CLEANUP_DIRS = ["tmp", "exports"]
    settings.MEDIA_CLEANUP_MAX_AGE_HOURS = 24
    return root


def test_cleanup_media_deletes_only_old_files_in_the_cleanup_folders(media):
    old_tmp = write(media / "tmp" / "upload.part", TWO_DAYS)
    old_export = write(media / "exports" / "2026" / "views.csv", TWO_DAYS)
    fresh = write(media / "tmp" / "fresh.part")
    elsewhere = write(media / "posters" / "old.jpg", TWO_DAYS)

    assert cleanup_media.delay().get() == 2

    assert not old_tmp.exists()
    assert not old_export.exists()
    assert fresh.exists()
    assert elsewhere.exists()
    assert (media / "exports" / "2026").is_dir()


def test_cleanup_media_never_follows_symlinks(media, tmp_path):
    outside_file = write(tmp_path / "outside" / "keep.txt", TWO_DAYS)
    outside_dir = outside_file.parent
    (media / "tmp").mkdir()
    file_link = media / "tmp" / "link.txt"
    file_link.symlink_to(outside_file)
    os.utime(file_link, (time.time() - TWO_DAYS,) * 2, follow_symlinks=False)
    (media / "tmp" / "linked-dir").symlink_to(outside_dir, target_is_directory=True)

    assert cleanup_media() == 0

    assert outside_file.exists()
    assert file_link.is_symlink()


def test_cleanup_media_skips_a_cleanup_folder_that_is_a_symlink(media, tmp_path):
    target = write(tmp_path / "elsewhere" / "old.bin", TWO_DAYS)
    (media / "exports").symlink_to(target.parent, target_is_directory=True)

    assert cleanup_media() == 0
    assert target.exists()


def test_cleanup_media_never_leaves_media_root(media, tmp_path, settings):
    sibling = write(tmp_path / "sibling" / "old.txt", TWO_DAYS)
    settings.MEDIA_CLEANUP_DIRS = ["../sibling", str(tmp_path / "sibling")]

    assert cleanup_media() == 0
    assert sibling.exists()


def test_cleanup_media_age_is_configurable(media, settings):
    settings.MEDIA_CLEANUP_MAX_AGE_HOURS = 1
    three_hours = write(media / "tmp" / "a.part", 3 * 3600)
    half_hour = write(media / "tmp" / "b.part", 1800)

    assert cleanup_media() == 1
    assert not three_hours.exists()
    assert half_hour.exists()


def test_cleanup_media_without_media_folders_does_nothing(media):
    assert cleanup_media() == 0
