"""Viewer keys: one per signed-in user, a stable keyed hash per anonymous client."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from engagement.viewing import daily_views_key, viewer_key_for


def _request(ip: str = "203.0.113.7", agent: str = "Mozilla/5.0", user=None):
    request = RequestFactory().post("/", REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)
    request.user = user or AnonymousUser()
    return request


@pytest.mark.django_db
def test_signed_in_viewer_is_the_user(user):
    assert viewer_key_for(_request(user=user)) == f"user:{user.pk}"


def test_anonymous_viewer_key_is_a_stable_hash_of_ip_and_agent():
    key = viewer_key_for(_request())
    assert len(key) == 64
    assert "203.0.113.7" not in key
    assert viewer_key_for(_request()) == key
    assert viewer_key_for(_request(ip="203.0.113.8")) != key
    assert viewer_key_for(_request(agent="curl/8.5")) != key


def test_daily_views_key_names_the_utc_day():
    assert daily_views_key(603, datetime.date(2026, 3, 14)) == "movie:603:views:daily:2026-03-14"
