"""A large synthetic catalog for discover, written in bulk by PostgreSQL's generate_series.

Used by bench/discover.py and by the PostgreSQL plan test of discover's indexes
(tests/catalog/test_discover_plans.py), so both measure the same catalog. Deterministic: every
value is a hash of the row number. ``load`` writes ``movies`` films (TMDb ids 1..movies) with
release dates over a century (a tenth with the year only), runtimes, TMDb votes, a popularity
skewed like TMDb's, our ratings on a third, an original language (60% English), one or two of
19 genres, a keyword of 2,000, a billed actor and a director out of 20,000 people, and offers
in 5 regions from 20 providers (a fifth of the movies on a flatrate service in each region, a
tenth for rent); then ANALYZE, as autovacuum would soon after. (Lean on rows per movie, so
the plan test loads it in seconds.)
"""

from django.db import connection
from django.db.models import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    FloatField,
    IntegerField,
    JSONField,
    UUIDField,
)

from catalog.models import (
    Genre,
    Keyword,
    Movie,
    MovieCast,
    MovieCrew,
    MovieOffer,
    Person,
    WatchProvider,
    WatchRegion,
)

REGIONS = ("US", "GB", "DE", "FR", "JP")
PROVIDERS = 20
GENRES = 19
KEYWORDS = 2_000
PEOPLE = 20_000
LANGUAGES = ("fr", "ja", "ko", "de", "es", "it", "hi", "zh")


def _u(salt: int | str, i: str = "i") -> str:
    """A hash of the row number ``i`` in [0, 1), independent for each ``salt``: the same on every run
    (PostgreSQL's own integer hash, the one hash partitioning relies on being stable)."""
    return f"((hashint4extended({i}, {salt}) & 2147483647)::float / 2147483648)"


# Expressions of the movie columns; every other column gets its type's empty value.
_MOVIE_VALUES = {
    "tmdb_id": "i",
    "title": "'Film ' || i",
    "search_title": "'film ' || i",
    "year": f"1925 + floor({_u(1)} * 100)::int",
    "release_date": f"CASE WHEN i % 10 = 0 THEN NULL ELSE make_date(1925 + floor({_u(1)} * 100)::int, "
    f"1 + floor({_u(2)} * 12)::int, 1 + floor({_u(3)} * 28)::int) END",
    "runtime": f"70 + floor({_u(4)} * 110)::int",
    "vote_average": f"round((2 + {_u(5)} * 8)::numeric, 1)",
    "vote_count": f"floor(power({_u(6)}, 4) * 30000)::int",
    "popularity_score": f"round((power({_u(7)}, 6) * 1000)::numeric, 3)",
    "language": f"CASE WHEN {_u(8)} < 0.6 THEN 'en' "
    f"ELSE (ARRAY{list(LANGUAGES)})[1 + i % {len(LANGUAGES)}] END",
    "rating_count": "CASE WHEN i % 3 = 0 THEN 1 + i % 40 ELSE 0 END",
    "rating_sum": "CASE WHEN i % 3 = 0 THEN (1 + i % 40) * (1 + (i % 9) * 0.5) ELSE 0 END",
}


def _empty(field) -> str:
    if field.null:
        return "NULL"
    if isinstance(field, UUIDField):
        return "gen_random_uuid()"
    if isinstance(field, JSONField):
        return "'[]'::jsonb" if callable(field.default) and field.default() == [] else "'{}'::jsonb"
    if isinstance(field, DateTimeField):
        return "now()"
    if isinstance(field, DateField):
        return "current_date"
    if isinstance(field, BooleanField):
        return "false"
    if isinstance(field, IntegerField | FloatField | DecimalField):
        return "0"
    return "''"


def _movies_sql(movies: int) -> str:
    fields = Movie._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = ", ".join(_MOVIE_VALUES.get(f.name, _empty(f)) for f in fields)
    table = Movie._meta.db_table
    return f"INSERT INTO {table} ({columns}) SELECT {values} FROM generate_series(1, {movies}) AS i"


# Title search's GIN indexes (catalog/migrations): no discover filter reads them.
SEARCH_INDEXES = (
    "catalog_movie_search_gin",
    "catalog_movie_title_trgm",
    "catalog_movie_search_title_trgm",
    "catalog_movie_search_aliases_trgm",
)


def load(movies: int, *, search_indexes: bool = True) -> None:
    """Write the catalog described above (into an empty catalog) and ANALYZE it.

    ``search_indexes=False`` drops title search's GIN indexes first, which cost most of the
    load's time: for a caller inside a transaction it rolls back (the plan test), never for
    a catalog that is kept.
    """
    if not search_indexes:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX {', '.join(SEARCH_INDEXES)}")
    genres = Genre.objects.bulk_create(Genre(name=f"Genre {n}", slug=f"genre-{n}") for n in range(GENRES))
    WatchRegion.objects.bulk_create(WatchRegion(code=code, english_name=code) for code in REGIONS)
    WatchProvider.objects.bulk_create(
        WatchProvider(provider_id=n, name=f"Provider {n}", display_priority=n)
        for n in range(1, PROVIDERS + 1)
    )
    genre_ids = "ARRAY[" + ", ".join(f"'{genre.pk}'::uuid" for genre in genres) + "]"
    statements = [
        _movies_sql(movies),
        f"INSERT INTO {Keyword._meta.db_table} (id, name, slug) SELECT gen_random_uuid(), 'keyword ' || k, "
        f"'keyword-' || k FROM generate_series(1, {KEYWORDS}) AS k",
        f"INSERT INTO {Person._meta.db_table} (id, tmdb_id, name, bio, photo_url) "
        f"SELECT gen_random_uuid(), p, 'Person ' || p, '', '' FROM generate_series(1, {PEOPLE}) AS p",
        # One or two distinct genres per movie.
        f"INSERT INTO {Movie.genres.through._meta.db_table} (movie_id, genre_id) SELECT DISTINCT m.id, "
        f"({genre_ids})[1 + (m.tmdb_id * g.step) % {GENRES}] FROM {Movie._meta.db_table} m "
        "CROSS JOIN (VALUES (1), (7)) AS g(step) WHERE g.step = 1 OR m.tmdb_id % 2 = 0",
        f"INSERT INTO {Movie.keywords.through._meta.db_table} (movie_id, keyword_id) SELECT m.id, k.id "
        f"FROM {Movie._meta.db_table} m JOIN {Keyword._meta.db_table} k "
        f"ON k.slug = 'keyword-' || (1 + (m.tmdb_id * 31) % {KEYWORDS})",
        f'INSERT INTO {MovieCast._meta.db_table} (id, movie_id, person_id, character_name, "order") '
        f"SELECT gen_random_uuid(), m.id, p.id, 'Lead', 0 FROM {Movie._meta.db_table} m "
        f"JOIN {Person._meta.db_table} p ON p.tmdb_id = 1 + (m.tmdb_id * 3 + 101) % {PEOPLE}",
        f"INSERT INTO {MovieCrew._meta.db_table} (id, movie_id, person_id, department, role) "
        f"SELECT gen_random_uuid(), m.id, p.id, 'Directing', 'Director' FROM {Movie._meta.db_table} m "
        f"JOIN {Person._meta.db_table} p ON p.tmdb_id = 1 + (m.tmdb_id * 17) % {PEOPLE}",
        # A fifth of the movies on a flatrate service in each region, a tenth for rent.
        f"INSERT INTO {MovieOffer._meta.db_table} (movie_tmdb_id, region, provider_id, monetization, "
        f"display_priority) SELECT m, r, p, k, 0 FROM ("
        f"SELECT i AS m, r.code AS r, 1 + floor({_u('30 + r.n')} * {PROVIDERS})::int AS p, 'flatrate' AS k "
        f"FROM generate_series(1, {movies}) AS i CROSS JOIN unnest(ARRAY{list(REGIONS)}) WITH ORDINALITY "
        f"AS r(code, n) WHERE {_u('50 + r.n')} < 0.2 UNION ALL "
        f"SELECT i, r.code, 1 + floor({_u('40 + r.n')} * {PROVIDERS})::int, 'rent' "
        f"FROM generate_series(1, {movies}) AS i CROSS JOIN unnest(ARRAY{list(REGIONS)}) WITH ORDINALITY "
        f"AS r(code, n) WHERE {_u('60 + r.n')} < 0.1) AS offers",
        "ANALYZE",
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
