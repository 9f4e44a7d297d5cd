"""GraphQL movie night: group picks and the invites that make a group (recsys.movie_night)."""

import datetime

import strawberry
import strawberry_django
from django.conf import settings

from graphql_schema.accounts.types import MessagePayload
from graphql_schema.catalog.availability_filter import AvailabilityFilterInput, availability_arguments
from graphql_schema.catalog.types import MovieType
from graphql_schema.context import Info
from graphql_schema.policy import policy_extensions
from recsys import group_picks, movie_night

_GROUP = (
    f"the signed-in user plus 1 to {movie_night.MAX_OTHERS} others who share a live movie night with them"
)


@strawberry.input(
    name="GroupPicksFilter",
    description="Every condition given must hold. The availability fields filter as elsewhere; "
    "onMembersServices instead keeps movies on at least one member's saved services.",
)
class GroupPicksFilter(AvailabilityFilterInput):
    runtime_min: int | None = strawberry.field(default=None, description="Minutes.")
    runtime_max: int | None = strawberry.field(default=None, description="Minutes.")
    genres: list[str] | None = strawberry.field(
        default=None, description=f"Genre slugs (any; at most {group_picks.MAX_GENRES})."
    )
    on_members_services: bool | None = strawberry.field(
        default=None,
        description="Available on at least one member's saved services, in that member's region "
        "(not with the other availability fields).",
    )


@strawberry.type(name="MemberFit", description="How well a pick fits one member.")
class MemberFitType:
    username: str
    fit: float = strawberry.field(description="0 to 1: the member's score over their best candidate.")


def _movie(root: "GroupPickType", info: Info) -> MovieType:
    return info.context.loaders.movie_by_tmdb_id.load(root.tmdb_id, batch=root.batch, info=info)


@strawberry.type(name="GroupPick")
class GroupPickType:
    movie: MovieType = strawberry.field(resolver=_movie)
    tmdb_id: strawberry.Private[int]
    batch: strawberry.Private[tuple[int, ...]]
    score: float = strawberry.field(
        description="The mean member fit, 0 to 1; the order of the picks, not this, is the ranking."
    )
    fits: list[MemberFitType] = strawberry.field(description="One per member, the signed-in user first.")
    reasons: list[str] = strawberry.field(description='Why, e.g. "a good fit for all 4 of you".')


@strawberry.type(name="MovieNight", description="A movie night invite, as its members see it.")
class MovieNightType:
    code: str = strawberry.field(description="Share it: whoever joins with it may pick movies with you.")
    expires_at: datetime.datetime
    members: list[str] = strawberry.field(description="Usernames, in the order they joined.")


def _night(night) -> MovieNightType:
    return MovieNightType(
        code=night.code, expires_at=night.expires_at, members=movie_night.member_usernames(night=night)
    )


def _filter(info: Info, given: GroupPicksFilter | None) -> group_picks.GroupFilter:
    if given is None:
        return group_picks.GroupFilter()
    return group_picks.checked_group_filter(
        info.context.user,
        availability=availability_arguments(given),
        runtime_min=given.runtime_min,
        runtime_max=given.runtime_max,
        genres=given.genres,
        on_members_services=bool(given.on_members_services),
    )


@strawberry.type
class MovieNightQuery:
    @strawberry.field(
        description=f"Movies for a movie night of {_GROUP}: none of them has seen, rated or dismissed "
        "them; best first by fair greedy selection (docs/api.md, Movie night). "
        f"Limit 1 to {settings.MAX_PAGE_SIZE}. Signed-in users only.",
        extensions=policy_extensions("groupPicks", quiet=False),
    )
    def group_picks(
        self,
        info: Info,
        members: list[str],
        limit: int = 20,
        filter: GroupPicksFilter | None = None,
    ) -> list[GroupPickType]:
        picks = group_picks.group_picks(
            user=info.context.user, members=members, limit=limit, filters=_filter(info, filter)
        )
        batch = tuple(pick.movie.tmdb_id for pick in picks)
        return [
            GroupPickType(
                tmdb_id=pick.movie.tmdb_id,
                batch=batch,
                score=pick.score,
                fits=[MemberFitType(username=f.username, fit=f.fit) for f in pick.fits],
                reasons=pick.reasons,
            )
            for pick in picks
        ]

    @strawberry.field(
        description="A live movie night you are a member of, by its code (else not found).",
        extensions=policy_extensions("movieNight", quiet=False),
    )
    def movie_night(self, info: Info, code: str) -> MovieNightType:
        return _night(movie_night.movie_night_of_member(user=info.context.user, code=code))


def _declared(operation: str) -> dict:
    return {"handle_django_errors": True, "extensions": policy_extensions(operation)}


@strawberry.type
class MovieNightMutation:
    @strawberry_django.mutation(
        **_declared("createMovieNight"),
        description=f"Start a movie night: its code is valid for {movie_night.MOVIE_NIGHT_HOURS} hours.",
    )
    def create_movie_night(self, info: Info) -> MovieNightType:
        return _night(movie_night.movie_night_create(user=info.context.user))

    @strawberry_django.mutation(
        **_declared("joinMovieNight"),
        description=f"Join a movie night by its code (at most {movie_night.MAX_MEMBERS} members).",
    )
    def join_movie_night(self, info: Info, code: str) -> MovieNightType:
        return _night(movie_night.movie_night_join(user=info.context.user, code=code))

    @strawberry_django.mutation(**_declared("leaveMovieNight"), description="Leave a movie night.")
    def leave_movie_night(self, info: Info, code: str) -> MessagePayload:
        movie_night.movie_night_leave(user=info.context.user, code=code)
        return MessagePayload(message="You left the movie night.")
