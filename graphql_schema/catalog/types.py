"""GraphQL types of the catalog domain, with Review: a movie and its reviews refer to each other."""

import datetime
import enum
from typing import Annotated

import strawberry
import strawberry_django
from django.db.models import Prefetch
from strawberry_django.permissions import IsStaff

from catalog import art, models
from catalog.ratings import RATING_COLUMNS
from catalog.services import OVERRIDABLE
from engagement import models as engagement_models
from graphql_schema.catalog import watch_provider_types as watch
from graphql_schema.context import Info
from graphql_schema.engagement.reviews import ReviewsField
from graphql_schema.engagement.viewer_state import ViewerStateType
from graphql_schema.pagination import PagedField
from graphql_schema.social import reaction_fields
from graphql_schema.social.friends import FriendsRatingsType

RATING = "1 to 5 in half stars (1, 1.5, ..., 5)."


@strawberry_django.type(
    engagement_models.Review,
    name="Review",
    description="A user's rating of a movie; with text a review, without it a bare rating.",
)
class ReviewType:
    id: strawberry.ID
    text: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    movie: "MovieType"

    @strawberry_django.field(only=["rating"], description=RATING)
    def rating(self, root: engagement_models.Review) -> float:
        return float(root.rating)

    @strawberry_django.field(only=["movie_id"])
    def tmdb_id(self, root: engagement_models.Review) -> int:
        return root.movie_id

    @strawberry_django.field(select_related=["user"], only=["user__username"])
    def username(self, root: engagement_models.Review) -> str:
        return root.user.username

    like_count = reaction_fields.like_count_field(engagement_models.Review)
    comment_count = reaction_fields.comment_count_field(engagement_models.Review)
    liked_by_me = reaction_fields.liked_by_me_field(engagement_models.Review)


@strawberry_django.type(models.Genre, name="Genre")
class GenreType:
    id: strawberry.ID
    name: str
    slug: str


@strawberry_django.type(models.Keyword, name="Tag", description="A keyword (TMDb) or tag (MovieLens).")
class TagType:
    id: strawberry.ID
    name: str
    slug: str


@strawberry_django.type(models.Person, name="Person")
class PersonType:
    id: strawberry.ID
    tmdb_id: int | None
    name: str
    photo_url: str


@strawberry_django.type(models.MovieCast, name="CastMember")
class CastMemberType:
    person: PersonType
    character_name: str
    order: int


@strawberry_django.type(models.MovieCrew, name="CrewMember")
class CrewMemberType:
    person: PersonType
    department: str
    role: str


@strawberry.type(name="Video")
class VideoType:
    key: str
    site: str
    type: str
    name: str
    official: bool


MovieOverrideField = strawberry.enum(
    enum.Enum("MovieOverrideField", {name.upper(): name for name in OVERRIDABLE}),
    description="A movie field staff can set so that TMDb re-syncs leave it alone.",
)


@strawberry.type(name="RatingBucket", description="How many of our users gave a movie this rating.")
class RatingBucket:
    rating: float = strawberry.field(description=RATING)
    count: int


@strawberry_django.type(models.Movie, name="Movie")
class MovieType:
    tmdb_id: int
    title: str
    overview: str
    release_date: datetime.date | None = strawberry_django.field(
        description="Null when only the year is known (see year)."
    )
    year: int | None = strawberry_django.field(
        description="The release year; set when releaseDate is null too."
    )
    runtime: int | None
    vote_average: float = strawberry_django.field(
        description="TMDb's average vote, on TMDb's 0-10 scale (see averageRating for ours, 1-5)."
    )
    language: str
    popularity_score: float
    genres: list[GenreType]
    cast: list[CastMemberType] = strawberry_django.field(
        field_name="cast_members",
        field_cls=PagedField,
        pagination=True,
        description="In billing order, paginated.",
    )
    crew: list[CrewMemberType] = strawberry_django.field(
        field_name="crew_members", field_cls=PagedField, pagination=True, description="Paginated."
    )
    # Reviews hang on the TMDb id (to_field), which the optimizer must load even when not selected.
    reviews: list[ReviewType] = strawberry_django.field(
        field_cls=ReviewsField,
        pagination=True,
        only=["tmdb_id"],
        description="Our users' reviews (with text; includeRatings adds bare ratings), newest first, "
        "paginated.",
    )

    # Its own prefetch (not crew_members), so that asking for crew too does not clash with it.
    @strawberry_django.field(
        prefetch_related=[
            Prefetch(
                "crew_members",
                queryset=models.MovieCrew.objects.filter(role="Director")
                .select_related("person")
                .order_by("person__name", "id"),
                to_attr="director_credits",
            )
        ],
        description="People credited as Director.",
    )
    def directors(self, root: models.Movie) -> list[PersonType]:
        return [credit.person for credit in root.director_credits]

    @strawberry_django.field(only=["tmdb_id", "poster_url"], description=art.URL_DESCRIPTION)
    def poster_url(self, root: models.Movie) -> str:
        return art.image_url("poster", tmdb_id=root.tmdb_id, stored=root.poster_url)

    @strawberry_django.field(only=["tmdb_id", "backdrop_url"], description=art.URL_DESCRIPTION)
    def backdrop_url(self, root: models.Movie) -> str:
        return art.image_url("backdrop", tmdb_id=root.tmdb_id, stored=root.backdrop_url)

    @strawberry_django.field(only=["videos"])
    def videos(self, root: models.Movie) -> list[VideoType]:
        return [
            VideoType(
                key=v.get("key", ""),
                site=v.get("site", ""),
                type=v.get("type", ""),
                name=v.get("name", ""),
                official=bool(v.get("official", False)),
            )
            for v in root.videos or []
        ]

    @strawberry_django.field(
        only=["admin_overrides"],
        extensions=[IsStaff()],
        description="Fields staff set, which TMDb re-syncs leave alone (null unless staff).",
    )
    def admin_overrides(self, root: models.Movie) -> list[MovieOverrideField] | None:
        return [MovieOverrideField(name) for name in root.admin_overrides]

    @strawberry_django.field(
        only=["tmdb_id"],
        description="Where to watch the movie in a region (default: the reader's, see me.services); "
        "JustWatch data via TMDb, to be shown with its attribution.",
    )
    def watch_providers(
        self,
        root: models.Movie,
        info: Info,
        region: Annotated[str | None, strawberry.argument(description=watch.REGION)] = None,
    ) -> watch.MovieWatchProvidersType:
        offers = info.context.loaders.watch_offers
        return watch.MovieWatchProvidersType.of(offers.of(root.tmdb_id, offers.region(region)))

    @strawberry_django.field(
        only=["rating_sum", "rating_count"],
        description="Mean of our users' ratings, on our 1-5 scale in half stars (null without ratings); "
        "voteAverage is TMDb's, 0-10.",
    )
    def average_rating(self, root: models.Movie) -> float | None:
        return root.average_rating

    @strawberry_django.field(
        only=["rating_count"], description="How many of our users rated the movie (reviews and bare ratings)."
    )
    def rating_count(self, root: models.Movie) -> int:
        return root.rating_count

    @strawberry_django.field(
        only=list(RATING_COLUMNS),
        description="Our users' ratings counted per half star: nine buckets, 1.0 to 5.0, zeros included. "
        "Read from the movie's own row, wherever the movie is reached.",
    )
    def rating_histogram(self, root: models.Movie) -> list[RatingBucket]:
        return [RatingBucket(rating=float(value), count=count) for value, count in root.rating_histogram]

    @strawberry_django.field(
        only=["tmdb_id"],
        description="The signed-in reader's own state of the movie (null when anonymous); "
        "read a list of movies at a time, for the movies of the answer only.",
    )
    def viewer_state(self, root: models.Movie, info: Info) -> ViewerStateType | None:
        if not info.context.user.is_authenticated:
            return None
        return ViewerStateType.of(info.context.loaders.viewer_states.of(root.tmdb_id))

    @strawberry_django.field(
        only=["tmdb_id"],
        description="What the people you follow rated it, as their privacy lets you read it (null when "
        "anonymous); read a list of movies at a time. An answer with it is never cached.",
    )
    def friends_ratings(self, root: models.Movie, info: Info) -> FriendsRatingsType | None:
        if not info.context.user.is_authenticated:
            return None
        return FriendsRatingsType.of(info.context.loaders.friends_ratings.of(root.tmdb_id), info)

    @strawberry_django.field(
        only=["tmdb_id"],
        description="In the signed-in user's favorites (false when anonymous).",
        deprecation_reason="Use viewerState { isFavorite }; kept for older clients.",
    )
    def is_favorite(self, root: models.Movie, info: Info) -> bool:
        return info.context.loaders.viewer_states.of(root.tmdb_id).is_favorite

    @strawberry_django.field(
        only=["tmdb_id"],
        description="On the signed-in user's watchlist (false when anonymous).",
        deprecation_reason="Use viewerState { inWatchlist }; kept for older clients.",
    )
    def in_watchlist(self, root: models.Movie, info: Info) -> bool:
        return info.context.loaders.viewer_states.of(root.tmdb_id).in_watchlist

    @strawberry_django.field(
        only=["tmdb_id"],
        description='Dismissed ("not interested") by the signed-in user (false when anonymous).',
        deprecation_reason="Use viewerState { notInterested }; kept for older clients.",
    )
    def is_not_interested(self, root: models.Movie, info: Info) -> bool:
        return info.context.loaders.viewer_states.of(root.tmdb_id).not_interested


@strawberry.type(name="MoviePage")
class MoviePage:
    page: int
    total_pages: int
    total_results: int
    results: list[MovieType]
    did_you_mean: str | None = strawberry.field(
        default=None,
        description=(
            "Search only: when no title word matches q exactly, q with each word replaced by the closest"
            ' word of the catalog\'s titles ("matrix" for "matirx"); else null.'
        ),
    )

    totals_estimated: bool = strawberry.field(
        default=False,
        description=(
            "Search only: true when an availability filter was applied to TMDb's results (a text"
            " search with a TMDb key): the totals are then TMDb's unfiltered estimate, an upper bound,"
            " and a page may hold fewer movies than the page size; false when the totals count exactly"
            " what the filter lets through."
        ),
    )

    @strawberry.field(deprecation_reason="Renamed didYouMean (the same value); kept for older clients.")
    def suggestion(self) -> str | None:
        return self.did_you_mean


@strawberry.type(name="Completion")
class Completion:
    """An autocomplete entry."""

    tmdb_id: int
    title: str
    year: int | None
    poster_url: str
