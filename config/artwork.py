"""Drawn movie artwork: /media/art/{poster|backdrop}/{tmdb_id}.svg.

Served beside the APIs, not under /api/: an image, not an API operation, so it has no
api_policy entry (no throttle scope, no cost). Public and cacheable: the picture is a
function of the movie's title, year and genres, so its ETag is a hash of the SVG. It is not
``immutable``: a staff edit of the title changes the picture behind the same URL.
"""

import hashlib

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from catalog import selectors
from catalog.models import MAX_TMDB_ID

CACHE_CONTROL = "public, max-age=86400"
# The SVG draws itself with inline presentation attributes only: no script, no fetch, no frame.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


@require_safe
def artwork(request: HttpRequest, kind: str, tmdb_id: str) -> HttpResponse:
    """A catalog movie's drawn poster or backdrop; 404 for a movie the catalog does not have."""
    svg = selectors.movie_artwork(tmdb_id=int(tmdb_id), kind=kind) if int(tmdb_id) <= MAX_TMDB_ID else None
    if svg is None:
        raise Http404("No movie with this TMDb id.")
    body = svg.encode()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        body, content_type="image/svg+xml"
    )
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    return response
