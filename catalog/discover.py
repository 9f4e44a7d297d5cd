"""Discover: the local catalog narrowed by every filter people browse by, in one order, in cursor pages.

``discover_criteria`` checks what a reader asked for (one ValidationError naming every bad
argument) and gives a ``DiscoverCriteria``; ``discover_movies`` turns checked criteria into a
``Discovery``: the queryset, its keyset ordering (common/keyset.py; ties broken by TMDb id) and
the binding its cursors are signed for, so a cursor only continues the query that gave it out.
Availability (region, providers, monetization) reuses catalog.availability's checks and its
"available in region R on providers P as M" filter. What depends on the reader (hiding what they
have seen, their services) is engagement's to add (engagement.discovery).
"""

import datetime
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import (
    BigIntegerField,
    Case,
    Exists,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast

from catalog import availability
from catalog.models import MAX_TMDB_ID, Genre, Keyword, Movie, MovieCast, MovieCrew, Person
from catalog.selectors import MAX_YEAR, MIN_YEAR

# The most ids or slugs one list filter takes.
MAX_LIST = 20
MAX_RUNTIME = 1_000  # minutes; the longest films run about 14 hours
MAX_SEED = 2**31 - 1
MATCH_ANY, MATCH_ALL = "any", "all"
GENRE_MATCHES = (MATCH_ANY, MATCH_ALL)
ASC, DESC = "asc", "desc"
DIRECTIONS = (ASC, DESC)
# Each order's key and its default direction; "shuffle" is a seeded, stable pseudo-random order.
ORDERS: dict[str, tuple[str, str]] = {
    "popularity": ("popularity_score", DESC),
    "rating": ("our_rating", DESC),
    "vote_average": ("vote_average", DESC),
    "release_date": ("release_date", DESC),
    "title": ("title", ASC),
    "shuffle": ("shuffle_key", ASC),
}
_LANGUAGE = re.compile(r"[a-z]{2}")
# The shuffle's hash: two multiplicative rounds modulo different primes, in 64-bit integers on
# every database (the products stay below 2**63).
_SHUFFLE_PRIME_1, _SHUFFLE_FACTOR_1 = 4_294_967_291, 2_654_435_761
_SHUFFLE_PRIME_2, _SHUFFLE_FACTOR_2 = 2_147_483_647, 1_000_003


@dataclass(frozen=True)
class DiscoverCriteria:
    """A checked discover request (``discover_criteria``): genre and keyword slugs resolved to their
    ids, ranges inclusive, lists sorted."""

    genre_ids: tuple[str, ...] = ()
    genres_match: str = MATCH_ANY
    exclude_genre_ids: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    release_from: datetime.date | None = None
    release_to: datetime.date | None = None
    runtime_min: int | None = None
    runtime_max: int | None = None
    rating_min: float | None = None
    rating_max: float | None = None
    vote_average_min: float | None = None
    vote_average_max: float | None = None
    vote_count_min: int | None = None
    language: str | None = None
    people: tuple[int, ...] = ()
    keyword_ids: tuple[str, ...] = ()
    region: str | None = None
    providers: tuple[int, ...] = ()
    monetization: tuple[str, ...] = ()
    order: str = "popularity"
    direction: str = DESC
    seed: int | None = None


@dataclass(frozen=True)
class Discovery:
    """Discover's rows, the ordering to page them in, and the binding their cursors are signed for."""

    movies: QuerySet[Movie]
    ordering: tuple[str, ...]
    binding: str


class _Errors(dict):
    """Messages by argument, raised together as one ValidationError."""

    def check(self, ok: bool, argument: str, message: str) -> bool:
        if not ok and argument not in self:
            self[argument] = message
        return ok


def _slugs(errors: _Errors, argument: str, values: Sequence[str] | None) -> tuple[str, ...]:
    slugs = sorted({str(value).strip().lower() for value in values or ()})
    errors.check(len(slugs) <= MAX_LIST, argument, f"{argument}: name at most {MAX_LIST}.")
    return tuple(slugs[:MAX_LIST])


def _ids(
    errors: _Errors, argument: str, model: type[Genre | Keyword], slugs: Sequence[str]
) -> dict[str, str]:
    """The ids of ``slugs`` (one query), each missing slug noted."""
    if not slugs or argument in errors:
        return {}
    found = {slug: str(pk) for slug, pk in model.objects.filter(slug__in=slugs).values_list("slug", "pk")}
    missing = sorted(set(slugs) - set(found))
    errors.check(not missing, argument, f"{argument}: no {model.__name__.lower()} “{', '.join(missing)}”.")
    return found


def _people_known(errors: _Errors, person_ids: Sequence[int]) -> None:
    """Notes the ids among ``person_ids`` no stored person has (one query when given)."""
    if not person_ids or "people" in errors:
        return
    found = set(Person.objects.filter(tmdb_id__in=person_ids).values_list("tmdb_id", flat=True))
    missing = [pid for pid in person_ids if pid not in found]
    shown = ", ".join(str(pid) for pid in missing)
    errors.check(not missing, "people", f"people: no person with TMDb id {shown}.")


def _within(errors: _Errors, argument: str, value: Any, low: float, high: float) -> None:
    if value is not None:
        errors.check(low <= value <= high, argument, f"{argument} must be between {low} and {high}.")


def _ordered(errors: _Errors, low_name: str, low: Any, high_name: str, high: Any) -> None:
    if low is not None and high is not None:
        errors.check(low <= high, low_name, f"{low_name} must not be above {high_name}.")


def discover_criteria(
    *,
    genres: Sequence[str] | None = None,
    genres_match: str = MATCH_ANY,
    exclude_genres: Sequence[str] | None = None,
    year_min: int | None = None,
    year_max: int | None = None,
    release_from: datetime.date | None = None,
    release_to: datetime.date | None = None,
    runtime_min: int | None = None,
    runtime_max: int | None = None,
    rating_min: float | None = None,
    rating_max: float | None = None,
    vote_average_min: float | None = None,
    vote_average_max: float | None = None,
    vote_count_min: int | None = None,
    language: str | None = None,
    people: Sequence[int] | None = None,
    keywords: Sequence[str] | None = None,
    region: str | None = None,
    providers: Sequence[int] | None = None,
    monetization: Sequence[str] | None = None,
    order: str = "popularity",
    direction: str | None = None,
    seed: int | None = None,
) -> DiscoverCriteria:
    """The checked criteria of a discover request; a ValidationError naming every bad argument.

    Genre and keyword slugs and person ids must exist (one query each when given); ranges must
    not be inverted; a year range and a release date range do not go together; providers and
    monetization need a region, which must be a known one, and providers must be stored ones;
    ``seed`` goes with the shuffle order only, and the shuffle needs one.
    """
    errors = _Errors()
    genre_slugs = _slugs(errors, "genres", genres)
    excluded = _slugs(errors, "exclude_genres", exclude_genres)
    keyword_slugs = _slugs(errors, "keywords", keywords)
    person_ids = sorted(set(people or ()))
    errors.check(len(person_ids) <= MAX_LIST, "people", f"people: name at most {MAX_LIST}.")
    errors.check(
        all(1 <= pid <= MAX_TMDB_ID for pid in person_ids),
        "people",
        "people are TMDb person ids (1 or more).",
    )
    errors.check(genres_match in GENRE_MATCHES, "genres_match", "genres_match is any or all.")
    for name, value in (("year_min", year_min), ("year_max", year_max)):
        _within(errors, name, value, MIN_YEAR, MAX_YEAR)
    for name, day in (("release_from", release_from), ("release_to", release_to)):
        if day is not None:
            _within(errors, name, day.year, MIN_YEAR, MAX_YEAR)
    errors.check(
        (year_min, year_max) == (None, None) or (release_from, release_to) == (None, None),
        "release_from",
        "Give a year range or a release date range, not both.",
    )
    _within(errors, "runtime_min", runtime_min, 0, MAX_RUNTIME)
    _within(errors, "runtime_max", runtime_max, 0, MAX_RUNTIME)
    _within(errors, "rating_min", rating_min, 0, 5)
    _within(errors, "rating_max", rating_max, 0, 5)
    _within(errors, "vote_average_min", vote_average_min, 0, 10)
    _within(errors, "vote_average_max", vote_average_max, 0, 10)
    _within(errors, "vote_count_min", vote_count_min, 0, MAX_TMDB_ID)
    for low_name, low, high_name, high in (
        ("year_min", year_min, "year_max", year_max),
        ("release_from", release_from, "release_to", release_to),
        ("runtime_min", runtime_min, "runtime_max", runtime_max),
        ("rating_min", rating_min, "rating_max", rating_max),
        ("vote_average_min", vote_average_min, "vote_average_max", vote_average_max),
    ):
        _ordered(errors, low_name, low, high_name, high)
    code = language.strip().lower() if isinstance(language, str) else None
    if language is not None:
        errors.check(
            code is not None and _LANGUAGE.fullmatch(code) is not None,
            "language",
            "language is an ISO 639-1 code: two letters, e.g. en or ko.",
        )
    errors.check(order in ORDERS, "order", f"order is one of {', '.join(ORDERS)}.")
    errors.check(direction is None or direction in DIRECTIONS, "direction", "direction is asc or desc.")
    if order == "shuffle":
        errors.check(seed is not None, "seed", "The shuffle order needs a seed (any number you keep).")
        _within(errors, "seed", seed, 0, MAX_SEED)
    else:
        errors.check(seed is None, "seed", "seed goes with the shuffle order only.")
    _people_known(errors, person_ids)
    genre_ids = _ids(errors, "genres", Genre, [*genre_slugs, *excluded])
    keyword_ids = _ids(errors, "keywords", Keyword, keyword_slugs)
    region_code, provider_ids, monetizations = _availability(errors, region, providers, monetization)
    if errors:
        raise ValidationError(dict(errors))
    return DiscoverCriteria(
        genre_ids=tuple(sorted(genre_ids[slug] for slug in genre_slugs)),
        genres_match=genres_match,
        exclude_genre_ids=tuple(sorted(genre_ids[slug] for slug in excluded)),
        year_min=year_min,
        year_max=year_max,
        release_from=release_from,
        release_to=release_to,
        runtime_min=runtime_min,
        runtime_max=runtime_max,
        rating_min=rating_min,
        rating_max=rating_max,
        vote_average_min=vote_average_min,
        vote_average_max=vote_average_max,
        vote_count_min=vote_count_min,
        language=code,
        people=tuple(person_ids),
        keyword_ids=tuple(sorted(keyword_ids.values())),
        region=region_code,
        providers=provider_ids,
        monetization=monetizations,
        order=order,
        direction=direction or ORDERS[order][1],
        seed=seed,
    )


def _availability(
    errors: _Errors, region: str | None, providers: Sequence[int] | None, monetization: Sequence[str] | None
) -> tuple[str | None, tuple[int, ...], tuple[str, ...]]:
    """The checked region code, provider ids and monetizations of a request (errors noted)."""
    checked, problems = availability.criteria_check(region, providers, monetization)
    for argument, message in problems.items():
        errors.check(False, argument, message)
    return checked


def _genre_filter(criteria: DiscoverCriteria) -> Q:
    through = Movie.genres.through.objects.filter(movie_id=OuterRef("pk"))
    condition = Q()
    if criteria.genre_ids and criteria.genres_match == MATCH_ALL:
        for genre_id in criteria.genre_ids:
            condition &= Q(Exists(through.filter(genre_id=genre_id)))
    elif criteria.genre_ids:
        condition &= Q(Exists(through.filter(genre_id__in=criteria.genre_ids)))
    if criteria.exclude_genre_ids:
        condition &= ~Q(Exists(through.filter(genre_id__in=criteria.exclude_genre_ids)))
    return condition


def _people_filter(person_ids: Sequence[int]) -> Q:
    """Movies with one of the people in the cast or the crew: one IN over the union of both, which
    the planner reads from the person indexes (an OR of two EXISTS walks every movie instead)."""
    cast = MovieCast.objects.filter(person__tmdb_id__in=person_ids).values("movie_id").order_by()
    crew = MovieCrew.objects.filter(person__tmdb_id__in=person_ids).values("movie_id").order_by()
    return Q(pk__in=cast.union(crew))


def _range(field: str, low: Any, high: Any) -> Q:
    condition = Q()
    if low is not None:
        condition &= Q(**{f"{field}__gte": low})
    if high is not None:
        condition &= Q(**{f"{field}__lte": high})
    return condition


def _facts_filter(criteria: DiscoverCriteria) -> Q:
    condition = (
        _range("year", criteria.year_min, criteria.year_max)
        & _range("release_date", criteria.release_from, criteria.release_to)
        & _range("runtime", criteria.runtime_min, criteria.runtime_max)
        & _range("vote_average", criteria.vote_average_min, criteria.vote_average_max)
        & _range("vote_count", criteria.vote_count_min, None)
    )
    if criteria.rating_min is not None or criteria.rating_max is not None:
        condition &= Q(rating_count__gt=0) & _range("our_rating", criteria.rating_min, criteria.rating_max)
    if criteria.language is not None:
        condition &= Q(language=criteria.language)
    if criteria.people:
        condition &= _people_filter(criteria.people)
    if criteria.keyword_ids:
        through = Movie.keywords.through.objects.filter(
            movie_id=OuterRef("pk"), keyword_id__in=criteria.keyword_ids
        )
        condition &= Q(Exists(through))
    if criteria.region is not None:
        condition &= Q(
            availability.available_in(
                region=criteria.region,
                provider_ids=criteria.providers or None,
                monetizations=criteria.monetization or None,
            )
        )
    return condition


def _our_rating() -> Case:
    """The mean of our users' ratings, 0 for a movie nobody rated (it sorts below every rated one)."""
    return Case(
        When(rating_count=0, then=Value(0.0)),
        default=Cast("rating_sum", FloatField()) / Cast("rating_count", FloatField()),
        output_field=FloatField(),
    )


def _shuffle_key(seed: int):
    """A stable pseudo-random key of each movie for ``seed``: the same on every page and database."""

    def big(number: int) -> Value:
        return Value(number, output_field=BigIntegerField())

    mixed = (Cast("tmdb_id", BigIntegerField()) + big(seed)) * big(_SHUFFLE_FACTOR_1)
    first = mixed % big(_SHUFFLE_PRIME_1)
    return (first + big(seed)) * big(_SHUFFLE_FACTOR_2) % big(_SHUFFLE_PRIME_2)


def _binding(criteria: DiscoverCriteria, extra: object) -> str:
    material = json.dumps([asdict(criteria), extra], sort_keys=True, default=str)
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def discover_movies(
    criteria: DiscoverCriteria, *, condition: Q | None = None, binding_extra: object = None
) -> Discovery:
    """The movies meeting ``criteria`` (and ``condition``, a reader's filter from engagement, whose
    identity ``binding_extra`` names), genres loaded, with the ordering to page them in."""
    movies = Movie.objects.prefetch_related("genres")
    key, _ = ORDERS[criteria.order]
    if key == "our_rating" or criteria.rating_min is not None or criteria.rating_max is not None:
        movies = movies.annotate(our_rating=_our_rating())
    if criteria.seed is not None:
        movies = movies.annotate(shuffle_key=_shuffle_key(criteria.seed))
    movies = movies.filter(_genre_filter(criteria) & _facts_filter(criteria) & (condition or Q()))
    if key == "release_date":
        movies = movies.filter(release_date__isnull=False)  # a keyset key is never null
    sign = "-" if criteria.direction == DESC else ""
    ordering = (f"{sign}{key}", f"{sign}tmdb_id")
    return Discovery(movies=movies, ordering=ordering, binding=_binding(criteria, binding_extra))
