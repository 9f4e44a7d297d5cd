"""A user's diary, ratings, views, likes and lists as a Letterboxd export ZIP, so they can leave.

The files and columns are Letterboxd's own (``diary.csv``, ``ratings.csv``, ``watched.csv``,
``likes/films.csv``, ``lists/<name>.csv``), each with a ``tmdbID`` column Letterboxd's importer
(and ours) match on; the Letterboxd URI is left blank, as we have none. Text cells are
neutralized against spreadsheet formulas (common.spreadsheet); the import reads them back as
written. Dates are the user's (a play's day; the day a rating, like or list was made, in
their time zone). A like is per film: every film with a liked play, and every favorite.
Read by the history import, the ZIP gives the same diary (dates, ratings, rewatches, tags,
likes) and lists (names, descriptions, order, notes, ranked or not). A fixed number of queries.

A client that cannot send its token with a download (GraphQL answers JSON only) asks for a
link instead: ``export_link`` signs the user's id for LINK_MAX_AGE, ``export_link_user`` reads
it back.
"""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from catalog.models import Movie
from common.spreadsheet import neutralized
from engagement.diary import diary_list, user_zone
from engagement.models import FavoriteMovie, MovieList, MovieListEntry, Review, WatchHistory

FILM = ["Date", "Name", "Year", "Letterboxd URI"]
LIST_HEADER = "Letterboxd list export v7"
LINK_SALT = "engagement.letterboxd_export.link"
LINK_MAX_AGE = datetime.timedelta(minutes=5)
BAD_LINK = "This download link is not valid or has expired; ask for a new one."


def _csv(rows: list[list]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[neutralized(cell) for cell in row] for row in rows])
    return out.getvalue()


def _stars(rating: Decimal | None) -> str:
    return "" if rating is None else f"{rating.normalize():f}"


def _film(day: str, movie: Movie) -> list:
    return [day, movie.title, movie.year or "", ""]


def _diary(user, day) -> str:
    plays = diary_list(user=user).order_by("watched_on", "played_at", "pk")
    rows = [[*FILM, "Rating", "Rewatch", "Tags", "Watched Date", "tmdbID"]]
    for play in plays:
        tags = ", ".join(tag.name for tag in play.tags.all())
        rewatch = "Yes" if play.rewatch else ""
        film = _film(day(play.created_at), play.movie)
        rows.append([*film, _stars(play.rating), rewatch, tags, play.watched_on.isoformat(), play.movie_id])
    return _csv(rows)


def _ratings(user, day) -> str:
    reviews = Review.objects.filter(user=user).select_related("movie").order_by("created_at", "pk")
    rows = [[*FILM, "Rating", "tmdbID"]]
    rows += [[*_film(day(r.created_at), r.movie), _stars(r.rating), r.movie_id] for r in reviews]
    return _csv(rows)


def _watched(user, day) -> str:
    first_views: dict[int, WatchHistory] = {}
    for view in WatchHistory.objects.filter(user=user).select_related("movie").order_by("watched_at", "pk"):
        first_views.setdefault(view.movie_id, view)
    rows = [[*FILM, "tmdbID"]]
    rows += [[*_film(day(v.watched_at), v.movie), v.movie_id] for v in first_views.values()]
    return _csv(rows)


def _likes(user, day, liked_plays) -> str:
    liked: dict[int, tuple[datetime.datetime, Movie]] = {}
    for play in liked_plays:
        liked.setdefault(play.movie_id, (play.created_at, play.movie))
    for favorite in FavoriteMovie.objects.filter(user=user).select_related("movie").order_by("added_at"):
        liked.setdefault(favorite.movie_id, (favorite.added_at, favorite.movie))
    rows = [[*FILM, "tmdbID"]]
    rows += [[*_film(day(when), movie), tmdb_id] for tmdb_id, (when, movie) in liked.items()]
    return _csv(rows)


def _list_file(movie_list: MovieList, day) -> str:
    about = _csv(
        [
            ["Date", "Name", "Tags", "URL", "Description"],
            [day(movie_list.created_at), movie_list.name, "", "", movie_list.description],
        ]
    )
    rows = [["Position", "Name", "Year", "URL", "Description", "tmdbID"]]
    for entry in movie_list.entries.all():
        position = entry.position + 1 if movie_list.ranked else ""
        rows.append([position, entry.movie.title, entry.movie.year or "", "", entry.note, entry.movie_id])
    return f"{LIST_HEADER}\n{about}\n{_csv(rows)}"


def _list_files(user, day) -> dict[str, str]:
    entries = MovieListEntry.objects.select_related("movie").order_by("position")
    lists = MovieList.objects.filter(owner=user).order_by("created_at", "pk")
    files: dict[str, str] = {}
    for movie_list in lists.prefetch_related(Prefetch("entries", queryset=entries)):
        stem = slugify(movie_list.name) or "list"
        name, copy = f"lists/{stem}.csv", 1
        while name in files:
            copy += 1
            name = f"lists/{stem}-{copy}.csv"
        files[name] = _list_file(movie_list, day)
    return files


def letterboxd_export(*, user) -> bytes:
    """The user's Letterboxd export ZIP (see the module doc)."""
    zone = user_zone(user)

    def day(moment: datetime.datetime) -> str:
        return moment.astimezone(zone).date().isoformat()

    liked_plays = diary_list(user=user, liked=True).order_by("watched_on", "played_at", "pk")
    files = {
        "diary.csv": _diary(user, day),
        "ratings.csv": _ratings(user, day),
        "watched.csv": _watched(user, day),
        "likes/films.csv": _likes(user, day, liked_plays),
        **_list_files(user, day),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def export_link(*, user) -> tuple[str, datetime.datetime]:
    """(signed token, when it expires) letting its bearer download ``user``'s export for a while."""
    return signing.dumps(str(user.pk), salt=LINK_SALT), timezone.now() + LINK_MAX_AGE


def export_link_user(token: str):
    """The active user whose export ``token`` lets one download; PermissionDenied when it does not."""
    try:
        user_id = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
        return get_user_model().objects.get(pk=user_id, is_active=True)
    except (signing.BadSignature, get_user_model().DoesNotExist):
        raise PermissionDenied(BAD_LINK) from None
