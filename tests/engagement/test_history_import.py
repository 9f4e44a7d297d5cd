"""History import: formats, matching, idempotence, failures that leave nothing behind."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from engagement import history_import, history_job
from engagement.history_formats import read_export
from engagement.models import HistoryImport, Review, WatchHistory, WatchlistItem
from engagement.tasks import prune_history_imports
from recsys import precomputed
from tests.factories import MovieRefFactory

pytestmark = pytest.mark.django_db

LETTERBOXD_RATINGS = (
    "Date,Name,Year,Letterboxd URI,Rating\n"
    "2024-01-05,The Matrix,1999,https://boxd.it/2a1m,4.5\n"
    "2024-01-06,Heat,1995,https://boxd.it/2a7a,2.5\n"
    "2024-01-07,Some Unknown Film,2003,https://boxd.it/zzzz,3\n"
)
LETTERBOXD_WATCHLIST = "Date,Name,Year,Letterboxd URI\n2024-02-01,Heat,1995,https://boxd.it/2a7a\n"
IMDB_RATINGS = (
    "Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,"
    "Genres,Num Votes,Release Date,Directors\n"
    "tt0133093,9,2023-05-01,The Matrix,The Matrix,https://www.imdb.com/title/tt0133093/,Movie,8.7,136,1999,"
    '"Action, Sci-Fi",2100000,1999-03-31,"Lana Wachowski, Lilly Wachowski"\n'
    "tt0903747,10,2023-05-02,Breaking Bad,Breaking Bad,https://www.imdb.com/title/tt0903747/,TV Series,9.5,"
    "49,2008,Drama,2200000,2008-01-20,\n"
)
TRAKT_HISTORY = [
    {
        "id": 1,
        "watched_at": "2024-03-01T20:15:00.000Z",
        "action": "watch",
        "type": "movie",
        "movie": {
            "title": "Heat",
            "year": 1995,
            "ids": {"trakt": 1, "slug": "heat-1995", "imdb": "tt0113277", "tmdb": 949},
        },
    },
    {
        "id": 2,
        "watched_at": "2024-03-02T20:15:00.000Z",
        "action": "watch",
        "type": "episode",
        "episode": {"season": 1, "number": 1, "title": "Pilot", "ids": {"trakt": 2, "tmdb": 62085}},
        "show": {"title": "Breaking Bad", "year": 2008, "ids": {"trakt": 3, "tmdb": 1396}},
    },
]


def counts(**added: int) -> dict[str, int]:
    """An import's ``created``: what it added, by kind, zero for the kinds not named."""
    return {name: added.get(name, 0) for name in history_job.COUNTS}


@pytest.fixture
def catalog():
    return {
        603: MovieRefFactory(
            tmdb_id=603, title="The Matrix", imdb_id="tt0133093", release_date=datetime.date(1999, 3, 31)
        ),
        949: MovieRefFactory(tmdb_id=949, title="Heat", release_date=datetime.date(1995, 12, 15)),
        1949: MovieRefFactory(tmdb_id=1949, title="Heat", release_date=datetime.date(1986, 1, 1)),
    }


def _import(user, text: str, file_name: str = "ratings.csv", source: str = "auto") -> HistoryImport:
    job = history_import.history_import_start(
        user=user, file_name=file_name, data=text.encode(), source=source
    )
    return history_job.history_import_run(import_id=job.pk)


def test_letterboxd_ratings_become_reviews_and_views_and_unknown_films_are_listed(user, catalog):
    job = _import(user, LETTERBOXD_RATINGS)

    assert (job.status, job.source, job.kind, job.matched) == ("done", "letterboxd", "ratings", 2)
    assert job.unmatched == [{"title": "Some Unknown Film", "year": 2003, "why": "not in our catalog"}]
    assert job.created == counts(reviews=2, history=2)
    ratings = dict(Review.objects.filter(user=user).values_list("movie_id", "rating"))
    assert ratings == {603: Decimal("4.5"), 949: Decimal("2.5")}  # half stars kept; Heat (1995), not (1986)
    assert WatchHistory.objects.get(user=user, movie_id=603).watched_at == datetime.datetime(
        2024, 1, 5, 12, tzinfo=datetime.UTC
    )
    catalog[603].refresh_from_db()
    assert (catalog[603].rating_sum, catalog[603].rating_count) == (Decimal("4.5"), 1)
    assert (catalog[603].rated_4_5_count, catalog[603].rated_4_0_count) == (1, 0)
    assert job.content == ""


def test_reimporting_the_same_file_changes_nothing(user, catalog):
    _import(user, LETTERBOXD_RATINGS)
    before = (Review.objects.count(), WatchHistory.objects.count())

    again = _import(user, LETTERBOXD_RATINGS)

    assert again.created == counts()
    assert again.matched == 2
    assert (Review.objects.count(), WatchHistory.objects.count()) == before
    catalog[603].refresh_from_db()
    assert catalog[603].rating_count == 1


def test_a_letterboxd_watchlist_becomes_watchlist_items_once(user, catalog):
    first = _import(user, LETTERBOXD_WATCHLIST, file_name="watchlist.csv")
    again = _import(user, LETTERBOXD_WATCHLIST, file_name="watchlist.csv")

    assert (first.kind, first.created) == ("watchlist", counts(watchlist=1))
    assert again.created["watchlist"] == 0
    assert list(WatchlistItem.objects.filter(user=user).values_list("movie_id", flat=True)) == [949]
    assert not WatchHistory.objects.exists()


def test_imdb_ratings_match_by_imdb_id_scale_tens_and_list_tv_titles(user, catalog):
    job = _import(user, IMDB_RATINGS, source="imdb")

    assert (job.source, job.matched) == ("imdb", 1)
    assert job.unmatched == [
        {"title": "Breaking Bad", "year": 2008, "why": "a TV title: only films are imported"}
    ]
    assert Review.objects.get(user=user).rating == Decimal("4.5")  # 9/10


def test_a_letterboxd_diary_keeps_its_half_stars(user, catalog):
    diary = (
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        "2024-01-09,The Matrix,1999,https://boxd.it/y,4.5,,,2024-01-07\n"
    )
    job = _import(user, diary, file_name="diary.csv")
    assert (job.kind, job.created["reviews"]) == ("diary", 1)
    review = Review.objects.get(user=user)
    assert (review.rating, review.text) == (Decimal("4.5"), "")
    catalog[603].refresh_from_db()
    assert (catalog[603].rating_sum, catalog[603].average_rating) == (Decimal("4.5"), 4.5)


@pytest.mark.parametrize(("score", "stars"), [(10, "5.0"), (9, "4.5"), (6, "3.0"), (2, "1.0"), (1, "1.0")])
def test_trakt_ratings_out_of_ten_become_half_stars(user, catalog, score, stars):
    ratings = [{"rated_at": "2024-01-05T20:00:00.000Z", "rating": score, "type": "movie",
                "movie": {"title": "The Matrix", "year": 1999, "ids": {"tmdb": 603}}}]  # fmt: skip
    _import(user, json.dumps(ratings), file_name="ratings.json")
    assert str(Review.objects.get(user=user).rating) == stars


def test_trakt_history_matches_by_tmdb_id_and_skips_episodes(user, catalog):
    job = _import(user, json.dumps(TRAKT_HISTORY), file_name="history.json")

    assert (job.source, job.kind, job.matched) == ("trakt", "history", 1)
    assert job.unmatched == [
        {"title": "Breaking Bad", "year": 2008, "why": "a TV title: only films are imported"}
    ]
    assert job.created == counts(history=1, diary=1)
    assert WatchHistory.objects.get(user=user).watched_at == datetime.datetime(
        2024, 3, 1, 20, 15, tzinfo=datetime.UTC
    )


def test_the_user_s_recommendations_are_recomputed_when_done(
    user, catalog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = history_import.history_import_start(
            user=user, file_name="r.csv", data=LETTERBOXD_RATINGS.encode()
        )

    job.refresh_from_db()
    assert job.status == "done"  # the task ran (eagerly) once the upload committed
    stored = cache.get(precomputed.user_recommendations_key(user.pk))  # no run yet: the cache only
    assert stored["lists"]["hybrid"][0]
    assert set(stored["lists"]["hybrid"][0]).isdisjoint({603, 949})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "The file is not text: upload the CSV or JSON file of your export.",
        ),
        (
            "Título;Año\n".encode("latin-1"),
            "The file is not text: upload the CSV or JSON file of your export.",
        ),
        (
            b"title,rating\nThe Matrix,5\n",
            "Unrecognised file: expected a Letterboxd, IMDb or Trakt export (columns found: rating, title).",
        ),
        (b"", "Unrecognised file: expected a Letterboxd, IMDb or Trakt export (columns found: none)."),
        (
            b"Date,Name,Year,Letterboxd URI,Rating\n2024-01-05,The Matrix,1999,x,7\n",
            "Line 2: Rating 7 is not between 0.5 and 5.",
        ),
        (
            b"Date,Name,Year,Letterboxd URI,Rating\n2024-01-05,The Matrix,nineteen,x,4\n",
            "Line 2: invalid literal for int() with base 10: 'nineteen'",
        ),
        (b"Date,Name,Year,Letterboxd URI,Rating\n2024-01-05,,1999,x,4\n", "Line 2: A title is required."),
        (
            b"Date,Name,Year,Letterboxd URI,Rating\n2024-01-05,The Matrix,1999\n",
            "Line 2: wrong number of columns.",
        ),
        (b"Date,Name,Year,Letterboxd URI,Rating\n", "The file lists no films."),
        (b"[1, 2]", "A Trakt export is a non-empty JSON list of history, ratings or watchlist items."),
        (
            b'[{"rating": 11, "type": "movie", "movie": {"title": "Heat", "year": 1995}}]',
            "Item 1: Rating 11 is not between 1 and 10.",
        ),
        (b"{not json", "Not valid JSON: Expecting property name enclosed in double quotes (line 1)."),
    ],
)
def test_bad_files_are_refused_before_any_job_exists(user, catalog, data, message):
    with pytest.raises(ValidationError) as raised:
        history_import.history_import_start(user=user, file_name="x.csv", data=data)

    assert raised.value.message_dict == {"file": [message]}
    assert not HistoryImport.objects.exists()


def test_fifty_thousand_rows_of_junk_are_refused_cheaply(user):
    junk = "Date,Name,Year,Letterboxd URI,Rating\n" + "2024-01-01,x,2000,y,3\n" * 50_000

    with pytest.raises(ValidationError) as raised:
        history_import.history_import_start(user=user, file_name="x.csv", data=junk.encode())

    assert raised.value.message_dict == {"file": ["Too many rows: at most 20000 films per file."]}
    assert not HistoryImport.objects.exists()


def test_a_file_over_5_mb_is_refused_and_a_wrong_source_too(user):
    with pytest.raises(ValidationError) as too_big:
        history_import.history_import_start(user=user, file_name="x.csv", data=b"a" * (5 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as wrong:
        history_import.history_import_start(
            user=user, file_name="x.csv", data=LETTERBOXD_RATINGS.encode(), source="imdb"
        )
    with pytest.raises(ValidationError) as unknown:
        history_import.history_import_start(
            user=user, file_name="x.csv", data=LETTERBOXD_RATINGS.encode(), source="netflix"
        )

    assert too_big.value.message_dict == {"file": ["The file is larger than 5 MB."]}
    assert wrong.value.message_dict == {"file": ["This is a letterboxd export, not a imdb one."]}
    assert unknown.value.message_dict == {"source": ["source must be one of: auto, letterboxd, imdb, trakt."]}


def test_a_failure_midway_leaves_nothing_and_fails_the_job(user, catalog, monkeypatch):
    job = history_import.history_import_start(user=user, file_name="r.csv", data=LETTERBOXD_RATINGS.encode())

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(history_job, "_add_views", broken)  # after the reviews are written
    with pytest.raises(RuntimeError):
        history_job.history_import_run(import_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "The import failed; nothing was imported. Try again later.")
    assert not Review.objects.exists()
    assert not WatchHistory.objects.exists()


def test_a_job_runs_once(user, catalog):
    job = _import(user, LETTERBOXD_RATINGS)

    assert history_job.history_import_run(import_id=job.pk).created == job.created
    assert Review.objects.count() == 2


def test_diary_with_and_without_ratings_and_watched_dates():
    text = (
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
        "2024-01-09,Heat,1995,https://boxd.it/x,,Yes,,2024-01-08\n"
        "2024-01-09,The Matrix,1999,https://boxd.it/y,0.5,,,2024-01-07\n"
    )

    export = read_export(text)

    assert export.kind == "diary"
    assert [(e.title, e.rating, e.watched_at.date().isoformat()) for e in export.entries] == [
        ("Heat", None, "2024-01-08"),
        ("The Matrix", 1, "2024-01-07"),  # Letterboxd's lowest, half a star, is our lowest, 1
    ]


# --- pruning and abandoned jobs ----------------------------------------------------------------


def _job_at(user, status: str, *, created_days_ago: float, finished_days_ago: float | None) -> HistoryImport:
    now = datetime.datetime.now(datetime.UTC)
    job = HistoryImport.objects.create(user=user, source="imdb", kind="ratings", status=status)
    finished = None if finished_days_ago is None else now - datetime.timedelta(days=finished_days_ago)
    HistoryImport.objects.filter(pk=job.pk).update(
        created_at=now - datetime.timedelta(days=created_days_ago), finished_at=finished
    )
    return job


def test_prune_deletes_jobs_finished_before_the_kept_days_and_abandoned_ones(user, settings):
    settings.HISTORY_IMPORT_KEEP_DAYS = 30
    old_done = _job_at(user, "done", created_days_ago=40, finished_days_ago=31)
    old_failed = _job_at(user, "failed", created_days_ago=40, finished_days_ago=31)
    recent_done = _job_at(user, "done", created_days_ago=40, finished_days_ago=29)
    abandoned = _job_at(user, "running", created_days_ago=31, finished_days_ago=None)
    waiting = _job_at(user, "pending", created_days_ago=0, finished_days_ago=None)

    assert prune_history_imports.delay().get() == 3

    kept = set(HistoryImport.objects.values_list("pk", flat=True))
    assert kept == {recent_done.pk, waiting.pk}
    assert not kept & {old_done.pk, old_failed.pk, abandoned.pk}


def test_the_prune_runs_every_day(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["prune-history-imports"]
    assert entry["task"] == "engagement.tasks.prune_history_imports"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({4}, {45})


def test_a_job_waiting_for_over_a_day_no_longer_counts_against_the_cap(user, settings):
    settings.HISTORY_IMPORT_MAX_ACTIVE = 1
    _job_at(user, "running", created_days_ago=2, finished_days_ago=None)

    job = history_import.history_import_start(user=user, file_name="ratings.csv", data=IMDB_RATINGS.encode())

    assert job.status == "pending"
