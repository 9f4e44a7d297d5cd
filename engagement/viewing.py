"""Who is viewing, and where view counts live in the cache.

Both transports identify a viewer with ``viewer_key_for(request)``: ``"user:{id}"`` when signed
in, otherwise a keyed hash of the client IP and user agent, so anonymous viewers can be counted
as unique without storing either value.

Daily view counters live under ``movie:{tmdb_id}:views:daily:{YYYY-MM-DD}`` (UTC date of the
view) for ``DAILY_VIEWS_TTL`` seconds (two days, so yesterday's total stays readable all day).
"""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from common.client_ip import client_ip

DAILY_VIEWS_TTL = 2 * 24 * 3600


def user_viewer_key(user_id) -> str:
    """The viewer key of a signed-in user."""
    return f"user:{user_id}"


def viewer_key_for(request: HttpRequest) -> str:
    """The viewer key of a request: the signed-in user, else a hash of client IP and user agent."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user_viewer_key(user.pk)
    ip = client_ip(request)
    agent = request.META.get("HTTP_USER_AGENT", "")
    return salted_hmac("engagement.viewer_key", f"{ip}|{agent}", algorithm="sha256").hexdigest()


def daily_views_key(tmdb_id: int, day: datetime.date | None = None) -> str:
    """Cache key of a movie's view counter for ``day`` (default: today, UTC)."""
    day = day or timezone.now().date()
    return f"movie:{tmdb_id}:views:daily:{day.isoformat()}"
