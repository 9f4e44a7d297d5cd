"""Favorites, watchlist, views and reviews: parse, call one engagement service or selector, shape.

Lists are paginated (``count``, ``next``, ``previous``, ``results``), newest first. Another
user's entry or review answers 404, exactly like a missing one.
"""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from common.http_caching import NO_STORE
from engagement import diary, history_import, selectors, services, stats, user_services
from engagement.letterboxd_export import export_link_user, letterboxd_export
from engagement.viewing import viewer_key_for
from portability import sync
from rest_api.catalog.availability_serializers import AvailabilityQuerySerializer, availability_query
from rest_api.catalog.offers_include import IncludeQuerySerializer
from rest_api.engagement import serializers as s
from rest_api.operations import DeclaredOperations
from rest_api.pagination import CursorPagination, Paged
from rest_api.parsing import validated
from rest_api.portability.serializers import UpdatedSinceQuerySerializer
from social import profiles
from social.reactions import with_reactions

ADDED = {
    201: OpenApiResponse(s.UserEntrySerializer, description="Added."),
    200: OpenApiResponse(s.UserEntrySerializer, description="Already there: the existing entry, unchanged."),
}
SYNCED = {
    200: s.UserEntrySerializer(many=True),
    410: OpenApiResponse(description="updated_since is older than the removals kept: fetch the whole list."),
}
GONE = {
    204: OpenApiResponse(description="Removed."),
    404: OpenApiResponse(description="No such entry of yours."),
}


class _EngagementView(Paged, DeclaredOperations, GenericAPIView):
    permission_classes = [IsAuthenticated]

    def parse(self, serializer_class: type[Serializer], *, partial: bool = False) -> dict:
        return validated(serializer_class, self.request.data, partial=partial)

    def with_request(self, rows: list) -> dict:
        """The serializers' context: the request, for the reader's own fields (liked_by_me)."""
        return {"request": self.request}

    def synced(self, rows, collection: str) -> Response:
        """The page of ``rows``; with ``updated_since``, of those added since, plus ``removed``."""
        since = validated(UpdatedSinceQuerySerializer, self.request.query_params).get("updated_since")
        if since is None:
            return self.paged(rows, s.UserEntrySerializer)
        changes = sync.changes_since(self.request.user, collection, since, rows=rows)
        response = self.paged(changes.changed, s.UserEntrySerializer)
        response.data["removed"] = changes.removed
        return response

    @staticmethod
    def added(entry, created: bool) -> Response:
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(s.UserEntrySerializer(entry).data, status=code)


class FavoriteListView(_EngagementView):
    operations = {"POST": "addFavorite"}

    @extend_schema(
        parameters=[IncludeQuerySerializer, UpdatedSinceQuerySerializer],
        responses=SYNCED,
        summary="The signed-in user's favorites [added since updated_since, with the ids removed since]",
    )
    def get(self, request: Request) -> Response:
        return self.synced(selectors.favorite_list(user=request.user), "favorites")

    @extend_schema(
        request=s.MovieRefInputSerializer,
        responses=ADDED,
        summary="Favorite a movie (idempotent: 201 when added, 200 with the same entry when already there)",
    )
    def post(self, request: Request) -> Response:
        tmdb_id = self.parse(s.MovieRefInputSerializer)["tmdb_id"]
        return self.added(*services.favorite_add(user=request.user, tmdb_id=tmdb_id))


class FavoriteDetailView(_EngagementView):
    operations = {"DELETE": "removeFavorite"}

    @extend_schema(responses=GONE, summary="Remove a favorite, by the entry's id")
    def delete(self, request: Request, favorite_id) -> Response:
        services.favorite_remove(user=request.user, favorite_id=favorite_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FavoriteByMovieView(_EngagementView):
    operations = {"DELETE": "removeFavorite"}

    @extend_schema(
        responses=GONE,
        summary="Remove a favorite, by the movie's TMDb id",
        operation_id="user_favorites_movie_destroy",
    )
    def delete(self, request: Request, tmdb_id: int) -> Response:
        services.favorite_remove(user=request.user, tmdb_id=tmdb_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WatchlistListView(_EngagementView):
    operations = {"POST": "addToWatchlist"}

    @extend_schema(
        parameters=[AvailabilityQuerySerializer, IncludeQuerySerializer, UpdatedSinceQuerySerializer],
        responses=SYNCED,
        summary=(
            "The signed-in user's watchlist [only what is available as the availability filter asks]"
            " [added since updated_since, with the ids removed since]"
        ),
    )
    def get(self, request: Request) -> Response:
        watchlist = selectors.watchlist_list(user=request.user, available=availability_query(request))
        return self.synced(watchlist, "watchlist")

    @extend_schema(
        request=s.MovieRefInputSerializer,
        responses=ADDED,
        summary="Put a movie on the watchlist (idempotent: 201 when added, 200 with the same entry after)",
    )
    def post(self, request: Request) -> Response:
        tmdb_id = self.parse(s.MovieRefInputSerializer)["tmdb_id"]
        return self.added(*services.watchlist_add(user=request.user, tmdb_id=tmdb_id))


class WatchlistDetailView(_EngagementView):
    operations = {"DELETE": "removeFromWatchlist"}

    @extend_schema(responses=GONE, summary="Take a movie off the watchlist, by the entry's id")
    def delete(self, request: Request, item_id) -> Response:
        services.watchlist_remove(user=request.user, item_id=item_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WatchlistByMovieView(_EngagementView):
    operations = {"DELETE": "removeFromWatchlist"}

    @extend_schema(
        responses=GONE,
        summary="Take a movie off the watchlist, by its TMDb id",
        operation_id="user_watchlist_movie_destroy",
    )
    def delete(self, request: Request, tmdb_id: int) -> Response:
        services.watchlist_remove(user=request.user, tmdb_id=tmdb_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class NotInterestedListView(_EngagementView):
    operations = {"POST": "markNotInterested"}

    @extend_schema(
        parameters=[IncludeQuerySerializer],
        responses=s.UserEntrySerializer(many=True),
        summary='Movies the signed-in user dismissed ("not interested"), newest first',
    )
    def get(self, request: Request) -> Response:
        return self.paged(selectors.not_interested_list(user=request.user), s.UserEntrySerializer)

    @extend_schema(
        request=s.TmdbIdInputSerializer,
        responses={
            **ADDED,
            404: OpenApiResponse(description="No such movie in the catalog."),
        },
        summary="Dismiss a movie: it leaves your recommendations and trending at once "
        "(idempotent: 201 when added, 200 when already there)",
    )
    def post(self, request: Request) -> Response:
        return self.added(
            *services.not_interested_add(user=request.user, **self.parse(s.TmdbIdInputSerializer))
        )


class NotInterestedDetailView(_EngagementView):
    operations = {"DELETE": "unmarkNotInterested"}

    @extend_schema(
        responses={
            204: OpenApiResponse(description="Dismissal withdrawn."),
            404: OpenApiResponse(description="You have not dismissed this movie."),
        },
        summary='Withdraw a "not interested"',
    )
    def delete(self, request: Request, tmdb_id: int) -> Response:
        services.not_interested_remove(user=request.user, tmdb_id=tmdb_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class HistoryImportView(_EngagementView):
    operations = {"POST": "importHistory"}
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": s.HistoryImportInputSerializer},
        responses={
            202: s.ImportAcceptedSerializer,
            400: OpenApiResponse(description="Not a readable Letterboxd, IMDb or Trakt export."),
            409: OpenApiResponse(description="Too many of your imports are waiting or running already."),
            413: OpenApiResponse(description="The file is larger than the upload limit (5 MB)."),
        },
        summary="Import a Letterboxd, IMDb or Trakt export (ratings become reviews and views, "
        "watchlists watchlist items); runs in the background",
    )
    def post(self, request: Request) -> Response:
        query = self.parse(s.HistoryImportInputSerializer)
        upload = query["file"]
        job = history_import.history_import_start(
            user=request.user,
            file_name=upload.name or "",
            data=upload.read(history_import.max_upload_bytes() + 1),
            source=query["source"],
        )
        return Response(s.ImportAcceptedSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class HistoryImportDetailView(_EngagementView):
    operations = {"GET": "importJob"}

    @extend_schema(
        responses={
            200: s.HistoryImportSerializer,
            404: OpenApiResponse(description="No such import of yours."),
        },
        summary="An import's status and, once done, what it matched and created",
    )
    def get(self, request: Request, import_id) -> Response:
        job = selectors.history_import_get(user=request.user, import_id=import_id)
        return Response(s.HistoryImportSerializer(job).data)


class HistoryImportUnmatchedView(_EngagementView):
    operations = {"GET": "importJob"}

    @extend_schema(
        responses={
            200: s.UnmatchedFilmSerializer(many=True),
            404: OpenApiResponse(description="No such import of yours."),
        },
        summary="An import's films not imported, with why, in file order",
    )
    def get(self, request: Request, import_id) -> Response:
        job = selectors.history_import_get(user=request.user, import_id=import_id)
        return self.paged(job.unmatched, s.UnmatchedFilmSerializer)


class LetterboxdExportView(_EngagementView):
    operations = {"GET": "exportLetterboxd"}

    def get_permissions(self):
        # A signed link (GraphQL's exportLetterboxd) stands in for the token.
        return [] if "link" in self.request.query_params else super().get_permissions()

    @extend_schema(
        parameters=[s.ExportLinkQuerySerializer],
        responses={
            (200, "application/zip"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="diary.csv, ratings.csv, watched.csv, likes/films.csv and lists/*.csv in "
                "Letterboxd's columns (plus tmdbID); importing it back gives the same diary and lists.",
            ),
            403: OpenApiResponse(description="The signed link is not valid or has expired."),
        },
        summary="Download your diary, ratings, likes and lists as a Letterboxd export ZIP "
        "(signed in, or by the short-lived link GraphQL's exportLetterboxd gives)",
    )
    def get(self, request: Request) -> HttpResponse:
        query = validated(s.ExportLinkQuerySerializer, request.query_params)
        linked = "link" in request.query_params
        user = export_link_user(query.get("link", "")) if linked else request.user
        response = HttpResponse(letterboxd_export(user=user), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="letterboxd-export.zip"'
        # Personal data, even when fetched without credentials by a link: no cache keeps it.
        response["Cache-Control"] = NO_STORE
        return response


class TrackView(_EngagementView):
    operations = {"POST": "trackView"}
    permission_classes = [AllowAny]

    @extend_schema(
        request=s.TrackViewInputSerializer,
        responses={201: s.HistoryEntrySerializer},
        summary="Record a view of a movie (signed-in or anonymous; anonymous viewers are hashed)",
    )
    def post(self, request: Request, tmdb_id: int) -> Response:
        view = services.view_track(
            user=request.user,
            viewer_key=viewer_key_for(request),
            tmdb_id=tmdb_id,
            **self.parse(s.TrackViewInputSerializer),
        )
        return Response(s.HistoryEntrySerializer(view).data, status=status.HTTP_201_CREATED)


class HistoryView(_EngagementView):
    @extend_schema(responses=s.HistoryEntrySerializer(many=True), summary="The signed-in user's view history")
    def get(self, request: Request) -> Response:
        return self.paged(selectors.history_list(user=request.user), s.HistoryEntrySerializer)


class MyReviewsView(_EngagementView):
    @extend_schema(
        parameters=[s.ReviewListQuerySerializer],
        responses=s.ReviewSerializer(many=True),
        summary="Your reviews with text (include_ratings=true: bare ratings too), newest first",
    )
    def get(self, request: Request) -> Response:
        query = validated(s.ReviewListQuerySerializer, request.query_params)
        reviews = with_reactions(
            selectors.review_list_for_user(user=request.user, **query), viewer=request.user
        )
        return self.paged(reviews, s.ReviewSerializer, self.with_request)


class MovieReviewsView(_EngagementView):
    operations = {"POST": "createReview"}
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        parameters=[s.ReviewListQuerySerializer],
        responses=s.ReviewSerializer(many=True),
        summary="A movie's reviews with text (include_ratings=true: bare ratings too), newest first (public)",
    )
    def get(self, request: Request, tmdb_id: int) -> Response:
        query = validated(s.ReviewListQuerySerializer, request.query_params)
        reviews = selectors.review_list_for_movie(tmdb_id=tmdb_id, **query)
        reviews = with_reactions(profiles.movie_reviews(reviews, viewer=request.user), viewer=request.user)
        return self.paged(reviews, s.ReviewSerializer, self.with_request)

    @extend_schema(
        request=s.ReviewInputSerializer,
        responses={201: s.ReviewSerializer},
        summary="Rate a movie, with text a review (one per user and movie: a second one is a 409)",
    )
    def post(self, request: Request, tmdb_id: int) -> Response:
        review = services.review_create(
            user=request.user, tmdb_id=tmdb_id, **self.parse(s.ReviewInputSerializer)
        )
        return Response(
            s.ReviewSerializer(review, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class ReviewDetailView(_EngagementView):
    operations = {"PUT": "updateReview", "PATCH": "updateReview", "DELETE": "deleteReview"}

    def _update(self, request: Request, review_id, *, partial: bool) -> Response:
        review = services.review_update(
            user=request.user, review_id=review_id, **self.parse(s.ReviewInputSerializer, partial=partial)
        )
        return Response(s.ReviewSerializer(review, context={"request": request}).data)

    @extend_schema(
        request=s.ReviewInputSerializer,
        responses={200: s.ReviewSerializer},
        summary="Replace your review's rating and text (owner only)",
    )
    def put(self, request: Request, review_id) -> Response:
        return self._update(request, review_id, partial=False)

    @extend_schema(
        request=s.ReviewInputSerializer,
        responses={200: s.ReviewSerializer},
        summary="Change your review's rating or text (owner only)",
    )
    def patch(self, request: Request, review_id) -> Response:
        return self._update(request, review_id, partial=True)

    @extend_schema(
        responses={
            204: OpenApiResponse(description="Deleted."),
            404: OpenApiResponse(description="Not found."),
        },
        summary="Delete a review (its author, or staff)",
    )
    def delete(self, request: Request, review_id) -> Response:
        services.review_delete(user=request.user, review_id=review_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


PLAY_NOT_FOUND = OpenApiResponse(description="No such play of yours.")


class DiaryView(_EngagementView):
    operations = {"GET": "diary", "POST": "logPlay"}
    pagination_class = CursorPagination
    cursor_ordering = diary.ORDERING

    @extend_schema(
        parameters=[s.DiaryListQuerySerializer],
        responses=s.DiaryEntrySerializer(many=True),
        summary="Your diary: plays newest first, in cursor pages; filter by year, month, tag, rating, liked",
    )
    def get(self, request: Request) -> Response:
        query = validated(s.DiaryListQuerySerializer, request.query_params)
        return self.paged(diary.diary_list(user=request.user, **query), s.DiaryEntrySerializer)

    @extend_schema(
        request=s.DiaryLogInputSerializer,
        responses={
            201: s.DiaryEntrySerializer,
            404: OpenApiResponse(description="No such movie in the catalog or on TMDb."),
        },
        summary="Log a play of a movie (its rating becomes your rating of the movie, its view joins history)",
    )
    def post(self, request: Request) -> Response:
        entry = diary.diary_log(user=request.user, **self.parse(s.DiaryLogInputSerializer))
        return Response(s.DiaryEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class DiaryEntryView(_EngagementView):
    operations = {"GET": "diaryEntry", "PATCH": "updatePlay", "DELETE": "deletePlay"}

    @extend_schema(responses={200: s.DiaryEntrySerializer, 404: PLAY_NOT_FOUND}, summary="One of your plays")
    def get(self, request: Request, entry_id) -> Response:
        return Response(s.DiaryEntrySerializer(diary.diary_get(user=request.user, entry_id=entry_id)).data)

    @extend_schema(
        request=s.DiaryPlayInputSerializer,
        responses={200: s.DiaryEntrySerializer, 404: PLAY_NOT_FOUND},
        summary="Change one of your plays (fields left out keep their values)",
    )
    def patch(self, request: Request, entry_id) -> Response:
        changes = self.parse(s.DiaryPlayInputSerializer, partial=True)
        entry = diary.diary_update(user=request.user, entry_id=entry_id, **changes)
        return Response(s.DiaryEntrySerializer(entry).data)

    @extend_schema(
        responses={
            204: OpenApiResponse(description="Deleted; your rating of the movie stays."),
            404: PLAY_NOT_FOUND,
        },
        summary="Delete one of your plays and its view (your rating of the movie stays)",
    )
    def delete(self, request: Request, entry_id) -> Response:
        diary.diary_delete(user=request.user, entry_id=entry_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DiaryTagsView(_EngagementView):
    operations = {"GET": "diaryTags"}
    pagination_class = CursorPagination
    cursor_ordering = diary.TAG_ORDERING

    @extend_schema(
        responses=s.DiaryTagCountSerializer(many=True),
        summary="Your diary tags, by name, each with how many of your plays carry it",
    )
    def get(self, request: Request) -> Response:
        return self.paged(diary.diary_tags(user=request.user), s.DiaryTagCountSerializer)


class StatsView(_EngagementView):
    operations = {"GET": "diaryStats"}

    @extend_schema(
        parameters=[s.StatsQuerySerializer],
        responses=s.StatsSerializer,
        summary="Your diary in figures: a year's (a completed one is its year in review) or all time's",
    )
    def get(self, request: Request) -> Response:
        year = validated(s.StatsQuerySerializer, request.query_params).get("year")
        return Response(s.StatsSerializer(stats.user_stats(user=request.user, year=year)).data)


class StatsYearsView(_EngagementView):
    operations = {"GET": "diaryStatsYears"}

    @extend_schema(
        responses=s.StatsYearsSerializer, summary="The years with plays in your diary, newest first"
    )
    def get(self, request: Request) -> Response:
        return Response(s.StatsYearsSerializer({"years": stats.stats_years(user=request.user)}).data)


class UserServicesView(_EngagementView):
    operations = {"PUT": "updateServices"}

    @extend_schema(responses=s.UserServicesSerializer, summary="Your region and streaming services")
    def get(self, request: Request) -> Response:
        return Response(s.UserServicesSerializer(user_services.user_services(user=request.user)).data)

    @extend_schema(
        request=s.UserServicesInputSerializer,
        responses=s.UserServicesSerializer,
        summary="Replace your region and streaming services (provider ids from /api/watch-providers/)",
    )
    def put(self, request: Request) -> Response:
        changed = user_services.user_services_update(
            user=request.user, **self.parse(s.UserServicesInputSerializer)
        )
        return Response(s.UserServicesSerializer(changed).data)
