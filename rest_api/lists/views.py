"""User lists: parse, read the list through social.lists (the privacy rule), call one service, shape.

A list the reader may not read answers 404 exactly like a missing one, on every method; a
reader who may not edit it gets 403 for a write. List pages and entry pages are cursor pages
(``next``, ``previous``, ``results``).
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from engagement import lists as services
from engagement.availability_filter import AvailabilityFilter
from engagement.models import MovieList
from rest_api.catalog.availability_serializers import AvailabilityQuerySerializer, availability_query
from rest_api.catalog.offers_include import IncludeQuerySerializer
from rest_api.lists import serializers as s
from rest_api.operations import DeclaredOperations
from rest_api.pagination import CursorPagination, Paged
from rest_api.parsing import validated
from social import lists
from social.reactions import with_reactions

NOT_FOUND = OpenApiResponse(description="No such list, or not one you may read.")
NOT_EDITOR = OpenApiResponse(description="You may read this list but not make this change.")
CONFLICT = OpenApiResponse(description="A limit is reached, or the movie is already on the list.")
DONE = OpenApiResponse(description="Done.")


class _ListView(Paged, DeclaredOperations, GenericAPIView):
    permission_classes = [AllowAny]
    pagination_class = CursorPagination
    cursor_ordering = lists.LIST_ORDER

    def parse(self, serializer_class: type[Serializer], *, partial: bool = False) -> dict:
        return validated(serializer_class, self.request.data, partial=partial)

    def readable(self, list_id) -> MovieList:
        return lists.readable_list(viewer=self.request.user, list_id=list_id)

    def shaped(self, movie_list: MovieList, *, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.ListSerializer(movie_list, context={"request": self.request}).data, status=code)

    def entries_page(self, movie_list: MovieList, available: AvailabilityFilter | None) -> Response:
        """A cursor page of the list's entries [through ``available``], its cursors bound to both."""
        self.cursor_binding = lists.entries_binding(list_id=movie_list.pk, available=available)
        return self.paged(
            lists.list_entries(movie_list=movie_list, available=available),
            s.EntrySerializer,
            self.with_request,
        )

    def with_request(self, rows: list) -> dict:
        """The serializers' context: the request, for the reader's own fields (share_token)."""
        return {"request": self.request}


class MyListsView(_ListView):
    operations = {"POST": "createList"}
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=s.ListSerializer(many=True), summary="Lists you own or collaborate on, newest first"
    )
    def get(self, request: Request) -> Response:
        mine = with_reactions(
            lists.with_collaborators(lists.my_lists(user=request.user)), viewer=request.user
        )
        return self.paged(mine, s.ListSerializer, self.with_request)

    @extend_schema(
        request=s.ListInputSerializer,
        responses={201: s.ListSerializer, 409: CONFLICT},
        summary="Create a list (private by default)",
    )
    def post(self, request: Request) -> Response:
        movie_list = services.list_create(user=request.user, **self.parse(s.ListInputSerializer))
        return self.shaped(movie_list, code=status.HTTP_201_CREATED)


class UserListsView(_ListView):
    operations = {"GET": "userLists"}

    @extend_schema(
        responses={200: s.ListSerializer(many=True), 404: OpenApiResponse(description="No such user.")},
        summary="A user's lists that you may read, newest first",
    )
    def get(self, request: Request, username: str) -> Response:
        readable = lists.lists_of(viewer=request.user, owner_username=username)
        readable = with_reactions(lists.with_collaborators(readable), viewer=request.user)
        return self.paged(readable, s.ListSerializer, self.with_request)


class ListDetailView(_ListView):
    operations = {"GET": "movieList", "PATCH": "updateList", "DELETE": "deleteList"}

    @extend_schema(responses={200: s.ListSerializer, 404: NOT_FOUND}, summary="A list you may read")
    def get(self, request: Request, list_id) -> Response:
        return self.shaped(self.readable(list_id))

    @extend_schema(
        request=s.ListInputSerializer,
        responses={200: s.ListSerializer, 403: NOT_EDITOR, 404: NOT_FOUND},
        summary="Change a list's name, description, visibility or ranked (owner)",
    )
    def patch(self, request: Request, list_id) -> Response:
        changes = self.parse(s.ListInputSerializer, partial=True)
        return self.shaped(
            services.list_update(user=request.user, movie_list=self.readable(list_id), **changes)
        )

    @extend_schema(responses={204: DONE, 403: NOT_EDITOR, 404: NOT_FOUND}, summary="Delete a list (owner)")
    def delete(self, request: Request, list_id) -> Response:
        services.list_delete(user=request.user, movie_list=self.readable(list_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ShareLinkView(_ListView):
    operations = {"POST": "regenerateShareLink"}

    @extend_schema(
        request=None,
        responses={200: s.ListSerializer, 403: NOT_EDITOR, 404: NOT_FOUND},
        summary="Give a list a new share token; the old link stops working (owner)",
    )
    def post(self, request: Request, list_id) -> Response:
        movie_list = services.list_share_token_regenerate(
            user=request.user, movie_list=self.readable(list_id)
        )
        return self.shaped(movie_list)


class ListEntriesView(_ListView):
    operations = {"GET": "movieList", "POST": "addListEntry"}
    cursor_ordering = lists.ENTRY_ORDER

    @extend_schema(
        parameters=[AvailabilityQuerySerializer, IncludeQuerySerializer],
        responses={200: s.EntrySerializer(many=True), 404: NOT_FOUND},
        summary="A list's movies in order [only what is available as the availability filter asks]",
    )
    def get(self, request: Request, list_id) -> Response:
        movie_list = self.readable(list_id)
        return self.entries_page(movie_list, availability_query(request))

    @extend_schema(
        request=s.EntryInputSerializer,
        responses={201: s.EntrySerializer, 403: NOT_EDITOR, 404: NOT_FOUND, 409: CONFLICT},
        summary="Put a movie at the end of a list (owner or collaborator)",
    )
    def post(self, request: Request, list_id) -> Response:
        entry = services.list_entry_add(
            user=request.user, movie_list=self.readable(list_id), **self.parse(s.EntryInputSerializer)
        )
        return Response(s.EntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class ListEntryDetailView(_ListView):
    operations = {"PATCH": "updateListEntry", "DELETE": "removeListEntry"}

    @extend_schema(
        request=s.EntryUpdateSerializer,
        responses={200: s.EntrySerializer, 403: NOT_EDITOR, 404: NOT_FOUND},
        summary="Change a movie's note and/or move it: to a position, or before or after another movie",
    )
    def patch(self, request: Request, list_id, tmdb_id: int) -> Response:
        entry = services.list_entry_update(
            user=request.user,
            movie_list=self.readable(list_id),
            tmdb_id=tmdb_id,
            **self.parse(s.EntryUpdateSerializer, partial=True),
        )
        return Response(s.EntrySerializer(entry).data)

    @extend_schema(
        responses={204: DONE, 403: NOT_EDITOR, 404: NOT_FOUND},
        summary="Take a movie off a list (owner or collaborator)",
    )
    def delete(self, request: Request, list_id, tmdb_id: int) -> Response:
        services.list_entry_remove(user=request.user, movie_list=self.readable(list_id), tmdb_id=tmdb_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SharedListView(_ListView):
    operations = {"GET": "sharedList"}

    @extend_schema(
        responses={200: s.ListSerializer, 404: NOT_FOUND},
        summary="A public or unlisted list by its share token",
    )
    def get(self, request: Request, token: str) -> Response:
        return self.shaped(lists.list_by_share_token(viewer=request.user, token=token))


class SharedListEntriesView(_ListView):
    operations = {"GET": "sharedList"}
    cursor_ordering = lists.ENTRY_ORDER

    @extend_schema(
        parameters=[AvailabilityQuerySerializer, IncludeQuerySerializer],
        responses={200: s.EntrySerializer(many=True), 404: NOT_FOUND},
        summary="The movies of a list read by its share token, in order [only what is available as the "
        "availability filter asks]",
    )
    def get(self, request: Request, token: str) -> Response:
        movie_list = lists.list_by_share_token(viewer=request.user, token=token)
        return self.entries_page(movie_list, availability_query(request))


class CollaboratorView(_ListView):
    operations = {"POST": "inviteCollaborator", "DELETE": "removeCollaborator"}

    @extend_schema(
        request=None,
        responses={
            200: s.CollaboratorSerializer,
            400: OpenApiResponse(description="You own the list."),
            403: NOT_EDITOR,
            404: NOT_FOUND,
            409: CONFLICT,
        },
        summary="Let a user edit a list (owner; idempotent)",
    )
    def post(self, request: Request, list_id, username: str) -> Response:
        movie_list = self.readable(list_id)
        collaborator = services.list_collaborator_invite(
            user=request.user, movie_list=movie_list, username=username
        )
        return Response(s.CollaboratorSerializer(collaborator).data)

    @extend_schema(
        responses={204: DONE, 403: NOT_EDITOR, 404: NOT_FOUND}, summary="Remove a collaborator (owner)"
    )
    def delete(self, request: Request, list_id, username: str) -> Response:
        services.list_collaborator_remove(
            user=request.user, movie_list=self.readable(list_id), username=username
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class LeaveListView(_ListView):
    operations = {"POST": "leaveList"}

    @extend_schema(
        request=None,
        responses={204: DONE, 400: OpenApiResponse(description="The owner cannot leave."), 404: NOT_FOUND},
        summary="Stop collaborating on a list",
    )
    def post(self, request: Request, list_id) -> Response:
        services.list_leave(user=request.user, movie_list=self.readable(list_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
