"""Engagement mutations; each body is one engagement-service call.

Adding a movie that is already in a list returns the existing entry (idempotent); a movie
neither the catalog nor TMDb knows is an error ("No movie with TMDb id ..."). Removals
and review deletion return the movie, so clients can refresh viewerState/averageRating.
A second review of the same movie is a VALIDATION error on ``tmdbId``.
"""

import enum
from typing import Annotated
from urllib.parse import urlencode

import strawberry
import strawberry_django
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from strawberry.file_uploads import Upload

from engagement import history_import, services
from engagement.letterboxd_export import export_link
from engagement.viewing import viewer_key_for
from graphql_schema.catalog.types import MovieType, ReviewType
from graphql_schema.context import Info
from graphql_schema.engagement.types import (
    ExportLinkType,
    FavoriteMovieType,
    ImportJobType,
    NotInterestedType,
    WatchHistoryType,
    WatchlistItemType,
)
from graphql_schema.policy import policy_extensions

NOT_A_FILE = "Send the file as a multipart upload."
# title and posterUrl of addFavorite/addToWatchlist: still accepted, no longer read.
IgnoredText = Annotated[
    str,
    strawberry.argument(
        deprecation_reason="Ignored: a movie's facts come from the catalog or TMDb, never from the request."
    ),
]

ImportSource = strawberry.enum(
    enum.Enum("ImportSource", {name.upper(): name for name in history_import.SOURCE_CHOICES}),
    description="What an uploaded export is; AUTO detects it from its header.",
)


def writer(info: Info):
    """The user about to write; the request reads their state of movies afresh after the write."""
    info.context.loaders.viewer_states.forget()
    return info.context.user


def mutation_options(operation: str) -> dict:
    """Mutation options: Django errors as messages, and ``operation``'s policy (sign-in, throttle)."""
    return {"handle_django_errors": True, "extensions": policy_extensions(operation)}


@strawberry.type
class EngagementMutation:
    @strawberry_django.mutation(**mutation_options("addFavorite"))
    def add_favorite(
        self, info: Info, tmdb_id: int, title: IgnoredText = "", poster_url: IgnoredText = ""
    ) -> FavoriteMovieType:
        favorite, _created = services.favorite_add(user=writer(info), tmdb_id=tmdb_id)
        return favorite

    @strawberry_django.mutation(**mutation_options("removeFavorite"))
    def remove_favorite(self, info: Info, tmdb_id: int) -> MovieType:
        return services.favorite_remove(user=writer(info), tmdb_id=tmdb_id)

    @strawberry_django.mutation(**mutation_options("addToWatchlist"))
    def add_to_watchlist(
        self, info: Info, tmdb_id: int, title: IgnoredText = "", poster_url: IgnoredText = ""
    ) -> WatchlistItemType:
        item, _created = services.watchlist_add(user=writer(info), tmdb_id=tmdb_id)
        return item

    @strawberry_django.mutation(**mutation_options("removeFromWatchlist"))
    def remove_from_watchlist(self, info: Info, tmdb_id: int) -> MovieType:
        return services.watchlist_remove(user=writer(info), tmdb_id=tmdb_id)

    @strawberry_django.mutation(
        **mutation_options("markNotInterested"),
        description="Dismiss a catalog movie: it leaves your recommendations and trending at once "
        "(idempotent).",
    )
    def mark_not_interested(self, info: Info, tmdb_id: int) -> NotInterestedType:
        entry, _created = services.not_interested_add(user=writer(info), tmdb_id=tmdb_id)
        return entry

    @strawberry_django.mutation(
        **mutation_options("unmarkNotInterested"), description='Withdraw a "not interested".'
    )
    def unmark_not_interested(self, info: Info, tmdb_id: int) -> MovieType:
        return services.not_interested_remove(user=writer(info), tmdb_id=tmdb_id)

    @strawberry_django.mutation(
        **mutation_options("importHistory"),
        description="Import a Letterboxd, IMDb or Trakt export (multipart upload, at most 5 MB); "
        "runs in the background: follow it with importJob(id).",
    )
    def import_history(
        self,
        info: Info,
        file: Upload,
        # Named apart in Python: "source" is taken by the permission extension's resolver.
        export_source: Annotated[ImportSource, strawberry.argument(name="source")] = ImportSource.AUTO,
    ) -> ImportJobType:
        if not isinstance(file, UploadedFile):
            raise ValidationError({"file": [NOT_A_FILE]})
        return history_import.history_import_start(
            user=writer(info),
            file_name=getattr(file, "name", "") or "",
            data=file.read(history_import.max_upload_bytes() + 1),
            source=export_source.value,
        )

    @strawberry_django.mutation(
        **mutation_options("exportLetterboxd"),
        description="A short-lived link to download your diary, ratings, likes and lists as a "
        "Letterboxd export ZIP (GET it; no token needed while it lasts).",
    )
    def export_letterboxd(self, info: Info) -> ExportLinkType:
        token, expires_at = export_link(user=writer(info))
        path = f"{reverse('letterboxd-export')}?{urlencode({'link': token})}"
        return ExportLinkType(url=info.context.request.build_absolute_uri(path), expires_at=expires_at)

    @strawberry_django.mutation(
        **mutation_options("trackView"),
        description="Record a view; signed-in or anonymous.",
    )
    def track_view(self, info: Info, tmdb_id: int, progress_seconds: int | None = None) -> WatchHistoryType:
        return services.view_track(
            user=writer(info),
            viewer_key=viewer_key_for(info.context.request),
            tmdb_id=tmdb_id,
            progress_seconds=progress_seconds,
        )

    @strawberry_django.mutation(
        **mutation_options("createReview"),
        description="Rate a movie, 1 to 5 in half stars; with text the rating is also a review.",
    )
    def create_review(self, info: Info, tmdb_id: int, rating: float, text: str = "") -> ReviewType:
        return services.review_create(user=writer(info), tmdb_id=tmdb_id, rating=rating, text=text)

    @strawberry_django.mutation(**mutation_options("updateReview"))
    def update_review(
        self, info: Info, id: strawberry.ID, rating: float | None = None, text: str | None = None
    ) -> ReviewType:
        return services.review_update(user=writer(info), review_id=id, rating=rating, text=text)

    @strawberry_django.mutation(
        **mutation_options("deleteReview"), description="Delete a review (its author or staff)."
    )
    def delete_review(self, info: Info, id: strawberry.ID) -> MovieType:
        return services.review_delete(user=writer(info), review_id=id)
