"""GraphQL writes of lists; each body reads the list through social.lists, then calls one service.

A list the writer may not read answers like a missing one ("MovieList matching query does not
exist."); a reader who may not edit gets a PERMISSION message.
"""

import strawberry
import strawberry_django

from engagement import lists as services
from graphql_schema.accounts.types import MessagePayload
from graphql_schema.context import Info
from graphql_schema.lists.types import ListCollaboratorType, ListVisibility, MovieListEntryType, MovieListType
from graphql_schema.policy import policy_extensions
from social import lists


def _declared(operation: str) -> dict:
    return {"handle_django_errors": True, "extensions": policy_extensions(operation)}


def _readable(info: Info, list_id: strawberry.ID):
    return lists.readable_list(viewer=info.context.user, list_id=list_id)


def _value(visibility: ListVisibility | None) -> str | None:
    return None if visibility is None else visibility.value


@strawberry.type
class ListMutation:
    @strawberry_django.mutation(**_declared("createList"), description="Create a list (private by default).")
    def create_list(
        self,
        info: Info,
        name: str,
        description: str = "",
        visibility: ListVisibility = ListVisibility.PRIVATE,
        ranked: bool = False,
    ) -> MovieListType:
        return services.list_create(
            user=info.context.user,
            name=name,
            description=description,
            visibility=visibility.value,
            ranked=ranked,
        )

    @strawberry_django.mutation(**_declared("updateList"), description="Change a list's settings (owner).")
    def update_list(
        self,
        info: Info,
        list_id: strawberry.ID,
        name: str | None = None,
        description: str | None = None,
        visibility: ListVisibility | None = None,
        ranked: bool | None = None,
    ) -> MovieListType:
        return services.list_update(
            user=info.context.user,
            movie_list=_readable(info, list_id),
            name=name,
            description=description,
            visibility=_value(visibility),
            ranked=ranked,
        )

    @strawberry_django.mutation(**_declared("deleteList"), description="Delete a list (owner).")
    def delete_list(self, info: Info, list_id: strawberry.ID) -> MessagePayload:
        services.list_delete(user=info.context.user, movie_list=_readable(info, list_id))
        return MessagePayload(message="List deleted.")

    @strawberry_django.mutation(
        **_declared("regenerateShareLink"),
        description="A new share token; the old link stops working (owner).",
    )
    def regenerate_share_link(self, info: Info, list_id: strawberry.ID) -> MovieListType:
        return services.list_share_token_regenerate(
            user=info.context.user, movie_list=_readable(info, list_id)
        )

    @strawberry_django.mutation(
        **_declared("addListEntry"), description="Put a movie at the end of a list (owner or collaborator)."
    )
    def add_list_entry(
        self, info: Info, list_id: strawberry.ID, tmdb_id: int, note: str = ""
    ) -> MovieListEntryType:
        return services.list_entry_add(
            user=info.context.user, movie_list=_readable(info, list_id), tmdb_id=tmdb_id, note=note
        )

    @strawberry_django.mutation(**_declared("removeListEntry"), description="Take a movie off a list.")
    def remove_list_entry(self, info: Info, list_id: strawberry.ID, tmdb_id: int) -> MovieListType:
        return services.list_entry_remove(
            user=info.context.user, movie_list=_readable(info, list_id), tmdb_id=tmdb_id
        )

    @strawberry_django.mutation(**_declared("updateListEntry"), description="Change a movie's note.")
    def update_list_entry(
        self, info: Info, list_id: strawberry.ID, tmdb_id: int, note: str
    ) -> MovieListEntryType:
        return services.list_entry_update(
            user=info.context.user, movie_list=_readable(info, list_id), tmdb_id=tmdb_id, note=note
        )

    @strawberry_django.mutation(
        **_declared("moveListEntry"),
        description="Move a movie to a position (0 first), or before or after another movie: give one.",
    )
    def move_list_entry(
        self,
        info: Info,
        list_id: strawberry.ID,
        tmdb_id: int,
        position: int | None = None,
        before: int | None = None,
        after: int | None = None,
    ) -> MovieListEntryType:
        return services.list_entry_move(
            user=info.context.user,
            movie_list=_readable(info, list_id),
            tmdb_id=tmdb_id,
            position=position,
            before=before,
            after=after,
        )

    @strawberry_django.mutation(
        **_declared("inviteCollaborator"), description="Let a user edit the list (owner; idempotent)."
    )
    def invite_collaborator(self, info: Info, list_id: strawberry.ID, username: str) -> ListCollaboratorType:
        return services.list_collaborator_invite(
            user=info.context.user, movie_list=_readable(info, list_id), username=username
        )

    @strawberry_django.mutation(
        **_declared("removeCollaborator"), description="Remove a collaborator (owner)."
    )
    def remove_collaborator(self, info: Info, list_id: strawberry.ID, username: str) -> MovieListType:
        movie_list = _readable(info, list_id)
        services.list_collaborator_remove(user=info.context.user, movie_list=movie_list, username=username)
        return movie_list

    @strawberry_django.mutation(**_declared("leaveList"), description="Stop collaborating on a list.")
    def leave_list(self, info: Info, list_id: strawberry.ID) -> MessagePayload:
        services.list_leave(user=info.context.user, movie_list=_readable(info, list_id))
        return MessagePayload(message="You left the list.")
