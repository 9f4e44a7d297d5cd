"""Imported plays and likes: an export's diary (or Trakt history) as the user's diary.

A play's identity is (movie, instant) when the file gives an instant, else (movie, date): an
import adds, per identity, as many plays as the file holds beyond those the user has already, so
importing a file twice adds nothing (even after the user changed time zone, which moves an
instant's day) while two plays of a film on one day both stay. Plays keep the file's
order within a day (``played_at``), so the rewatch flag, derived on read from the plays before
(engagement.diary), comes back as the file had it; a rewatch whose first watch was never logged
reads as a first watch. Each play adds its view to the history, as logging one does.

A like is Letterboxd's, per film: it marks every play of the film liked; a liked film with no
play becomes a favorite.
"""

import datetime
from collections import Counter

from django.utils import timezone

from catalog.models import Movie
from engagement.diary import MAX_TAGS_PER_USER, TAGS_FULL, play_view_time, tag_slug, user_zone
from engagement.history_formats import Entry, ExportError
from engagement.models import DiaryEntry, DiaryTag, FavoriteMovie, WatchHistory
from engagement.viewing import user_viewer_key

PlayKey = tuple[int, datetime.date, datetime.datetime | None]


def _key(user, entry: Entry, movie: Movie) -> PlayKey:
    if entry.watched_on is not None:
        return movie.tmdb_id, entry.watched_on, None
    return movie.tmdb_id, entry.watched_at.astimezone(user_zone(user)).date(), entry.watched_at


def _identity(key: PlayKey) -> tuple:
    """What makes a play the same play: its film and instant when it has one (whatever day that
    instant falls on in the user's zone, which may have changed since), else its film and date."""
    tmdb_id, day, at = key
    return (tmdb_id, at) if at is not None else (tmdb_id, day)


def _new_plays(user, pairs: list[tuple[Entry, Movie]]) -> list[tuple[PlayKey, Entry]]:
    """The dated plays of ``pairs`` the user does not have yet (see the module doc)."""
    have = DiaryEntry.objects.filter(user=user, movie_id__in={m.tmdb_id for _, m in pairs})
    known = Counter(_identity(key) for key in have.values_list("movie_id", "watched_on", "watched_at"))
    new = []
    for entry, movie in pairs:
        if entry.watched_on is None and entry.watched_at is None:
            continue
        key = _key(user, entry, movie)
        if known[_identity(key)] > 0:
            known[_identity(key)] -= 1
        else:
            new.append((key, entry))
    return new


def _tags(user, names: set[str]) -> dict[str, DiaryTag]:
    """The user's tags by slug, creating those of ``names`` they lack (ExportError past the limit)."""
    wanted = {tag_slug(name): name for name in sorted(names)}
    mine = DiaryTag.objects.filter(user=user)
    have = {tag.slug: tag for tag in mine.filter(slug__in=list(wanted))}
    missing = [DiaryTag(user=user, name=wanted[slug], slug=slug) for slug in wanted if slug not in have]
    if missing:
        if mine.count() + len(missing) > MAX_TAGS_PER_USER:
            raise ExportError(TAGS_FULL)
        DiaryTag.objects.bulk_create(missing, ignore_conflicts=True)
        have = {tag.slug: tag for tag in mine.filter(slug__in=list(wanted))}
    return have


def add_plays(user, pairs: list[tuple[Entry, Movie]]) -> int:
    """Add the plays of ``pairs`` the user lacks, with their views and tags; how many were added."""
    new = _new_plays(user, pairs)
    now = timezone.now()
    viewer_key = user_viewer_key(user.pk)
    views, plays = [], []
    for order, ((tmdb_id, day, at), entry) in enumerate(new):
        view = WatchHistory(
            user=user, viewer_key=viewer_key, movie_id=tmdb_id, watched_at=play_view_time(user, day, at, now)
        )
        views.append(view)
        played_at = at or now + datetime.timedelta(microseconds=order)
        plays.append(
            DiaryEntry(
                user=user,
                movie_id=tmdb_id,
                watched_on=day,
                watched_at=at,
                played_at=played_at,
                rating=entry.rating,
                view=view,
                created_at=now,
                updated_at=now,
            )
        )
    WatchHistory.objects.bulk_create(views, batch_size=1000)
    DiaryEntry.objects.bulk_create(plays, batch_size=1000)
    tags = _tags(user, {name for _, entry in new for name in entry.tags})
    through = DiaryEntry.tags.through
    links = {
        (play.pk, tags[tag_slug(name)].pk)
        for play, (_, entry) in zip(plays, new, strict=True)
        for name in entry.tags
    }
    through.objects.bulk_create(
        [through(diaryentry_id=play_id, diarytag_id=tag_id) for play_id, tag_id in sorted(links)],
        batch_size=1000,
    )
    return len(plays)


def add_likes(user, pairs: list[tuple[Entry, Movie]]) -> int:
    """Like the films of ``pairs``: their plays are marked liked, a film never played is favorited.
    How many plays and favorites changed."""
    films = {movie.tmdb_id for _, movie in pairs}
    marked = DiaryEntry.objects.filter(user=user, movie_id__in=films, liked=False).update(liked=True)
    played = set(DiaryEntry.objects.filter(user=user, movie_id__in=films).values_list("movie_id", flat=True))
    favorited = set(
        FavoriteMovie.objects.filter(user=user, movie_id__in=films).values_list("movie_id", flat=True)
    )
    new = [FavoriteMovie(user=user, movie_id=tmdb_id) for tmdb_id in sorted(films - played - favorited)]
    FavoriteMovie.objects.bulk_create(new, ignore_conflicts=True)
    return marked + len(new)
