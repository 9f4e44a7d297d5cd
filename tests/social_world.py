"""A user with something in every area, each marked SECRET, and people around them (social tests)."""

from engagement import diary
from engagement.models import FavoriteMovie, WatchlistItem
from social.models import Follow, PrivacySettings
from tests.factories import MovieRefFactory, ReviewFactory, UserFactory, list_with_movies

SECRET = "secret"  # every private thing below carries it, in any case


def fill_areas(owner, *, count: int = 1) -> None:
    """``count`` things of ``owner`` in each area: plays, reviews, favorites, watchlist, a public list."""
    for _ in range(count):
        movie = MovieRefFactory()
        diary.diary_log(user=owner, tmdb_id=movie.tmdb_id, review="SECRET play")
        ReviewFactory(user=owner, movie=movie, text="SECRET review")
        FavoriteMovie.objects.create(user=owner, movie=movie)
        WatchlistItem.objects.create(user=owner, movie=movie)
    list_with_movies(owner, 1, visibility="public", name="SECRET list")


def social_world(*, private: bool = True) -> dict:
    """The owner (every area followers-only, a private account when ``private``), an accepted
    follower, a pending requester and a stranger."""
    owner = UserFactory(username="owner", bio="Hello")
    fill_areas(owner)
    PrivacySettings.objects.create(
        user=owner,
        diary="followers",
        ratings="followers",
        lists="followers",
        favorites="followers",
        watchlist="followers",
        private_account=private,
    )
    friend = UserFactory(username="secretfriend")
    Follow.objects.create(follower=friend, followee=owner, status=Follow.Status.ACCEPTED)
    Follow.objects.create(follower=owner, followee=friend, status=Follow.Status.ACCEPTED)
    requester = UserFactory(username="requester")
    Follow.objects.create(follower=requester, followee=owner, status=Follow.Status.PENDING)
    return {
        "owner": owner,
        "friend": friend,
        "requester": requester,
        "stranger": UserFactory(username="stranger"),
    }
