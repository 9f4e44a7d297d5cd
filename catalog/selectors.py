"""Catalog reads: QuerySets (so the GraphQL optimizer can still shape them) and pages of them.

Local only: refreshing from TMDb first is a service step (``catalog.services.movie_fetch``
and friends), which hands the ids TMDb listed to the page reads here.
"""

import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal
from uuid import UUID

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import connection
from django.db.models import Avg, Case, F, FloatField, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalog import art, search
from catalog.availability import AvailabilityFilter
from catalog.models import MAX_TMDB_ID, Genre, Keyword, Movie, MovieCast, MovieCrew
from common.exceptions import DomainError

PAGE_SIZE = 20  # TMDb's page size; local pages use the same.
MAX_PAGE = 500  # TMDb serves pages 1..500.
MAX_QUERY_LENGTH = 200
MIN_YEAR, MAX_YEAR = 1870, 2100
# Top-rated (local): IMDb's weighted rating; m = votes a movie needs before its own average dominates.
TOP_RATED_MIN_VOTES = 50
SEARCH_CACHE_TTL = 60
# The full-text vector of the GIN index in catalog/migrations (keep the two in sync).
SEARCH_VECTOR = SearchVector("title", weight="A", config="english") + SearchVector(
    "overview", weight="B", config="english"
)
PageKind = Literal["popular", "top_rated", "upcoming"]


class PageNotFound(DomainError, ObjectDoesNotExist):
    """A page past the last one (REST 404)."""


@dataclass(frozen=True)
class TmdbIdPage:
    """One page of a TMDb list as TMDb ids (in TMDb's order) with TMDb's totals."""

    page: int
    total_pages: int
    total_results: int
    tmdb_ids: list[int]


@dataclass(frozen=True)
class SearchCriteria:
    """A checked search request: the normalized text, the genre it names, the year and page."""

    q: str
    genre: Genre | None
    year: int | None
    page: int


@dataclass(frozen=True)
class MoviePage:
    """One page of movies with the list's totals; ``movies`` keeps the list's order."""

    page: int
    total_pages: int
    total_results: int
    movies: QuerySet[Movie]
    did_you_mean: str | None = None  # search only: the corrected text when the best title match is weak
    # Search only: the totals are TMDb's unfiltered estimate (an availability filter applied to its page).
    totals_estimated: bool = False


def movies_by_tmdb_ids(*, tmdb_ids: Sequence[int]) -> QuerySet[Movie]:
    """Movies with these TMDb ids, in the given order (unknown ids are skipped)."""
    ids = list(dict.fromkeys(tmdb_ids))
    if not ids:
        return Movie.objects.none()
    return Movie.objects.filter(tmdb_id__in=ids).order_by(_position_in(ids))


def _position_in(tmdb_ids: Sequence[int]) -> Case:
    """A movie's position in ``tmdb_ids`` (for ordering by it)."""
    whens = (When(tmdb_id=tmdb_id, then=pos) for pos, tmdb_id in enumerate(tmdb_ids))
    return Case(*whens, output_field=IntegerField())


def genre_list(*, q: str = "") -> QuerySet[Genre]:
    """Every genre by name; with ``q``, those whose name or slug contains it."""
    return _named(Genre.objects.order_by("name"), q)


def genre_get(*, genre_id: UUID) -> Genre:
    """One genre (Genre.DoesNotExist when unknown)."""
    return Genre.objects.get(pk=genre_id)


def keyword_list(*, q: str = "") -> QuerySet[Keyword]:
    """Every keyword (tag) by name; with ``q``, those whose name or slug contains it."""
    return _named(Keyword.objects.order_by("name", "slug"), q)


def keyword_get(*, keyword_id: UUID) -> Keyword:
    """One keyword (Keyword.DoesNotExist when unknown)."""
    return Keyword.objects.get(pk=keyword_id)


def _named(queryset: QuerySet, q: str) -> QuerySet:
    q = q.strip()
    return queryset.filter(Q(name__icontains=q) | Q(slug__icontains=q)) if q else queryset


def movies_matching_title(movies: QuerySet[Movie], *, q: str) -> QuerySet[Movie]:
    """Those of ``movies`` whose titles match ``q`` despite typos, best first (catalog.search ranking).

    At most MAX_PAGE_SIZE of the best matches over the whole catalog are kept.
    """
    q = " ".join(q.split())[:MAX_QUERY_LENGTH]
    ids = search.title_matches(q, limit=settings.MAX_PAGE_SIZE)
    if not ids:
        return movies.none()
    rank = Case(
        *(When(tmdb_id=tmdb_id, then=pos) for pos, tmdb_id in enumerate(ids)), output_field=IntegerField()
    )
    return movies.filter(tmdb_id__in=ids).annotate(title_rank=rank).order_by("title_rank")


def movie_admin_list(*, q: str = "") -> QuerySet[Movie]:
    """Local movies (TMDb is not asked), most popular first, with genres and tags loaded.

    With ``q``, only those whose title contains it.
    """
    movies = Movie.objects.prefetch_related("genres", "keywords").order_by("-popularity_score", "tmdb_id")
    q = q.strip()
    return movies.filter(title__icontains=q) if q else movies


def movie_admin_detail(*, tmdb_id: int) -> Movie:
    """The local movie (TMDb is not asked) with genres and tags loaded; Movie.DoesNotExist when unknown."""
    if not 0 < tmdb_id <= MAX_TMDB_ID:
        raise Movie.DoesNotExist(f"No movie with TMDb id {tmdb_id}.")
    return Movie.objects.prefetch_related("genres", "keywords").get(tmdb_id=tmdb_id)


def movie_artwork(*, tmdb_id: int, kind: art.Kind) -> str | None:
    """The drawn poster or backdrop (SVG) of a catalog movie; None when the catalog has no such movie."""
    movie = Movie.objects.filter(tmdb_id=tmdb_id).only("title", "year").first()
    if movie is None:
        return None
    genres = list(movie.genres.order_by("name").values_list("name", flat=True))
    return art.draw(kind, title=movie.title, year=movie.year, genres=genres)


def movie_detail(*, tmdb_id: int) -> QuerySet[Movie]:
    """The local movie (a one-row QuerySet); Movie.DoesNotExist for an unknown id."""
    movie = Movie.objects.filter(tmdb_id=tmdb_id)
    if not 0 < tmdb_id <= MAX_TMDB_ID or not movie.exists():
        raise Movie.DoesNotExist(f"No movie with TMDb id {tmdb_id}.")
    return movie


def movie_detail_with_credits(*, tmdb_id: int) -> Movie:
    """movie_detail's movie with genres, cast and crew loaded (for serializers, not the GraphQL optimizer)."""
    return (
        movie_detail(tmdb_id=tmdb_id)
        .prefetch_related(
            "genres",
            Prefetch("cast_members", queryset=MovieCast.objects.select_related("person")),
            Prefetch("crew_members", queryset=MovieCrew.objects.select_related("person")),
        )
        .get()
    )


def check_page(page: int) -> None:
    """ValidationError unless 1 <= page <= MAX_PAGE (TMDb's range, kept locally too)."""
    if not 1 <= page <= MAX_PAGE:
        raise ValidationError({"page": f"Page must be between 1 and {MAX_PAGE}."})


def _page_of_ids(page: int, total_pages: int, total_results: int, tmdb_ids: list[int]) -> MoviePage:
    if page > max(total_pages, 1):
        raise PageNotFound(f"Page {page} is past the last page ({max(total_pages, 1)}).")
    movies = movies_by_tmdb_ids(tmdb_ids=tmdb_ids).prefetch_related("genres")
    return MoviePage(page=page, total_pages=total_pages, total_results=total_results, movies=movies)


def _local_page(queryset: QuerySet[Movie], page: int) -> MoviePage:
    total = queryset.count()
    total_pages = min(MAX_PAGE, math.ceil(total / PAGE_SIZE))
    if page > max(total_pages, 1):
        raise PageNotFound(f"Page {page} is past the last page ({max(total_pages, 1)}).")
    start = (page - 1) * PAGE_SIZE
    ids = list(queryset.values_list("tmdb_id", flat=True)[start : start + PAGE_SIZE])
    return _page_of_ids(page, total_pages, total, ids)


def _top_rated() -> QuerySet[Movie]:
    rated = Movie.objects.filter(vote_count__gt=0)
    mean = rated.aggregate(mean=Avg("vote_average"))["mean"] or 0.0
    m = float(TOP_RATED_MIN_VOTES)
    weighted = (F("vote_count") * F("vote_average") + Value(m * mean)) / (F("vote_count") + Value(m))
    return rated.annotate(weighted_rating=Coalesce(weighted, 0.0, output_field=FloatField())).order_by(
        "-weighted_rating", "-vote_count", "tmdb_id"
    )


def _local_list(kind: PageKind) -> QuerySet[Movie]:
    if kind == "top_rated":
        return _top_rated()
    if kind == "upcoming":
        return Movie.objects.filter(release_date__gt=timezone.localdate()).order_by("release_date", "tmdb_id")
    return Movie.objects.order_by("-popularity_score", "tmdb_id")


def movie_page(*, kind: PageKind, page: int = 1, remote: TmdbIdPage | None = None) -> MoviePage:
    """A page of popular, top-rated or upcoming movies: TMDb's page (``remote``) when given, else local.

    Local popular ranks by popularity_score, top-rated by IMDb's vote-count-weighted average,
    upcoming by release date after today (possibly empty).
    """
    check_page(page)
    if remote is not None:
        return _page_of_ids(page, remote.total_pages, remote.total_results, remote.tmdb_ids)
    return _local_page(_local_list(kind), page)


def _text_problem(text: str, what: str, max_length: int) -> str | None:
    """Why a typed text is refused (too long, control characters), or None."""
    if len(text) > max_length:
        return f"{what} is limited to {max_length} characters."
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        return f"{what} must not contain control characters."
    return None


def search_criteria(
    *, q: str = "", genre: str = "", year: int | None = None, page: int = 1
) -> SearchCriteria:
    """The checked search request; ValidationError (field errors) for a bad one."""
    check_page(page)
    q = " ".join(q.split())
    errors = {}
    if problem := _text_problem(q, "Search text", MAX_QUERY_LENGTH):
        errors["q"] = problem
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = f"Year must be between {MIN_YEAR} and {MAX_YEAR}."
    match = None
    genre = genre.strip()
    if genre:
        match = Genre.objects.filter(Q(slug=genre.lower()) | Q(name__iexact=genre)).first()
        if match is None:
            errors["genre"] = f"Unknown genre “{genre[:100]}”."
    if not errors and not (q or match or year):
        errors["q"] = "Give a search text (q), a genre or a year."
    if errors:
        raise ValidationError(errors)
    return SearchCriteria(q=q, genre=match, year=year, page=page)


def _filtered(queryset: QuerySet[Movie], genre: Genre | None, year: int | None) -> QuerySet[Movie]:
    if genre is not None:
        queryset = queryset.filter(genres=genre)
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset


def _overview_match(queryset: QuerySet[Movie], q: str) -> QuerySet[Movie]:
    """PostgreSQL: prefix full-text match ranked by SearchRank; SQLite: every word in title or overview."""
    words = re.findall(r"\w+", q)[: search.MAX_QUERY_WORDS]
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        query = SearchQuery(" & ".join(f"{w}:*" for w in words), search_type="raw", config="english")
        return (
            queryset.annotate(search=SEARCH_VECTOR)
            .filter(search=query)
            .annotate(rank=SearchRank(SEARCH_VECTOR, query))
            .order_by("-rank", "-popularity_score", "tmdb_id")
        )
    for word in words:
        queryset = queryset.filter(Q(title__icontains=word) | Q(overview__icontains=word))
    return queryset.order_by("-popularity_score", "tmdb_id")


@dataclass(frozen=True)
class _Found:
    tmdb_ids: list[int]
    did_you_mean: str | None


def _within(tmdb_ids: Sequence[int], genre: Genre | None, year: int | None) -> set[int]:
    """Those of ``tmdb_ids`` that the genre and year filters keep."""
    kept = _filtered(Movie.objects.filter(tmdb_id__in=tmdb_ids), genre, year)
    return set(kept.values_list("tmdb_id", flat=True))


def _text_search(q: str, genre: Genre | None, year: int | None) -> _Found:
    """Title matches (catalog.search ranking), then overview matches, within the genre and year."""
    titled = search.title_search(q, year=year)
    allowed = _within(titled.tmdb_ids, genre, year)
    by_overview = _overview_match(_filtered(Movie.objects.all(), genre, year), q)
    ids = [i for i in titled.tmdb_ids if i in allowed]
    ids += list(by_overview.values_list("tmdb_id", flat=True)[: search.MAX_MATCHES])
    return _Found(list(dict.fromkeys(ids))[: search.MAX_MATCHES], titled.did_you_mean)


def _local_text_search(q: str, genre: Genre | None, year: int | None) -> _Found:
    """The ranked ids of a local text search (at most search.MAX_MATCHES), cached briefly."""
    params = f"{q.casefold()}|{genre and genre.pk}|{year}|{search.titles_generation()}"
    key = "catalog:search:v3:" + hashlib.sha256(params.encode()).hexdigest()
    hit = cache.get(key)
    if hit is not None:
        return hit
    found = _text_search(q, genre, year)
    cache.set(key, found, SEARCH_CACHE_TTL)
    return found


def movie_search(
    *, criteria: SearchCriteria, remote: TmdbIdPage | None = None, available: AvailabilityFilter | None = None
) -> MoviePage:
    """A page of the movies matching ``criteria`` (see ``search_criteria``) [and ``available``].

    A text is matched against the local catalog's titles despite typos (catalog.search ranking),
    then against overviews (PostgreSQL full-text, SQLite substrings); the movies of TMDb's
    search page (``remote``) that are not among them follow, within the genre and year. With
    no title word matching the text exactly the page carries "did you mean". Without a text, the genre's or
    year's movies, most popular first. ``available`` filters the local matches before they are
    paged (one query) and TMDb's page with them: the totals count every local match that passes
    but TMDb's unfiltered ones, so a page with TMDb's movies may hold fewer than PAGE_SIZE, and
    says so (``totals_estimated``): TMDb's filtered total is unknown without reading every page.
    """
    q, genre_match, year, page = criteria.q, criteria.genre, criteria.year, criteria.page
    if not q:
        browsed = _filtered(Movie.objects.all(), genre_match, year)
        if available is not None:
            browsed = browsed.filter(available.condition())
        return _local_page(browsed.order_by("-popularity_score", "tmdb_id"), page)
    found = _local_text_search(q, genre_match, year)
    if available is not None:
        found = replace(found, tmdb_ids=available.keep(found.tmdb_ids))
    start = (page - 1) * PAGE_SIZE
    ids = found.tmdb_ids[start : start + PAGE_SIZE]
    total, total_pages = len(found.tmdb_ids), math.ceil(len(found.tmdb_ids) / PAGE_SIZE)
    if remote is not None:
        known = set(found.tmdb_ids)
        kept = _within([i for i in remote.tmdb_ids if i not in known], genre_match, year)
        if available is not None:
            kept = set(available.keep(list(kept)))
        ids += [i for i in remote.tmdb_ids if i in kept]
        total, total_pages = max(total, remote.total_results), max(total_pages, remote.total_pages)
    result = _page_of_ids(page, min(MAX_PAGE, total_pages), total, ids)
    estimated = available is not None and remote is not None
    return replace(result, did_you_mean=found.did_you_mean, totals_estimated=estimated)


AUTOCOMPLETE_MIN_LENGTH, AUTOCOMPLETE_MAX_LENGTH = 2, 100
AUTOCOMPLETE_MAX_LIMIT, AUTOCOMPLETE_DEFAULT_LIMIT = 20, 8
AUTOCOMPLETE_CACHE_TTL = 300


@dataclass(frozen=True)
class Completion:
    """One autocomplete entry: enough to show a title in a search box."""

    tmdb_id: int
    title: str
    year: int | None
    poster_url: str


def _clean_autocomplete(q: str, limit: int) -> str:
    q = " ".join(q.split())
    errors = {}
    if problem := _text_problem(q, "Autocomplete text", AUTOCOMPLETE_MAX_LENGTH):
        errors["q"] = problem
    elif len(q) < AUTOCOMPLETE_MIN_LENGTH:
        errors["q"] = f"Type at least {AUTOCOMPLETE_MIN_LENGTH} characters."
    if not 1 <= limit <= AUTOCOMPLETE_MAX_LIMIT:
        errors["limit"] = f"Limit must be between 1 and {AUTOCOMPLETE_MAX_LIMIT}."
    if errors:
        raise ValidationError(errors)
    return q


def movie_autocomplete(*, q: str, limit: int = AUTOCOMPLETE_DEFAULT_LIMIT) -> list[Completion]:
    """The best ``limit`` title matches of ``q`` (same typo tolerance and ranking as search), cached.

    Local catalog only, from the in-process title index on every database (fast enough for every
    keystroke); ``q`` needs 2 to 100 characters.
    """
    q = _clean_autocomplete(q, limit)
    params = f"{search.normalize_title(q)}|{limit}|{search.titles_generation()}"
    key = "catalog:autocomplete:" + hashlib.sha256(params.encode()).hexdigest()
    hit = cache.get(key)
    if hit is not None:
        return hit
    ids = search.title_matches(q, limit=limit, in_process=True)
    rows = {
        row[0]: row
        for row in Movie.objects.filter(tmdb_id__in=ids).values_list("tmdb_id", "title", "year", "poster_url")
    }
    found = [
        Completion(tmdb_id, title, year, art.image_url("poster", tmdb_id=tmdb_id, stored=poster_url))
        for tmdb_id, title, year, poster_url in (rows[i] for i in ids if i in rows)
    ]
    cache.set(key, found, AUTOCOMPLETE_CACHE_TTL)
    return found
