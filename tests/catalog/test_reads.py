"""Catalog reads through the fetch services (TMDb refresh, then select): local pages and search,
TMDb-backed pages, detail fallbacks."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from catalog import selectors, services
from catalog.models import Genre, Movie
from common.exceptions import UpstreamUnavailable
from tests.catalog.tmdb_mock import NOT_FOUND, matrix_detail, movie_result, page

pytestmark = pytest.mark.django_db


def _movie(tmdb_id: int, title: str, **fields) -> Movie:
    return Movie.objects.create(tmdb_id=tmdb_id, title=title, **fields)


def _titles(result: selectors.MoviePage) -> list[str]:
    return [m.title for m in result.movies]


def test_local_popular_ranks_by_popularity_in_pages_of_20():
    for n in range(1, 26):
        _movie(n, f"Movie {n:02}", popularity_score=n)

    first = services.movie_page_fetch(kind="popular", page=1)
    second = services.movie_page_fetch(kind="popular", page=2)

    assert (first.total_results, first.total_pages) == (25, 2)
    assert _titles(first)[:3] == ["Movie 25", "Movie 24", "Movie 23"]
    assert _titles(second) == [f"Movie {n:02}" for n in range(5, 0, -1)]


def test_local_top_rated_weights_the_average_by_vote_count():
    _movie(1, "Two perfect votes", vote_average=10.0, vote_count=2)
    _movie(2, "Loved by many", vote_average=8.5, vote_count=5000)
    _movie(3, "Disliked by many", vote_average=3.0, vote_count=4000)
    _movie(4, "Never rated", vote_average=0.0, vote_count=0)

    result = services.movie_page_fetch(kind="top_rated", page=1)

    assert _titles(result) == ["Loved by many", "Two perfect votes", "Disliked by many"]


def test_local_upcoming_lists_future_releases_soonest_first():
    today = timezone.localdate()
    _movie(1, "Later", release_date=today + datetime.timedelta(days=60))
    _movie(2, "Soon", release_date=today + datetime.timedelta(days=3))
    _movie(3, "Out already", release_date=today)

    assert _titles(services.movie_page_fetch(kind="upcoming", page=1)) == ["Soon", "Later"]


def test_an_empty_list_has_one_empty_page_and_nothing_after_it():
    result = services.movie_page_fetch(kind="upcoming", page=1)

    assert (result.total_results, result.total_pages, list(result.movies)) == (0, 0, [])
    with pytest.raises(selectors.PageNotFound, match=r"Page 2 is past the last page \(1\)\."):
        services.movie_page_fetch(kind="upcoming", page=2)


@pytest.mark.parametrize("number", [0, -1, 501])
def test_pages_run_from_1_to_500(number):
    with pytest.raises(ValidationError) as error:
        services.movie_page_fetch(kind="popular", page=number)

    assert error.value.message_dict == {"page": ["Page must be between 1 and 500."]}


def test_tmdb_pages_keep_tmdb_order_and_totals(tmdb):
    tmdb.get(
        "/movie/popular",
        json=page([movie_result(27205, "Inception"), movie_result(603, "The Matrix")], 2, 500, 10000),
    )

    result = services.movie_page_fetch(kind="popular", page=2)

    assert (result.page, result.total_pages, result.total_results) == (2, 500, 10000)
    assert _titles(result) == ["Inception", "The Matrix"]


def test_pages_fall_back_to_the_local_catalog_when_tmdb_is_down(tmdb):
    tmdb.get("/movie/popular", status=503)
    _movie(862, "Toy Story", popularity_score=5)

    assert _titles(services.movie_page_fetch(kind="popular", page=1)) == ["Toy Story"]


def test_detail_of_a_local_movie_without_a_key(settings):
    settings.TMDB_API_KEY = ""
    _movie(603, "The Matrix")

    assert [m.title for m in services.movie_fetch(tmdb_id=603)] == ["The Matrix"]


@pytest.mark.parametrize("tmdb_id", [12345, 0, -5, 2**31])
def test_detail_of_an_unknown_movie_without_a_key(settings, tmdb_id):
    settings.TMDB_API_KEY = ""

    with pytest.raises(Movie.DoesNotExist):
        services.movie_fetch(tmdb_id=tmdb_id)


def test_detail_is_refreshed_from_tmdb(tmdb):
    _movie(603, "Matrix (local)")
    tmdb.get("/movie/603", json=matrix_detail())

    movie = services.movie_fetch(tmdb_id=603).get()

    assert (movie.title, movie.runtime) == ("The Matrix", 136)


def test_alternative_titles_from_tmdb_are_kept_and_searched(tmdb, settings):
    _movie(603, "Matrix (local)")
    tmdb.get("/movie/603", json=matrix_detail())

    movie = services.movie_fetch(tmdb_id=603).get()

    assert movie.alternative_titles == ["Matrix", "Mátrix", "マトリックス"]
    settings.TMDB_API_KEY = ""  # the search reads the local catalog only
    found = selectors.movie_search(criteria=selectors.search_criteria(q="マトリックス"))
    assert [m.tmdb_id for m in found.movies] == [603]


def test_detail_when_tmdb_says_not_found(tmdb):
    tmdb.get("/movie/404404", status=404, json=NOT_FOUND)
    tmdb.get("/movie/603", status=404, json=NOT_FOUND)
    _movie(603, "The Matrix")

    with pytest.raises(Movie.DoesNotExist):
        services.movie_fetch(tmdb_id=404404)
    assert services.movie_fetch(tmdb_id=603).get().title == "The Matrix"


def test_detail_when_tmdb_is_down(tmdb):
    tmdb.get("/movie/603", status=503)
    tmdb.get("/movie/604", status=503)
    _movie(603, "The Matrix")

    assert services.movie_fetch(tmdb_id=603).get().title == "The Matrix"
    with pytest.raises(UpstreamUnavailable):
        services.movie_fetch(tmdb_id=604)


@pytest.fixture
def searchable():
    comedy = Genre.objects.create(name="Comedy", slug="comedy")
    toy = _movie(862, "Toy Story", overview="A cowboy doll is threatened by a spaceman.", popularity_score=9)
    _movie(
        863,
        "Toy Story 2",
        overview="Woody is stolen.",
        popularity_score=8,
        release_date=datetime.date(1999, 1, 1),
    )
    _movie(603, "The Matrix", overview="A hacker learns the truth.", popularity_score=7)
    toy.genres.add(comedy)
    return comedy


def test_local_search_matches_words_in_title_or_overview(searchable, settings):
    settings.TMDB_API_KEY = ""

    assert _titles(services.movie_search_fetch(q="toy story")) == ["Toy Story", "Toy Story 2"]
    assert _titles(services.movie_search_fetch(q="hacker")) == ["The Matrix"]
    assert _titles(services.movie_search_fetch(q="spacem")) == [
        "Toy Story"
    ]  # prefixes match on both databases


def test_local_search_filters_by_genre_slug_or_name_and_year(searchable, settings):
    settings.TMDB_API_KEY = ""

    assert _titles(services.movie_search_fetch(q="toy", genre="COMEDY")) == ["Toy Story"]
    assert _titles(services.movie_search_fetch(genre="comedy")) == ["Toy Story"]
    assert _titles(services.movie_search_fetch(year=1999)) == ["Toy Story 2"]


@pytest.mark.parametrize("q", ["\"'; DROP TABLE catalog_movie; --", "🎬🍿", "!!!", "a & | b :* (c"])
def test_odd_search_text_is_answered_not_crashed(searchable, settings, q):
    settings.TMDB_API_KEY = ""

    result = services.movie_search_fetch(q=q)

    assert result.total_results == len(list(result.movies))
    assert Movie.objects.count() == 3


@pytest.mark.parametrize(
    ("kwargs", "errors"),
    [
        ({"q": "x" * 201}, {"q": ["Search text is limited to 200 characters."]}),
        ({"q": "nul\x00byte"}, {"q": ["Search text must not contain control characters."]}),
        ({"q": "toy", "year": 1869}, {"year": ["Year must be between 1870 and 2100."]}),
        ({"genre": "polka"}, {"genre": ["Unknown genre “polka”."]}),
        ({}, {"q": ["Give a search text (q), a genre or a year."]}),
    ],
)
def test_bad_search_input(searchable, kwargs, errors):
    with pytest.raises(ValidationError) as error:
        services.movie_search_fetch(**kwargs)

    assert error.value.message_dict == errors


def test_search_merges_tmdb_with_local_hits_and_keeps_local_filters(tmdb, searchable):
    tmdb.get(
        "/search/multi",
        json=page(
            [
                {**movie_result(862, "Toy Story", genre_ids=[]), "media_type": "movie"},
                {**movie_result(10193, "Toy Story 3", genre_ids=[]), "media_type": "movie"},
                {"id": 1, "name": "Toy Show", "media_type": "tv"},
            ],
            total_pages=1,
            total_results=3,
        ),
    )

    merged = services.movie_search_fetch(q="toy story")
    assert _titles(merged) == ["Toy Story", "Toy Story 3", "Toy Story 2"]  # TMDb's new movie is more popular
    assert (merged.total_results, merged.did_you_mean) == (3, None)
    assert _titles(services.movie_search_fetch(q="toy story", genre="comedy")) == ["Toy Story"]


def test_tmdb_results_the_local_ranking_misses_follow_the_local_hits(tmdb, searchable):
    tmdb.get(
        "/search/multi",
        json=page(
            [{**movie_result(11, "Star Wars", genre_ids=[]), "media_type": "movie"}],
            total_pages=1,
            total_results=1,
        ),
    )

    assert _titles(services.movie_search_fetch(q="toy stroy")) == ["Toy Story", "Toy Story 2", "Star Wars"]


def test_a_tmdb_failure_leaves_the_local_answer(tmdb, searchable):
    tmdb.get("/search/multi", status=500)

    assert _titles(services.movie_search_fetch(q="toy story")) == ["Toy Story", "Toy Story 2"]


def test_the_full_text_index_exists_on_postgresql_only():
    with connection.cursor() as cursor:
        names = [
            i for i in connection.introspection.get_constraints(cursor, "catalog_movie") if "search" in i
        ]

    expected = [
        "catalog_movie_search_aliases_trgm",
        "catalog_movie_search_gin",
        "catalog_movie_search_title_trgm",
    ]
    assert sorted(names) == (expected if connection.vendor == "postgresql" else [])


def test_genres_are_listed_by_name():
    Genre.objects.create(name="Drama", slug="drama")
    Genre.objects.create(name="Action", slug="action")

    assert [g.name for g in selectors.genre_list()] == ["Action", "Drama"]
