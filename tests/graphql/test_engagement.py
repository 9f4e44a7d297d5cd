"""GraphQL favorites, watchlist, views and reviews: same services as REST, same ownership rules."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from rest_framework_simplejwt.tokens import AccessToken

from accounts.tokens import token_pair_for
from catalog.models import Movie
from engagement.models import FavoriteMovie, Review, WatchHistory, WatchlistItem
from tests.errors import UNAUTHENTICATED
from tests.factories import (
    FavoriteFactory,
    MovieRefFactory,
    ReviewFactory,
    UserFactory,
    WatchHistoryFactory,
    WatchlistItemFactory,
    movie_with_credits,
)

pytestmark = pytest.mark.django_db

INFO = "fragment Info on OperationInfo { messages { kind field message } }"

ADD = (
    """
mutation($tmdbId: Int!, $title: String! = "", $posterUrl: String! = "") {
  addFavorite(tmdbId: $tmdbId, title: $title, posterUrl: $posterUrl) {
    ... on FavoriteMovie { id tmdbId movie { title isFavorite } }
    ...Info
  }
  addToWatchlist(tmdbId: $tmdbId, title: $title, posterUrl: $posterUrl) {
    ... on WatchlistItem { id tmdbId movie { title inWatchlist } }
    ...Info
  }
}
"""
    + INFO
)
REMOVE = (
    """
mutation($tmdbId: Int!) {
  removeFavorite(tmdbId: $tmdbId) { ... on Movie { tmdbId isFavorite } ...Info }
  removeFromWatchlist(tmdbId: $tmdbId) { ... on Movie { tmdbId inWatchlist } ...Info }
}
"""
    + INFO
)
TRACK = (
    """
mutation($tmdbId: Int!, $progress: Int) {
  trackView(tmdbId: $tmdbId, progressSeconds: $progress) {
    ... on WatchHistory { tmdbId progressSeconds movie { title } }
    ...Info
  }
}
"""
    + INFO
)
CREATE_REVIEW = (
    """
mutation($tmdbId: Int!, $rating: Float!, $text: String! = "") {
  createReview(tmdbId: $tmdbId, rating: $rating, text: $text) {
    ... on Review { id tmdbId username rating text movie { averageRating } }
    ...Info
  }
}
"""
    + INFO
)
UPDATE_REVIEW = (
    """
mutation($id: ID!, $rating: Float, $text: String) {
  updateReview(id: $id, rating: $rating, text: $text) {
    ... on Review { rating text movie { averageRating } }
    ...Info
  }
}
"""
    + INFO
)
DELETE_REVIEW = (
    """
mutation($id: ID!) {
  deleteReview(id: $id) { ... on Movie { tmdbId averageRating } ...Info }
}
"""
    + INFO
)
ME_LISTS = """
query($limit: Int, $offset: Int! = 0) {
  me {
    favorites(pagination: {limit: $limit, offset: $offset}) { totalCount results { tmdbId } }
    watchlist(pagination: {limit: $limit, offset: $offset}) { totalCount results { tmdbId } }
    history(pagination: {limit: $limit, offset: $offset}) { totalCount results { tmdbId progressSeconds } }
    reviews(pagination: {limit: $limit, offset: $offset}) { totalCount results { tmdbId rating } }
  }
}"""
MOVIE_FIELDS = (
    "tmdbId title isFavorite inWatchlist averageRating ratingCount "
    "genres { name } reviews { rating username }"
)
MY_FAVORITE_MOVIES = "{ me { favorites { results { tmdbId movie { " + MOVIE_FIELDS + " } } } } }"


@pytest.fixture(autouse=True)
def _no_tmdb(settings):
    """TMDb is not configured here: only the local catalog's movies exist."""
    settings.TMDB_API_KEY = ""


def _sign_in(field: str) -> dict:
    return {"messages": [{"kind": "PERMISSION", "field": field, "message": "Sign in to do this."}]}


def _matrix() -> Movie:
    return MovieRefFactory(tmdb_id=603, title="The Matrix")


# --- lists --------------------------------------------------------------------------------


def test_add_to_lists_is_idempotent(gql, user, access_token):
    _matrix()
    first = gql(ADD, {"tmdbId": 603}, token=access_token)["data"]
    again = gql(ADD, {"tmdbId": 603}, token=access_token)["data"]

    favorite = FavoriteMovie.objects.get(user=user)
    item = WatchlistItem.objects.get(user=user)
    assert first == {
        "addFavorite": {
            "id": str(favorite.pk),
            "tmdbId": 603,
            "movie": {"title": "The Matrix", "isFavorite": True},
        },
        "addToWatchlist": {
            "id": str(item.pk),
            "tmdbId": 603,
            "movie": {"title": "The Matrix", "inWatchlist": True},
        },
    }
    assert again == first
    assert (FavoriteMovie.objects.count(), WatchlistItem.objects.count()) == (1, 1)


def test_user_text_never_becomes_a_catalog_movie(gql, access_token):
    title = '=HYPERLINK("https://evil.example","x")'
    data = gql(ADD, {"tmdbId": 987654321, "title": title}, token=access_token)["data"]
    not_found = {
        "messages": [{"kind": "ERROR", "field": None, "message": "No movie with TMDb id 987654321."}]
    }
    assert data == {"addFavorite": not_found, "addToWatchlist": not_found}
    assert not Movie.objects.exists()
    assert not FavoriteMovie.objects.exists()


def test_title_of_a_known_movie_is_ignored(gql, access_token):
    _matrix()
    data = gql(ADD, {"tmdbId": 603, "title": "Renamed"}, token=access_token)["data"]
    assert data["addFavorite"]["movie"]["title"] == "The Matrix"
    assert Movie.objects.get(tmdb_id=603).title == "The Matrix"


def test_add_unknown_movie_without_title_is_not_found(gql, access_token):
    data = gql(ADD, {"tmdbId": 27205}, token=access_token)["data"]
    assert data["addFavorite"] == {
        "messages": [{"kind": "ERROR", "field": None, "message": "No movie with TMDb id 27205."}]
    }
    assert not FavoriteMovie.objects.exists()


@pytest.mark.parametrize("tmdb_id", [0, -1])
def test_add_with_bad_tmdb_id_is_a_field_error(gql, access_token, tmdb_id):
    data = gql(ADD, {"tmdbId": tmdb_id, "title": "X"}, token=access_token)["data"]
    assert data["addFavorite"] == {
        "messages": [{"kind": "VALIDATION", "field": "tmdbId", "message": "A TMDb id is a positive integer."}]
    }
    assert not FavoriteMovie.objects.exists()


def test_wrongly_typed_tmdb_id_is_rejected_before_running(gql, access_token):
    result = gql(ADD, {"tmdbId": "603"}, token=access_token)
    assert result["data"] is None
    assert result["errors"][0]["message"] == (
        "Variable '$tmdbId' has invalid value: Int cannot represent non-integer value: '603'"
    )


def test_remove_from_lists(gql, user, access_token):
    _matrix()
    FavoriteFactory(user=user, movie_id=603)
    WatchlistItemFactory(user=user, movie_id=603)
    data = gql(REMOVE, {"tmdbId": 603}, token=access_token)["data"]
    assert data == {
        "removeFavorite": {"tmdbId": 603, "isFavorite": False},
        "removeFromWatchlist": {"tmdbId": 603, "inWatchlist": False},
    }
    assert not FavoriteMovie.objects.exists()
    assert not WatchlistItem.objects.exists()


def test_cannot_remove_what_is_only_on_another_users_lists(gql, other_user, access_token):
    _matrix()
    FavoriteFactory(user=other_user, movie_id=603)
    WatchlistItemFactory(user=other_user, movie_id=603)
    data = gql(REMOVE, {"tmdbId": 603}, token=access_token)["data"]
    assert data["removeFavorite"]["messages"][0]["message"] == "FavoriteMovie matching query does not exist."
    assert (
        data["removeFromWatchlist"]["messages"][0]["message"]
        == "WatchlistItem matching query does not exist."
    )
    assert FavoriteMovie.objects.filter(user=other_user).count() == 1
    assert WatchlistItem.objects.filter(user=other_user).count() == 1


def _bad_token(user, kind: str) -> str | None:
    if kind == "expired":
        token = AccessToken.for_user(user)
        token.set_exp(from_time=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
        return str(token)
    if kind == "forged":
        header, payload, signature = token_pair_for(user).access.split(".")
        return f"{header}.{payload}.{signature[::-1]}"
    return kind


@pytest.mark.parametrize("kind", [None, "garbage", "expired", "forged"])
def test_list_mutations_need_a_valid_sign_in(gql, user, kind):
    _matrix()
    FavoriteFactory(user=user, movie_id=603)
    token = _bad_token(user, kind)
    if kind is not None:
        assert gql(ADD, {"tmdbId": 603}, token=token) == UNAUTHENTICATED
        assert gql(REMOVE, {"tmdbId": 603}, token=token) == UNAUTHENTICATED
        assert FavoriteMovie.objects.count() == 1
        return
    assert gql(ADD, {"tmdbId": 603}, token=token)["data"] == {
        "addFavorite": _sign_in("addFavorite"),
        "addToWatchlist": _sign_in("addToWatchlist"),
    }
    assert gql(REMOVE, {"tmdbId": 603}, token=token)["data"] == {
        "removeFavorite": _sign_in("removeFavorite"),
        "removeFromWatchlist": _sign_in("removeFromWatchlist"),
    }
    assert FavoriteMovie.objects.count() == 1


def test_me_lists_are_mine_newest_first_and_paginated(gql, user, other_user, access_token):
    stamp = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    for days, tmdb_id in ((1, 10), (3, 30), (2, 20)):
        movie = MovieRefFactory(tmdb_id=tmdb_id)
        when = stamp + datetime.timedelta(days=days)
        FavoriteMovie.objects.filter(pk=FavoriteFactory(user=user, movie=movie).pk).update(added_at=when)
        WatchlistItem.objects.filter(pk=WatchlistItemFactory(user=user, movie=movie).pk).update(added_at=when)
        WatchHistoryFactory(user=user, movie=movie, watched_at=when, progress_seconds=days)
        ReviewFactory(user=user, movie=movie, created_at=when, rating=days)
    other_movie = MovieRefFactory(tmdb_id=40)
    FavoriteFactory(user=other_user, movie=other_movie)
    WatchlistItemFactory(user=other_user, movie=other_movie)
    WatchHistoryFactory(user=other_user, movie=other_movie)
    ReviewFactory(user=other_user, movie=other_movie)

    me = gql(ME_LISTS, {"limit": 2}, token=access_token)["data"]["me"]

    assert me["favorites"] == {"totalCount": 3, "results": [{"tmdbId": 30}, {"tmdbId": 20}]}
    assert me["watchlist"] == {"totalCount": 3, "results": [{"tmdbId": 30}, {"tmdbId": 20}]}
    assert me["history"] == {
        "totalCount": 3,
        "results": [{"tmdbId": 30, "progressSeconds": 3}, {"tmdbId": 20, "progressSeconds": 2}],
    }
    assert me["reviews"] == {
        "totalCount": 3,
        "results": [{"tmdbId": 30, "rating": 3}, {"tmdbId": 20, "rating": 2}],
    }
    page_two = gql(ME_LISTS, {"limit": 2, "offset": 2}, token=access_token)["data"]["me"]
    assert page_two["favorites"]["results"] == [{"tmdbId": 10}]


def test_page_size_is_capped_by_max_page_size(gql, user, access_token, settings):
    for _ in range(4):
        FavoriteFactory(user=user)
    settings.MAX_PAGE_SIZE = 3
    me = gql(ME_LISTS, {"limit": 3}, token=access_token)["data"]["me"]
    assert (me["favorites"]["totalCount"], len(me["favorites"]["results"])) == (4, 3)

    too_many = gql(ME_LISTS, {"limit": 1000}, token=access_token)

    assert too_many["data"] == {"me": None}
    assert {e["message"] for e in too_many["errors"]} == {"pagination.limit: must be between 0 and 3."}


def test_me_lists_query_count_does_not_grow_with_rows(gql, user, access_token, django_assert_num_queries):
    def fill(tmdb_id: int) -> None:
        movie = MovieRefFactory(tmdb_id=tmdb_id)
        FavoriteFactory(user=user, movie=movie)
        WatchlistItemFactory(user=user, movie=movie)
        WatchHistoryFactory(user=user, movie=movie)
        ReviewFactory(user=user, movie=movie)

    fill(1)
    with django_assert_num_queries(8) as one:  # count + page per list (the viewer comes from the user cache)
        gql(ME_LISTS, token=access_token)
    for tmdb_id in range(2, 7):
        fill(tmdb_id)
    with django_assert_num_queries(len(one.captured_queries)):
        me = gql(ME_LISTS, token=access_token)["data"]["me"]
    assert me["reviews"]["totalCount"] == 6


def test_nested_movie_fields_cost_the_same_for_1_and_n_movies(
    gql, user, other_user, access_token, django_assert_num_queries
):
    def fill(tmdb_id: int) -> None:
        movie = movie_with_credits(tmdb_id=tmdb_id)
        FavoriteFactory(user=user, movie=movie)
        WatchlistItemFactory(user=user, movie=movie)
        ReviewFactory(user=other_user, movie=movie, rating=3)

    fill(1)
    with django_assert_num_queries(7) as one:  # the viewer state is four of them
        first = gql(MY_FAVORITE_MOVIES, token=access_token)["data"]
    assert first["me"]["favorites"]["results"][0]["movie"] == {
        "tmdbId": 1,
        "title": "Movie 1",
        "isFavorite": True,
        "inWatchlist": True,
        "averageRating": 3.0,
        "ratingCount": 1,
        "genres": [{"name": "Crime"}, {"name": "Drama"}],
        "reviews": [{"rating": 3, "username": other_user.username}],
    }
    for tmdb_id in range(2, 8):
        fill(tmdb_id)
    with django_assert_num_queries(len(one.captured_queries)):
        many = gql(MY_FAVORITE_MOVIES, token=access_token)["data"]
    assert len(many["me"]["favorites"]["results"]) == 7


def test_me_is_null_for_anonymous_and_a_bad_token_is_unauthenticated(gql, user):
    FavoriteFactory(user=user)
    assert gql(ME_LISTS)["data"] == {"me": None}
    assert gql(ME_LISTS, token="forged.token.value") == UNAUTHENTICATED


# --- views --------------------------------------------------------------------------------


def test_track_view_signed_in_and_anonymous(gql, user, access_token, django_capture_on_commit_callbacks):
    _matrix()
    with django_capture_on_commit_callbacks(execute=True):
        signed = gql(TRACK, {"tmdbId": 603, "progress": 42}, token=access_token)["data"]
        anonymous = gql(TRACK, {"tmdbId": 603})["data"]
    assert signed == {"trackView": {"tmdbId": 603, "progressSeconds": 42, "movie": {"title": "The Matrix"}}}
    assert anonymous == {
        "trackView": {"tmdbId": 603, "progressSeconds": None, "movie": {"title": "The Matrix"}}
    }
    assert WatchHistory.objects.filter(user=user, viewer_key=f"user:{user.pk}").count() == 1
    assert len(WatchHistory.objects.get(user=None).viewer_key) == 64
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    assert cache.get(f"movie:603:views:daily:{today}") == 2


@pytest.mark.parametrize(
    ("variables", "field", "message"),
    [
        (
            {"tmdbId": 603, "progress": -5},
            "progressSeconds",
            "Ensure this value is greater than or equal to 0.",
        ),
        (
            {"tmdbId": 603, "progress": 90_000},
            "progressSeconds",
            "Ensure this value is less than or equal to 86400.",
        ),
        ({"tmdbId": -603}, "tmdbId", "A TMDb id is a positive integer."),
    ],
)
def test_bad_track_view_is_a_validation_error(gql, variables, field, message):
    _matrix()
    data = gql(TRACK, variables)["data"]
    assert data == {"trackView": {"messages": [{"kind": "VALIDATION", "field": field, "message": message}]}}
    assert not WatchHistory.objects.exists()


# --- reviews ------------------------------------------------------------------------------


def test_review_lifecycle_keeps_the_average(gql, user, other_user, access_token):
    _matrix()
    ReviewFactory(user=other_user, movie_id=603, rating=2)
    created = gql(CREATE_REVIEW, {"tmdbId": 603, "rating": 5, "text": "Red pill."}, token=access_token)[
        "data"
    ]
    review = Review.objects.get(user=user)
    assert created == {
        "createReview": {
            "id": str(review.pk),
            "tmdbId": 603,
            "username": user.username,
            "rating": 5,
            "text": "Red pill.",
            "movie": {"averageRating": 3.5},
        }
    }
    updated = gql(UPDATE_REVIEW, {"id": str(review.pk), "rating": 4}, token=access_token)["data"]
    assert updated == {"updateReview": {"rating": 4, "text": "Red pill.", "movie": {"averageRating": 3.0}}}
    deleted = gql(DELETE_REVIEW, {"id": str(review.pk)}, token=access_token)["data"]
    assert deleted == {"deleteReview": {"tmdbId": 603, "averageRating": 2.0}}


def test_second_review_is_a_validation_error(gql, user, access_token):
    _matrix()
    ReviewFactory(user=user, movie_id=603, rating=5)
    data = gql(CREATE_REVIEW, {"tmdbId": 603, "rating": 1}, token=access_token)["data"]
    assert data == {
        "createReview": {
            "messages": [
                {
                    "kind": "VALIDATION",
                    "field": None,
                    "message": "You have already reviewed this movie; edit that review instead.",
                }
            ]
        }
    }
    assert Movie.objects.get(tmdb_id=603).rating_sum == 5


@pytest.mark.parametrize("rating", [0, 0.5, 4.3, 5.5, 6])
def test_a_rating_off_the_half_stars_is_a_validation_error(gql, access_token, rating):
    _matrix()
    data = gql(CREATE_REVIEW, {"tmdbId": 603, "rating": rating}, token=access_token)["data"]
    assert data["createReview"]["messages"] == [
        {
            "kind": "VALIDATION",
            "field": "rating",
            "message": "A rating is from 1 to 5 in half stars (1, 1.5, 2, ..., 5).",
        }
    ]
    assert not Review.objects.exists()
    assert Movie.objects.get(tmdb_id=603).rating_count == 0


def test_a_non_numeric_rating_is_rejected_by_the_schema(gql, access_token):
    _matrix()
    result = gql(CREATE_REVIEW, {"tmdbId": 603, "rating": "five"}, token=access_token)
    assert result["data"] is None
    assert result["errors"][0]["message"] == (
        "Variable '$rating' has invalid value: Float cannot represent non numeric value: 'five'"
    )
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert not Review.objects.exists()


def test_half_stars_are_kept_and_averaged_exactly(gql, user, other_user, access_token):
    _matrix()
    ReviewFactory(user=other_user, movie_id=603, rating=Decimal("3.5"), text="")
    data = gql(CREATE_REVIEW, {"tmdbId": 603, "rating": 4.5}, token=access_token)["data"]["createReview"]
    assert (data["rating"], data["movie"]) == (4.5, {"averageRating": 4.0})
    review = Review.objects.get(user=user)
    assert review.rating == Decimal("4.5")
    updated = gql(UPDATE_REVIEW, {"id": str(review.pk), "rating": 5}, token=access_token)["data"]
    assert updated == {"updateReview": {"rating": 5.0, "text": "", "movie": {"averageRating": 4.25}}}
    assert Movie.objects.get(tmdb_id=603).rating_sum == Decimal("8.5")


REVIEW_LISTS = """query($include: Boolean! = false) {
  reviews(tmdbId: 603, includeRatings: $include) { totalCount results { text rating } }
  movie(tmdbId: 603) { reviews(includeRatings: $include) { text } }
}"""


def test_review_lists_leave_bare_ratings_out_unless_asked(gql, user, access_token):
    matrix = _matrix()
    ReviewFactory(movie=matrix, rating=5, text="Red pill.")
    ReviewFactory(movie=matrix, rating=Decimal("2.5"), text="")
    ReviewFactory(user=user, movie=matrix, rating=4, text="")
    reviews = gql(REVIEW_LISTS)["data"]
    assert reviews == {
        "reviews": {"totalCount": 1, "results": [{"text": "Red pill.", "rating": 5.0}]},
        "movie": {"reviews": [{"text": "Red pill."}]},
    }
    everything = gql(REVIEW_LISTS, {"include": True})["data"]
    assert everything["reviews"]["totalCount"] == 3
    assert sorted(r["rating"] for r in everything["reviews"]["results"]) == [2.5, 4.0, 5.0]
    assert len(everything["movie"]["reviews"]) == 3
    mine = "query($include: Boolean!) { me { reviews(includeRatings: $include) { totalCount } } }"
    assert gql(mine, {"include": False}, token=access_token)["data"] == {"me": {"reviews": {"totalCount": 0}}}
    assert gql(mine, {"include": True}, token=access_token)["data"] == {"me": {"reviews": {"totalCount": 1}}}


def test_movie_histograms_come_with_the_movies_own_query(gql, django_assert_num_queries):
    query = """query($limit: Int!) {
      movies(pagination: {limit: $limit}) { tmdbId ratingCount ratingHistogram { rating count } }
    }"""
    ReviewFactory(movie=MovieRefFactory(tmdb_id=1), rating=Decimal("4.5"), text="")
    with django_assert_num_queries(1) as one:
        first = gql(query, {"limit": 10})["data"]["movies"]
    assert first[0]["ratingHistogram"][7] == {"rating": 4.5, "count": 1}
    for tmdb_id in range(2, 8):
        ReviewFactory(movie=MovieRefFactory(tmdb_id=tmdb_id), rating=2, text="Meh.")
    with django_assert_num_queries(len(one.captured_queries)):  # other variables: not the cached answer
        many = gql(query, {"limit": 20})["data"]["movies"]
    assert sorted((m["tmdbId"], m["ratingCount"], m["ratingHistogram"][2]["count"]) for m in many) == [
        (1, 1, 0),
        *((tmdb_id, 1, 1) for tmdb_id in range(2, 8)),
    ]


def _nested_histograms(histogram: str) -> str:
    movie = "movie { tmdbId " + histogram + " }"
    return (
        "query($limit: Int) { me { "
        + " ".join(
            f"{field}(pagination: {{limit: $limit}}) {{ results {{ {movie} }} }}"
            for field in ("favorites", "watchlist", "history", "reviews")
        )
        + " } }"
    )


@pytest.mark.parametrize("count", [1, 6])
def test_histograms_of_movies_reached_through_my_lists_cost_no_query(
    gql, user, access_token, count, django_assert_num_queries
):
    for tmdb_id in range(1, count + 1):
        movie = MovieRefFactory(tmdb_id=tmdb_id)
        FavoriteFactory(user=user, movie=movie)
        WatchlistItemFactory(user=user, movie=movie)
        WatchHistoryFactory(user=user, movie=movie)
        ReviewFactory(user=user, movie=movie, rating=Decimal("3.5"))
    with django_assert_num_queries(4) as without:  # a page per list, its movies joined in
        gql(_nested_histograms(""), {"limit": 10}, token=access_token)

    with django_assert_num_queries(len(without.captured_queries)):
        me = gql(_nested_histograms("ratingHistogram { rating count }"), {"limit": 20}, token=access_token)
    for field in ("favorites", "watchlist", "history", "reviews"):
        results = me["data"]["me"][field]["results"]
        assert len(results) == count
        assert [b["count"] for b in results[0]["movie"]["ratingHistogram"]] == [0, 0, 0, 0, 0, 1, 0, 0, 0]


def test_histograms_of_movies_reached_through_public_reviews_cost_no_query(gql, django_assert_num_queries):
    query = """query($limit: Int!) {
      reviews(tmdbId: 603, pagination: {limit: $limit}) { results { movie { ratingHistogram { count } } } }
    }"""
    matrix = _matrix()
    ReviewFactory(movie=matrix, rating=5)
    with django_assert_num_queries(1) as one:  # the page, its movies joined in
        gql(query, {"limit": 3})
    for _ in range(4):
        ReviewFactory(movie=matrix, rating=5)
    with django_assert_num_queries(len(one.captured_queries)):
        results = gql(query, {"limit": 10})["data"]["reviews"]["results"]
    assert [r["movie"]["ratingHistogram"][8] for r in results] == [{"count": 5}] * 5


def test_the_rating_histogram_counts_each_half_star(gql):
    matrix = _matrix()
    for rating in ["5", "4.5", "4.5", "1", "3.5", "4.5", "1"]:
        ReviewFactory(movie=matrix, rating=Decimal(rating), text="")
    query = "{ movie(tmdbId: 603) { ratingCount averageRating ratingHistogram { rating count } } }"
    movie = gql(query)["data"]["movie"]
    assert gql('{ movies(filters: {titleContains: "Matrix"}) { ratingHistogram { count } } }')["data"] == {
        "movies": [{"ratingHistogram": [{"count": n} for n in (2, 0, 0, 0, 0, 1, 0, 3, 1)]}]
    }
    assert movie == {
        "ratingCount": 7,
        "averageRating": 3.43,  # 24 / 7
        "ratingHistogram": [
            {"rating": 1.0, "count": 2},
            {"rating": 1.5, "count": 0},
            {"rating": 2.0, "count": 0},
            {"rating": 2.5, "count": 0},
            {"rating": 3.0, "count": 0},
            {"rating": 3.5, "count": 1},
            {"rating": 4.0, "count": 0},
            {"rating": 4.5, "count": 3},
            {"rating": 5.0, "count": 1},
        ],
    }


def test_oversized_text_is_a_validation_error(gql, access_token):
    _matrix()
    data = gql(CREATE_REVIEW, {"tmdbId": 603, "rating": 3, "text": "x" * 5001}, token=access_token)["data"]
    assert data["createReview"]["messages"] == [
        {
            "kind": "VALIDATION",
            "field": "text",
            "message": "Ensure this value has at most 5000 characters (it has 5001).",
        }
    ]


def test_another_users_review_cannot_be_changed_or_deleted(gql, other_user, access_token):
    review = ReviewFactory(user=other_user, rating=4, text="Mine.")
    for query, variables in (
        (UPDATE_REVIEW, {"id": str(review.pk), "rating": 1, "text": "Hacked."}),
        (DELETE_REVIEW, {"id": str(review.pk)}),
    ):
        data = gql(query, variables, token=access_token)["data"]
        (payload,) = data.values()
        assert payload == {
            "messages": [{"kind": "ERROR", "field": None, "message": "Review matching query does not exist."}]
        }
    review.refresh_from_db()
    assert (review.rating, review.text) == (4, "Mine.")


def test_staff_can_delete_any_review(gql, user):
    review = ReviewFactory(user=user, rating=4)
    admin_token = token_pair_for(UserFactory(is_staff=True)).access
    assert (
        gql(DELETE_REVIEW, {"id": str(review.pk)}, token=admin_token)["data"]["deleteReview"]["averageRating"]
        is None
    )
    assert not Review.objects.exists()


def test_non_uuid_review_id_is_a_validation_error(gql, access_token):
    data = gql(DELETE_REVIEW, {"id": "42"}, token=access_token)["data"]
    assert data == {
        "deleteReview": {
            "messages": [{"kind": "VALIDATION", "field": None, "message": "“42” is not a valid UUID."}]
        }
    }


def test_review_mutations_need_sign_in(gql, user):
    _matrix()
    review = ReviewFactory(user=user, movie_id=603)
    created = gql(CREATE_REVIEW, {"tmdbId": 603, "rating": 3})["data"]
    assert created == {"createReview": _sign_in("createReview")}
    assert gql(UPDATE_REVIEW, {"id": str(review.pk), "rating": 1})["data"] == {
        "updateReview": _sign_in("updateReview")
    }
    assert gql(DELETE_REVIEW, {"id": str(review.pk)})["data"] == {"deleteReview": _sign_in("deleteReview")}
    assert Review.objects.get().rating == 4


def test_movie_reviews_query_is_public_paginated_and_flat_in_queries(gql, django_assert_num_queries):
    matrix = _matrix()
    query = """query($id: Int!) {
      reviews(tmdbId: $id, pagination: {limit: 3}) { totalCount results { username rating } }
    }"""
    ReviewFactory(movie=matrix)
    with django_assert_num_queries(2) as one:
        gql(query, {"id": 603})
    for _ in range(5):
        ReviewFactory(movie=matrix)
    with django_assert_num_queries(len(one.captured_queries)):
        data = gql(query, {"id": 603})["data"]["reviews"]
    assert (data["totalCount"], len(data["results"])) == (6, 3)
