"""Staff-only catalog edits: movies, genres and tags; each body is one catalog service call.

Non-staff callers (and anonymous ones) get a PERMISSION message and change nothing. Bad
values are VALIDATION messages on the offending field, unknown ids an ERROR message.
"""

import dataclasses
import datetime

import strawberry
import strawberry_django
from strawberry_django.permissions import IsStaff

from catalog import services
from graphql_schema.catalog.types import GenreType, MovieOverrideField, MovieType, TagType

STAFF_ONLY = "Only staff can do this."


def _staff(description: str) -> dict:
    return {
        "handle_django_errors": True,
        "extensions": [IsStaff(message=STAFF_ONLY)],
        "description": f"{description} (staff only)",
    }


@strawberry.input(
    name="MovieInput",
    description="Movie metadata. A field left out keeps its value (on create, its default); "
    "genreIds and tagIds replace the movie's genres and tags.",
)
class MovieInput:
    title: str | None = strawberry.UNSET
    original_title: str | None = strawberry.UNSET
    overview: str | None = strawberry.UNSET
    tagline: str | None = strawberry.UNSET
    release_date: datetime.date | None = strawberry.UNSET
    runtime: int | None = strawberry.field(default=strawberry.UNSET, description="Minutes, 0 to 60000.")
    poster_url: str | None = strawberry.UNSET
    backdrop_url: str | None = strawberry.UNSET
    language: str | None = strawberry.field(default=strawberry.UNSET, description="ISO 639-1, e.g. en.")
    imdb_id: str | None = strawberry.field(default=strawberry.UNSET, description="e.g. tt0133093.")
    vote_average: float | None = strawberry.field(default=strawberry.UNSET, description="0 to 10.")
    vote_count: int | None = strawberry.UNSET
    popularity_score: float | None = strawberry.field(default=strawberry.UNSET, description="0 or more.")
    genre_ids: list[strawberry.ID] | None = strawberry.UNSET
    tag_ids: list[strawberry.ID] | None = strawberry.UNSET


def _set(**values) -> dict:
    """The values that the client set (null included)."""
    return {name: value for name, value in values.items() if value is not strawberry.UNSET}


def _given(data: MovieInput) -> dict:
    """The input's fields that the client set (null included)."""
    return _set(**{field.name: getattr(data, field.name) for field in dataclasses.fields(data)})


@strawberry.type
class CatalogAdminMutation:
    @strawberry_django.mutation(**_staff("Add a movie to the local catalog; tmdbId must be new"))
    def movie_create(self, tmdb_id: int, input: MovieInput) -> MovieType:
        return services.movie_create(tmdb_id=tmdb_id, **_given(input))  # type: ignore[return-value]

    @strawberry_django.mutation(
        **_staff(
            "Change a movie's metadata; the fields set stay as set through TMDb re-syncs until "
            "listed in clearOverrides, which takes TMDb's values back and re-syncs the movie"
        )
    )
    def movie_update(
        self, tmdb_id: int, input: MovieInput, clear_overrides: list[MovieOverrideField] | None = None
    ) -> MovieType:
        cleared = [field.value for field in clear_overrides or ()]
        return services.movie_update(tmdb_id=tmdb_id, clear_overrides=cleared, **_given(input))  # type: ignore[return-value]

    @strawberry_django.mutation(
        **_staff(
            "Delete a movie; one users have favorited, listed, reviewed or viewed needs force, "
            "which deletes those too"
        )
    )
    def movie_delete(self, tmdb_id: int, force: bool = False) -> MovieType:
        return services.movie_delete(tmdb_id=tmdb_id, force=force)  # type: ignore[return-value]

    @strawberry_django.mutation(**_staff("Add a genre; a blank slug is derived from the name"))
    def genre_create(self, name: str, slug: str = "") -> GenreType:
        return services.genre_create(name=name, slug=slug)  # type: ignore[return-value]

    @strawberry_django.mutation(**_staff("Rename a genre or change its slug"))
    def genre_update(
        self, id: strawberry.ID, name: str | None = strawberry.UNSET, slug: str | None = strawberry.UNSET
    ) -> GenreType:
        return services.genre_update(genre_id=id, **_set(name=name, slug=slug))  # type: ignore[return-value]

    @strawberry_django.mutation(**_staff("Delete a genre, detaching it from its movies"))
    def genre_delete(self, id: strawberry.ID) -> GenreType:
        return services.genre_delete(genre_id=id)  # type: ignore[return-value]

    @strawberry_django.mutation(**_staff("Add a tag (keyword); a blank slug is derived from the name"))
    def tag_create(self, name: str, slug: str = "") -> TagType:
        return services.keyword_create(name=name, slug=slug)  # type: ignore[return-value]

    @strawberry_django.mutation(**_staff("Rename a tag or change its slug"))
    def tag_update(
        self, id: strawberry.ID, name: str | None = strawberry.UNSET, slug: str | None = strawberry.UNSET
    ) -> TagType:
        return services.keyword_update(keyword_id=id, **_set(name=name, slug=slug))  # type: ignore[return-value]

    @strawberry_django.mutation(**_staff("Delete a tag, detaching it from its movies"))
    def tag_delete(self, id: strawberry.ID) -> TagType:
        return services.keyword_delete(keyword_id=id)  # type: ignore[return-value]
