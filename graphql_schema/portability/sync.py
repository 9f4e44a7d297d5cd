"""Delta sync's GraphQL shapes: the synced collections and when each last changed."""

import datetime
from enum import Enum

import strawberry

from portability.models import SyncTombstone


@strawberry.enum(description="A collection a client can mirror with updatedSince.")
class SyncCollection(Enum):
    FAVORITES = SyncTombstone.Collection.FAVORITES.value
    WATCHLIST = SyncTombstone.Collection.WATCHLIST.value


@strawberry.type(description="When each of your collections last changed (null: never).")
class LastActivities:
    favorites: datetime.datetime | None
    watchlist: datetime.datetime | None
