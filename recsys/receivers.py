"""How recommendations follow engagement writes they learn of through signals."""

from recsys import services


def on_interactions_changed(*, user_id, **_) -> None:
    """A user's favorite, watchlist entry, view, review, diary play or own list entry makes their
    stored lists stale."""
    services.user_recommendations_invalidate(user_id=user_id)


def on_dismissal_changed(*, user_id, tmdb_id: int, dismissed: bool, **_) -> None:
    """A dismissal leaves the stored lists at once; a withdrawn one lets the user's lists be rescored."""
    if dismissed:
        services.user_recommendations_dismiss(user_id=user_id, tmdb_id=tmdb_id)
    else:
        services.user_recommendations_invalidate(user_id=user_id)


def on_history_imported(*, user_id, **_) -> None:
    """An imported history rescored the user's lists at once."""
    services.user_recommendations_recompute(user_id=user_id)
