"""factory_boy factories for the domain models."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from catalog.models import Genre, Keyword, Movie, MovieCast, MovieCrew, Person
from catalog.ratings import rating_moves

PASSWORD = "Str0ng-passphrase!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    username = factory.Sequence(lambda n: f"user{n}")
    # Hashed up front (with the hasher the tests configure): a user created with a password has
    # not changed it, so its tokens start at version 0.
    password = factory.LazyFunction(lambda: make_password(PASSWORD))


def movie_with_credits(*, tmdb_id: int, title: str = "") -> Movie:
    """A movie with two genres, one cast member and a director (for nested-field query counts)."""
    movie = Movie.objects.create(tmdb_id=tmdb_id, title=title or f"Movie {tmdb_id}", popularity_score=tmdb_id)
    for name in ("Drama", "Crime"):
        genre, _ = Genre.objects.get_or_create(name=name, slug=name.lower())
        movie.genres.add(genre)
    actor = Person.objects.create(name=f"Actor {tmdb_id}")
    director = Person.objects.create(name=f"Director {tmdb_id}")
    MovieCast.objects.create(movie=movie, person=actor, character_name="Lead", order=0)
    MovieCrew.objects.create(movie=movie, person=director, department="Directing", role="Director")
    return movie


class MovieRefFactory(factory.django.DjangoModelFactory):
    """A bare catalog movie for engagement tests (TMDb ids from 900000 up)."""

    class Meta:
        model = Movie
        django_get_or_create = ("tmdb_id",)

    tmdb_id = factory.Sequence(lambda n: 900_000 + n)
    title = factory.LazyAttribute(lambda o: f"Movie {o.tmdb_id}")


class FavoriteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "engagement.FavoriteMovie"

    user = factory.SubFactory(UserFactory)
    movie = factory.SubFactory(MovieRefFactory)


class WatchlistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "engagement.WatchlistItem"

    user = factory.SubFactory(UserFactory)
    movie = factory.SubFactory(MovieRefFactory)


class WatchHistoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "engagement.WatchHistory"

    user = factory.SubFactory(UserFactory)
    viewer_key = factory.LazyAttribute(lambda o: f"user:{o.user.pk}")
    movie = factory.SubFactory(MovieRefFactory)


class ReviewFactory(factory.django.DjangoModelFactory):
    """A review, counted in its movie's rating aggregates as the services would."""

    class Meta:
        model = "engagement.Review"
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    movie = factory.SubFactory(MovieRefFactory)
    rating = 4
    text = "Worth a watch."

    @factory.post_generation
    def _aggregates(obj, create, extracted, **kwargs):
        if create:
            Movie.objects.filter(tmdb_id=obj.movie_id).update(**rating_moves(added=obj.rating))


# --- Recommendations ----------------------------------------------------------

TASTE_MOVIES = {
    # tmdb_id: (title, genres, keywords, popularity_score)
    862: ("Toy Story", ["Animation", "Comedy"], ["toys"], 90.0),
    863: ("Toy Story 2", ["Animation", "Comedy"], ["toys"], 60.0),
    12: ("Finding Nemo", ["Animation"], ["ocean"], 70.0),
    949: ("Heat", ["Action", "Crime"], ["heist"], 50.0),
    23168: ("The Town", ["Crime"], ["heist"], 30.0),
    680: ("Pulp Fiction", ["Crime", "Thriller"], [], 80.0),
    13: ("Forrest Gump", ["Comedy", "Drama"], [], 40.0),
}


def taste_catalog() -> dict[int, Movie]:
    """Seven real movies with genres and keywords (TMDb ids as on TMDb)."""
    movies = {}
    for tmdb_id, (title, genres, keywords, popularity) in TASTE_MOVIES.items():
        movie = Movie.objects.create(tmdb_id=tmdb_id, title=title, popularity_score=popularity)
        for name in genres:
            genre, _ = Genre.objects.get_or_create(name=name, slug=name.lower())
            movie.genres.add(genre)
        for name in keywords:
            keyword, _ = Keyword.objects.get_or_create(name=name, slug=name)
            movie.keywords.add(keyword)
        movies[tmdb_id] = movie
    return movies


def taste_fans(movies: dict[int, Movie]) -> list:
    """Two taste groups: four animation fans (both Toy Storys, 5/5) and three crime fans
    (Heat, The Town, Pulp Fiction); everyone rated Forrest Gump 3/5, so it is the most popular."""
    fans = []
    for liked in [[862, 863]] * 4 + [[949, 23168, 680]] * 3:
        fan = UserFactory()
        for tmdb_id in liked:
            ReviewFactory(user=fan, movie=movies[tmdb_id], rating=5)
        ReviewFactory(user=fan, movie=movies[13], rating=3)
        fans.append(fan)
    return fans


class MovieListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "engagement.MovieList"

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"List {n}")


def list_with_movies(owner, count: int, *, visibility: str = "private", name: str = "Picks"):
    """A list of ``owner``'s holding ``count`` fresh movies at positions 0..count-1."""
    from engagement.models import MovieList, MovieListEntry

    movie_list = MovieList.objects.create(owner=owner, name=name, visibility=visibility, entry_count=count)
    movies = [MovieRefFactory() for _ in range(count)]
    MovieListEntry.objects.bulk_create(
        MovieListEntry(list=movie_list, movie=movie, position=i, added_by=owner)
        for i, movie in enumerate(movies)
    )
    return movie_list


class NotificationFactory(factory.django.DjangoModelFactory):
    """A released-movie notification, made a minute after the previous one."""

    class Meta:
        model = "notifications.Notification"

    recipient = factory.SubFactory(UserFactory)
    movie = factory.SubFactory(MovieRefFactory)
    kind = "released"
    dedupe_key = factory.LazyAttribute(lambda n: f"released:{n.movie.tmdb_id}")
    payload = factory.LazyFunction(lambda: {"release_date": "2026-03-01"})
    created_at = factory.Sequence(
        lambda n: datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC) + datetime.timedelta(minutes=n)
    )
