"""TMDb into the local catalog: upserts, TMDb-backed id lists and the detail sync.

Every movie TMDb returns is upserted here, in one transaction per payload, so the
local catalog (and the recommendation engines reading it) sees it. Fields staff set
(``Movie.admin_overrides``, e.g. "title" or "genres") keep the staff's values.
"""

import logging
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from catalog import offers
from catalog.invalidation import catalog_changed
from catalog.models import Genre, Movie, MovieCast, MovieCrew, Person
from catalog.offers import OffersChange
from catalog.search import generation as search_generation
from catalog.selectors import TmdbIdPage
from catalog.tmdb import TmdbError, TmdbNotFound, api
from catalog.tmdb.normalize import GenreData, MovieDetail, MoviePageData, MovieSummary

logger = logging.getLogger(__name__)

# Fields a TMDb list result carries; a detail adds runtime, tagline, imdb_id, alternative titles and videos.
SUMMARY_FIELDS = (
    "title",
    "original_title",
    "overview",
    "release_date",
    "year",
    "poster_url",
    "backdrop_url",
    "vote_average",
    "vote_count",
    "language",
    "popularity_score",
)
DETAIL_FIELDS = (
    *SUMMARY_FIELDS,
    "runtime",
    "tagline",
    "imdb_id",
    "alternative_titles",
    "videos",
    "tmdb_synced_at",
)


def _summary_values(data: MovieSummary) -> dict:
    return {
        "title": data["title"],
        "original_title": data["original_title"],
        "overview": data["overview"],
        "release_date": data["release_date"],
        "year": data["release_date"].year if data["release_date"] else None,
        "poster_url": data["poster_url"],
        "backdrop_url": data["backdrop_url"],
        "vote_average": data["vote_average"],
        "vote_count": data["vote_count"],
        "language": data["language"],
        "popularity_score": data["popularity"],
    }


def _apply(movie: Movie, values: dict) -> bool:
    """Set TMDb's non-empty values on movie, except on fields staff overrode; True when anything changed."""
    changed = False
    for field, value in values.items():
        if field in movie.admin_overrides:
            continue
        if value in ("", None, []) and getattr(movie, field):
            continue  # TMDb left it blank: keep what we have.
        if getattr(movie, field) != value:
            setattr(movie, field, value)
            changed = True
    return changed


def _unique_slug(name: str, taken: set[str]) -> str:
    base = slugify(name)[:90] or "genre"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def genres_upsert(*, genres: Iterable[GenreData]) -> dict[int, Genre]:
    """Local genres for TMDb genres, matched by TMDb id, then by name; {tmdb_id: Genre}."""
    wanted = {g["tmdb_id"]: g["name"] for g in genres}
    by_tmdb = {g.tmdb_id: g for g in Genre.objects.filter(tmdb_id__in=wanted)}
    missing = {tmdb_id: name for tmdb_id, name in wanted.items() if tmdb_id not in by_tmdb}
    if missing:
        by_name = {g.name.casefold(): g for g in Genre.objects.filter(tmdb_id__isnull=True)}
        taken = set(Genre.objects.values_list("slug", flat=True))
        new = []
        for tmdb_id, name in missing.items():
            genre = by_name.get(name.casefold())
            if genre is not None:
                genre.tmdb_id = tmdb_id
                genre.save(update_fields=["tmdb_id"])
            else:
                new.append(Genre(tmdb_id=tmdb_id, name=name, slug=_unique_slug(name, taken)))
        # A concurrent sync may add the same genres first: the rows read back are theirs then.
        Genre.objects.bulk_create(new, ignore_conflicts=True)
        by_tmdb = {g.tmdb_id: g for g in Genre.objects.filter(tmdb_id__in=wanted)}
    return by_tmdb


def _genre_map(genre_ids: set[int]) -> dict[int, Genre]:
    """Local genres for TMDb genre ids; TMDb's genre list fills in unknown ids when it answers."""
    known = {g.tmdb_id: g for g in Genre.objects.filter(tmdb_id__in=genre_ids)}
    if genre_ids - known.keys():
        try:
            known = genres_upsert(genres=[g for g in api.genre_list() if g["tmdb_id"] in genre_ids])
        except TmdbError:
            logger.info("tmdb.genres_unavailable")
    return known


def _set_genres(movie_genres: dict[Movie, list[Genre]]) -> None:
    """Make each movie's genres exactly the given ones, touching only the differences."""
    through = Movie.genres.through
    movie_ids = [m.pk for m in movie_genres]
    current = set(through.objects.filter(movie_id__in=movie_ids).values_list("movie_id", "genre_id"))
    wanted = {(m.pk, g.pk) for m, genres in movie_genres.items() for g in genres}
    for movie_id, genre_id in current - wanted:
        through.objects.filter(movie_id=movie_id, genre_id=genre_id).delete()
    through.objects.bulk_create(
        [through(movie_id=m, genre_id=g) for m, g in wanted - current], ignore_conflicts=True
    )


@transaction.atomic
def movies_upsert(*, movies: Sequence[MovieSummary]) -> dict[int, Movie]:
    """Create or update movies from TMDb list results; {tmdb_id: Movie}.

    Genres follow genre_ids when TMDb gives any; blank TMDb values and fields staff
    overrode keep what we have. Existing rows are locked, so a concurrent staff edit is
    either seen or waits.
    """
    data = {m["tmdb_id"]: m for m in movies}
    if not data:
        return {}
    existing = {
        m.tmdb_id: m for m in Movie.objects.select_for_update().filter(tmdb_id__in=data).order_by("tmdb_id")
    }
    Movie.objects.bulk_create(
        [
            Movie(tmdb_id=tmdb_id, **_summary_values(d))
            for tmdb_id, d in data.items()
            if tmdb_id not in existing
        ],
        ignore_conflicts=True,
    )
    changed = [m for tmdb_id, m in existing.items() if _apply(m, _summary_values(data[tmdb_id]))]
    for movie in changed:
        movie.refresh_search_titles()
    Movie.objects.bulk_update(changed, [*SUMMARY_FIELDS, *Movie.SEARCH_FIELDS])
    if changed or len(existing) < len(data):
        _titles_changed()
    local = {m.tmdb_id: m for m in Movie.objects.filter(tmdb_id__in=data)}
    genre_map = _genre_map({g for d in data.values() for g in d["genre_ids"]})
    _set_genres(
        {
            movie: [genre_map[g] for g in data[tmdb_id]["genre_ids"] if g in genre_map]
            for tmdb_id, movie in local.items()
            if "genres" not in movie.admin_overrides
            and data[tmdb_id]["genre_ids"]
            and all(g in genre_map for g in data[tmdb_id]["genre_ids"])
        }
    )
    return local


def _persons_upsert(people: dict[int, tuple[str, str]]) -> dict[int, Person]:
    """Local people for {tmdb_id: (name, photo_url)}; {tmdb_id: Person}."""
    existing = {p.tmdb_id: p for p in Person.objects.filter(tmdb_id__in=people)}
    Person.objects.bulk_create(
        [Person(tmdb_id=i, name=n, photo_url=u) for i, (n, u) in people.items() if i not in existing],
        ignore_conflicts=True,
    )
    changed = []
    for tmdb_id, person in existing.items():
        name, photo_url = people[tmdb_id]
        if (person.name, person.photo_url) != (name, photo_url or person.photo_url):
            person.name, person.photo_url = name, photo_url or person.photo_url
            changed.append(person)
    Person.objects.bulk_update(changed, ["name", "photo_url"])
    return {p.tmdb_id: p for p in Person.objects.filter(tmdb_id__in=people)}


@transaction.atomic
def movie_upsert_detail(*, detail: MovieDetail) -> Movie:
    """Create or update one movie with its genres, cast, crew and videos from a TMDb detail."""
    genres_upsert(genres=detail["genres"])
    movie = movies_upsert(movies=[detail])[detail["tmdb_id"]]
    people = {c["tmdb_id"]: (c["name"], "") for c in detail["crew"]}
    people.update({c["tmdb_id"]: (c["name"], c["photo_url"]) for c in detail["cast"]})
    persons = _persons_upsert(people)
    MovieCast.objects.filter(movie=movie).delete()
    MovieCast.objects.bulk_create(
        [
            MovieCast(
                movie=movie, person=persons[c["tmdb_id"]], character_name=c["character"], order=c["order"]
            )
            for c in detail["cast"]
        ]
    )
    MovieCrew.objects.filter(movie=movie).delete()
    MovieCrew.objects.bulk_create(
        [
            MovieCrew(movie=movie, person=persons[c["tmdb_id"]], department=c["department"], role=c["job"])
            for c in detail["crew"]
        ]
    )
    titles_before = movie.alternative_titles
    _apply(
        movie,
        {
            "runtime": detail["runtime"],
            "tagline": detail["tagline"],
            "imdb_id": detail["imdb_id"],
            "alternative_titles": detail["alternative_titles"],
            "videos": [dict(v) for v in detail["videos"]],
        },
    )
    movie.tmdb_synced_at = timezone.now()
    movie.save(update_fields=[*DETAIL_FIELDS, *Movie.SEARCH_FIELDS, "updated_at"])
    if movie.alternative_titles != titles_before:
        _titles_changed()
    return movie


def _upsert_page(page: MoviePageData) -> None:
    movies_upsert(movies=page["results"])


@transaction.atomic
def detail_store(detail: MovieDetail) -> OffersChange | None:
    """Store a fresh TMDb detail: the movie with its credits, then its offers when the payload had
    them; what changed in the offers (None without them)."""
    movie_upsert_detail(detail=detail)
    if "watch_providers" not in detail:
        return None
    return offers.offers_replace(tmdb_id=detail["tmdb_id"], regions=detail["watch_providers"])


def _upsert_detail(detail: MovieDetail) -> None:
    detail_store(detail)


def _id_page(page: MoviePageData) -> TmdbIdPage:
    return TmdbIdPage(
        page=page["page"],
        total_pages=page["total_pages"],
        total_results=page["total_results"],
        tmdb_ids=[m["tmdb_id"] for m in page["results"]],
    )


def tmdb_movie_list_ids(*, kind: api.ListKind, page: int) -> TmdbIdPage | None:
    """A page of TMDb's popular/top_rated/upcoming list (upserted); None when TMDb cannot answer."""
    try:
        return _id_page(api.movie_list(kind, page, on_fresh=_upsert_page))
    except TmdbError as exc:
        logger.info("tmdb.list_unavailable", extra={"kind": kind, "error": type(exc).__name__})
        return None


def tmdb_search_ids(*, query: str, page: int) -> TmdbIdPage | None:
    """A page of TMDb search/multi movie results (upserted); None when TMDb cannot answer."""
    try:
        return _id_page(api.search_movies(query, page, on_fresh=_upsert_page))
    except TmdbError as exc:
        logger.info("tmdb.search_unavailable", extra={"error": type(exc).__name__})
        return None


def tmdb_similar_ids(*, tmdb_id: int) -> list[int]:
    """TMDb ids of movies TMDb calls similar (upserted locally); [] when TMDb cannot answer."""
    try:
        return _id_page(api.similar(tmdb_id, on_fresh=_upsert_page)).tmdb_ids
    except TmdbError as exc:
        logger.info("tmdb.similar_unavailable", extra={"tmdb_id": tmdb_id, "error": type(exc).__name__})
        return []


def tmdb_trending_ids(*, time_range: str) -> list[int]:
    """TMDb ids of TMDb's trending movies for "day" or "week" (upserted locally); [] when unavailable."""
    if time_range not in ("day", "week"):
        return []
    try:
        return _id_page(api.trending(time_range, on_fresh=_upsert_page)).tmdb_ids
    except TmdbError as exc:
        logger.info("tmdb.trending_unavailable", extra={"error": type(exc).__name__})
        return []


def movie_sync(*, tmdb_id: int, force: bool = False) -> Movie:
    """The local movie refreshed from TMDb's detail (cached for TMDB_DETAIL_TTL unless force).

    A forced refresh retires the cached answers showing catalog data.

    Raises Movie.DoesNotExist when TMDb has no such movie, TmdbUnavailable when it cannot answer.
    """
    try:
        detail = api.movie_detail(tmdb_id, on_fresh=_upsert_detail, refresh=force)
    except TmdbNotFound:
        raise Movie.DoesNotExist(f"TMDb has no movie with id {tmdb_id}.") from None
    if force:
        catalog_changed()
    movie = Movie.objects.filter(tmdb_id=tmdb_id).first()
    if movie is None:
        detail_store(detail)
        movie = Movie.objects.get(tmdb_id=tmdb_id)
    return movie


def _titles_changed() -> None:
    """Title indexes rebuild now, and again on commit so none keeps a pre-commit view."""
    search_generation.titles_changed()
    transaction.on_commit(search_generation.titles_changed)
