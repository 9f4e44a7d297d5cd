"""The signed-in reader's own state of a movie (engagement.viewer_state), as GraphQL shows it."""

import datetime

import strawberry

from engagement.viewer_state import ViewerState


@strawberry.type(
    name="ViewerState",
    description="The signed-in reader's own state of a movie; only ever shown to that reader.",
)
class ViewerStateType:
    is_favorite: bool = strawberry.field(description="In the reader's favorites.")
    in_watchlist: bool = strawberry.field(description="On the reader's watchlist.")
    not_interested: bool = strawberry.field(description='Dismissed ("not interested") by the reader.')
    rating: float | None = strawberry.field(
        description="The reader's rating, 1 to 5 in half stars (null when unrated)."
    )
    review_id: strawberry.ID | None = strawberry.field(
        description="The id of the reader's review or bare rating of the movie (null when unrated)."
    )
    list_ids: list[strawberry.ID] = strawberry.field(
        description="Ids of the reader's lists (owned or collaborated on) holding the movie."
    )

    plays: int = strawberry.field(description="How many plays of the movie are in the reader's diary.")
    last_played_on: datetime.date | None = strawberry.field(
        description="The date of the reader's latest play of the movie (null when never played)."
    )
    liked: bool = strawberry.field(description="Any of the reader's plays of the movie is liked.")

    @classmethod
    def of(cls, state: ViewerState) -> "ViewerStateType":
        """The GraphQL shape of one state."""
        return cls(
            is_favorite=state.is_favorite,
            in_watchlist=state.in_watchlist,
            not_interested=state.not_interested,
            rating=None if state.rating is None else float(state.rating),
            review_id=None if state.review_id is None else strawberry.ID(str(state.review_id)),
            plays=state.plays,
            last_played_on=state.last_played_on,
            liked=state.liked,
            list_ids=[strawberry.ID(str(list_id)) for list_id in state.list_ids],
        )
