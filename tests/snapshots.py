"""Database snapshots, to show that a refused request changed nothing."""

from catalog.models import Genre, Keyword, Movie


def catalog_snapshot() -> list:
    """Everything an admin catalog route can change: movies, genres, tags and their links."""
    return [
        list(Movie.objects.order_by("tmdb_id").values()),
        list(Genre.objects.order_by("name").values()),
        list(Keyword.objects.order_by("slug").values()),
        sorted(Movie.genres.through.objects.values_list("movie_id", "genre_id")),
        sorted(Movie.keywords.through.objects.values_list("movie_id", "keyword_id")),
    ]
