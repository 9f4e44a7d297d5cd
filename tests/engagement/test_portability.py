"""Diary, likes and lists imports from realistic Letterboxd and Trakt files, the export ZIP, and
the round trip: an export read back by the importer gives the same diary and lists."""

import datetime
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement import diary, history_archive, history_import, history_job, lists, services
from engagement.letterboxd_export import letterboxd_export
from engagement.models import DiaryEntry, FavoriteMovie, HistoryImport, MovieList, Review, WatchHistory
from tests.factories import MovieRefFactory, UserFactory

pytestmark = pytest.mark.django_db

EXPORTS = Path(__file__).parent / "exports"
LETTERBOXD = EXPORTS / "letterboxd"
TRAKT = EXPORTS / "trakt"


@pytest.fixture
def films():
    made = [
        (603, "The Matrix", 1999),
        (949, "Heat", 1995),
        (194, "Amélie", 2001),
        (146, "Crouching Tiger, Hidden Dragon", 2000),
        (129, "Spirited Away", 2001),
    ]
    return {
        tmdb_id: MovieRefFactory(tmdb_id=tmdb_id, title=title, release_date=datetime.date(year, 6, 1))
        for tmdb_id, title, year in made
    }


def _run(user, data: bytes, file_name: str) -> HistoryImport:
    job = history_import.history_import_start(user=user, file_name=file_name, data=data)
    return history_job.history_import_run(import_id=job.pk)


def _file(user, path: Path, name: str | None = None) -> HistoryImport:
    return _run(user, path.read_bytes(), name or path.relative_to(path.parents[1]).as_posix())


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _letterboxd_zip() -> bytes:
    return _zip(
        {
            "diary.csv": (LETTERBOXD / "diary.csv").read_bytes(),
            "likes/films.csv": (LETTERBOXD / "likes/films.csv").read_bytes(),
            **{f"lists/{p.name}": p.read_bytes() for p in sorted((LETTERBOXD / "lists").iterdir())},
            "reviews.csv": b"Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n",
            "deleted/diary.csv": (LETTERBOXD / "diary.csv").read_bytes(),
            "profile.csv": b"Date Joined,Username\n2020-01-01,someone\n",
        }
    )


def _diary(user) -> list[tuple]:
    """The user's diary, oldest first, as a reader sees it."""
    plays = diary.diary_list(user=user).order_by("watched_on", "played_at", "pk")
    return [
        (p.movie_id, p.watched_on, p.rating, p.rewatch, p.liked, sorted(t.name for t in p.tags.all()))
        for p in plays
    ]


def _lists(user) -> list[tuple]:
    return [
        (
            movie_list.name,
            movie_list.description,
            movie_list.visibility,
            movie_list.ranked,
            [(e.movie_id, e.position, e.note) for e in movie_list.entries.order_by("position")],
        )
        for movie_list in MovieList.objects.filter(owner=user).order_by("name")
    ]


# --- Letterboxd ---------------------------------------------------------------------------


def test_a_letterboxd_diary_becomes_plays_with_half_stars_rewatches_and_tags(user, films):
    job = _file(user, LETTERBOXD / "diary.csv")

    assert (job.status, job.kind, job.matched) == ("done", "diary", 6)
    assert job.unmatched == [{"title": "Un Film Que Nadie Conoce", "year": 2019, "why": "not in our catalog"}]
    assert (job.created["diary"], job.created["history"]) == (6, 6)
    assert _diary(user) == [
        (603, datetime.date(2023, 2, 3), Decimal("4.5"), False, False, ["sci-fi", "with friends"]),
        (146, datetime.date(2023, 6, 10), Decimal("4.0"), False, False, []),
        (194, datetime.date(2023, 6, 11), None, False, False, ["comfort watch", "paris"]),
        # Two plays on one day both stay, in the file's order; 0.5 stars is our lowest, 1.
        (603, datetime.date(2023, 8, 31), Decimal("5.0"), True, False, ["imax rerelease", "sci-fi"]),
        (603, datetime.date(2023, 8, 31), Decimal("1.0"), True, False, []),
        # "Yes" with no earlier play anywhere: still a play, read as a first watch.
        (949, datetime.date(2024, 1, 1), Decimal("3.5"), False, False, []),
    ]
    assert WatchHistory.objects.filter(user=user).count() == 6
    assert Review.objects.get(user=user, movie_id=949).rating == Decimal("3.5")


def test_importing_the_same_diary_twice_adds_nothing(user, films):
    _file(user, LETTERBOXD / "diary.csv")
    before = _diary(user)

    again = _file(user, LETTERBOXD / "diary.csv")

    assert again.created == dict.fromkeys(history_job.COUNTS, 0)
    assert _diary(user) == before
    assert again.unmatched == [
        {"title": "Un Film Que Nadie Conoce", "year": 2019, "why": "not in our catalog"}
    ]
    assert WatchHistory.objects.filter(user=user).count() == 6


def test_a_diary_adds_only_the_plays_the_user_lacks(user, films):
    diary.diary_log(user=user, tmdb_id=603, watched_on=datetime.date(2023, 8, 31))

    job = _file(user, LETTERBOXD / "diary.csv")

    assert job.created["diary"] == 5  # one of the two plays of 2023-08-31 was there already
    assert (
        DiaryEntry.objects.filter(user=user, movie_id=603, watched_on=datetime.date(2023, 8, 31)).count() == 2
    )


def test_likes_mark_every_play_of_the_film_and_favorite_films_never_played(user, films):
    _file(user, LETTERBOXD / "diary.csv")

    job = _file(user, LETTERBOXD / "likes/films.csv")

    assert job.kind == "likes"
    assert job.created["likes"] == 3 + 1 + 1  # the Matrix's three plays, Amélie's, Spirited Away
    assert set(DiaryEntry.objects.filter(user=user, liked=True).values_list("movie_id", flat=True)) == {
        603,
        194,
    }
    assert list(FavoriteMovie.objects.filter(user=user).values_list("movie_id", flat=True)) == [129]
    assert job.unmatched == [
        {"title": "Some Liked Film Nobody Has", "year": 1950, "why": "not in our catalog"}
    ]
    assert _file(user, LETTERBOXD / "likes/films.csv").created["likes"] == 0


def test_a_letterboxd_list_becomes_a_private_ranked_list_with_notes(user, films):
    job = _file(user, LETTERBOXD / "lists/comfort-films-ranked.csv")

    assert (job.kind, job.created["lists"], job.created["list_entries"]) == ("list", 1, 3)
    assert job.unmatched == [
        {
            "title": "A Film Missing From Any Catalog",
            "year": 1971,
            "why": "not in our catalog (list: Comfort films, ranked)",
        }
    ]
    assert _lists(user) == [
        (
            "Comfort films, ranked",
            "For rainy days. Ranked, loosely.",
            "private",
            True,
            [(194, 0, "Always, always first."), (129, 1, ""), (146, 2, "")],
        )
    ]
    assert MovieList.objects.get(owner=user).entry_count == 3


def test_a_list_without_positions_is_unranked_and_importing_it_twice_adds_nothing(user, films):
    _file(user, LETTERBOXD / "lists/to-show-my-nephew.csv")
    again = _file(user, LETTERBOXD / "lists/to-show-my-nephew.csv")

    assert (again.created["lists"], again.created["list_entries"]) == (0, 0)
    assert _lists(user) == [
        ("to show my nephew", "", "private", False, [(129, 0, ""), (603, 1, "when he is older")])
    ]


def test_a_list_that_would_pass_its_limit_reports_the_films_left_out(user, films, settings):
    settings.LIST_MAX_ENTRIES = 2
    job = _file(user, LETTERBOXD / "lists/comfort-films-ranked.csv")

    assert job.created["list_entries"] == 2
    full = "the list is full (at most 2 films) (list: Comfort films, ranked)"
    assert {"title": "Crouching Tiger, Hidden Dragon", "year": 2000, "why": full} in job.unmatched


def test_a_list_past_the_user_s_lists_limit_is_reported_whole(user, films, settings):
    settings.LISTS_PER_USER_MAX = 0
    job = _file(user, LETTERBOXD / "lists/to-show-my-nephew.csv")

    assert not MovieList.objects.exists()
    assert [film["why"] for film in job.unmatched] == [
        "you own as many lists as one may (list: to show my nephew)"
    ] * 2


# --- Trakt --------------------------------------------------------------------------------


def test_trakt_history_becomes_plays_at_their_instants_once(user, films):
    job = _file(user, TRAKT / "watched-history.json")
    again = _file(user, TRAKT / "watched-history.json")

    assert (job.source, job.kind, job.created["diary"]) == ("trakt", "history", 3)
    assert again.created["diary"] == 0
    assert job.unmatched == [
        {"title": "Not Here", "year": 2011, "why": "not in our catalog"},
        {"title": "Breaking Bad", "year": 2008, "why": "a TV title: only films are imported"},
    ]
    plays = DiaryEntry.objects.filter(user=user).order_by("played_at")
    assert [(p.movie_id, p.watched_at) for p in plays] == [
        (949, datetime.datetime(2024, 3, 1, 20, 15, tzinfo=datetime.UTC)),
        (949, datetime.datetime(2024, 3, 9, 23, 40, tzinfo=datetime.UTC)),
        (194, datetime.datetime(2024, 3, 10, 18, 0, tzinfo=datetime.UTC)),  # by TMDb id, any title
    ]
    assert [rewatch for *_, rewatch, _liked, _tags in _diary(user)] == [False, True, False]


def test_trakt_history_plays_fall_on_the_user_s_day(user, films):
    user.time_zone = "Asia/Tokyo"
    user.save()
    _file(user, TRAKT / "watched-history.json")

    assert DiaryEntry.objects.get(user=user, watched_at__day=9).watched_on == datetime.date(2024, 3, 10)


def test_a_trakt_list_keeps_its_ranks_and_notes(user, films):
    job = _file(user, TRAKT / "lists-heist-night.json")

    assert (job.source, job.kind) == ("trakt", "list")
    assert _lists(user) == [
        (
            "Heist night",
            "Crews, plans, double-crosses.",
            "private",
            True,
            [(949, 0, "The bank job."), (603, 1, "")],
        )
    ]
    assert job.unmatched == [
        {
            "title": "Money Heist",
            "year": 2017,
            "why": "a TV title: only films are imported (list: Heist night)",
        }
    ]


def test_a_bare_trakt_list_items_array_is_a_list_named_after_its_file(user, films):
    items = json.loads((TRAKT / "lists-heist-night.json").read_text())["items"]
    job = _run(user, json.dumps(items).encode(), "lists-heist-night.json")

    assert job.kind == "list"
    assert MovieList.objects.get(owner=user).name == "lists-heist-night"
    watchlist = _run(user, json.dumps(items).encode(), "watchlist.json")
    assert (watchlist.kind, watchlist.created["watchlist"]) == ("watchlist", 2)


# --- the whole Letterboxd ZIP ----------------------------------------------------------------


def test_the_letterboxd_zip_imports_its_diary_likes_and_lists_and_nothing_else(user, films):
    job = _run(user, _letterboxd_zip(), "letterboxd-someone-2024-06-01-10-00-utc.zip")

    assert (job.status, job.source, job.kind) == ("done", "letterboxd", "archive")
    assert {k: v for k, v in job.created.items() if v} == {
        "reviews": 3,
        "history": 6,
        "diary": 6,
        "likes": 5,
        "lists": 2,
        "list_entries": 5,
    }
    assert len(job.unmatched) == 3  # the unknown diary film, liked film and listed film
    assert DiaryEntry.objects.filter(user=user).count() == 6  # deleted/diary.csv is not read
    again = _run(user, _letterboxd_zip(), "export.zip")
    assert again.created == dict.fromkeys(history_job.COUNTS, 0)


def test_a_zip_under_one_top_folder_is_read_too(user, films):
    data = _zip({"letterboxd-someone/diary.csv": (LETTERBOXD / "diary.csv").read_bytes()})

    assert _run(user, data, "export.zip").created["diary"] == 6


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04not really a zip", "Not a readable ZIP archive"),
        (_zip({"README.txt": b"hello"}), "The archive holds no diary.csv"),
        (_zip({"diary.csv": b"\x89PNG\r\n\x1a\n\x00"}), "diary.csv: The file is not text"),
        (_zip({"diary.csv": b"Name,Year\nHeat,1995\n"}), "diary.csv: Unrecognised file"),
    ],
)
def test_a_bad_zip_is_refused_before_any_job_exists(user, films, data, message):
    with pytest.raises(ValidationError) as refused:
        history_import.history_import_start(user=user, file_name="export.zip", data=data)

    assert refused.value.message_dict["file"][0].startswith(message)
    assert not HistoryImport.objects.exists()


def test_a_zip_bomb_is_refused_by_its_uncompressed_size(user, films, monkeypatch):
    monkeypatch.setattr(history_archive, "ARCHIVE_MAX_BYTES", 64 * 1024)
    bomb = _zip({"diary.csv": (LETTERBOXD / "diary.csv").read_bytes() + b"\n" * 200_000})
    assert len(bomb) < 2048

    with pytest.raises(ValidationError) as refused:
        history_import.history_import_start(user=user, file_name="export.zip", data=bomb)

    assert refused.value.message_dict == {"file": ["The archive's files uncompress to more than 0 MB."]}
    assert not HistoryImport.objects.exists()


def test_a_zip_whose_headers_understate_its_size_is_refused(user, films, monkeypatch):
    monkeypatch.setattr(history_archive, "ARCHIVE_MAX_BYTES", 64 * 1024)
    bomb = bytearray(_zip({"diary.csv": b"Date,Name,Year,Letterboxd URI\n" + b"\n" * 200_000}))
    # Claim 10 bytes uncompressed: reading stops there, and the file reads as corrupt.
    directory = bomb.rfind(b"PK\x01\x02")
    bomb[directory + 24 : directory + 28] = (10).to_bytes(4, "little")

    with pytest.raises(ValidationError) as refused:
        history_import.history_import_start(user=user, file_name="export.zip", data=bytes(bomb))

    assert refused.value.message_dict["file"][0].startswith("diary.csv: cannot be read (Bad CRC-32")
    assert not HistoryImport.objects.exists()


def test_a_zip_of_too_many_files_is_refused(user, films, monkeypatch):
    monkeypatch.setattr(history_archive, "ARCHIVE_MAX_MEMBERS", 3)
    data = _zip({f"lists/list-{n}.csv": b"" for n in range(4)})

    with pytest.raises(ValidationError) as refused:
        history_import.history_import_start(user=user, file_name="export.zip", data=data)

    assert refused.value.message_dict == {"file": ["The archive holds more than 3 files."]}


# --- the export, and the round trip -------------------------------------------------------------


@pytest.fixture
def rich_diary(user, films):
    """A diary and lists with every feature the export carries, quirks included."""
    log = diary.diary_log
    log(
        user=user,
        tmdb_id=603,
        watched_on=datetime.date(2022, 1, 1),
        rating=Decimal("4.5"),
        tags=["sci-fi", "With Friends"],
    )
    log(
        user=user,
        tmdb_id=603,
        watched_on=datetime.date(2023, 5, 5),
        rating=5,
        tags=["=cmd|' /C calc'!A0"],
    )
    log(user=user, tmdb_id=603, watched_on=datetime.date(2023, 5, 5), rating=Decimal(1))
    log(user=user, tmdb_id=194, watched_on=datetime.date(2023, 6, 1), liked=True)
    services.favorite_add(user=user, tmdb_id=129)  # liked, never logged
    log(
        user=user,
        tmdb_id=146,
        watched_at=datetime.datetime(2024, 2, 2, 22, 30, tzinfo=datetime.UTC),
        rating=Decimal("2.5"),
    )
    ranked = lists.list_create(
        user=user, name="Best, of 2001", description="-a list, starting like a formula", ranked=True
    )
    lists.list_entry_add(user=user, movie_list=ranked, tmdb_id=129, note="+ top")
    lists.list_entry_add(user=user, movie_list=ranked, tmdb_id=194, note='quotes "inside", commas')
    loose = lists.list_create(user=user, name="Watch again")
    lists.list_entry_add(user=user, movie_list=loose, tmdb_id=949)
    lists.list_entry_add(user=user, movie_list=loose, tmdb_id=603)
    lists.list_create(user=user, name="Empty for now")
    return user


def test_the_export_is_letterboxd_s_files_and_columns(rich_diary):
    archive = zipfile.ZipFile(io.BytesIO(letterboxd_export(user=rich_diary)))

    assert sorted(archive.namelist()) == [
        "diary.csv",
        "likes/films.csv",
        "lists/best-of-2001.csv",
        "lists/empty-for-now.csv",
        "lists/watch-again.csv",
        "ratings.csv",
        "watched.csv",
    ]
    diary_rows = archive.read("diary.csv").decode().splitlines()
    assert diary_rows[0] == "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date,tmdbID"
    assert diary_rows[1].endswith(',The Matrix,1999,,4.5,,"sci-fi, With Friends",2022-01-01,603')
    assert ",Yes,'=cmd|' /C calc'!A0,2023-05-05,603" in diary_rows[2]  # a formula is never a formula
    ranked = archive.read("lists/best-of-2001.csv").decode().splitlines()
    assert ranked[:2] == ["Letterboxd list export v7", "Date,Name,Tags,URL,Description"]
    assert ranked[2].endswith(',"Best, of 2001",,,"\'-a list, starting like a formula"')
    assert ranked[3:5] == ["", "Position,Name,Year,URL,Description,tmdbID"]
    assert ranked[5] == "1,Spirited Away,2001,,'+ top,129"


def test_the_export_read_back_gives_the_same_diary_and_lists(rich_diary, other_user):
    job = _run(other_user, letterboxd_export(user=rich_diary), "letterboxd-export.zip")

    assert (job.status, job.unmatched) == ("done", [])
    assert _diary(other_user) == _diary(rich_diary)
    assert _lists(other_user) == _lists(rich_diary)
    assert dict(Review.objects.filter(user=other_user).values_list("movie_id", "rating")) == dict(
        Review.objects.filter(user=rich_diary).values_list("movie_id", "rating")
    )
    assert list(FavoriteMovie.objects.filter(user=other_user).values_list("movie_id", flat=True)) == [129]
    again = _run(other_user, letterboxd_export(user=rich_diary), "letterboxd-export.zip")
    assert again.created == dict.fromkeys(history_job.COUNTS, 0)


def test_a_like_comes_back_on_every_play_of_its_film(user, films, other_user):
    """Letterboxd likes films, not plays: one liked play of several is a liked film."""
    diary.diary_log(user=user, tmdb_id=603, watched_on=datetime.date(2023, 1, 1))
    diary.diary_log(user=user, tmdb_id=603, watched_on=datetime.date(2023, 2, 1), liked=True)

    _run(other_user, letterboxd_export(user=user), "letterboxd-export.zip")

    assert [liked for *_, liked, _tags in _diary(other_user)] == [True, True]


def test_the_export_reads_a_fixed_number_of_queries(rich_diary, films, django_assert_num_queries):
    with django_assert_num_queries(9):
        letterboxd_export(user=rich_diary)
    for n in range(5):
        diary.diary_log(
            user=rich_diary, tmdb_id=949, watched_on=datetime.date(2020, 1, 1 + n), tags=[f"t{n}"]
        )
    movie_list = lists.list_create(user=rich_diary, name="One more")
    lists.list_entry_add(user=rich_diary, movie_list=movie_list, tmdb_id=146)
    with django_assert_num_queries(9):
        letterboxd_export(user=rich_diary)


def _diary_of(films: list, plays: int) -> bytes:
    rows = ["Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date"]
    for n in range(plays):
        movie = films[n % len(films)]
        day = datetime.date(2020, 1, 1) + datetime.timedelta(days=n)
        rows.append(f'{day},{movie.title},{movie.year},,{1 + n % 9 / 2},,"t{n % 4}, u{n % 3}",{day}')
    return "\n".join(rows).encode()


def test_an_import_reads_and_writes_a_fixed_number_of_queries(user, other_user):
    catalog = [
        MovieRefFactory(tmdb_id=800 + n, title=f"Film {n}", release_date=datetime.date(1990 + n, 1, 1))
        for n in range(40)
    ]
    counts = []
    # The first import also caches what recommendations look up once; it is not counted. Inserts
    # go in batches (on SQLite, 76 plays a statement): both sizes fit one.
    for who, plays in ((UserFactory(), 1), (user, 20), (other_user, 70)):
        job = history_import.history_import_start(
            user=who, file_name="diary.csv", data=_diary_of(catalog, plays)
        )
        with CaptureQueriesContext(connection) as queries:
            history_job.history_import_run(import_id=job.pk)
        counts.append(len(queries))

    assert DiaryEntry.objects.filter(user=other_user).count() == 70
    assert counts[1] == counts[2]


LIST_HEAD = "Letterboxd list export v7\nDate,Name,Tags,URL,Description\n"
DIARY_HEAD = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("diary.csv", DIARY_HEAD + "2024-01-01,Heat,1995,,4,,,yesterday\n", "Line 2: Invalid isoformat"),
        (
            "diary.csv",
            DIARY_HEAD + "2024-01-01,Heat,1995,,4,,,1869-12-31\n",
            "Line 2: Date 1869-12-31 is out of range.",
        ),
        (
            "diary.csv",
            DIARY_HEAD
            + '2024-01-01,Heat,1995,,4,,"'
            + ", ".join(f"t{n}" for n in range(21))
            + '",2024-01-01\n',
            "Line 2: A play has at most 20 tags.",
        ),
        (
            "diary.csv",
            DIARY_HEAD + "2024-01-01,Heat,1995,,4,," + "x" * 51 + ",2024-01-01\n",
            "Line 2: A tag is at",
        ),
        (
            "lists/x.csv",
            LIST_HEAD + "2024-01-01,,,,\n\nPosition,Name,Year,URL,Description\n",
            "Line 3: the list has",
        ),
        (
            "lists/x.csv",
            LIST_HEAD + "2024-01-01,L,,,\n\nPosition,Name,Year\nfirst,Heat,1995\n",
            "Line 6: invalid",
        ),
        ("lists/x.csv", LIST_HEAD + "2024-01-01,L,,,\n\nName,Year\nHeat,1995\n", "Unrecognised list"),
        (
            "lists-x.json",
            '{"name": "", "items": [{"rank": 1, "type": "movie", "movie": {"title": "Heat"}}]}',
            "The Trakt list has no name.",
        ),
        (
            "lists-x.json",
            '{"name": "L", "items": [{"rank": "1", "type": "movie", "movie": {"title": "Heat"}}]}',
            "Item 1: rank must be",
        ),
        ("diary.csv", DIARY_HEAD + "2024-01-01,Heat,1995,,4,,,2024-01-01\n,tmdbID\n", "Line 3: wrong number"),
    ],
)
def test_a_malformed_diary_or_list_is_refused_naming_the_line_and_nothing_is_queued(
    user, name, text, message
):
    with pytest.raises(ValidationError) as refused:
        history_import.history_import_start(user=user, file_name=name, data=text.encode())

    assert refused.value.message_dict["file"][0].startswith(message)
    assert not HistoryImport.objects.exists()
