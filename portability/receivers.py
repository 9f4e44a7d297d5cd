"""Tombstones written as engagement removes a synced row, in the same transaction."""

from datetime import datetime

from engagement.models import FavoriteMovie, WatchlistItem
from portability.models import SyncTombstone

COLLECTION_OF = {
    FavoriteMovie: SyncTombstone.Collection.FAVORITES,
    WatchlistItem: SyncTombstone.Collection.WATCHLIST,
}


def on_entry_removed(*, sender: type, user_id, tmdb_id: int, removed_at: datetime, **_) -> None:
    """Remember that ``user_id`` removed ``tmdb_id`` from the collection ``sender`` holds."""
    SyncTombstone.objects.create(
        user_id=user_id, collection=COLLECTION_OF[sender], key=tmdb_id, removed_at=removed_at
    )
