"""Movie night picks: movies none of a group has seen, ranked for the least happy member.

Each member is scored by the production hybrid over the stored item rows, exactly as their own
recommendations are (services.scoring_model, hybrid.recommend_strategies), over one shared set
of candidates: every movie no member has rated, favorited, listed, put on their watchlist,
viewed, logged in the diary or dismissed. A member's scores become fits in [0, 1] (over their
best candidate), and the group's list is chosen by fair greedy selection (engines.group.fair_greedy,
GFAR-style: each next pick is the one that most raises the chance that every member likes one
of the picks, so the member the earlier picks served least weighs most); the offline evaluation
chose it over average without misery and least misery because it alone beats both baselines on
the least happy member (bench/README.md "Movie night"). The first MAX_PAGE_SIZE places are
chosen that way, the rest follow by mean fit; with a filter, the picks are the first of that
order that pass it. A pick's score is its mean member fit, so a pick that serves a member the
earlier ones left out may score below a later one. Each pick says how well it fits each member,
by username, and why in words that reveal nothing about anyone's history: how many of the group
it fits, and the movie's own genres.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q

from catalog.availability import AvailabilityFilter
from catalog.models import Genre, Movie
from catalog.selectors import movies_by_tmdb_ids
from common.paging import validate_limit
from engagement.availability_filter import availability_filter
from engagement.user_services import services_by_region
from recsys import loaders, runs, services
from recsys.engines import group, hybrid
from recsys.movie_night import check_members

AGGREGATION = "fair_greedy"
GOOD_FIT = 0.5  # a member fit from which a pick is "a good fit" for them
CHUNK = 200  # candidates checked against the filters per query
MAX_RUNTIME = 1000
MAX_GENRES = 10
NO_SERVICES = "None of the group has saved services: choose them first (your services)."
ONE_AVAILABILITY = "on_members_services uses the members' services: leave availability out."


@dataclass(frozen=True)
class GroupFilter:
    """A checked filter of group picks: runtime in minutes, genre slugs (any), and where to watch."""

    runtime_min: int | None = None
    runtime_max: int | None = None
    genres: tuple[str, ...] = ()
    available: AvailabilityFilter | None = None
    on_members_services: bool = False


@dataclass(frozen=True)
class MemberFit:
    username: str
    fit: float


@dataclass(frozen=True)
class GroupPick:
    movie: Movie
    score: float
    fits: list[MemberFit]
    reasons: list[str]


def group_filter(
    *,
    runtime_min: int | None = None,
    runtime_max: int | None = None,
    genres: Sequence[str] | None = None,
    available: AvailabilityFilter | None = None,
    on_members_services: bool = False,
) -> GroupFilter:
    """The checked filter; a ValidationError naming every bad argument."""
    errors: dict[str, str] = {}
    for name, value in (("runtime_min", runtime_min), ("runtime_max", runtime_max)):
        if value is not None and not 0 <= value <= MAX_RUNTIME:
            errors[name] = f"{name} is in minutes, 0 to {MAX_RUNTIME}."
    if runtime_min is not None and runtime_max is not None and runtime_min > runtime_max and not errors:
        errors["runtime_max"] = "runtime_max must not be below runtime_min."
    slugs = tuple(sorted(set(genres or ())))
    if len(slugs) > MAX_GENRES:
        errors["genres"] = f"genres: name at most {MAX_GENRES}."
    elif slugs:
        unknown = set(slugs) - set(Genre.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        if unknown:
            errors["genres"] = f"Unknown genres: {', '.join(sorted(unknown))}."
    if on_members_services and available is not None:
        errors["on_members_services"] = ONE_AVAILABILITY
    if errors:
        raise ValidationError(errors)
    return GroupFilter(runtime_min, runtime_max, slugs, available, on_members_services)


def checked_group_filter(user, *, availability: Mapping | None = None, **asked) -> GroupFilter:
    """The filter ``user`` asked for: ``availability`` as engagement.availability_filter takes it,
    the rest as ``group_filter``; one ValidationError naming every bad argument of both."""
    errors: dict = {}
    available = None
    try:
        available = availability_filter(user, **(availability or {}))
    except ValidationError as error:
        errors |= error.message_dict
    try:
        checked = group_filter(available=available, **asked)
    except ValidationError as error:
        errors |= error.message_dict
    if errors:
        raise ValidationError(errors)
    return checked


def _availability(members: Sequence, filters: GroupFilter) -> list[AvailabilityFilter]:
    """The availability filters of which a pick must pass one (none: no condition)."""
    if filters.available is not None:
        return [filters.available]
    if not filters.on_members_services:
        return []
    regions = services_by_region(members)
    if not regions:
        raise ValidationError({"on_members_services": NO_SERVICES})
    return [AvailabilityFilter(region=r, providers=tuple(sorted(p))) for r, p in sorted(regions.items())]


def _catalog_condition(filters: GroupFilter) -> Q:
    condition = Q()
    if filters.runtime_min is not None:
        condition &= Q(runtime__gte=filters.runtime_min)
    if filters.runtime_max is not None:
        condition &= Q(runtime__lte=filters.runtime_max)
    if filters.genres:
        condition &= Q(genres__slug__in=filters.genres)
    return condition


def _passing(ranked: Sequence[int], limit: int, members: Sequence, filters: GroupFilter) -> list[int]:
    """The first ``limit`` of ``ranked`` (TMDb ids, best first) in the catalog that pass ``filters``,
    checked a chunk at a time."""
    condition = _catalog_condition(filters)
    wheres = _availability(members, filters)
    kept: list[int] = []
    for start in range(0, len(ranked), CHUNK):
        chunk = ranked[start : start + CHUNK]
        passing = set(Movie.objects.filter(condition, tmdb_id__in=chunk).values_list("tmdb_id", flat=True))
        if wheres:
            offered = set().union(*(where.keep(sorted(passing)) for where in wheres))
            passing &= offered
        kept.extend(t for t in chunk if t in passing)
        if len(kept) >= limit:
            break
    return kept[:limit]


def member_scores(histories: Sequence[dict[int, float]]) -> tuple[np.ndarray, np.ndarray, bool]:
    """TMDb ids of the candidates (seen by no member), each member's hybrid score of each (members
    x candidates), and whether a run fitted the models the scores come from."""
    weights = {"hybrid": runs.strategy_weights()["hybrid"]}
    model, ids, rows, seen, fitted = services.scoring_model(histories, weights)
    # Each member is scored exactly as alone (their own history decides "little history"); the
    # movies another member saw are dropped from the candidates afterwards.
    ranked = hybrid.recommend_strategies(
        model, rows, weights, model.n_items, settings.RECSYS["MIN_HISTORY"], with_reasons=False, seen=seen
    )["hybrid"]
    candidates = np.flatnonzero(seen.getnnz(axis=0) == 0)
    scores = np.zeros((len(histories), model.n_items))
    for member, (items, values) in enumerate(zip(ranked.items, ranked.scores, strict=True)):
        listed = items >= 0
        scores[member, items[listed]] = values[listed]
    return np.asarray(ids, dtype=np.int64)[candidates], scores[:, candidates], fitted


def _reasons(fits: np.ndarray, genres: list[str], fitted: bool) -> list[str]:
    """Why a pick, from its member fits and its public genres only."""
    size, good = len(fits), int((fits >= GOOD_FIT).sum())
    if not fitted:
        reasons = ["popular (not personalized yet)"]
    elif good == size:
        reasons = ["a good fit for both of you" if size == 2 else f"a good fit for all {size} of you"]
    elif good:
        reasons = [f"a good fit for {good} of {size}"]
    else:
        reasons = ["the fairest fit for the group"]
    if genres:
        reasons.append(f"genres: {', '.join(genres[:3])}")
    return reasons


def group_picks(
    *, user, members: Sequence[str], limit: int, filters: GroupFilter | None = None
) -> list[GroupPick]:
    """The best ``limit`` movies for ``user`` and the ``members`` they name (usernames), best first.

    Membership is movie_night.check_members's rule; a bad limit or member list is a
    ValidationError. See the module's text for the ranking, fits and reasons.
    """
    validate_limit(limit)
    group_members = check_members(user, members)
    filters = filters or GroupFilter()
    found = loaders.histories(user_ids=[member.pk for member in group_members])
    tmdb_ids, scores, fitted = member_scores([found[member.pk] for member in group_members])
    fits = group.member_fits(scores)
    # Candidates are in TMDb id order, so ties go to the lower id.
    order = group.order(fits, AGGREGATION, settings.MAX_PAGE_SIZE)
    picked = _passing(tmdb_ids[order].tolist(), limit, group_members, filters)
    column = {int(t): pos for pos, t in enumerate(tmdb_ids)}
    movies = movies_by_tmdb_ids(tmdb_ids=picked).prefetch_related("genres")
    picks = []
    for movie in movies:
        own = fits[:, column[movie.tmdb_id]]
        picks.append(
            GroupPick(
                movie=movie,
                score=round(float(own.mean()), 4),
                fits=[
                    MemberFit(username=m.username, fit=round(float(f), 4))
                    for m, f in zip(group_members, own, strict=True)
                ],
                reasons=_reasons(own, [genre.name for genre in movie.genres.all()], fitted),
            )
        )
    return picks
