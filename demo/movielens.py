"""MovieLens import: the demo and evaluation catalog.

MovieLens data (GroupLens Research, University of Minnesota) is licensed for research and
non-commercial use only; see demo/demo_data/README.txt for its terms. It seeds demo and
evaluation installs: production catalogs come from TMDb.

One code path for both inputs: ``read_directory`` reads a MovieLens directory (movies.csv,
links.csv, ratings.csv, optional tags.csv; each may be gzipped), ``read_packed`` reads the
compact file shipped in demo/demo_data/, and ``load`` writes either into the database
in bulk and idempotently (a second run changes nothing).
"""

import csv
import datetime
import gzip
import io
import json
import math
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from accounts.usernames import username_key
from catalog.models import Genre, Keyword, Movie
from catalog.ratings import RATING_COLUMNS, RATING_VALUES
from engagement.models import Review

PACKED_FORMAT = "moviverse-movielens"
DEMO_FILE = Path(__file__).resolve().parent / "demo_data" / "movielens-small.jsonl.gz"
DEMO_EMAIL = "ml-user-{id}@demo.moviverse.invalid"
DEMO_USERNAME = "ml_user_{id}"
# MovieLens genre names that TMDb spells differently; "(no genres listed)" and IMAX (a format) are dropped.
GENRE_NAMES = {"Sci-Fi": "Science Fiction", "Children": "Family"}
SKIPPED_GENRES = {"(no genres listed)", "IMAX"}
BATCH = 2000
# The newest ratings (at most this many) are spread over the last RECENT_DAYS before the import,
# the newest at the import's time; older ones keep their spacing before that window.
RECENT_RATINGS = 3000
RECENT_DAYS = 14
ROWS_PER_INSERT = 500
_YEAR = re.compile(r"\s*\((\d{4})(?:[-\u2013]\d{0,4})?\)\s*$")
# A trailing article moved back to the front: "Postman, The" and the original title "Postino, Il".
_ARTICLE = re.compile(
    r"^(?P<rest>.+), (?P<article>The|A|An|La|Le|Les|L'|Il|El|Los|Las|Der|Die|Das|Den|Det|De|Het)$"
)
# MovieLens writes other titles in trailing parentheses: the original one, or "a.k.a." another.
_ALIAS = re.compile(r"\s*\((?P<alias>[^()]+)\)\s*$")
_AKA = re.compile(r"^a\.?k\.?a\.?\s+", re.IGNORECASE)


@dataclass
class MovieLensMovie:
    movielens_id: int
    tmdb_id: int
    title: str
    year: int | None
    genres: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    imdb_id: str = ""
    original_title: str = ""
    alternative_titles: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedTitle:
    title: str
    year: int | None
    original_title: str = ""
    alternative_titles: tuple[str, ...] = ()


@dataclass
class MovieLensData:
    movies: list[MovieLensMovie]
    # (user id, MovieLens movie id, rating 0.5-5, unix timestamp)
    ratings: list[tuple[int, int, float, int]]


@dataclass
class LoadStats:
    movies_created: int = 0
    genres_created: int = 0
    keywords_created: int = 0
    users_created: int = 0
    reviews_created: int = 0
    movies_rerated: int = 0


def _article_first(title: str) -> str:
    title = title.strip()
    if match := _ARTICLE.match(title):
        article = match["article"]
        title = f"{article}{match['rest']}" if article.endswith("'") else f"{article} {match['rest']}"
    return title[:500]


def parse_title(raw: str) -> ParsedTitle:
    """A MovieLens title split into title, year and the other titles in parentheses.

    "Postman, The (Postino, Il) (1994)" -> "The Postman", 1994, original title "Il Postino";
    "Seven (a.k.a. Se7en) (1995)" -> "Seven", 1995, alternative title "Se7en".
    """
    year = None
    if match := _YEAR.search(raw):
        year, raw = int(match.group(1)), raw[: match.start()]
    aliases: list[str] = []
    while (match := _ALIAS.search(raw)) and raw[: match.start()].strip():
        aliases.insert(0, match["alias"])
        raw = raw[: match.start()]
    original, alternatives = "", []
    for alias in aliases:
        if _AKA.match(alias) or original:
            alternatives.append(_article_first(_AKA.sub("", alias)))
        else:
            original = _article_first(alias)
    return ParsedTitle(_article_first(raw), year, original, tuple(alternatives))


def _genres(raw: str) -> list[str]:
    return [GENRE_NAMES.get(g, g) for g in raw.split("|") if g and g not in SKIPPED_GENRES]


def _open_csv(directory: Path, name: str, required: bool = True) -> Iterator[dict[str, str]]:
    for path in (directory / name, directory / f"{name}.gz"):
        if path.exists():
            opener = gzip.open if path.suffix == ".gz" else open
            with opener(path, "rt", encoding="utf-8", newline="") as handle:
                yield from csv.DictReader(handle)
            return
    if required:
        raise FileNotFoundError(f"{directory} has no {name}")


def read_directory(directory: str | Path) -> MovieLensData:
    """A MovieLens directory as MovieLensData; movies without a TMDb id (and their ratings) are skipped."""
    directory = Path(directory)
    links, imdb_ids = {}, {}
    seen_tmdb: set[int] = set()
    for row in _open_csv(directory, "links.csv"):
        tmdb_id = int(row["tmdbId"]) if row.get("tmdbId", "").strip().isdigit() else 0
        if tmdb_id > 0 and tmdb_id not in seen_tmdb:  # a few TMDb ids appear twice: first wins
            links[int(row["movieId"])] = tmdb_id
            seen_tmdb.add(tmdb_id)
            imdb = row.get("imdbId", "").strip()
            imdb_ids[int(row["movieId"])] = f"tt{int(imdb):07d}" if imdb.isdigit() else ""
    tags: dict[int, Counter] = defaultdict(Counter)
    names: dict[str, str] = {}
    for row in _open_csv(directory, "tags.csv", required=False):
        tag = " ".join(row["tag"].split())[:200]
        if int(row["movieId"]) in links and slugify(tag):
            tags[int(row["movieId"])][slugify(tag)] += 1
            names.setdefault(slugify(tag), tag)
    movies = []
    for row in _open_csv(directory, "movies.csv"):
        movielens_id = int(row["movieId"])
        if movielens_id not in links:
            continue
        parsed = parse_title(row["title"])
        movie_tags = [
            names[slug] for slug, _ in sorted(tags[movielens_id].items(), key=lambda t: (-t[1], t[0]))
        ]
        movies.append(
            MovieLensMovie(
                movielens_id,
                links[movielens_id],
                parsed.title,
                parsed.year,
                _genres(row["genres"]),
                movie_tags,
                imdb_id=imdb_ids[movielens_id],
                original_title=parsed.original_title,
                alternative_titles=list(parsed.alternative_titles),
            )
        )
    known = {m.movielens_id for m in movies}
    ratings = [
        (int(r["userId"]), int(r["movieId"]), float(r["rating"]), int(r["timestamp"]))
        for r in _open_csv(directory, "ratings.csv")
        if int(r["movieId"]) in known
    ]
    return MovieLensData(movies=movies, ratings=ratings)


def write_packed(data: MovieLensData, handle: IO[bytes]) -> None:
    """Writes the compact gzipped JSON-lines form (one line per movie, one per user)."""
    by_user: dict[int, list] = defaultdict(list)
    for user_id, movielens_id, rating, timestamp in data.ratings:
        by_user[user_id].append([movielens_id, rating, timestamp])
    with gzip.GzipFile(fileobj=handle, mode="wb", compresslevel=9, mtime=0) as gz:
        out = io.TextIOWrapper(gz, encoding="utf-8")
        out.write(json.dumps({"format": PACKED_FORMAT, "version": 1}) + "\n")
        for m in data.movies:
            line = {
                "m": m.movielens_id,
                "t": m.tmdb_id,
                "n": m.title,
                "y": m.year,
                "g": m.genres,
                "k": m.tags,
                "i": m.imdb_id,
                "o": m.original_title,
                "a": m.alternative_titles,
            }
            out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
        for user_id in sorted(by_user):
            out.write(json.dumps({"u": user_id, "r": by_user[user_id]}, separators=(",", ":")) + "\n")
        out.flush()
        out.detach()


def read_packed(path: str | Path = DEMO_FILE) -> MovieLensData:
    """The compact file written by write_packed (the shipped demo catalog by default)."""
    movies, ratings = [], []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header = json.loads(next(handle))
        if header.get("format") != PACKED_FORMAT:
            raise ValueError(f"{path} is not a packed MovieLens file")
        for line in handle:
            row = json.loads(line)
            if "m" in row:
                movies.append(
                    MovieLensMovie(
                        row["m"],
                        row["t"],
                        row["n"],
                        row["y"],
                        row["g"],
                        row["k"],
                        imdb_id=row.get("i", ""),
                        original_title=row.get("o", ""),
                        alternative_titles=row.get("a", []),
                    )
                )
            else:
                ratings.extend((row["u"], m, float(r), int(t)) for m, r, t in row["r"])
    return MovieLensData(movies=movies, ratings=ratings)


def recent_ratings(
    ratings: Sequence[tuple[int, int, float, int]], now: datetime.datetime
) -> list[tuple[int, int, float, int]]:
    """The ratings re-dated so the demo has recent activity (trending day and week differ).

    The newest RECENT_RATINGS ratings, in their order, are spread evenly over the RECENT_DAYS
    before ``now``, the newest at ``now``; every older rating moves by the same amount as the
    oldest of those, so it stays before the window and keeps its spacing. The same ratings and
    ``now`` always give the same dates.
    """
    if not ratings:
        return []
    order = sorted(range(len(ratings)), key=lambda i: (ratings[i][3], i))
    recent = order[-RECENT_RATINGS:]
    end = int(now.timestamp())
    start = end - RECENT_DAYS * 86400
    step = (end - start) / len(recent)
    moved = {i: start + round(step * (rank + 1)) for rank, i in enumerate(recent)}
    shift = moved[recent[0]] - ratings[recent[0]][3]
    return [
        (user_id, movie_id, rating, moved.get(i, timestamp + shift))
        for i, (user_id, movie_id, rating, timestamp) in enumerate(ratings)
    ]


def _chunks(items: Sequence, size: int = BATCH) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert_rows(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Inserts rows of database-ready values: COPY on PostgreSQL, multi-row INSERTs elsewhere.

    bulk_create compiles every batch through the ORM, which made 100k reviews take half a
    minute; prepared values sent with COPY or plain multi-row INSERTs take seconds.
    """
    if not rows:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    fields = [meta.get_field(name) for name in names]
    # Identifiers come from the model's metadata; every value is a query parameter.
    into = f"{quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {into} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = f"({', '.join(['%s'] * len(fields))})"
        size = max(1, min(ROWS_PER_INSERT, connection.ops.bulk_batch_size(fields, rows)))
        for chunk in _chunks(rows, size):
            params = [value for row in chunk for value in row]
            cursor.execute(f"INSERT INTO {into} VALUES {', '.join([placeholders] * len(chunk))}", params)  # noqa: S608


def _insert(objs: Sequence[models.Model]) -> None:
    """Inserts new model instances (defaults applied) through _insert_rows."""
    if not objs:
        return
    meta = objs[0]._meta
    fields = [f for f in meta.concrete_fields if f is not meta.auto_field]
    rows = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objs]
    _insert_rows(type(objs[0]), [f.name for f in fields], rows)


def _genres_by_name(names: set[str], stats: LoadStats) -> dict[str, Genre]:
    """{name: Genre}, matching existing genres by name (case-insensitive), then by slug."""
    existing = {g.name.casefold(): g for g in Genre.objects.all()}
    new = [Genre(name=n, slug=slugify(n)) for n in sorted(names) if n.casefold() not in existing]
    Genre.objects.bulk_create(new, ignore_conflicts=True)
    stats.genres_created = len(new)
    genres = list(Genre.objects.all())
    by_name, by_slug = {g.name.casefold(): g for g in genres}, {g.slug: g for g in genres}
    return {n: by_name.get(n.casefold()) or by_slug[slugify(n)] for n in names}


def _keywords_by_slug(names: set[str], stats: LoadStats) -> dict[str, Keyword]:
    wanted = {slugify(n): n for n in sorted(names)}
    existing = set(Keyword.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    new = [Keyword(name=name, slug=slug) for slug, name in wanted.items() if slug not in existing]
    Keyword.objects.bulk_create(new, batch_size=BATCH)
    stats.keywords_created = len(new)
    return {k.slug: k for k in Keyword.objects.filter(slug__in=wanted)}


def _movies(data: MovieLensData, reviews: dict[tuple[int, int], tuple[Decimal, int]], stats: LoadStats):
    """{MovieLens id: Movie}; new movies carry vote statistics and review totals from the ratings."""
    counts: Counter = Counter()
    sums: Counter = Counter()
    for _, movielens_id, rating, _ in data.ratings:
        counts[movielens_id] += 1
        sums[movielens_id] += rating
    stars: dict[int, list[Decimal]] = defaultdict(list)
    for (_, tmdb_id), (rating, _) in reviews.items():
        stars[tmdb_id].append(rating)
    tmdb_ids = [m.tmdb_id for m in data.movies]
    existing = {
        m.tmdb_id: m for m in Movie.objects.filter(tmdb_id__in=tmdb_ids).only("tmdb_id", "movielens_id")
    }
    new, linked = [], []
    for m in data.movies:
        count = counts[m.movielens_id]
        if m.tmdb_id not in existing:
            new.append(
                Movie(
                    tmdb_id=m.tmdb_id,
                    movielens_id=m.movielens_id,
                    imdb_id=m.imdb_id,
                    title=m.title,
                    original_title=m.original_title,
                    alternative_titles=m.alternative_titles,
                    year=m.year,
                    vote_average=round(sums[m.movielens_id] / count * 2, 2) if count else 0.0,
                    vote_count=count,
                    popularity_score=float(count),
                    **_rating_totals(Counter(stars[m.tmdb_id])),
                )
            )
        elif existing[m.tmdb_id].movielens_id is None:
            existing[m.tmdb_id].movielens_id = m.movielens_id
            linked.append(existing[m.tmdb_id])
    _insert(new)
    Movie.objects.bulk_update(linked, ["movielens_id"], batch_size=BATCH)
    stats.movies_created = len(new)
    ours = Movie.objects.filter(movielens_id__in=[m.movielens_id for m in data.movies]).only("id", "tmdb_id")
    by_tmdb = {m.tmdb_id: m for m in ours}
    return {m.movielens_id: by_tmdb[m.tmdb_id] for m in data.movies if m.tmdb_id in by_tmdb}


def _link(through, left: str, right: str, pairs: set[tuple], movie_pks: list) -> None:
    """Adds the missing (movie, other) rows of an M2M through table."""
    current = set(through.objects.filter(**{f"{left}__in": movie_pks}).values_list(left, right))
    _insert([through(**{left: a, right: b}) for a, b in pairs - current])


def _users(user_ids: set[int], stats: LoadStats) -> dict[int, object]:
    User = get_user_model()
    emails = {DEMO_EMAIL.format(id=u): u for u in user_ids}
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    unusable = make_password(None)
    new = [
        User(
            email=email,
            username=DEMO_USERNAME.format(id=u),
            username_key=username_key(DEMO_USERNAME.format(id=u)),  # bulk_create skips User.save
            is_active=False,
            password=unusable,
        )
        for email, u in emails.items()
        if email not in existing
    ]
    User.objects.bulk_create(new, batch_size=BATCH)
    stats.users_created = len(new)
    return {emails[u.email]: u.pk for u in User.objects.filter(email__in=emails).only("id", "email")}


def _stars(rating: float) -> Decimal:
    """A MovieLens rating (0.5 to 5 in half stars) on our scale: the same half star, 0.5 raised to 1.0."""
    halves = min(10, max(2, math.floor(rating * 2 + 0.5)))
    return (Decimal(halves) / 2).quantize(Decimal("0.1"))


def _review_rows(data: MovieLensData) -> dict[tuple[int, int], tuple[Decimal, int]]:
    """{(MovieLens user id, TMDb id): (1-5 stars in halves, timestamp)}: one rating per user and movie."""
    tmdb = {m.movielens_id: m.tmdb_id for m in data.movies}
    rows: dict[tuple[int, int], tuple[Decimal, int]] = {}
    for user_id, movielens_id, rating, timestamp in data.ratings:
        if movielens_id in tmdb:
            rows.setdefault((user_id, tmdb[movielens_id]), (_stars(rating), timestamp))
    return rows


def _reviews(reviews: dict[tuple[int, int], tuple[Decimal, int]], users: dict, stats: LoadStats) -> None:
    """Inserts the missing reviews, preparing values directly (100k model instances cost seconds)."""
    existing = set(Review.objects.filter(user_id__in=users.values()).values_list("user_id", "movie_id"))
    prep = {f.name: f.get_db_prep_save for f in Review._meta.concrete_fields}
    user_values = {ml_id: prep["user"](pk, connection) for ml_id, pk in users.items()}
    rows = []
    for (user_id, tmdb_id), (stars, timestamp) in reviews.items():
        if (users[user_id], tmdb_id) not in existing:
            at = prep["created_at"](datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC), connection)
            rows.append(
                (prep["id"](uuid.uuid4(), connection), user_values[user_id], tmdb_id, stars, "", at, at)
            )
    _insert_rows(Review, ["id", "user", "movie", "rating", "text", "created_at", "updated_at"], rows)
    stats.reviews_created = len(rows)


def _rating_totals(per_star: Counter) -> dict[str, object]:
    """Movie's rating fields for {half star: how many ratings}: count, sum and one count per half star."""
    return {
        "rating_count": sum(per_star.values()),
        "rating_sum": sum((star * n for star, n in per_star.items()), Decimal(0)),
        **{column: per_star[star] for star, column in zip(RATING_VALUES, RATING_COLUMNS, strict=True)},
    }


def _rating_aggregates(tmdb_ids: list[int], stats: LoadStats) -> None:
    """Movie's rating fields (count, sum, half-star counts) recomputed from reviews, on the rows where
    they differ."""
    stats.movies_rerated = 0
    names = ["rating_count", "rating_sum", *RATING_COLUMNS]
    for chunk in _chunks(tmdb_ids):
        per_movie: dict[int, Counter] = defaultdict(Counter)
        for tmdb_id, rating, n in (
            Review.objects.filter(movie_id__in=chunk)
            .values_list("movie_id", "rating")
            .annotate(n=Count("id"))
            .order_by()
        ):
            per_movie[tmdb_id][rating] = n
        stale: dict[tuple, list[int]] = defaultdict(list)
        for tmdb_id, *current in Movie.objects.filter(tmdb_id__in=chunk).values_list("tmdb_id", *names):
            wanted = tuple(_rating_totals(per_movie[tmdb_id]).values())
            if wanted != tuple(current):
                stale[wanted].append(tmdb_id)
        for wanted, ids in stale.items():
            stats.movies_rerated += Movie.objects.filter(tmdb_id__in=ids).update(
                **dict(zip(names, wanted, strict=True))
            )


@transaction.atomic
def load(data: MovieLensData, *, now: datetime.datetime | None = None) -> LoadStats:
    """Writes movies, genres, keywords, demo users and their ratings (as reviews); idempotent.

    The ratings are dated into the weeks before ``now`` (default: the current time) by
    recent_ratings; reviews already imported keep their dates.
    """
    stats = LoadStats()
    data = MovieLensData(movies=data.movies, ratings=recent_ratings(data.ratings, now or timezone.now()))
    genres = _genres_by_name({g for m in data.movies for g in m.genres}, stats)
    keywords = _keywords_by_slug({t for m in data.movies for t in m.tags}, stats)
    reviews = _review_rows(data)
    movies = _movies(data, reviews, stats)
    movie_pks = [m.pk for m in movies.values()]
    by_ml = {m.movielens_id: m for m in data.movies}
    _link(
        Movie.genres.through,
        "movie_id",
        "genre_id",
        {(movie.pk, genres[g].pk) for ml_id, movie in movies.items() for g in by_ml[ml_id].genres},
        movie_pks,
    )
    _link(
        Movie.keywords.through,
        "movie_id",
        "keyword_id",
        {(movie.pk, keywords[slugify(t)].pk) for ml_id, movie in movies.items() for t in by_ml[ml_id].tags},
        movie_pks,
    )
    users = _users({r[0] for r in data.ratings}, stats)
    _reviews(reviews, users, stats)
    _rating_aggregates([m.tmdb_id for m in movies.values()], stats)
    return stats
