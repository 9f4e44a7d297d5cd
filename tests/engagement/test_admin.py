"""Django admin: moderators see interactions; deleting a review keeps the movie's aggregates right."""

import pytest

from catalog.models import Movie
from engagement.models import Review
from tests.factories import FavoriteFactory, ReviewFactory, WatchHistoryFactory, WatchlistItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["favoritemovie", "watchlistitem", "watchhistory", "review"])
def test_changelists_render(client, admin_user, model):
    FavoriteFactory()
    WatchlistItemFactory()
    WatchHistoryFactory()
    ReviewFactory()
    client.force_login(admin_user)
    assert client.get(f"/admin/engagement/{model}/").status_code == 200


def test_admin_delete_takes_the_rating_out(client, admin_user):
    review = ReviewFactory(rating=5)
    ReviewFactory(movie=review.movie, rating=1)
    client.force_login(admin_user)

    response = client.post(f"/admin/engagement/review/{review.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    movie = Movie.objects.get(tmdb_id=review.movie_id)
    assert (movie.rating_sum, movie.rating_count) == (1, 1)


def test_admin_bulk_delete_takes_every_rating_out(client, admin_user):
    first = ReviewFactory(rating=5)
    ReviewFactory(movie=first.movie, rating=3)
    client.force_login(admin_user)

    response = client.post(
        "/admin/engagement/review/",
        {
            "action": "delete_selected",
            "_selected_action": [str(r.pk) for r in Review.objects.all()],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert not Review.objects.exists()
    movie = Movie.objects.get(tmdb_id=first.movie_id)
    assert (movie.rating_sum, movie.rating_count) == (0, 0)
