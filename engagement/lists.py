"""List writes: lists, their entries and collaborators. Each runs in one transaction.

Every write to a list first locks its row (``select_for_update``), so editors writing at the
same time take turns: ``entry_count`` and the entries' positions stay exact. Positions are
dense, 0 to n-1, and unique per list (a database constraint). A shift never holds two entries
at one position, even mid-statement: the entries that move are first parked at negative
positions (-p-1, distinct), then set to their new place.

A movie the owner puts on (or takes off) their list is one of the owner's interactions: once
committed, ``interactions_changed`` tells recommendations (a collaborator's entry is not; see
recsys.loaders), and so does deleting a list.

The list a write names comes from social.lists.readable_list: a list the writer may not read is
already MovieList.DoesNotExist there (404), like a missing one. Here a reader who may not edit
gets PermissionDenied (403): editing is for the owner and collaborators, settings for the owner.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When

from catalog.services import movie_ensure
from common.exceptions import Conflict
from engagement.models import ListCollaborator, MovieList, MovieListEntry, new_share_token
from engagement.services import announce_interactions, check_tmdb_id

EDITORS_ONLY = "Only the list's owner and collaborators may edit it."
OWNER_ONLY = "Only the list's owner may do this."
ALREADY_ON_LIST = "This movie is already on the list."
NOT_ON_LIST = "No such movie on this list."
OWNER_CANNOT_LEAVE = "The owner cannot leave a list; delete it instead."
ONE_TARGET = "Give exactly one of position, before or after."
SETTINGS = ("name", "description", "visibility", "ranked")


def _locked(movie_list: MovieList) -> MovieList:
    """The list's row, locked until the transaction ends (gone meanwhile: DoesNotExist)."""
    return MovieList.objects.select_for_update().get(pk=movie_list.pk)


def _is_collaborator(movie_list: MovieList, user) -> bool:
    return ListCollaborator.objects.filter(list_id=movie_list.pk, user_id=user.pk).exists()


def _for_owner(user, movie_list: MovieList) -> MovieList:
    locked = _locked(movie_list)
    if locked.owner_id != user.pk:
        raise PermissionDenied(OWNER_ONLY)
    return locked


def _check_editor(user, movie_list: MovieList) -> None:
    if movie_list.owner_id != user.pk and not _is_collaborator(movie_list, user):
        raise PermissionDenied(EDITORS_ONLY)


def _for_editor(user, movie_list: MovieList) -> MovieList:
    locked = _locked(movie_list)
    _check_editor(user, locked)
    return locked


def _entry(movie_list: MovieList, tmdb_id, *, argument: str | None = None) -> MovieListEntry:
    """The entry of ``tmdb_id`` on the list; missing: DoesNotExist, or a ValidationError on ``argument``."""
    try:
        check_tmdb_id(tmdb_id)
        return MovieListEntry.objects.select_related("movie").get(list_id=movie_list.pk, movie_id=tmdb_id)
    except (ValidationError, MovieListEntry.DoesNotExist):
        if argument is not None:
            raise ValidationError({argument: NOT_ON_LIST}) from None
        raise MovieListEntry.DoesNotExist(NOT_ON_LIST) from None


def _shift(movie_list: MovieList, low: int, high: int, *, by: int, moved=None, to: int | None = None) -> None:
    """Move the entries at positions ``low``..``high`` by ``by``, the entry ``moved`` to ``to``."""
    if low > high:
        return
    entries = MovieListEntry.objects.filter(list_id=movie_list.pk)
    entries.filter(position__gte=low, position__lte=high).update(position=-F("position") - 1)
    new_position = -F("position") - 1 + by
    if moved is not None:
        new_position = Case(When(pk=moved, then=Value(to)), default=new_position)
    entries.filter(position__gte=-high - 1, position__lte=-low - 1).update(position=new_position)


def _touched(movie_list: MovieList, *, entries: int = 0) -> None:
    movie_list.entry_count += entries
    movie_list.save(update_fields=["entry_count", "updated_at"])


def _checked(movie_list: MovieList) -> MovieList:
    movie_list.full_clean(exclude=["owner"], validate_unique=False, validate_constraints=False)
    return movie_list


@transaction.atomic
def list_create(
    *, user, name: str, description: str = "", visibility: str = "private", ranked: bool = False
) -> MovieList:
    """A new list of ``user``'s; a user owns at most LISTS_PER_USER_MAX lists (Conflict beyond)."""
    movie_list = _checked(
        MovieList(owner=user, name=name, description=description, visibility=visibility, ranked=ranked)
    )
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))  # one at a time
    limit = settings.LISTS_PER_USER_MAX
    if MovieList.objects.filter(owner_id=user.pk).count() >= limit:
        raise Conflict(f"A user owns at most {limit:,} lists; delete one first.")
    movie_list.save()
    return movie_list


@transaction.atomic
def list_update(*, user, movie_list: MovieList, **changes) -> MovieList:
    """Change a list's name, description, visibility or ranked (owner only); None keeps a value."""
    locked = _for_owner(user, movie_list)
    for field in SETTINGS:
        if changes.get(field) is not None:
            setattr(locked, field, changes[field])
    _checked(locked).save()
    return locked


@transaction.atomic
def list_delete(*, user, movie_list: MovieList) -> None:
    """Delete a list with its entries (owner only)."""
    _for_owner(user, movie_list).delete()
    announce_interactions(MovieList, user.pk)


@transaction.atomic
def list_share_token_regenerate(*, user, movie_list: MovieList) -> MovieList:
    """Give the list a new share token (owner only): the old share link stops working."""
    locked = _for_owner(user, movie_list)
    locked.share_token = new_share_token()
    locked.save(update_fields=["share_token", "updated_at"])
    return locked


def list_entry_add(*, user, movie_list: MovieList, tmdb_id: int, note: str = "") -> MovieListEntry:
    """Put a movie at the end of a list (owner or collaborator).

    A movie unknown locally is looked up on TMDb (movie_ensure) before the list is locked, so
    other editors never wait on TMDb; unknown there too, Movie.DoesNotExist. A movie already
    there is a Conflict, and so is a list holding LIST_MAX_ENTRIES movies.
    """
    check_tmdb_id(tmdb_id)
    _check_editor(user, movie_list)
    movie = movie_ensure(tmdb_id=tmdb_id)
    with transaction.atomic():
        locked = _for_editor(user, movie_list)
        if locked.entry_count >= settings.LIST_MAX_ENTRIES:
            raise Conflict(f"A list holds at most {settings.LIST_MAX_ENTRIES:,} movies.")
        entry = MovieListEntry(
            list=locked, movie=movie, position=locked.entry_count, note=note, added_by=user
        )
        entry.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError as error:
            raise Conflict(ALREADY_ON_LIST) from error
        _touched(locked, entries=1)
        if user.pk == locked.owner_id:
            announce_interactions(MovieListEntry, user.pk)
    return entry


@transaction.atomic
def list_entry_remove(*, user, movie_list: MovieList, tmdb_id: int) -> MovieList:
    """Take a movie off a list (owner or collaborator); the entries after it move up one."""
    locked = _for_editor(user, movie_list)
    entry = _entry(locked, tmdb_id)
    entry.delete()
    _shift(locked, entry.position + 1, locked.entry_count - 1, by=-1)
    _touched(locked, entries=-1)
    if entry.added_by_id == locked.owner_id:
        announce_interactions(MovieListEntry, locked.owner_id)
    return locked


def _target(entry: MovieListEntry, locked: MovieList, *, position, before, after) -> int:
    """Where the entry goes: a position (0 to n-1), or just before or after another movie."""
    if sum(value is not None for value in (position, before, after)) != 1:
        raise ValidationError({"position": ONE_TARGET})
    if position is not None:
        last = locked.entry_count - 1
        if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position <= last:
            raise ValidationError({"position": f"A position on this list is from 0 to {last}."})
        return position
    argument, other_id = ("before", before) if before is not None else ("after", after)
    if other_id == entry.movie_id:
        raise ValidationError({argument: "A movie cannot move next to itself."})
    other = _entry(locked, other_id, argument=argument).position
    if argument == "before":
        return other - 1 if entry.position < other else other
    return other if entry.position < other else other + 1


def _move(entry: MovieListEntry, locked: MovieList, *, position, before, after) -> None:
    start = entry.position
    target = _target(entry, locked, position=position, before=before, after=after)
    if target > start:
        _shift(locked, start, target, by=-1, moved=entry.pk, to=target)
    elif target < start:
        _shift(locked, target, start, by=1, moved=entry.pk, to=target)
    entry.position = target


@transaction.atomic
def list_entry_move(
    *,
    user,
    movie_list: MovieList,
    tmdb_id: int,
    position: int | None = None,
    before: int | None = None,
    after: int | None = None,
) -> MovieListEntry:
    """Move a movie on a list (owner or collaborator) to ``position``, or before or after the movie
    with TMDb id ``before``/``after``; the entries between shift by one."""
    locked = _for_editor(user, movie_list)
    entry = _entry(locked, tmdb_id)
    _move(entry, locked, position=position, before=before, after=after)
    _touched(locked)
    return entry


@transaction.atomic
def list_entry_update(
    *,
    user,
    movie_list: MovieList,
    tmdb_id: int,
    note: str | None = None,
    position: int | None = None,
    before: int | None = None,
    after: int | None = None,
) -> MovieListEntry:
    """Change a movie's note and/or move it (as list_entry_move) on a list, at once (owner or
    collaborator); None keeps the note, no target keeps the place."""
    locked = _for_editor(user, movie_list)
    entry = _entry(locked, tmdb_id)
    if note is not None:
        entry.note = note
        entry.full_clean(validate_unique=False, validate_constraints=False)
        entry.save(update_fields=["note"])
    if (position, before, after) != (None, None, None):
        _move(entry, locked, position=position, before=before, after=after)
    _touched(locked)
    return entry


@transaction.atomic
def list_collaborator_invite(*, user, movie_list: MovieList, username: str) -> ListCollaborator:
    """Let the user ``username`` edit the list (owner only; idempotent).

    An unknown username is User.DoesNotExist; the owner is a ValidationError; a list has at
    most LIST_MAX_COLLABORATORS collaborators (Conflict beyond).
    """
    locked = _for_owner(user, movie_list)
    invited = get_user_model().objects.get(username=username)
    if invited.pk == locked.owner_id:
        raise ValidationError({"username": "You own this list; invite someone else."})
    existing = ListCollaborator.objects.filter(list=locked, user=invited).select_related("user").first()
    if existing is not None:
        return existing
    if ListCollaborator.objects.filter(list=locked).count() >= settings.LIST_MAX_COLLABORATORS:
        raise Conflict(f"A list has at most {settings.LIST_MAX_COLLABORATORS:,} collaborators.")
    return ListCollaborator.objects.create(list=locked, user=invited)


@transaction.atomic
def list_collaborator_remove(*, user, movie_list: MovieList, username: str) -> None:
    """Take the user ``username`` off the list's collaborators (owner only); not one: DoesNotExist."""
    locked = _for_owner(user, movie_list)
    ListCollaborator.objects.get(list=locked, user__username=username).delete()


@transaction.atomic
def list_leave(*, user, movie_list: MovieList) -> None:
    """Stop collaborating on a list; the owner cannot leave, a non-collaborator: DoesNotExist."""
    locked = _locked(movie_list)
    if locked.owner_id == user.pk:
        raise ValidationError(OWNER_CANNOT_LEAVE)
    ListCollaborator.objects.get(list=locked, user_id=user.pk).delete()
