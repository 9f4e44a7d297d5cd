"""Realistic TMDb v3 payloads and a mocked TMDb (``responses``) for catalog tests."""

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import responses

from catalog.tmdb import http as tmdb_http

TMDB = "https://api.themoviedb.org/3"
V3_KEY = "0123456789abcdef0123456789abcdef"
CONFIGURATION = {
    "change_keys": ["adult", "title"],
    "images": {
        "base_url": "http://image.tmdb.org/t/p/",
        "secure_base_url": "https://image.tmdb.org/t/p/",
        "backdrop_sizes": ["w300", "w780", "w1280", "original"],
        "poster_sizes": ["w92", "w154", "w185", "w342", "w500", "w780", "original"],
        "profile_sizes": ["w45", "w185", "h632", "original"],
    },
}
GENRES = {
    "genres": [
        {"id": 28, "name": "Action"},
        {"id": 12, "name": "Adventure"},
        {"id": 16, "name": "Animation"},
        {"id": 35, "name": "Comedy"},
        {"id": 80, "name": "Crime"},
        {"id": 18, "name": "Drama"},
        {"id": 10751, "name": "Family"},
        {"id": 878, "name": "Science Fiction"},
        {"id": 53, "name": "Thriller"},
    ]
}
NOT_FOUND = {
    "success": False,
    "status_code": 34,
    "status_message": "The resource you requested could not be found.",
}
INVALID_KEY = {
    "success": False,
    "status_code": 7,
    "status_message": "Invalid API key: You must be granted a valid key.",
}
RATE_LIMITED = {
    "success": False,
    "status_code": 25,
    "status_message": "Your request count (41) is over the limit.",
}


def movie_result(tmdb_id: int, title: str, **extra) -> dict:
    """A movie as TMDb lists it (popular, top_rated, trending, similar, search)."""
    return {
        "adult": False,
        "backdrop_path": f"/backdrop{tmdb_id}.jpg",
        "genre_ids": [28, 878],
        "id": tmdb_id,
        "original_language": "en",
        "original_title": title,
        "overview": f"Overview of {title}.",
        "popularity": 100.0 + tmdb_id % 50,
        "poster_path": f"/poster{tmdb_id}.jpg",
        "release_date": "1999-03-30",
        "title": title,
        "video": False,
        "vote_average": 8.2,
        "vote_count": 25000,
        **extra,
    }


def page(results: list[dict], number: int = 1, total_pages: int = 3, total_results: int = 60) -> dict:
    return {"page": number, "results": results, "total_pages": total_pages, "total_results": total_results}


def matrix_detail(**extra) -> dict:
    """/movie/603?append_to_response=credits,videos,alternative_titles as TMDb answers it (trimmed)."""
    return {
        **movie_result(603, "The Matrix"),
        "genres": [{"id": 28, "name": "Action"}, {"id": 878, "name": "Science Fiction"}],
        "imdb_id": "tt0133093",
        "runtime": 136,
        "status": "Released",
        "tagline": "Welcome to the Real World.",
        "alternative_titles": {
            "titles": [
                {"iso_3166_1": "BR", "title": "Matrix", "type": ""},
                {"iso_3166_1": "HU", "title": "Mátrix", "type": ""},
                {"iso_3166_1": "IT", "title": "Matrix", "type": ""},
                {"iso_3166_1": "US", "title": "The Matrix", "type": ""},
                {"iso_3166_1": "JP", "title": "マトリックス", "type": ""},
            ]
        },
        "credits": {
            "cast": [
                {
                    "id": 6384,
                    "name": "Keanu Reeves",
                    "character": "Neo",
                    "order": 0,
                    "profile_path": "/keanu.jpg",
                },
                {
                    "id": 2975,
                    "name": "Laurence Fishburne",
                    "character": "Morpheus",
                    "order": 1,
                    "profile_path": None,
                },
                {
                    "id": 530,
                    "name": "Carrie-Anne Moss",
                    "character": "Trinity",
                    "order": 2,
                    "profile_path": None,
                },
            ],
            "crew": [
                {"id": 9340, "name": "Lana Wachowski", "department": "Directing", "job": "Director"},
                {"id": 9339, "name": "Lilly Wachowski", "department": "Directing", "job": "Director"},
                {"id": 9339, "name": "Lilly Wachowski", "department": "Writing", "job": "Screenplay"},
                {"id": 1091, "name": "Joel Silver", "department": "Production", "job": "Producer"},
                {"id": 7777, "name": "Grip Person", "department": "Crew", "job": "Key Grip"},
            ],
        },
        "videos": {
            "results": [
                {
                    "key": "vKQi3bBA1y8",
                    "site": "YouTube",
                    "type": "Trailer",
                    "name": "Trailer 1",
                    "official": True,
                },
                {"key": "", "site": "YouTube", "type": "Teaser", "name": "Broken", "official": False},
            ]
        },
        **extra,
    }


NETFLIX = {"logo_path": "/pbpMk2JmcoNnQwx5JGpXngfoWtp.jpg", "provider_id": 8, "provider_name": "Netflix"}
MAX = {"logo_path": "/jbe4gVSfRlbPTdESXhEKpornsfu.jpg", "provider_id": 1899, "provider_name": "Max"}
APPLE_TV = {"logo_path": "/SPnB1qiCkYfirS2it3hZORwGVn.jpg", "provider_id": 2, "provider_name": "Apple TV"}
AMAZON = {"logo_path": "/seGSXajazLMCKGB5hnRCidtjay1.jpg", "provider_id": 10, "provider_name": "Amazon Video"}
PLUTO = {"logo_path": "/dB8G41Q6tSL5NBisrIeqByfepBc.jpg", "provider_id": 300, "provider_name": "Pluto TV"}


def offer(provider: dict, display_priority: int) -> dict:
    """One provider inside a region's flatrate/free/ads/rent/buy list."""
    return {**provider, "display_priority": display_priority}


def watch_providers(tmdb_id: int = 603, **regions: dict) -> dict:
    """A movie's "watch/providers" block: {id, results: {REGION: {link, flatrate: [...], ...}}}."""
    return {"id": tmdb_id, "results": regions}


def region_offers(code: str, tmdb_id: int = 603, **groups: list[dict]) -> dict:
    """One region's entry: TMDb's JustWatch-backed link plus offer lists by monetization."""
    return {"link": f"https://www.themoviedb.org/movie/{tmdb_id}-the-matrix/watch?locale={code}", **groups}


MATRIX_OFFERS = watch_providers(
    US=region_offers(
        "US", flatrate=[offer(MAX, 7)], rent=[offer(APPLE_TV, 4), offer(AMAZON, 12)], buy=[offer(APPLE_TV, 4)]
    ),
    DE=region_offers("DE", flatrate=[offer(NETFLIX, 0)], ads=[offer(PLUTO, 30)]),
)
PROVIDER_LIST = {
    "results": [
        {"display_priorities": {"US": 3, "DE": 0, "GB": 1}, "display_priority": 0, **NETFLIX},
        {"display_priorities": {"US": 7}, "display_priority": 6, **MAX},
        {"display_priorities": {"US": 4, "DE": 5}, "display_priority": 4, **APPLE_TV},
        {"display_priorities": {"US": 12, "DE": 8}, "display_priority": 12, **AMAZON},
        {"display_priorities": {"US": 30, "DE": 30}, "display_priority": 30, **PLUTO},
    ]
}
REGION_LIST = {
    "results": [
        {"iso_3166_1": "DE", "english_name": "Germany", "native_name": "Deutschland"},
        {"iso_3166_1": "GB", "english_name": "United Kingdom", "native_name": "United Kingdom"},
        {"iso_3166_1": "US", "english_name": "United States of America", "native_name": "United States"},
    ]
}


@dataclass
class MockTmdb:
    """The mocked API plus the retry waits it caused (recorded, never slept)."""

    mock: responses.RequestsMock
    sleeps: list[float] = field(default_factory=list)

    def get(self, path: str, **kwargs) -> responses.BaseResponse:
        return self.mock.get(f"{TMDB}{path}", **kwargs)

    def calls_to(self, path: str) -> int:
        return sum(1 for call in self.mock.calls if call.request.url.split("?")[0] == f"{TMDB}{path}")


@pytest.fixture
def tmdb(settings, monkeypatch) -> Iterator[MockTmdb]:
    """TMDb with a v3 key, mocked: /configuration and /genre/movie/list answer; register the rest."""
    settings.TMDB_API_KEY = V3_KEY
    settings.TMDB_BASE_URL = TMDB
    settings.TMDB_MAX_ATTEMPTS = 3
    tmdb_http.reset()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mocked = MockTmdb(mock)
        monkeypatch.setattr(tmdb_http, "_sleep", mocked.sleeps.append)
        mocked.get("/configuration", json=CONFIGURATION)
        mocked.get("/genre/movie/list", json=GENRES)
        yield mocked
    tmdb_http.reset()
