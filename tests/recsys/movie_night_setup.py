"""A movie night on the taste catalog: the signed-in user (Toy Story) and a crime fan in one night."""

from recsys import movie_night
from tests.factories import ReviewFactory, UserFactory


def crime_fan(movies):
    """A user who loved Heat."""
    fan = UserFactory(username="crimefan")
    ReviewFactory(user=fan, movie=movies[949], rating=5)
    return fan


def night_of(creator, *joiners):
    """A live movie night of ``creator`` that every one of ``joiners`` joined."""
    night = movie_night.movie_night_create(user=creator)
    for joiner in joiners:
        movie_night.movie_night_join(user=joiner, code=night.code)
    return night
