"""Activities: what a user did, recorded from its source rows for their followers' feeds.

A review, a bare rating, a diary play, a new list and a movie added to a list each record one
row (``record_*``, called by social.receivers once the source has committed; saving the source
again updates its row). Deleting the source deletes its row (the foreign keys cascade). A like
of a movie, a list or a review is recorded by ``record_like`` and withdrawn by ``forget_like``.
History imports write in bulk and record nothing: ``backfill`` (the ``backfill_activities``
command) records what is missing.
"""

from django.db import IntegrityError, transaction

from engagement.models import DiaryEntry, MovieList, MovieListEntry, Review
from social.models import Activity
from social.privacy import Area

EXCERPT_LENGTH = Activity._meta.get_field("excerpt").max_length
Verb = Activity.Verb


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1].rstrip() + "…"


def _upsert(source: str, source_id, **fields) -> None:
    """Create or update the row of ``source`` (a one-to-one field); a source deleted meanwhile
    (its foreign key refused) records nothing."""
    try:
        with transaction.atomic():
            Activity.objects.update_or_create(**{f"{source}_id": source_id}, defaults=fields)
    except IntegrityError:
        pass


def record_review(review_id) -> None:
    """The activity of a review, or of a bare rating when it has no text."""
    review = Review.objects.filter(pk=review_id).first()
    if review is None:
        return
    _upsert(
        "review",
        review.pk,
        actor_id=review.user_id,
        verb=Verb.REVIEW if review.text else Verb.RATING,
        area=Area.RATINGS.value,
        movie_id=review.movie_id,
        rating=review.rating,
        excerpt=_excerpt(review.text),
        created_at=review.created_at,
    )


def record_play(play_id) -> None:
    """The activity of a diary play (its rating and review text with it)."""
    play = DiaryEntry.objects.filter(pk=play_id).first()
    if play is None:
        return
    _upsert(
        "play",
        play.pk,
        actor_id=play.user_id,
        verb=Verb.PLAY,
        area=Area.DIARY.value,
        movie_id=play.movie_id,
        rating=play.rating,
        excerpt="" if play.spoiler else _excerpt(play.review),
        created_at=play.created_at,
    )


def record_list_created(list_id) -> None:
    """The activity of a new list (the feed shows it only to readers of the list itself)."""
    movie_list = MovieList.objects.filter(pk=list_id).first()
    if movie_list is None:
        return
    try:
        with transaction.atomic():
            Activity.objects.get_or_create(
                verb=Verb.LIST_CREATED,
                movie_list_id=movie_list.pk,
                defaults={
                    "actor_id": movie_list.owner_id,
                    "area": Area.LISTS.value,
                    "created_at": movie_list.created_at,
                },
            )
    except IntegrityError:
        pass


def record_entry_added(entry_id) -> None:
    """The activity of a movie added to a list, by whoever added it (the owner when unknown)."""
    entry = MovieListEntry.objects.filter(pk=entry_id).select_related("list").first()
    if entry is None:
        return
    _upsert(
        "entry",
        entry.pk,
        actor_id=entry.added_by_id or entry.list.owner_id,
        verb=Verb.LIST_ENTRY_ADDED,
        area=Area.LISTS.value,
        movie_id=entry.movie_id,
        movie_list_id=entry.list_id,
        created_at=entry.added_at,
    )


def record_like(*, actor_id, movie_id=None, list_id=None, review: Review | None = None) -> Activity:
    """Record that ``actor_id`` liked a movie (by tmdb id), a list or a review; once per target.

    A like of a movie or a review belongs to the actor's ratings area, a like of a list to their
    lists area; the feed shows a like of a list or a review only to readers of it."""
    target = _like_target(movie_id, list_id, review)
    area = Area.LISTS if list_id is not None else Area.RATINGS
    extra = {"movie_id": review.movie_id} if review is not None else {}
    activity, _ = Activity.objects.get_or_create(
        actor_id=actor_id, verb=Verb.LIKE, **target, defaults={"area": area.value, **extra}
    )
    return activity


def forget_like(*, actor_id, movie_id=None, list_id=None, review: Review | None = None) -> None:
    """Withdraw ``actor_id``'s like of a movie, a list or a review (nothing when there is none)."""
    Activity.objects.filter(
        actor_id=actor_id, verb=Verb.LIKE, **_like_target(movie_id, list_id, review)
    ).delete()


def _like_target(movie_id, list_id, review: Review | None) -> dict:
    given = [target for target in (movie_id, list_id, review) if target is not None]
    if len(given) != 1:
        raise ValueError("A like is of a movie, a list or a review.")
    if review is not None:
        return {"liked_review_id": review.pk}
    return {"movie_id": movie_id} if list_id is None else {"movie_list_id": list_id}


def backfill() -> int:
    """Record the activities missing for existing reviews, plays, lists and list entries; how many."""
    before = Activity.objects.count()
    sources = (
        (Review.objects.filter(activity__isnull=True), record_review),
        (DiaryEntry.objects.filter(activity__isnull=True), record_play),
        (MovieListEntry.objects.filter(activity__isnull=True), record_entry_added),
    )
    for rows, record in sources:
        for source_id in rows.values_list("pk", flat=True).iterator():
            record(source_id)
    recorded = Activity.objects.filter(verb=Verb.LIST_CREATED).values("movie_list_id")
    for list_id in MovieList.objects.exclude(pk__in=recorded).values_list("pk", flat=True).iterator():
        record_list_created(list_id)
    return Activity.objects.count() - before
