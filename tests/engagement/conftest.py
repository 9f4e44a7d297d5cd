"""Engagement tests create unknown movies from request data: TMDb is never configured here."""

import pytest


@pytest.fixture(autouse=True)
def _no_tmdb(settings):
    settings.TMDB_API_KEY = ""
