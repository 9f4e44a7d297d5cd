"""The most played genres, directors and actors of a set of diary plays: one SQL query for all three.

The plays are first counted per film (GROUP BY film, once, in a common table expression), and
only those counts are joined to the catalog and summed per genre or person, so the query reads
a row per film played and credit rather than per play and credit (the ORM's join from Person to
every play is ten times as many rows for a heavy diary). A person credited twice on one film
(two roles) counts its plays once. People are summed by id first and only the sums are joined
to their names. The three rankings are one statement (a UNION ALL of three limited selects)
so the plays are read and counted per film once, not three times, in one round trip; each
ranking numbers its own rows, as a UNION keeps no order of its parts.
Plain SQL on PostgreSQL and SQLite alike: only the models' own table and column names and the
ORM's compiled per-film query are formatted into it; every value is a parameter.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, QuerySet

from catalog.models import Genre, Movie, MovieCast, MovieCrew, Person
from engagement.models import DiaryEntry
from engagement.sql_names import column as _column
from engagement.sql_names import table as _table

DIRECTOR = "Director"
_GENRE, _DIRECTOR, _ACTOR = "genre", "director", "actor"


@dataclass(frozen=True)
class Rankings:
    """(name, slug, plays) of the top genres; (name, TMDb id, plays) of the top directors and actors."""

    genres: list[tuple[str, str, int]]
    directors: list[tuple[str, int | None, int]]
    actors: list[tuple[str, int | None, int]]


def _per_film(plays: QuerySet[DiaryEntry]) -> tuple[str, tuple]:
    """SQL and parameters of the plays counted per film: columns ``film`` (its TMDb id) and ``n``."""
    counted = plays.annotate(film=F("movie_id")).values("film").annotate(n=Count("pk")).order_by()
    return counted.query.sql_with_params()


def _genres_sql() -> str:
    """The top genres of ``played`` (the films played, by catalog id, with their plays ``n``)."""
    through = Movie.genres.through
    name, slug, pk = (_column(Genre, field) for field in ("name", "slug", "id"))
    summed = (
        f"SELECT mg.{_column(through, 'genre')} AS genre_id, SUM(played.n) AS plays"  # noqa: S608
        f" FROM played JOIN {_table(through)} mg ON mg.{_column(through, 'movie')} = played.movie"
        f" GROUP BY mg.{_column(through, 'genre')}"
    )
    return (
        f"SELECT '{_GENRE}' AS kind, g.{name} AS name, g.{slug} AS slug,"  # noqa: S608
        f" CAST(NULL AS INTEGER) AS tmdb_id, summed.plays AS plays, g.{pk} AS pk"
        f" FROM ({summed}) summed JOIN {_table(Genre)} g ON g.{pk} = summed.genre_id"
        f" ORDER BY summed.plays DESC, g.{name}, g.{pk} LIMIT %s"
    )


def _people_sql(kind: str, credits, condition: str) -> str:
    """The top people of ``played`` through ``credits`` rows matching ``condition`` (one parameter)."""
    person_id = f"c.{_column(credits, 'person')}"
    credited = (  # a row per film and person: MAX(n) is the film's plays however many roles
        f"SELECT {person_id} AS person_id, MAX(played.n) AS n"  # noqa: S608
        f" FROM played JOIN {_table(credits)} c ON c.{_column(credits, 'movie')} = played.movie"
        f" AND c.{condition} GROUP BY played.movie, {person_id}"
    )
    summed = (
        f"SELECT credit.person_id, SUM(credit.n) AS plays FROM ({credited}) credit"  # noqa: S608
        " GROUP BY credit.person_id"
    )
    name, tmdb_id, pk = (_column(Person, field) for field in ("name", "tmdb_id", "id"))
    return (
        f"SELECT '{kind}' AS kind, person.{name} AS name, CAST(NULL AS VARCHAR(100)) AS slug,"  # noqa: S608
        f" person.{tmdb_id} AS tmdb_id, summed.plays AS plays, person.{pk} AS pk"
        f" FROM ({summed}) summed JOIN {_table(Person)} person ON person.{pk} = summed.person_id"
        f" ORDER BY summed.plays DESC, person.{name}, person.{pk} LIMIT %s"
    )


def rankings(plays: QuerySet[DiaryEntry], limit: int, billed: int) -> Rankings:
    """The ``limit`` genres, directors and actors (among a film's first ``billed``) most played,
    ties by name."""
    per_film, params = _per_film(plays)
    movie = _table(Movie)
    played = (
        f"SELECT m.{_column(Movie, 'id')} AS movie, p.n FROM ({per_film}) p"  # noqa: S608
        f" JOIN {movie} m ON m.{_column(Movie, 'tmdb_id')} = p.film"
    )
    parts = (
        _genres_sql(),
        _people_sql(_DIRECTOR, MovieCrew, f"{_column(MovieCrew, 'role')} = %s"),
        _people_sql(_ACTOR, MovieCast, f"{_column(MovieCast, 'order')} < %s"),
    )
    ranked = (
        f"SELECT kind, name, slug, tmdb_id, plays,"  # noqa: S608
        f" ROW_NUMBER() OVER (ORDER BY plays DESC, name, pk) AS position FROM ({part}) top"
        for part in parts
    )
    sql = f"WITH played AS ({played}) {' UNION ALL '.join(ranked)} ORDER BY kind, position"
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, limit, DIRECTOR, limit, billed, limit))
        rows = cursor.fetchall()
    found: dict[str, list] = {_GENRE: [], _DIRECTOR: [], _ACTOR: []}
    for kind, name, slug, tmdb_id, n, _position in rows:
        found[kind].append((name, slug if kind == _GENRE else tmdb_id, int(n)))
    return Rankings(genres=found[_GENRE], directors=found[_DIRECTOR], actors=found[_ACTOR])
