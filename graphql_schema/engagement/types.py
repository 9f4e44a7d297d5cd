"""GraphQL types of the engagement domain (a movie's reviews are typed beside the movie)."""

import datetime

import strawberry
import strawberry_django
from strawberry_django.pagination import OffsetPaginationInput

from engagement import models
from graphql_schema.catalog.types import MovieType
from graphql_schema.pagination import checked_page


@strawberry_django.type(models.FavoriteMovie, name="FavoriteMovie")
class FavoriteMovieType:
    id: strawberry.ID
    added_at: datetime.datetime
    movie: MovieType

    @strawberry_django.field(only=["movie_id"])
    def tmdb_id(self, root: models.FavoriteMovie) -> int:
        return root.movie_id


@strawberry_django.type(models.WatchlistItem, name="WatchlistItem")
class WatchlistItemType:
    id: strawberry.ID
    added_at: datetime.datetime
    movie: MovieType

    @strawberry_django.field(only=["movie_id"])
    def tmdb_id(self, root: models.WatchlistItem) -> int:
        return root.movie_id


@strawberry_django.type(models.WatchHistory, name="WatchHistory")
class WatchHistoryType:
    id: strawberry.ID
    watched_at: datetime.datetime
    progress_seconds: int | None
    movie: MovieType

    @strawberry_django.field(only=["movie_id"])
    def tmdb_id(self, root: models.WatchHistory) -> int:
        return root.movie_id


@strawberry_django.type(models.NotInterested, name="NotInterested")
class NotInterestedType:
    id: strawberry.ID
    added_at: datetime.datetime
    movie: MovieType

    @strawberry_django.field(only=["movie_id"])
    def tmdb_id(self, root: models.NotInterested) -> int:
        return root.movie_id


@strawberry.type(name="UnmatchedFilm")
class UnmatchedFilmType:
    title: str
    year: int | None
    why: str


@strawberry.type(name="ExportLink")
class ExportLinkType:
    url: str = strawberry.field(description="GET it for the ZIP; it needs no token.")
    expires_at: datetime.datetime


@strawberry.type(name="ImportCounts")
class ImportCountsType:
    reviews: int = 0
    history: int = 0
    watchlist: int = 0
    diary: int = strawberry.field(default=0, description="Diary plays added (each with its view).")
    likes: int = strawberry.field(default=0, description="Plays marked liked and liked films favorited.")
    lists: int = strawberry.field(default=0, description="Lists created.")
    list_entries: int = strawberry.field(default=0, description="Films added to lists.")


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

    @strawberry_django.field(
        only=["unmatched"], description="Films not imported, with why, in file order: one page of them."
    )
    def unmatched(
        self, root: models.HistoryImport, pagination: OffsetPaginationInput | None = None
    ) -> list[UnmatchedFilmType]:
        page = checked_page(pagination)
        films = root.unmatched[page.offset : page.offset + page.limit]
        return [UnmatchedFilmType(**film) for film in films]

    @strawberry_django.field(only=["unmatched"], description="How many films were not imported.")
    def unmatched_count(self, root: models.HistoryImport) -> int:
        return len(root.unmatched)

    @strawberry_django.field(only=["created"], description="What the import added, by kind.")
    def created(self, root: models.HistoryImport) -> ImportCountsType:
        return ImportCountsType(**root.created)
