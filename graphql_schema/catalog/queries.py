"""GraphQL queries of the catalog domain: one selector or service call each."""

import strawberry
import strawberry_django
from django.conf import settings

from catalog import selectors, services
from catalog.models import Movie
from graphql_schema.catalog.availability_filter import AvailabilityArgument, checked_filter
from graphql_schema.catalog.filters import MovieFilter, MovieOrder
from graphql_schema.catalog.types import Completion, GenreType, MoviePage, MovieType
from graphql_schema.context import Info
from graphql_schema.pagination import PagedField
from graphql_schema.policy import policy_extensions


def _page(result: selectors.MoviePage) -> MoviePage:
    return MoviePage(
        page=result.page,
        total_pages=result.total_pages,
        total_results=result.total_results,
        results=result.movies,  # type: ignore[arg-type]
        did_you_mean=result.did_you_mean,
        totals_estimated=result.totals_estimated,
    )


def _movie_page(kind: selectors.PageKind, page: int) -> MoviePage:
    return _page(services.movie_page_fetch(kind=kind, page=page))


@strawberry.type
class CatalogQuery:
    movies: list[MovieType] = strawberry_django.field(
        filters=MovieFilter,
        order=MovieOrder,
        pagination=True,
        field_cls=PagedField,
        description="The local catalog, filtered, ordered and paginated "
        f"(20 movies unless asked, at most {settings.MAX_PAGE_SIZE}).",
    )

    @strawberry_django.field(
        description="A movie by TMDb id (refreshed from TMDb when set up); null when unknown.",
        extensions=policy_extensions("movie"),
    )
    def movie(self, tmdb_id: int) -> MovieType | None:
        try:
            return services.movie_fetch(tmdb_id=tmdb_id)  # type: ignore[return-value]
        except Movie.DoesNotExist:
            return None

    @strawberry_django.field(
        description="Popular movies (TMDb when reachable, else the local catalog).",
        extensions=policy_extensions("popular"),
    )
    def popular(self, page: int = 1) -> MoviePage:
        return _movie_page("popular", page)

    @strawberry_django.field(
        description="Top-rated movies (TMDb when reachable, else vote-count-weighted).",
        extensions=policy_extensions("topRated"),
    )
    def top_rated(self, page: int = 1) -> MoviePage:
        return _movie_page("top_rated", page)

    @strawberry_django.field(
        description="Upcoming releases (TMDb when reachable, else local future ones).",
        extensions=policy_extensions("upcoming"),
    )
    def upcoming(self, page: int = 1) -> MoviePage:
        return _movie_page("upcoming", page)

    @strawberry_django.field(
        description="Search by text, genre (slug or name) and year; movies only.",
        extensions=policy_extensions("search"),
    )
    def search(
        self,
        info: Info,
        q: str | None = None,
        genre: str | None = None,
        year: int | None = None,
        page: int = 1,
        availability: AvailabilityArgument = None,
    ) -> MoviePage:
        available = checked_filter(info, availability)
        return _page(
            services.movie_search_fetch(
                q=q or "", genre=genre or "", year=year, page=page, available=available
            )
        )

    @strawberry_django.field(
        description=(
            "Title suggestions for a search box: the local catalog's best matches of q (2-100 characters,"
            f" typos forgiven), at most {selectors.AUTOCOMPLETE_MAX_LIMIT}."
        ),
        extensions=policy_extensions("autocomplete"),
    )
    def autocomplete(self, q: str, limit: int = selectors.AUTOCOMPLETE_DEFAULT_LIMIT) -> list[Completion]:
        found = selectors.movie_autocomplete(q=q, limit=limit)
        return [
            Completion(tmdb_id=c.tmdb_id, title=c.title, year=c.year, poster_url=c.poster_url) for c in found
        ]

    @strawberry_django.field(description="Every genre, by name.")
    def genres(self) -> list[GenreType]:
        return selectors.genre_list()  # type: ignore[return-value]
