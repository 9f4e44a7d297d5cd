"""Staff CRUD of movies, genres and tags: parse, call one catalog service or selector, shape.

Every route answers 401 to anonymous callers and 403 to signed-in non-staff ones. Bad input
is a 400 with field errors, an unknown id a 404, and deleting a movie users hold a 409
unless ``?force=true``. Movie fields staff set stay as set through TMDb re-syncs until a
PUT/PATCH lists them in ``clear_overrides``.
"""

from collections.abc import Callable
from uuid import UUID

from django.db.models import Model, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from catalog import selectors, services
from rest_api.admin_api import catalog_serializers as s
from rest_api.catalog.serializers import GenreSerializer
from rest_api.parsing import validated

TAGS = ["admin"]
DELETED = {204: OpenApiResponse(description="Deleted."), 404: OpenApiResponse(description="No such id.")}


class _AdminView(GenericAPIView):
    permission_classes = [IsAdminUser]

    def body(self, serializer_class: type[Serializer], *, partial: bool = False) -> dict:
        return validated(serializer_class, self.request.data, partial=partial)

    def paged(self, list_selector: Callable[..., QuerySet], serializer_class: type[Serializer]) -> Response:
        """A page of ``list_selector(q=...)`` with the request's ``?q=``."""
        q = validated(s.AdminListQuerySerializer, self.request.query_params)["q"]
        page = self.paginate_queryset(list_selector(q=q))
        return self.get_paginated_response(serializer_class(page, many=True).data)


# --- movies -----------------------------------------------------------------------------------


class MovieListView(_AdminView):
    @extend_schema(
        parameters=[s.AdminListQuerySerializer],
        responses=s.AdminMovieSerializer(many=True),
        summary="Local movies, most popular first (?q= filters by title)",
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        return self.paged(selectors.movie_admin_list, s.AdminMovieSerializer)

    @extend_schema(
        request=s.MovieCreateSerializer,
        responses={201: s.AdminMovieSerializer},
        summary="Add a movie to the local catalog",
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        movie = services.movie_create(**self.body(s.MovieCreateSerializer))
        return Response(s.AdminMovieSerializer(movie).data, status=status.HTTP_201_CREATED)


class MovieDetailView(_AdminView):
    @extend_schema(
        responses=s.AdminMovieSerializer, summary="A local movie with its editable metadata", tags=TAGS
    )
    def get(self, request: Request, tmdb_id: int) -> Response:
        return Response(s.AdminMovieSerializer(selectors.movie_admin_detail(tmdb_id=tmdb_id)).data)

    def _update(self, tmdb_id: int, *, partial: bool) -> Response:
        movie = services.movie_update(tmdb_id=tmdb_id, **self.body(s.MovieUpdateSerializer, partial=partial))
        return Response(s.AdminMovieSerializer(movie).data)

    @extend_schema(
        request=s.MovieUpdateSerializer,
        responses=s.AdminMovieSerializer,
        summary="Replace a movie's metadata (title required)",
        tags=TAGS,
    )
    def put(self, request: Request, tmdb_id: int) -> Response:
        return self._update(tmdb_id, partial=False)

    @extend_schema(
        request=s.MovieUpdateSerializer,
        responses=s.AdminMovieSerializer,
        summary="Change some of a movie's metadata",
        tags=TAGS,
    )
    def patch(self, request: Request, tmdb_id: int) -> Response:
        return self._update(tmdb_id, partial=True)

    @extend_schema(
        parameters=[s.MovieDeleteQuerySerializer],
        responses={**DELETED, 409: OpenApiResponse(description="Users hold it; repeat with ?force=true.")},
        summary="Delete a movie",
        tags=TAGS,
    )
    def delete(self, request: Request, tmdb_id: int) -> Response:
        force = validated(s.MovieDeleteQuerySerializer, request.query_params)["force"]
        services.movie_delete(tmdb_id=tmdb_id, force=force)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- genres and tags ------------------------------------------------------------------------


class _NamedListView(_AdminView):
    """List (paged, ?q= on name or slug) and create genres or tags."""

    list_selector: Callable[..., QuerySet]
    create: Callable[..., Model]

    def get(self, request: Request) -> Response:
        return self.paged(self.list_selector, self.serializer_class)

    def post(self, request: Request) -> Response:
        instance = self.create(**self.body(s.NamedSerializer))
        return Response(self.serializer_class(instance).data, status=status.HTTP_201_CREATED)


class _NamedDetailView(_AdminView):
    """Read, replace, change and delete one genre or tag; ``id_argument`` names its id for the calls."""

    id_argument: str
    getter: Callable[..., Model]
    update: Callable[..., Model]
    remove: Callable[..., Model]

    def get(self, request: Request, pk: UUID) -> Response:
        return Response(self.serializer_class(self.getter(**{self.id_argument: pk})).data)

    def _update(self, pk: UUID, *, partial: bool) -> Response:
        fields = self.body(s.NamedSerializer, partial=partial)
        return Response(self.serializer_class(self.update(**{self.id_argument: pk}, **fields)).data)

    def put(self, request: Request, pk: UUID) -> Response:
        return self._update(pk, partial=False)

    def patch(self, request: Request, pk: UUID) -> Response:
        return self._update(pk, partial=True)

    def delete(self, request: Request, pk: UUID) -> Response:
        self.remove(**{self.id_argument: pk})
        return Response(status=status.HTTP_204_NO_CONTENT)


def _list_schema(kind: str, serializer: type[Serializer]) -> Callable:
    return extend_schema_view(
        get=extend_schema(
            parameters=[s.AdminListQuerySerializer],
            responses=serializer(many=True),
            summary=f"{kind.capitalize()}s by name (?q= filters by name or slug)",
            tags=TAGS,
        ),
        post=extend_schema(
            request=s.NamedSerializer, responses={201: serializer}, summary=f"Add a {kind}", tags=TAGS
        ),
    )


def _detail_schema(kind: str, serializer: type[Serializer]) -> Callable:
    def write(summary: str):
        return extend_schema(request=s.NamedSerializer, responses=serializer, summary=summary, tags=TAGS)

    return extend_schema_view(
        get=extend_schema(responses=serializer, summary=f"One {kind}", tags=TAGS),
        put=write(f"Replace a {kind}'s name and slug"),
        patch=write(f"Rename a {kind} or change its slug"),
        delete=extend_schema(
            responses=DELETED, summary=f"Delete a {kind}, detaching it from its movies", tags=TAGS
        ),
    )


@_list_schema("genre", GenreSerializer)
class GenreListView(_NamedListView):
    serializer_class = GenreSerializer
    list_selector = staticmethod(selectors.genre_list)
    create = staticmethod(services.genre_create)


@_detail_schema("genre", GenreSerializer)
class GenreDetailView(_NamedDetailView):
    serializer_class = GenreSerializer
    id_argument = "genre_id"
    getter = staticmethod(selectors.genre_get)
    update = staticmethod(services.genre_update)
    remove = staticmethod(services.genre_delete)


@_list_schema("tag", s.TagSerializer)
class TagListView(_NamedListView):
    serializer_class = s.TagSerializer
    list_selector = staticmethod(selectors.keyword_list)
    create = staticmethod(services.keyword_create)


@_detail_schema("tag", s.TagSerializer)
class TagDetailView(_NamedDetailView):
    serializer_class = s.TagSerializer
    id_argument = "keyword_id"
    getter = staticmethod(selectors.keyword_get)
    update = staticmethod(services.keyword_update)
    remove = staticmethod(services.keyword_delete)
