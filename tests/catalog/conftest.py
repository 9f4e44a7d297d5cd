from tests.catalog.tmdb_mock import tmdb  # noqa: F401
