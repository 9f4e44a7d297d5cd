"""Catalog writes: staff edits, TMDb re-syncs, and the reads that refresh from TMDb first.

Staff edits (movies, genres and keywords; the API calls keywords "tags"): every write
validates with the model's ``full_clean`` plus the rules below, runs in one transaction and,
once that commits, retires what caches show: a movie write drops the movie's cached TMDb
detail and every cached answer (``movie_detail_invalidate``); a genre or keyword write every
cached answer (``catalog_changed``). Bad input is a ValidationError with field errors, an
unknown id the model's DoesNotExist. Deleting a genre or keyword detaches it from its movies;
deleting a movie users have interacted with needs ``force``. A movie field staff set is
recorded in ``Movie.admin_overrides`` and TMDb upserts leave it alone until staff clear the
override; clearing re-syncs the movie from TMDb.

Refresh, then select: ``movie_fetch``, ``movie_page_fetch`` and ``movie_search_fetch`` check
the request, let TMDb refresh the local catalog when a key is set (``catalog.sync`` upserts
what it returns), then read through ``catalog.selectors``. With no key, TMDb down or its
circuit open, the local catalog answers; UpstreamUnavailable only when nothing local can.
"""

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from functools import partial
from typing import Any, TypedDict, TypeVar, Unpack
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils.text import slugify

from audit.models import AdminAction
from audit.recording import admin_action_record
from catalog import availability, selectors, sync
from catalog.invalidation import catalog_changed, movie_detail_invalidate
from catalog.models import MAX_TMDB_ID, Genre, Keyword, Movie
from catalog.selectors import MAX_YEAR, MIN_YEAR, MoviePage, PageKind
from catalog.signals import movie_usage_requested
from catalog.tasks import sync_tmdb_movie
from catalog.tmdb import TmdbUnavailable
from common.exceptions import Conflict, UpstreamUnavailable
from common.queue import enqueue

M = TypeVar("M", bound=Model)

MAX_INT = 2_147_483_647
MAX_RUNTIME = 60_000  # minutes; the longest films on record run about 51,000.
MAX_VOTE_AVERAGE = 10.0  # TMDb's scale.
IMDB_ID = re.compile(r"tt\d{7,10}")


class MovieFields(TypedDict, total=False):
    """Editable movie metadata; a key left out keeps the current value."""

    title: str
    original_title: str
    overview: str
    tagline: str
    release_date: date | None
    runtime: int | None
    poster_url: str
    backdrop_url: str
    language: str
    imdb_id: str
    vote_average: float
    vote_count: int
    popularity_score: float
    genre_ids: Sequence[UUID | str] | None  # replaces the movie's genres (None: none)
    tag_ids: Sequence[UUID | str] | None  # replaces the movie's keywords (None: none)


class NamedFields(TypedDict, total=False):
    """Editable fields of a genre or keyword; a blank slug is derived from the name."""

    name: str
    slug: str


MOVIE_FIELDS = frozenset(MovieFields.__annotations__)
# Movie field -> (accepts the value, message when it does not); checked on the fields being set.
MOVIE_RULES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "tmdb_id": (lambda v: 1 <= v <= MAX_TMDB_ID, f"A TMDb id is an integer from 1 to {MAX_TMDB_ID}."),
    "runtime": (lambda v: v is None or 0 <= v <= MAX_RUNTIME, f"Runtime is 0 to {MAX_RUNTIME} minutes."),
    "vote_average": (lambda v: 0 <= v <= MAX_VOTE_AVERAGE, f"The vote average is 0 to {MAX_VOTE_AVERAGE:g}."),
    "vote_count": (lambda v: 0 <= v <= MAX_INT, f"The vote count is 0 to {MAX_INT}."),
    "popularity_score": (lambda v: math.isfinite(v) and v >= 0, "Popularity is a finite number, 0 or more."),
    "release_date": (
        lambda v: v is None or MIN_YEAR <= v.year <= MAX_YEAR,
        f"The release year is {MIN_YEAR} to {MAX_YEAR}.",
    ),
    "imdb_id": (lambda v: not v or IMDB_ID.fullmatch(v), "An IMDb id looks like tt0133093."),
}
# Input key -> (model, what the API calls it, the movie's relation).
MOVIE_RELATIONS: dict[str, tuple[type[Model], str, str]] = {
    "genre_ids": (Genre, "genre", "genres"),
    "tag_ids": (Keyword, "tag", "keywords"),
}
# Input key -> the movie field that setting it overrides (TMDb never writes keywords).
OVERRIDE_FIELDS: dict[str, str] = {
    **{name: name for name in MOVIE_FIELDS - MOVIE_RELATIONS.keys()},
    "genre_ids": "genres",
}
# Movie fields staff can pin against TMDb's values, as ``Movie.admin_overrides`` names them.
OVERRIDABLE = tuple(sorted(OVERRIDE_FIELDS.values()))


def _field_errors(instance: Model, given: Iterable[str]) -> dict[str, list[str]]:
    """The model's own field validation, plus null checks of the ``given`` fields (which
    full_clean skips for fields that may be blank). Uniqueness is the callers' to check."""
    errors: dict[str, list[str]] = {}
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors = dict(error.message_dict)
    for name in given:
        if getattr(instance, name) is None and not instance._meta.get_field(name).null:
            errors.setdefault(name, ["This field cannot be null."])
    return errors


def _stripped(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value.strip() if isinstance(value, str) else value for key, value in values.items()}


def _for_write(model: type[M], pk: UUID | str, label: str) -> M:
    """The row with this primary key, locked for the transaction; DoesNotExist when unknown or malformed."""
    try:
        return model.objects.select_for_update().get(pk=pk if isinstance(pk, UUID) else UUID(str(pk)))
    except (ValueError, model.DoesNotExist):
        raise model.DoesNotExist(f"No {label} with id “{pk}”.") from None


def _by_ids(model: type[M], ids: Sequence[UUID | str], label: str) -> list[M]:
    """The rows with these ids; a ValidationError naming any id that is malformed or unknown."""
    wanted: set[UUID] = set()
    unknown: list[str] = []
    for raw in ids:
        try:
            wanted.add(raw if isinstance(raw, UUID) else UUID(str(raw)))
        except ValueError:
            unknown.append(str(raw))
    found = list(model.objects.filter(pk__in=wanted))
    unknown += sorted(str(pk) for pk in wanted - {row.pk for row in found})
    if unknown:
        raise ValidationError(f"No {label} with id {', '.join(unknown[:10])}.")
    return found


def _delete(instance: M) -> M:
    """Delete ``instance``; it keeps its primary key so callers can still show what was deleted."""
    pk = instance.pk
    instance.delete()
    instance.pk = pk
    return instance


def _record(action: str, target: str, fields: Mapping[str, Any], detail: str = "") -> None:
    """Log a staff edit of the catalog (GET /api/admin/logs/): the fields it set, then ``detail``."""
    parts = [f"fields: {', '.join(sorted(fields))}"] if fields else []
    if detail:
        parts.append(detail)
    admin_action_record(kind=AdminAction.Kind.CATALOG, action=action, target=target, detail="; ".join(parts))


# --- movies ---------------------------------------------------------------------------------


def _movie_for_write(tmdb_id: int) -> Movie:
    if not 0 < tmdb_id <= MAX_TMDB_ID:
        raise Movie.DoesNotExist(f"No movie with TMDb id {tmdb_id}.")
    try:
        return Movie.objects.select_for_update().get(tmdb_id=tmdb_id)
    except Movie.DoesNotExist:
        raise Movie.DoesNotExist(f"No movie with TMDb id {tmdb_id}.") from None


def _breaks(name: str, value: Any) -> bool:
    try:
        return not MOVIE_RULES[name][0](value)
    except (TypeError, AttributeError):
        return False  # a value of the wrong type: the field's own validation reports it


def movie_rule_errors(values: Mapping[str, Any]) -> dict[str, list[str]]:
    """Field errors of the movie ranges and formats above for these values."""
    return {
        name: [message]
        for name, (_, message) in MOVIE_RULES.items()
        if name in values and _breaks(name, values[name])
    }


def _duplicate_tmdb_id(tmdb_id: int) -> str:
    return f"A movie with TMDb id {tmdb_id} already exists."


def movie_overrides_after(
    movie: Movie, *, set_fields: Iterable[str] = (), cleared: Iterable[str] = ()
) -> list[str]:
    """The movie's overrides once staff set ``set_fields`` and clear ``cleared`` (movie field
    names; fields TMDb does not write are no overrides), sorted."""
    return sorted((set(movie.admin_overrides) - set(cleared)) | (set(set_fields) & set(OVERRIDABLE)))


def _clear_errors(cleared: Sequence[str], set_fields: Iterable[str]) -> list[str]:
    """What is wrong with a list of overrides to clear, given the fields the same edit sets."""
    if isinstance(cleared, str) or not all(isinstance(name, str) for name in cleared):
        return ["A list of field names."]
    unknown = sorted(set(cleared) - set(OVERRIDABLE))
    if unknown:
        return [f"Not a field staff can override: {', '.join(unknown)}. One of: {', '.join(OVERRIDABLE)}."]
    both = sorted(set(cleared) & set(set_fields))
    if both:
        return [f"This edit sets {', '.join(both)}; leave it out to let TMDb's value back."]
    return []


def _movie_save(movie: Movie, fields: MovieFields, *, creating: bool, cleared: Sequence[str] = ()) -> Movie:
    unexpected = fields.keys() - MOVIE_FIELDS
    if unexpected:
        raise TypeError(f"Not editable movie fields: {', '.join(sorted(unexpected))}.")
    set_fields = {OVERRIDE_FIELDS[key] for key in fields if key in OVERRIDE_FIELDS}
    values = _stripped({k: v for k, v in fields.items() if k not in MOVIE_RELATIONS})
    for name, value in values.items():
        setattr(movie, name, value)
    checked = {*values, "tmdb_id"} if creating else set(values)
    # The rules' messages state the whole allowed range, so they replace the field's own.
    errors = _field_errors(movie, values) | movie_rule_errors(
        {name: getattr(movie, name) for name in checked}
    )
    if creating and "tmdb_id" not in errors and Movie.objects.filter(tmdb_id=movie.tmdb_id).exists():
        errors["tmdb_id"] = [_duplicate_tmdb_id(movie.tmdb_id)]
    clear_errors = _clear_errors(cleared, set_fields)
    if clear_errors:
        errors["clear_overrides"] = clear_errors
    related = {}
    for key, (model, label, relation) in MOVIE_RELATIONS.items():
        if key in fields:
            try:
                related[relation] = _by_ids(model, fields[key] or (), label)
            except ValidationError as error:
                errors[key] = error.messages
    if errors:
        raise ValidationError(errors)
    resync = bool(set(cleared) & set(movie.admin_overrides))
    movie.admin_overrides = movie_overrides_after(movie, set_fields=set_fields, cleared=cleared)
    try:
        with transaction.atomic():
            movie.save()
    except IntegrityError as error:  # a concurrent create of the same movie
        raise ValidationError({"tmdb_id": [_duplicate_tmdb_id(movie.tmdb_id)]}) from error
    for relation, rows in related.items():
        getattr(movie, relation).set(rows)
    if resync:  # TMDb's values of the cleared fields come back now rather than at the next read
        transaction.on_commit(partial(movie_resync_request, tmdb_id=movie.tmdb_id), robust=True)
    else:
        transaction.on_commit(partial(movie_detail_invalidate, tmdb_id=movie.tmdb_id))
    return movie


@transaction.atomic
def movie_create(*, tmdb_id: int, **fields: Unpack[MovieFields]) -> Movie:
    """Add a movie to the local catalog; ``tmdb_id`` (its identity) must be new, ``title`` is required.

    The fields given become overrides: TMDb fills in only the others.
    """
    movie = _movie_save(Movie(tmdb_id=tmdb_id), fields, creating=True)
    _record("create", f"movie {tmdb_id} {movie.title}", fields)
    return movie


@transaction.atomic
def movie_update(
    *, tmdb_id: int, clear_overrides: Sequence[str] = (), **fields: Unpack[MovieFields]
) -> Movie:
    """Change a movie's metadata (keys left out keep their values); Movie.DoesNotExist when unknown.

    The fields set become overrides; ``clear_overrides`` (names from OVERRIDABLE, none of them
    set by this edit) hands those fields back to TMDb and re-syncs the movie.
    """
    movie = _movie_save(_movie_for_write(tmdb_id), fields, creating=False, cleared=clear_overrides)
    detail = f"cleared overrides: {', '.join(clear_overrides)}" if clear_overrides else ""
    _record("update", f"movie {tmdb_id} {movie.title}", fields, detail)
    return movie


def _usage(movie: Movie) -> str:
    """What users hold of this movie, e.g. "2 favorites and 1 review"; "" when nothing.

    The apps above catalog answer through ``movie_usage_requested``.
    """
    answers = movie_usage_requested.send(sender=Movie, movie=movie)
    parts = [
        f"{count} {singular if count == 1 else plural}"
        for _, usage in answers
        for count, singular, plural in usage
    ]
    if len(parts) > 1:
        return f"{', '.join(parts[:-1])} and {parts[-1]}"
    return "".join(parts)


@transaction.atomic
def movie_delete(*, tmdb_id: int, force: bool = False) -> Movie:
    """Delete a movie with its credits; Movie.DoesNotExist when unknown.

    Users' favorites, watchlist entries, reviews and views of the movie go with it, so a
    movie that has any is refused with Conflict unless ``force``.
    """
    movie = _movie_for_write(tmdb_id)
    usage = "" if force else _usage(movie)
    if usage:
        raise Conflict(
            f"Users have {usage} of movie {tmdb_id}; deleting it deletes them too. Use force to do so."
        )
    _delete(movie)
    transaction.on_commit(partial(movie_detail_invalidate, tmdb_id=tmdb_id))
    _record("delete", f"movie {tmdb_id} {movie.title}", {}, "forced" if force else "")
    return movie


# --- genres and keywords --------------------------------------------------------------------


def _named_save(instance: M, fields: NamedFields, *, label: str) -> M:
    """Validate and save a genre or keyword: names unique (case-insensitively) where the model says so,
    slugs always unique, a blank slug derived from the name."""
    creating = instance._state.adding
    for name, value in _stripped(dict(fields)).items():
        setattr(instance, name, value)
    model = type(instance)
    derived = not instance.slug
    if derived:
        instance.slug = slugify(instance.name)[: model._meta.get_field("slug").max_length]
    errors = _field_errors(instance, fields)
    if derived and "name" in errors:
        errors.pop("slug", None)  # the name's error says it all
    elif derived and not instance.slug:
        errors["slug"] = ["No slug can be derived from this name; give one."]
    others = model.objects.exclude(pk=instance.pk)
    name_unique = model._meta.get_field("name").unique
    if name_unique and "name" not in errors and others.filter(name__iexact=instance.name).exists():
        errors["name"] = [f"A {label} named “{instance.name}” already exists."]
    if "slug" not in errors and "name" not in errors and others.filter(slug=instance.slug).exists():
        errors["slug"] = [f"A {label} with the slug “{instance.slug}” already exists."]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:  # a concurrent write of the same name or slug
        raise ValidationError({"name": [f"A {label} with this name or slug already exists."]}) from error
    transaction.on_commit(catalog_changed)
    _record("create" if creating else "update", f"{label} {instance.name}", fields)
    return instance


def _named_delete(instance: M, *, label: str) -> M:
    _delete(instance)  # the movies' links to it go with it
    transaction.on_commit(catalog_changed)
    _record("delete", f"{label} {instance.name}", {})
    return instance


@transaction.atomic
def genre_create(*, name: str, slug: str = "") -> Genre:
    """Add a genre; the name must be new (case-insensitively), a blank slug is derived from it."""
    return _named_save(Genre(), {"name": name, "slug": slug}, label="genre")


@transaction.atomic
def genre_update(*, genre_id: UUID | str, **fields: Unpack[NamedFields]) -> Genre:
    """Rename a genre and/or change its slug (a key left out keeps its value).

    Genre.DoesNotExist when unknown.
    """
    return _named_save(_for_write(Genre, genre_id, "genre"), fields, label="genre")


@transaction.atomic
def genre_delete(*, genre_id: UUID | str) -> Genre:
    """Delete a genre, detaching it from its movies; Genre.DoesNotExist when unknown."""
    return _named_delete(_for_write(Genre, genre_id, "genre"), label="genre")


@transaction.atomic
def keyword_create(*, name: str, slug: str = "") -> Keyword:
    """Add a keyword (tag); its slug, derived from the name when blank, must be new."""
    return _named_save(Keyword(), {"name": name, "slug": slug}, label="tag")


@transaction.atomic
def keyword_update(*, keyword_id: UUID | str, **fields: Unpack[NamedFields]) -> Keyword:
    """Rename a keyword and/or change its slug (a key left out keeps its value).

    Keyword.DoesNotExist when unknown.
    """
    return _named_save(_for_write(Keyword, keyword_id, "tag"), fields, label="tag")


@transaction.atomic
def keyword_delete(*, keyword_id: UUID | str) -> Keyword:
    """Delete a keyword, detaching it from its movies; Keyword.DoesNotExist when unknown."""
    return _named_delete(_for_write(Keyword, keyword_id, "tag"), label="tag")


# --- TMDb re-syncs --------------------------------------------------------------------------


def movie_resync_request(*, tmdb_id: int) -> None:
    """Drop a local movie's cached detail and queue a TMDb re-sync (Movie.DoesNotExist if unknown)."""
    if not Movie.objects.filter(tmdb_id=tmdb_id).exists():
        raise Movie.DoesNotExist(f"No movie with TMDb id {tmdb_id}.")
    movie_detail_invalidate(tmdb_id=tmdb_id)
    enqueue(sync_tmdb_movie, tmdb_id=tmdb_id)
    admin_action_record(kind=AdminAction.Kind.SYNC, action="sync", target=f"movie {tmdb_id}")


def movie_ensure(*, tmdb_id: int) -> Movie:
    """The local movie with this TMDb id; an unknown one only once TMDb confirms it.

    Unknown movies are fetched from TMDb when a key is set: Movie.DoesNotExist when TMDb has
    no such movie, UpstreamUnavailable when it cannot answer. Without a key an unknown id is
    Movie.DoesNotExist: what users type never becomes a catalog movie.
    """
    movie = Movie.objects.filter(tmdb_id=tmdb_id).first()
    if movie is not None:
        return movie
    if not settings.TMDB_API_KEY:
        raise Movie.DoesNotExist(f"No movie with TMDb id {tmdb_id}.")
    try:
        return sync.movie_sync(tmdb_id=tmdb_id)
    except TmdbUnavailable:
        raise UpstreamUnavailable() from None


# --- refresh, then select -------------------------------------------------------------------


def movie_refresh(*, tmdb_id: int) -> None:
    """Refresh a movie from TMDb's cached detail when a key is set (the step before reading it).

    A movie TMDb does not know is left to the local catalog; UpstreamUnavailable when TMDb
    cannot answer and the movie is not local either.
    """
    if not settings.TMDB_API_KEY or not 0 < tmdb_id <= MAX_TMDB_ID:
        return
    try:
        sync.movie_sync(tmdb_id=tmdb_id)
    except Movie.DoesNotExist:
        pass
    except TmdbUnavailable:
        if not Movie.objects.filter(tmdb_id=tmdb_id).exists():
            raise UpstreamUnavailable() from None


def movie_fetch(*, tmdb_id: int) -> QuerySet[Movie]:
    """The movie (a one-row QuerySet) after ``movie_refresh``; Movie.DoesNotExist when unknown."""
    movie_refresh(tmdb_id=tmdb_id)
    return selectors.movie_detail(tmdb_id=tmdb_id)


def movie_with_credits_fetch(*, tmdb_id: int) -> Movie:
    """The movie with genres, cast and crew loaded after ``movie_refresh`` (for serializers)."""
    movie_refresh(tmdb_id=tmdb_id)
    return selectors.movie_detail_with_credits(tmdb_id=tmdb_id)


def movie_offers_fetch(*, tmdb_id: int, region: str) -> availability.MovieOffers:
    """The movie's offers in ``region`` (a checked code) after ``movie_refresh``, whose TMDb detail
    carries them; Movie.DoesNotExist when unknown."""
    movie_refresh(tmdb_id=tmdb_id)
    found = availability.movie_offers(tmdb_ids=[tmdb_id], region=region)
    if tmdb_id not in found:
        raise Movie.DoesNotExist(f"No movie with TMDb id {tmdb_id}.")
    return found[tmdb_id]


def movie_page_fetch(*, kind: PageKind, page: int = 1) -> MoviePage:
    """A page of popular, top-rated or upcoming movies: TMDb's list when it answers, else local."""
    selectors.check_page(page)
    remote = sync.tmdb_movie_list_ids(kind=kind, page=page) if settings.TMDB_API_KEY else None
    return selectors.movie_page(kind=kind, page=page, remote=remote)


def movie_search_fetch(
    *,
    q: str = "",
    genre: str = "",
    year: int | None = None,
    page: int = 1,
    available: availability.AvailabilityFilter | None = None,
) -> MoviePage:
    """Search by text, genre (slug or name) and year [and availability] (see selectors.movie_search).

    With a TMDb key and a text, TMDb's search/multi runs first: its movies are upserted,
    so they rank locally when their title matches, and its other movies of that page follow
    the local ones; a TMDb failure leaves the local answer.
    """
    criteria = selectors.search_criteria(q=q, genre=genre, year=year, page=page)
    remote = None
    if criteria.q and settings.TMDB_API_KEY:
        remote = sync.tmdb_search_ids(query=criteria.q, page=page)
    return selectors.movie_search(criteria=criteria, remote=remote, available=available)
