"""Engagement writes: favorites, watchlist, view events, reviews and "not interested".

Every write that changes what a user likes or has seen sends ``interactions_changed`` once
the transaction commits (recsys drops the user's precomputed lists). Review writes keep
``Movie.rating_sum``, ``Movie.rating_count`` and its per-half-star counts in step with F() updates
inside the same transaction (catalog.ratings.rating_moves).
"""

import logging
from decimal import Decimal, InvalidOperation
from uuid import UUID

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.models import MAX_TMDB_ID, Movie
from catalog.ratings import rating_moves
from catalog.services import movie_ensure
from common.exceptions import Conflict
from engagement.models import RATING_VALUES, FavoriteMovie, NotInterested, Review, WatchHistory, WatchlistItem
from engagement.signals import dismissal_changed, entry_removed, interactions_changed
from engagement.viewing import DAILY_VIEWS_TTL, daily_views_key

logger = logging.getLogger(__name__)

MAX_PROGRESS_SECONDS = 24 * 3600
DUPLICATE_REVIEW = "You have already reviewed this movie; edit that review instead."
BAD_RATING = "A rating is from 1 to 5 in half stars (1, 1.5, 2, ..., 5)."

UserEntry = FavoriteMovie | WatchlistItem | NotInterested


def check_tmdb_id(tmdb_id) -> None:
    """Refuse (ValidationError on ``tmdb_id``) a value no TMDb movie id can be."""
    if isinstance(tmdb_id, bool) or not isinstance(tmdb_id, int) or not 1 <= tmdb_id <= MAX_TMDB_ID:
        raise ValidationError({"tmdb_id": "A TMDb id is a positive integer."})


def announce_interactions(model: type, user_id) -> None:
    """Once committed, tell listeners (recommendations, the user's cached answers) the user's taste moved."""
    transaction.on_commit(lambda: interactions_changed.send(sender=model, user_id=user_id))


def _entry_create(model: type[UserEntry], *, user, movie: Movie) -> tuple[UserEntry, bool]:
    existing = model.objects.select_related("movie").filter(user=user, movie=movie).first()
    if existing is not None:
        return existing, False
    entry = model(user=user, movie=movie)
    entry.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        # A concurrent request added the same movie first: that row is the answer.
        return model.objects.select_related("movie").get(user=user, movie=movie), False
    return entry, True


def _entry_add(model: type[UserEntry], *, user, tmdb_id: int):
    check_tmdb_id(tmdb_id)
    movie = movie_ensure(tmdb_id=tmdb_id)
    entry, created = _entry_create(model, user=user, movie=movie)
    if created:
        announce_interactions(model, user.pk)
    return entry, created


def _entry_remove(model: type[UserEntry], *, user, entry_id: UUID | str | None, tmdb_id: int | None) -> Movie:
    if (entry_id is None) == (tmdb_id is None):
        raise ValidationError("Give either the entry id or the TMDb id.")
    if tmdb_id is not None:
        try:
            check_tmdb_id(tmdb_id)
        except ValidationError:
            raise model.DoesNotExist from None  # an id no movie can have is in no one's list
    lookup = {"pk": entry_id} if entry_id is not None else {"movie_id": tmdb_id}
    entry = model.objects.select_related("movie").get(user=user, **lookup)
    entry.delete()
    entry_removed.send(sender=model, user_id=user.pk, tmdb_id=entry.movie_id, removed_at=timezone.now())
    announce_interactions(model, user.pk)
    return entry.movie


@transaction.atomic
def favorite_add(*, user, tmdb_id: int) -> tuple[FavoriteMovie, bool]:
    """Favorite a movie; returns (favorite, created). Adding it again returns the existing row.

    A movie unknown locally is looked up on TMDb (see movie_ensure), else Movie.DoesNotExist.
    """
    return _entry_add(FavoriteMovie, user=user, tmdb_id=tmdb_id)


@transaction.atomic
def favorite_remove(*, user, favorite_id: UUID | str | None = None, tmdb_id: int | None = None) -> Movie:
    """Remove one of ``user``'s favorites, by its id or its movie; returns the movie.

    Someone else's favorite is FavoriteMovie.DoesNotExist, exactly like a missing one.
    """
    return _entry_remove(FavoriteMovie, user=user, entry_id=favorite_id, tmdb_id=tmdb_id)


@transaction.atomic
def watchlist_add(*, user, tmdb_id: int) -> tuple[WatchlistItem, bool]:
    """Put a movie on the watchlist; returns (item, created), like ``favorite_add``."""
    return _entry_add(WatchlistItem, user=user, tmdb_id=tmdb_id)


@transaction.atomic
def watchlist_remove(*, user, item_id: UUID | str | None = None, tmdb_id: int | None = None) -> Movie:
    """Take a movie off ``user``'s watchlist, by item id or movie; returns the movie."""
    return _entry_remove(WatchlistItem, user=user, entry_id=item_id, tmdb_id=tmdb_id)


def _announce_dismissal(*, user_id, tmdb_id: int, dismissed: bool) -> None:
    transaction.on_commit(
        lambda: dismissal_changed.send(
            sender=NotInterested, user_id=user_id, tmdb_id=tmdb_id, dismissed=dismissed
        )
    )


@transaction.atomic
def not_interested_add(*, user, tmdb_id: int) -> tuple[NotInterested, bool]:
    """Dismiss a catalog movie ("not interested"); returns (entry, created), idempotent.

    Once committed, listeners (recommendations) drop it from what the user is shown. A movie
    unknown locally is looked up on TMDb (see movie_ensure), else Movie.DoesNotExist.
    """
    check_tmdb_id(tmdb_id)
    movie = movie_ensure(tmdb_id=tmdb_id)
    entry, created = _entry_create(NotInterested, user=user, movie=movie)
    if created:
        _announce_dismissal(user_id=user.pk, tmdb_id=tmdb_id, dismissed=True)
    return entry, created


@transaction.atomic
def not_interested_remove(*, user, tmdb_id: int) -> Movie:
    """Withdraw ``user``'s dismissal of a movie; returns the movie.

    No such dismissal of theirs (an id no movie can have included) raises NotInterested.DoesNotExist.
    """
    try:
        check_tmdb_id(tmdb_id)
    except ValidationError:
        raise NotInterested.DoesNotExist from None
    entry = NotInterested.objects.select_related("movie").get(user=user, movie_id=tmdb_id)
    entry.delete()
    _announce_dismissal(user_id=user.pk, tmdb_id=tmdb_id, dismissed=False)
    return entry.movie


def _count_daily_view(tmdb_id: int) -> None:
    key = daily_views_key(tmdb_id)
    try:
        try:
            cache.incr(key)
        except ValueError:
            if not cache.add(key, 1, timeout=DAILY_VIEWS_TTL):
                cache.incr(key)
    except Exception:
        logger.warning("view counter not updated", extra={"key": key}, exc_info=True)


def view_add(
    *, user, viewer_key: str, movie: Movie, progress_seconds: int | None = None, watched_at=None
) -> WatchHistory:
    """Save one view event of ``movie`` (at ``watched_at``, default now); the caller holds the transaction."""
    view = WatchHistory(
        user=user,
        viewer_key=viewer_key,
        movie=movie,
        progress_seconds=progress_seconds,
        watched_at=watched_at or timezone.now(),
    )
    view.full_clean()
    view.save()
    return view


@transaction.atomic
def view_track(*, user, viewer_key: str, tmdb_id: int, progress_seconds: int | None = None) -> WatchHistory:
    """Record one view of a movie by a signed-in user or an anonymous viewer (None or AnonymousUser).

    Adds a WatchHistory row and, once committed, one to the movie's daily view counter
    (see engagement.viewing). A cache failure is logged and never fails the view.
    """
    check_tmdb_id(tmdb_id)
    if progress_seconds is not None and (
        isinstance(progress_seconds, bool) or not isinstance(progress_seconds, int)
    ):
        raise ValidationError({"progress_seconds": "A whole number of seconds is required."})
    if progress_seconds is not None and progress_seconds > MAX_PROGRESS_SECONDS:
        raise ValidationError(
            {"progress_seconds": f"Ensure this value is less than or equal to {MAX_PROGRESS_SECONDS}."}
        )
    movie = movie_ensure(tmdb_id=tmdb_id)
    if user is not None and not user.is_authenticated:
        user = None
    view = view_add(user=user, viewer_key=viewer_key, movie=movie, progress_seconds=progress_seconds)
    transaction.on_commit(lambda: _count_daily_view(tmdb_id))
    if user is not None:
        announce_interactions(WatchHistory, user.pk)
    return view


def half_stars(rating) -> Decimal | None:
    """``rating`` (a number) as one of RATING_VALUES, e.g. 4 -> 4.0, 4.5 -> 4.5; None when it is not one."""
    if isinstance(rating, bool) or not isinstance(rating, int | float | Decimal):
        return None
    try:
        value = Decimal(rating).quantize(Decimal("0.1"))
    except InvalidOperation:  # NaN, infinity or a huge number
        return None
    return value if value in RATING_VALUES and value == Decimal(rating) else None


def _checked_rating_text(*, rating, text: str) -> Decimal:
    errors = {}
    value = half_stars(rating)
    if value is None:
        errors["rating"] = BAD_RATING
    limit = Review._meta.get_field("text").max_length
    try:
        MaxLengthValidator(limit)(text)
    except ValidationError as error:
        errors["text"] = error.messages
    if errors:
        raise ValidationError(errors)
    return value


def _movie_rating_change(
    tmdb_id: int, *, added: Decimal | None = None, removed: Decimal | None = None
) -> Movie:
    """Move the movie's aggregates atomically in the database (``added`` and/or ``removed``, one rating
    each); returns the movie as it now stands."""
    Movie.objects.filter(tmdb_id=tmdb_id).update(**rating_moves(added=added, removed=removed))
    return Movie.objects.get(tmdb_id=tmdb_id)


@transaction.atomic
def review_create(*, user, tmdb_id: int, rating: float | Decimal, text: str = "") -> Review:
    """Rate a movie, with text a review (one per user and movie); adds the rating to the movie's aggregates.

    ``rating`` is 1 to 5 in half stars (whole numbers too: 4 is stored as 4.0). A second review
    of the same movie is a Conflict (REST 409): the movie is right, the review already exists.
    """
    check_tmdb_id(tmdb_id)
    rating = _checked_rating_text(rating=rating, text=text)
    movie = movie_ensure(tmdb_id=tmdb_id)
    now = timezone.now()
    review = Review(user=user, movie=movie, rating=rating, text=text, created_at=now, updated_at=now)
    review.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as error:
        raise Conflict(DUPLICATE_REVIEW) from error
    review.movie = _movie_rating_change(movie.tmdb_id, added=rating)
    announce_interactions(Review, user.pk)
    return review


def _review_for_write(*, user, review_id: UUID | str, allow_staff: bool) -> Review:
    reviews = Review.objects.select_for_update()
    if not (allow_staff and user.is_staff):
        reviews = reviews.filter(user=user)
    return reviews.get(pk=review_id)


@transaction.atomic
def review_update(
    *, user, review_id: UUID | str, rating: float | Decimal | None = None, text: str | None = None
) -> Review:
    """Change the rating and/or text of ``user``'s own review (None keeps a value).

    Someone else's review is Review.DoesNotExist. The movie's aggregates move the rating from its
    old half star to its new one.
    """
    review = _review_for_write(user=user, review_id=review_id, allow_staff=False)
    new_rating = review.rating if rating is None else rating
    new_text = review.text if text is None else text
    new_rating = _checked_rating_text(rating=new_rating, text=new_text)
    old_rating = review.rating
    review.rating, review.text, review.updated_at = new_rating, new_text, timezone.now()
    review.full_clean(validate_unique=False, validate_constraints=False)
    review.save(update_fields=["rating", "text", "updated_at"])
    if new_rating != old_rating:
        review.movie = _movie_rating_change(review.movie_id, added=new_rating, removed=old_rating)
        announce_interactions(Review, user.pk)
    return review


@transaction.atomic
def review_delete(*, user, review_id: UUID | str) -> Movie:
    """Delete a review (its author, or staff) and take its rating out of the aggregates.

    Returns the movie with fresh aggregates. Anyone else gets Review.DoesNotExist.
    """
    review = _review_for_write(user=user, review_id=review_id, allow_staff=True)
    Review.objects.filter(pk=review.pk).delete()
    movie = _movie_rating_change(review.movie_id, removed=review.rating)
    announce_interactions(Review, review.user_id)
    return movie
