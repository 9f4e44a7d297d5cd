"""GraphQL reads of lists: each asks social.lists, which applies the one privacy rule.

A list the reader may not read is a NOT_FOUND error, exactly like a missing one.
"""

import strawberry
import strawberry_django
from strawberry import relay

from graphql_schema.context import Info
from graphql_schema.lists.pages import list_page
from graphql_schema.lists.types import MovieListType
from graphql_schema.policy import policy_extensions
from social import lists


@strawberry.type
class ListQuery:
    @strawberry_django.field(
        extensions=policy_extensions("movieList"),
        description="A list by id: public ones for anyone, others for their owner and collaborators "
        "(an unlisted list is read by its share link: sharedList).",
    )
    def movie_list(self, info: Info, id: strawberry.ID) -> MovieListType | None:
        return lists.readable_list(viewer=info.context.user, list_id=id)

    @strawberry_django.field(
        extensions=policy_extensions("sharedList"),
        description="A public or unlisted list by its share token.",
    )
    def shared_list(self, info: Info, token: str) -> MovieListType | None:
        return lists.list_by_share_token(viewer=info.context.user, token=token)

    @strawberry_django.field(
        extensions=policy_extensions("userLists"),
        description="A user's lists that the reader may read, newest first: a cursor page.",
    )
    def user_lists(
        self,
        info: Info,
        username: str,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> relay.Connection[MovieListType]:
        readable = lists.lists_of(viewer=info.context.user, owner_username=username)
        return list_page(readable, info, first=first, after=after, last=last, before=before)
