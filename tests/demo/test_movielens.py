"""MovieLens import (import_movielens, seed_demo): one code path, bulk, idempotent."""

import datetime
import gzip
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from catalog import selectors
from catalog.models import Genre, Keyword, Movie
from demo import movielens
from engagement.models import Review

pytestmark = pytest.mark.django_db

MOVIES = """movieId,title,genres
1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy
11,"American President, The (1995)",Comedy|Drama|Romance
29,"City of Lost Children, The (Cité des enfants perdus, La) (1995)",Adventure|Drama
50,Sci-Fi Thing (2007-),Sci-Fi|IMAX
70,No Link (1996),Drama
80,Same TMDb Id (1996),Drama
90,Untitled Year,(no genres listed)
"""
LINKS = """movieId,imdbId,tmdbId
1,0114709,862
11,0112346,9087
29,0112682,902
50,0000050,500050
70,0000070,
80,0112346,9087
90,0000090,500090
"""
TAGS = """userId,movieId,tag,timestamp
2,1,pixar,1445714994
3,1,Pixar,1445714995
3,1,fun,1445714996
2,11,politics,1445714997
2,70,orphan tag,1445714998
"""
RATINGS = """userId,movieId,rating,timestamp
1,1,4.0,964982703
1,11,0.5,964981247
2,1,3.5,1445714994
2,70,5.0,1445714994
2,80,1.0,1445714994
3,50,5.0,1445715000
"""


@pytest.fixture
def ml_dir(tmp_path):
    for name, body in {"movies.csv": MOVIES, "links.csv": LINKS, "tags.csv": TAGS}.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    with gzip.open(tmp_path / "ratings.csv.gz", "wt", encoding="utf-8") as handle:
        handle.write(RATINGS)
    return tmp_path


def _snapshot() -> dict:
    return {
        "movies": sorted(
            Movie.objects.values_list("tmdb_id", "title", "updated_at", "rating_count", "rating_sum")
        ),
        "genres": sorted(Genre.objects.values_list("name", "slug")),
        "links": sorted(Movie.genres.through.objects.values_list("id", flat=True)),
        "keywords": sorted(Keyword.objects.values_list("slug", flat=True)),
        "reviews": sorted(Review.objects.values_list("id", "rating", "updated_at")),
        "users": get_user_model().objects.count(),
    }


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("Toy Story (1995)", ("Toy Story", 1995, "", ())),
        ("American President, The (1995)", ("The American President", 1995, "", ())),
        (
            "City of Lost Children, The (Cité des enfants perdus, La) (1995)",
            ("The City of Lost Children", 1995, "La Cité des enfants perdus", ()),
        ),
        ("Seven (a.k.a. Se7en) (1995)", ("Seven", 1995, "", ("Se7en",))),
        (
            "Léon: The Professional (a.k.a. The Professional) (Léon) (1994)",
            ("Léon: The Professional", 1994, "Léon", ("The Professional",)),
        ),
        (
            "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)",
            ("Amelie", 2001, "Le Fabuleux destin d'Amélie Poulain", ()),
        ),
        ("(500) Days of Summer (2009)", ("(500) Days of Summer", 2009, "", ())),
        ("Babylon 5", ("Babylon 5", None, "", ())),
        ("Fawlty Towers (1975-1979)", ("Fawlty Towers", 1975, "", ())),
    ],
)
def test_titles_lose_the_year_get_their_article_back_and_keep_their_other_titles(raw, parsed):
    assert movielens.parse_title(raw) == movielens.ParsedTitle(*parsed)


def test_imported_movies_carry_imdb_ids_and_other_titles_that_search_finds(ml_dir):
    call_command("import_movielens", str(ml_dir), stdout=io.StringIO())

    city = Movie.objects.get(tmdb_id=902)
    assert (city.title, city.original_title, city.imdb_id) == (
        "The City of Lost Children",
        "La Cité des enfants perdus",
        "tt0112682",
    )
    assert Movie.objects.get(tmdb_id=862).imdb_id == "tt0114709"
    found = selectors.movie_search(criteria=selectors.search_criteria(q="cite des enfants perdus"))
    assert [m.tmdb_id for m in found.movies][:1] == [902]


def test_the_packed_form_keeps_imdb_ids_and_other_titles(ml_dir):
    packed = io.BytesIO()
    movielens.write_packed(movielens.read_directory(ml_dir), packed)
    path = ml_dir / "packed.jsonl.gz"
    path.write_bytes(packed.getvalue())

    city = next(m for m in movielens.read_packed(path).movies if m.tmdb_id == 902)

    assert (city.imdb_id, city.original_title, city.alternative_titles) == (
        "tt0112682",
        "La Cité des enfants perdus",
        [],
    )


def test_import_movielens_loads_movies_genres_tags_users_and_ratings(ml_dir):
    out = io.StringIO()
    call_command("import_movielens", str(ml_dir), stdout=out)

    assert "5 movies, 8 genres, 3 keywords, 3 users, 4 reviews created" in out.getvalue()
    toy = Movie.objects.get(tmdb_id=862)
    assert (toy.movielens_id, toy.title, toy.release_date, toy.year) == (1, "Toy Story", None, 1995)
    assert (toy.vote_average, toy.vote_count, toy.popularity_score) == (7.5, 2, 2.0)
    assert (toy.rating_count, toy.rating_sum, toy.average_rating) == (2, Decimal("7.5"), 3.75)
    assert [(str(value), n) for value, n in toy.rating_histogram if n] == [("3.5", 1), ("4.0", 1)]
    assert sorted(toy.genres.values_list("name", flat=True)) == [
        "Adventure",
        "Animation",
        "Comedy",
        "Family",
        "Fantasy",
    ]
    assert list(toy.keywords.values_list("name", flat=True)) == ["fun", "pixar"]
    assert Movie.objects.get(tmdb_id=9087).title == "The American President"
    assert list(Movie.objects.get(tmdb_id=500050).genres.values_list("name", flat=True)) == [
        "Science Fiction"
    ]
    untitled = Movie.objects.get(tmdb_id=500090)
    assert (untitled.release_date, untitled.genres.count(), untitled.vote_count) == (None, 0, 0)
    assert not Movie.objects.filter(movielens_id__in=[70, 80]).exists()


def test_demo_users_are_inactive_with_unusable_passwords_and_their_ratings_become_reviews(ml_dir):
    with time_machine.travel("2026-12-07 12:00:00+00:00", tick=False):
        call_command("import_movielens", str(ml_dir), stdout=io.StringIO())

    user = get_user_model().objects.get(email="ml-user-1@demo.moviverse.invalid")
    assert (user.username, user.is_active, user.has_usable_password()) == ("ml_user_1", False, False)
    reviews = {r.movie_id: r for r in Review.objects.filter(user=user)}
    assert {tmdb_id: r.rating for tmdb_id, r in reviews.items()} == {862: 4, 9087: 1}  # 0.5 raised to 1
    # The 4 ratings, in their order, spread over the 14 days before the import: the 2nd of 4 at day 7.
    assert reviews[862].created_at == datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)
    assert Review.objects.get(user__username="ml_user_2", movie_id=862).rating == Decimal("3.5")  # kept


def test_demo_users_get_their_username_keys_though_they_are_bulk_created(ml_dir):
    call_command("import_movielens", str(ml_dir), stdout=io.StringIO())

    keys = dict(get_user_model().objects.values_list("username", "username_key"))
    assert keys["ml_user_1"] == "ml_user_1"
    assert [name for name, key in keys.items() if key != name] == []


def test_a_second_import_changes_nothing(ml_dir):
    call_command("import_movielens", str(ml_dir), stdout=io.StringIO())
    before = _snapshot()
    out = io.StringIO()

    call_command("import_movielens", str(ml_dir), stdout=out)

    assert _snapshot() == before
    assert (
        "0 movies, 0 genres, 0 keywords, 0 users, 0 reviews created; 0 rating totals updated"
        in out.getvalue()
    )


def test_an_import_keeps_tmdb_movies_and_fixes_their_rating_totals(ml_dir):
    Movie.objects.create(tmdb_id=862, title="Toy Story (from TMDb)", vote_average=8.0, vote_count=17000)

    call_command("import_movielens", str(ml_dir), stdout=io.StringIO())

    toy = Movie.objects.get(tmdb_id=862)
    assert (toy.title, toy.vote_count, toy.movielens_id) == ("Toy Story (from TMDb)", 17000, 1)
    assert (toy.rating_count, toy.rating_sum) == (2, Decimal("7.5"))
    assert (toy.rated_3_5_count, toy.rated_4_0_count) == (1, 1)


def test_an_import_fixes_half_star_counts_that_drifted_from_the_reviews(ml_dir):
    call_command("import_movielens", str(ml_dir), stdout=io.StringIO())
    Movie.objects.filter(tmdb_id=862).update(rated_3_5_count=0, rated_5_0_count=1)  # count, sum kept
    out = io.StringIO()

    call_command("import_movielens", str(ml_dir), stdout=out)

    toy = Movie.objects.get(tmdb_id=862)
    assert [(str(value), n) for value, n in toy.rating_histogram if n] == [("3.5", 1), ("4.0", 1)]
    assert "; 1 rating totals updated" in out.getvalue()


def test_seed_demo_loads_the_packed_file_through_the_same_path(ml_dir, tmp_path, monkeypatch):
    packed = tmp_path / "demo.jsonl.gz"
    call_command("import_movielens", str(ml_dir), "--pack", str(packed), stdout=io.StringIO())
    monkeypatch.setattr(movielens, "DEMO_FILE", packed)
    monkeypatch.setattr(movielens.read_packed, "__defaults__", (packed,))

    call_command("seed_demo", stdout=io.StringIO())
    seeded = _snapshot()
    call_command("seed_demo", stdout=io.StringIO())

    assert _snapshot() == seeded
    assert Movie.objects.count() == 5
    assert Review.objects.count() == 4


def test_import_movielens_rejects_a_directory_without_movielens_files(tmp_path):
    with pytest.raises(CommandError, match=r"Not a MovieLens directory: .* has no links\.csv"):
        call_command("import_movielens", str(tmp_path))


def test_the_shipped_demo_file_holds_every_user_and_only_movies_with_tmdb_ids():
    with gzip.open(movielens.DEMO_FILE, "rt", encoding="utf-8") as handle:
        assert json.loads(next(handle)) == {"format": "moviverse-movielens", "version": 1}

    data = movielens.read_packed()

    assert movielens.DEMO_FILE.stat().st_size < 1_500_000
    assert len({r[0] for r in data.ratings}) == 610
    assert len(data.movies) == 9733
    assert all(m.tmdb_id > 0 for m in data.movies)
    assert len({m.tmdb_id for m in data.movies}) == len(data.movies)
    assert (movielens.DEMO_FILE.parent / "README.txt").exists()
    assert (movielens.DEMO_FILE.parent / "NOTICE").exists()
