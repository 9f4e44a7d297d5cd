"""GraphQL types of the engagement domain (a movie's reviews are typed beside the movie)."""

import datetime

import strawberry
import strawberry_django
from strawberry_django.pagination import OffsetPaginationInput

from engagement import models, stats
from graphql_schema.catalog.types import RATING, MovieType
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


@strawberry.type(
    name="PeriodCount", description="Plays in a month (1-12), weekday (1 Monday to 7 Sunday), year or decade."
)
class PeriodCountType:
    period: int
    plays: int


@strawberry.type(name="DiaryRatingCount", description="How many of your plays gave this rating.")
class DiaryRatingCountType:
    rating: float = strawberry.field(description=RATING)
    count: int


@strawberry.type(name="GenreCount", description="A genre and your plays of its movies.")
class GenreCountType:
    name: str
    slug: str
    plays: int


@strawberry.type(name="PersonCount", description="A director or actor and your plays of their movies.")
class PersonCountType:
    name: str
    tmdb_id: int | None
    plays: int


@strawberry.type(
    name="Streak", description="Your most consecutive days with a play (the latest of equal runs)."
)
class StreakType:
    days: int
    start: datetime.date | None
    end: datetime.date | None


@strawberry.type(name="RatedFilm", description="A film you rated in the period: its best rating there.")
class RatedFilmType:
    tmdb_id: int
    title: str
    rating: float = strawberry.field(description=RATING)
    last_played_on: datetime.date = strawberry.field(description="Your latest play of it in the period.")


@strawberry.type(name="DiaryStats", description="Your diary in figures, for a year or all time.")
class DiaryStatsType:
    year: int | None = strawberry.field(description="Null: all time.")
    completed: bool = strawberry.field(
        description="A year before this one (your time zone): a year in review."
    )
    films: int = strawberry.field(description="Distinct movies played.")
    plays: int
    rewatches: int = strawberry.field(description="Plays of a movie you had played before.")
    liked: int = strawberry.field(description="Plays you liked.")
    hours: float = strawberry.field(description="The runtimes of your plays, in hours (one decimal).")
    plays_without_runtime: int = strawberry.field(description="Plays of movies whose runtime is unknown.")
    by_month: list[PeriodCountType] = strawberry.field(description="12 months, with a year only.")
    by_year: list[PeriodCountType] = strawberry.field(description="Years with plays, all time only.")
    by_weekday: list[PeriodCountType] = strawberry.field(description="7 days, Monday first.")
    ratings: list[DiaryRatingCountType] = strawberry.field(
        description="9 half stars, 1 to 5, zeros included."
    )
    genres: list[GenreCountType] = strawberry.field(description="The 10 most played.")
    directors: list[PersonCountType] = strawberry.field(description="The 10 most played.")
    actors: list[PersonCountType] = strawberry.field(
        description=f"The 10 most played, billed in a movie's first {stats.TOP_BILLED} places."
    )
    decades: list[PeriodCountType] = strawberry.field(description="Release decades, most played first.")
    streak: StreakType
    highest_rated: list[RatedFilmType] = strawberry.field(
        description="Your 10 best-rated films, ties by latest play."
    )
