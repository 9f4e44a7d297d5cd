"""The offers refresh job: movies people keep (watchlists, lists) go first (catalog.offers_refresh)."""

from django.conf import settings
from django.db.models import Exists, F, OuterRef

from catalog import offers_refresh
from catalog.models import Movie
from catalog.offers import OffersChange
from engagement.models import MovieListEntry, WatchlistItem


def kept_movie_ids(*, limit: int) -> list[int]:
    """TMDb ids of up to ``limit`` movies on users' watchlists or lists whose offers are stale,
    never fetched first, then the least recently fetched."""
    watchlisted = WatchlistItem.objects.filter(movie_id=OuterRef("tmdb_id"))
    listed = MovieListEntry.objects.filter(movie_id=OuterRef("tmdb_id"))
    kept = Movie.objects.filter(offers_refresh.stale()).filter(Exists(watchlisted) | Exists(listed))
    ordered = kept.order_by(F("watch_providers_fetched_at").asc(nulls_first=True), "tmdb_id")
    return list(ordered.values_list("tmdb_id", flat=True)[:limit])


def offers_refresh_run() -> list[OffersChange]:
    """One run of the offers refresh, kept movies first; the changes it made."""
    first = kept_movie_ids(limit=settings.WATCH_PROVIDERS_REFRESH_BATCH)
    return offers_refresh.refresh_run(first=first)
