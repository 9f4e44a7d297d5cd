"""Per-request loaders: each loads once per request, whatever the number of movies asking.

The schema is served under WSGI, where strawberry's async DataLoader is unavailable;
relations are batched by the strawberry-django optimizer and the viewer's own lists
by these memoized sync loaders (one query per request each).
"""

from functools import cached_property

from django.http import HttpRequest

from engagement import selectors as engagement_selectors


class ViewerLoaders:
    """The signed-in viewer's favorites, watchlist and dismissals as sets of TMDb ids."""

    def __init__(self, request: HttpRequest) -> None:
        self.user = request.user

    @cached_property
    def favorite_ids(self) -> set[int]:
        return engagement_selectors.favorite_tmdb_ids(user=self.user)

    @cached_property
    def watchlist_ids(self) -> set[int]:
        return engagement_selectors.watchlist_tmdb_ids(user=self.user)

    @cached_property
    def not_interested_ids(self) -> set[int]:
        return engagement_selectors.not_interested_tmdb_ids(user=self.user)


def viewer_loaders(info) -> ViewerLoaders:
    """The request's ViewerLoaders, built on first use."""
    request = info.context.request
    loaders = getattr(request, "_viewer_loaders", None)
    if loaders is None:
        loaders = request._viewer_loaders = ViewerLoaders(request)
    return loaders
