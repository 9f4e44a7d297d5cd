"""Notification jobs."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from notifications import generation


@shared_task
def notify_available(tmdb_id: int, added: list[list]) -> int:
    """Tell a movie's watchlisters of its new offers on their services; how many were offered."""
    offers = [
        (str(region), int(provider_id), str(monetization)) for region, provider_id, monetization in added
    ]
    return generation.availability_notify(tmdb_id=tmdb_id, added=offers)


@shared_task
def notify_releases() -> int:
    """Tell watchlisters of movies released in the last NOTIFY_RELEASED_WINDOW_DAYS (once each)."""
    return generation.released_notify(
        today=timezone.now().date(), window_days=settings.NOTIFY_RELEASED_WINDOW_DAYS
    )
