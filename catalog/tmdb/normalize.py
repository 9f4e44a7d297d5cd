"""TMDb payloads to our shapes: typed, validated, defaulted. Junk never crashes a caller.

A field of the wrong type falls back to its empty value; a movie without a positive
integer ``id`` or a title is dropped from lists and is a TmdbBadResponse as a detail.
"""

import datetime
import re
from typing import Any, NotRequired, TypedDict

from catalog.tmdb.errors import TmdbBadResponse

MONETIZATIONS = ("flatrate", "free", "ads", "rent", "buy")  # TMDb's keys of a region's offers
REGION_CODE = re.compile(r"[A-Z]{2}")
MAX_PAGES = 500  # TMDb serves pages 1..500 of any list.
MAX_CAST = 20
MAX_VIDEOS = 10
MAX_ALTERNATIVE_TITLES = 30
# Crew jobs worth keeping: what people search for and what content-based recommendations use.
CREW_JOBS = {"Director", "Screenplay", "Writer", "Novel", "Producer", "Original Music Composer"}
POSTER_SIZE, BACKDROP_SIZE, PROFILE_SIZE = "w500", "w1280", "w185"


class MovieSummary(TypedDict):
    tmdb_id: int
    title: str
    original_title: str
    overview: str
    release_date: datetime.date | None
    poster_url: str
    backdrop_url: str
    popularity: float
    vote_average: float
    vote_count: int
    language: str
    genre_ids: list[int]


class GenreData(TypedDict):
    tmdb_id: int
    name: str


class CastData(TypedDict):
    tmdb_id: int
    name: str
    character: str
    order: int
    photo_url: str


class CrewData(TypedDict):
    tmdb_id: int
    name: str
    department: str
    job: str


class VideoData(TypedDict):
    key: str
    site: str
    type: str
    name: str
    official: bool


class ProviderData(TypedDict):
    provider_id: int
    name: str
    logo_path: str
    display_priority: int
    display_priorities: dict[str, int]  # per region; only the provider list carries them


class OfferData(TypedDict):
    provider: ProviderData
    monetization: str
    display_priority: int


class RegionOffersData(TypedDict):
    link: str
    offers: list[OfferData]


class RegionData(TypedDict):
    code: str
    english_name: str
    native_name: str


class MovieDetail(MovieSummary):
    runtime: int | None
    tagline: str
    imdb_id: str
    alternative_titles: list[str]
    genres: list[GenreData]
    cast: list[CastData]
    crew: list[CrewData]
    videos: list[VideoData]
    # Region code -> offers; absent when the payload had no "watch/providers" (an older cached detail).
    watch_providers: NotRequired[dict[str, RegionOffersData]]


class MoviePageData(TypedDict):
    page: int
    total_pages: int
    total_results: int
    results: list[MovieSummary]


def _str(value: Any, limit: int = 500) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _int(value: Any, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:  # NaN
        return 0.0
    return max(0.0, float(value))


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict]:
    return [item for item in _list(value) if isinstance(item, dict)]


def image_url(base: str, size: str, path: Any) -> str:
    """Full image URL from the configured base, a size and a TMDb file path ("" without a path)."""
    path = _str(path)
    return f"{base.rstrip('/')}/{size}{path}" if path.startswith("/") else ""


def movie_summary(raw: Any, image_base: str) -> MovieSummary | None:
    """A list result as a MovieSummary, or None when it is not a usable movie."""
    if not isinstance(raw, dict):
        return None
    tmdb_id = _int(raw.get("id"))
    title = _str(raw.get("title")) or _str(raw.get("original_title"))
    if tmdb_id <= 0 or not title:
        return None
    genre_ids = [g for g in _list(raw.get("genre_ids")) if _int(g) > 0]
    if not genre_ids:
        genre_ids = [_int(g.get("id")) for g in _dicts(raw.get("genres")) if _int(g.get("id")) > 0]
    return MovieSummary(
        tmdb_id=tmdb_id,
        title=title,
        original_title=_str(raw.get("original_title")),
        overview=_str(raw.get("overview"), 10_000),
        release_date=_date(raw.get("release_date")),
        poster_url=image_url(image_base, POSTER_SIZE, raw.get("poster_path")),
        backdrop_url=image_url(image_base, BACKDROP_SIZE, raw.get("backdrop_path")),
        popularity=_float(raw.get("popularity")),
        vote_average=min(10.0, _float(raw.get("vote_average"))),
        vote_count=_int(raw.get("vote_count")),
        language=_str(raw.get("original_language"), 16),
        genre_ids=genre_ids,
    )


def movie_page(raw: dict[str, Any], image_base: str, *, movies_only: bool = False) -> MoviePageData:
    """A TMDb list page; with movies_only, search/multi's tv and person results are dropped."""
    if not isinstance(raw.get("results"), list):
        raise TmdbBadResponse("TMDb list without a results array")
    results = [
        movie
        for item in raw["results"]
        if not (movies_only and isinstance(item, dict) and item.get("media_type") != "movie")
        and (movie := movie_summary(item, image_base)) is not None
    ]
    return MoviePageData(
        page=max(1, _int(raw.get("page"), 1)),
        total_pages=min(MAX_PAGES, _int(raw.get("total_pages"))),
        total_results=_int(raw.get("total_results")),
        results=results,
    )


def _cast(raw: Any, image_base: str) -> list[CastData]:
    seen: set[tuple[int, str]] = set()
    cast = []
    for item in sorted(_dicts(raw), key=lambda c: _int(c.get("order"), 9999)):
        person_id, name = _int(item.get("id")), _str(item.get("name"), 255)
        character = _str(item.get("character"))
        if person_id <= 0 or not name or (person_id, character) in seen:
            continue
        seen.add((person_id, character))
        cast.append(
            CastData(
                tmdb_id=person_id,
                name=name,
                character=character,
                order=_int(item.get("order"), len(cast)),
                photo_url=image_url(image_base, PROFILE_SIZE, item.get("profile_path")),
            )
        )
    return cast[:MAX_CAST]


def _crew(raw: Any) -> list[CrewData]:
    seen: set[tuple[int, str]] = set()
    crew = []
    for item in _dicts(raw):
        person_id, name, job = _int(item.get("id")), _str(item.get("name"), 255), _str(item.get("job"), 200)
        if person_id <= 0 or not name or job not in CREW_JOBS or (person_id, job) in seen:
            continue
        seen.add((person_id, job))
        department = _str(item.get("department"), 100)
        crew.append(CrewData(tmdb_id=person_id, name=name, department=department, job=job))
    return crew


def videos(raw: Any) -> list[VideoData]:
    """Videos with a key and a site, official ones first."""
    items = [
        VideoData(
            key=_str(v.get("key"), 100),
            site=_str(v.get("site"), 50),
            type=_str(v.get("type"), 50),
            name=_str(v.get("name"), 300),
            official=v.get("official") is True,
        )
        for v in _dicts(raw)
        if _str(v.get("key")) and _str(v.get("site"))
    ]
    return sorted(items, key=lambda v: not v["official"])[:MAX_VIDEOS]


def credits(raw: Any, image_base: str) -> tuple[list[CastData], list[CrewData]]:
    """(cast, crew) of a /credits body or an appended ``credits`` object."""
    raw = raw if isinstance(raw, dict) else {}
    return _cast(raw.get("cast"), image_base), _crew(raw.get("crew"))


def alternative_titles(raw: Any, title: str) -> list[str]:
    """The distinct titles of an appended ``alternative_titles`` object ({titles: [{title, ...}]}),
    the main title left out, at most MAX_ALTERNATIVE_TITLES."""
    raw = raw if isinstance(raw, dict) else {}
    names = dict.fromkeys(_str(t.get("title"), 500) for t in _dicts(raw.get("titles")))
    return [name for name in names if name and name != title][:MAX_ALTERNATIVE_TITLES]


def movie_detail(raw: dict[str, Any], image_base: str) -> MovieDetail:
    """/movie/{id}?append_to_response=credits,videos,alternative_titles as a MovieDetail."""
    summary = movie_summary(raw, image_base)
    if summary is None:
        raise TmdbBadResponse("TMDb movie detail without an id or a title")
    cast, crew = credits(raw.get("credits"), image_base)
    raw_videos = raw.get("videos") if isinstance(raw.get("videos"), dict) else {}
    runtime = _int(raw.get("runtime"))
    detail = MovieDetail(
        **summary,
        runtime=runtime or None,
        tagline=_str(raw.get("tagline")),
        imdb_id=_str(raw.get("imdb_id"), 16),
        alternative_titles=alternative_titles(raw.get("alternative_titles"), summary["title"]),
        genres=genres(raw.get("genres")),
        cast=cast,
        crew=crew,
        videos=videos(raw_videos.get("results")),
    )
    if isinstance(raw.get("watch/providers"), dict):
        detail["watch_providers"] = watch_providers(raw["watch/providers"])
    return detail


def genres(raw: Any) -> list[GenreData]:
    """[{id, name}] as GenreData (entries without both are dropped)."""
    return [
        GenreData(tmdb_id=_int(g.get("id")), name=_str(g.get("name"), 100))
        for g in _dicts(raw)
        if _int(g.get("id")) > 0 and _str(g.get("name"), 100)
    ]


def image_base_url(raw: dict[str, Any], fallback: str) -> str:
    """images.secure_base_url of /configuration (the fallback when absent or not https)."""
    images = raw.get("images") if isinstance(raw.get("images"), dict) else {}
    base = _str(images.get("secure_base_url"))
    return base if base.startswith("https://") else fallback


def provider(raw: Any) -> ProviderData | None:
    """A provider ({provider_id, provider_name, logo_path, display_priority}), or None without id and name."""
    if not isinstance(raw, dict):
        return None
    provider_id, name = _int(raw.get("provider_id")), _str(raw.get("provider_name"), 200)
    if provider_id <= 0 or not name:
        return None
    return ProviderData(
        provider_id=provider_id,
        name=name,
        logo_path=_str(raw.get("logo_path"), 200),
        display_priority=_int(raw.get("display_priority")),
        display_priorities={
            code: _int(rank)
            for code, rank in (raw.get("display_priorities") or {}).items()
            if isinstance(code, str) and REGION_CODE.fullmatch(code)
        }
        if isinstance(raw.get("display_priorities"), dict)
        else {},
    )


def watch_providers(raw: dict[str, Any]) -> dict[str, RegionOffersData]:
    """A movie's "watch/providers" ({id, results: {US: {link, flatrate: [...], ...}}}) by region code.

    Unknown keys, malformed regions and providers are dropped; a region without a link or
    offers is kept (TMDb listing it says nothing is offered there, which is still a fact).
    """
    results = raw.get("results") if isinstance(raw.get("results"), dict) else {}
    regions: dict[str, RegionOffersData] = {}
    for code, entry in results.items():
        if not isinstance(code, str) or not REGION_CODE.fullmatch(code) or not isinstance(entry, dict):
            continue
        offers = []
        for monetization in MONETIZATIONS:
            for item in _dicts(entry.get(monetization)):
                found = provider(item)
                if found is not None:
                    rank = found["display_priority"]
                    offers.append(OfferData(provider=found, monetization=monetization, display_priority=rank))
        link = _str(entry.get("link"))
        regions[code] = RegionOffersData(link=link if link.startswith("https://") else "", offers=offers)
    return regions


def providers(raw: dict[str, Any]) -> list[ProviderData]:
    """/watch/providers/movie ({results: [...]}) as ProviderData, malformed entries dropped."""
    found = (provider(item) for item in _dicts(raw.get("results")))
    return [item for item in found if item is not None]


def regions(raw: dict[str, Any]) -> list[RegionData]:
    """/watch/providers/regions ({results: [{iso_3166_1, english_name, native_name}]}) as RegionData."""
    return [
        RegionData(
            code=r["iso_3166_1"],
            english_name=_str(r.get("english_name"), 200) or r["iso_3166_1"],
            native_name=_str(r.get("native_name"), 200),
        )
        for r in _dicts(raw.get("results"))
        if isinstance(r.get("iso_3166_1"), str) and REGION_CODE.fullmatch(r["iso_3166_1"])
    ]
