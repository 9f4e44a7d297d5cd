"""GraphQL types of the engagement domain."""

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
import strawberry_django

from engagement import models

if TYPE_CHECKING:
    from graphql_schema.catalog.types import MovieType

# catalog.types imports ReviewType, so the movie type is resolved lazily.
LazyMovie = Annotated["MovieType", strawberry.lazy("graphql_schema.catalog.types")]


@strawberry_django.type(models.Review, name="Review")
class ReviewType:
    id: strawberry.ID
    rating: int
    text: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    movie: LazyMovie

    @strawberry_django.field(only=["movie_id"])
    def tmdb_id(self, root: models.Review) -> int:
        return root.movie_id

    @strawberry_django.field(select_related=["user"], only=["user__username"])
    def username(self, root: models.Review) -> str:
        return root.user.username


@strawberry_django.type(models.FavoriteMovie, name="FavoriteMovie")
class FavoriteMovieType:
    id: strawberry.ID
    added_at: datetime.datetime
    movie: LazyMovie

    @strawberry_django.field(only=["movie_id"])
    def tmdb_id(self, root: models.FavoriteMovie) -> int:
        return root.movie_id


@strawberry_django.type(models.WatchlistItem, name="WatchlistItem")
class WatchlistItemType:
    id: strawberry.ID
    added_at: datetime.datetime
    movie: LazyMovie

    @strawberry_django.field(only=["movie_id"])
    def tmdb_id(self, root: models.WatchlistItem) -> int:
        return root.movie_id


@strawberry_django.type(models.WatchHistory, name="WatchHistory")
class WatchHistoryType:
    id: strawberry.ID
    watched_at: datetime.datetime
    progress_seconds: int | None
    movie: LazyMovie

    @strawberry_django.field(only=["movie_id"])
    def tmdb_id(self, root: models.WatchHistory) -> int:
        return root.movie_id


@strawberry_django.type(models.NotInterested, name="NotInterested")
class NotInterestedType:
    id: strawberry.ID
    added_at: datetime.datetime
    movie: LazyMovie

    @strawberry_django.field(only=["movie_id"])
    def tmdb_id(self, root: models.NotInterested) -> int:
        return root.movie_id


@strawberry.type(name="UnmatchedFilm")
class UnmatchedFilmType:
    title: str
    year: int | None
    why: str


@strawberry.type(name="ImportCounts")
class ImportCountsType:
    reviews: int = 0
    history: int = 0
    watchlist: int = 0


@strawberry_django.type(models.HistoryImport, name="ImportJob")
class ImportJobType:
    id: strawberry.ID
    status: str
    source: str
    kind: str
    file_name: str
    matched: int
    error: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None

    @strawberry_django.field(only=["unmatched"], description="Films not imported, with why.")
    def unmatched(self, root: models.HistoryImport) -> list[UnmatchedFilmType]:
        return [UnmatchedFilmType(**film) for film in root.unmatched]

    @strawberry_django.field(only=["created"], description="What the import added, by kind.")
    def created(self, root: models.HistoryImport) -> ImportCountsType:
        return ImportCountsType(**root.created)
