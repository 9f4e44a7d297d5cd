"""A small real catalog for discover's tests: ten well-known films with TMDb's facts and offers."""

import datetime

from catalog.models import (
    Genre,
    Keyword,
    Movie,
    MovieCast,
    MovieCrew,
    MovieOffer,
    Person,
    WatchProvider,
    WatchRegion,
)

GENRES = {
    "action": (28, "Action"),
    "animation": (16, "Animation"),
    "comedy": (35, "Comedy"),
    "crime": (80, "Crime"),
    "drama": (18, "Drama"),
    "family": (10751, "Family"),
    "fantasy": (14, "Fantasy"),
    "science-fiction": (878, "Science Fiction"),
    "thriller": (53, "Thriller"),
}
PEOPLE = {6384: "Keanu Reeves", 6193: "Leonardo DiCaprio", 525: "Christopher Nolan", 9339: "Lana Wachowski"}
# tmdb_id: title, release date (None: only the year is known), year, runtime, language, vote average,
# vote count, popularity, genres, keywords, cast, directors
FILMS = {
    603: ("The Matrix", datetime.date(1999, 3, 30), 1999, 136, "en", 8.2, 25_800, 80.1,
          ["action", "science-fiction"], ["cyberpunk", "artificial-intelligence"], [6384], [9339]),
    27205: ("Inception", datetime.date(2010, 7, 15), 2010, 148, "en", 8.4, 36_100, 90.3,
            ["action", "science-fiction", "thriller"], ["dream"], [6193], [525]),
    862: ("Toy Story", datetime.date(1995, 10, 30), 1995, 81, "en", 8.0, 18_200, 70.4,
          ["animation", "comedy", "family"], ["toy"], [], []),
    496243: ("Parasite", datetime.date(2019, 5, 30), 2019, 133, "ko", 8.5, 17_900, 60.2,
             ["comedy", "thriller", "drama"], [], [], []),
    129: ("Spirited Away", datetime.date(2001, 7, 20), 2001, 125, "ja", 8.5, 16_300, 65.5,
          ["animation", "fantasy", "family"], [], [], []),
    155: ("The Dark Knight", datetime.date(2008, 7, 16), 2008, 152, "en", 8.5, 32_400, 85.6,
          ["action", "crime", "drama"], [], [], [525]),
    157336: ("Interstellar", datetime.date(2014, 11, 5), 2014, 169, "en", 8.4, 35_300, 88.7,
             ["science-fiction", "drama"], ["artificial-intelligence"], [], [525]),
    11: ("Star Wars", datetime.date(1977, 5, 25), 1977, 121, "en", 8.2, 20_500, 75.8,
         ["science-fiction", "action"], [], [], []),
    19995: ("Avatar", None, 2009, 162, "en", 7.6, 31_700, 95.9, ["action", "science-fiction"], [], [], []),
    372058: ("Your Name.", datetime.date(2016, 8, 26), 2016, 106, "ja", 8.5, 11_400, 55.1,
             ["animation", "drama"], [], [], []),
}  # fmt: skip
# Our users' ratings: tmdb_id -> (sum of half-star ratings, how many).
OUR_RATINGS = {603: (18, 4), 27205: (7, 2), 862: (6, 2), 496243: (10, 2)}  # 4.5, 3.5, 3.0, 5.0


def discover_catalog() -> dict[int, Movie]:
    """The films above with their genres, keywords, cast, directors and our ratings."""
    genres = {
        slug: Genre.objects.create(tmdb_id=tmdb_id, name=name, slug=slug)
        for slug, (tmdb_id, name) in GENRES.items()
    }
    people = {tmdb_id: Person.objects.create(tmdb_id=tmdb_id, name=name) for tmdb_id, name in PEOPLE.items()}
    movies = {}
    for tmdb_id, film in FILMS.items():
        title, released, year, runtime, language, average, votes, popularity, slugs, tags, cast, crew = film
        rating_sum, rating_count = OUR_RATINGS.get(tmdb_id, (0, 0))
        movie = Movie.objects.create(
            tmdb_id=tmdb_id,
            title=title,
            release_date=released,
            year=year,
            runtime=runtime,
            language=language,
            vote_average=average,
            vote_count=votes,
            popularity_score=popularity,
            rating_sum=rating_sum,
            rating_count=rating_count,
        )
        movie.genres.set([genres[slug] for slug in slugs])
        for tag in tags:
            keyword, _ = Keyword.objects.get_or_create(slug=tag, defaults={"name": tag.replace("-", " ")})
            movie.keywords.add(keyword)
        for order, person in enumerate(cast):
            MovieCast.objects.create(movie=movie, person=people[person], character_name="Lead", order=order)
        for person in crew:
            MovieCrew.objects.create(
                movie=movie, person=people[person], department="Directing", role="Director"
            )
        movies[tmdb_id] = movie
    return movies


# Where to watch (TMDb's provider ids): tmdb_id -> [(region, provider_id, monetization)].
PROVIDERS = {8: "Netflix", 9: "Amazon Prime Video", 2: "Apple TV", 337: "Disney Plus", 73: "Tubi TV"}
REGIONS = {"US": "United States of America", "GB": "United Kingdom", "DE": "Germany", "JP": "Japan"}
OFFERS = {
    603: [("US", 8, "flatrate"), ("US", 2, "rent"), ("GB", 9, "flatrate")],
    27205: [("US", 8, "flatrate"), ("US", 2, "buy")],
    862: [("US", 337, "flatrate"), ("GB", 337, "flatrate")],
    129: [("GB", 8, "flatrate")],
    155: [("US", 73, "ads"), ("DE", 2, "rent")],
    157336: [("US", 2, "rent"), ("US", 9, "flatrate")],
}


def discover_offers() -> None:
    """The providers, regions and offers above, stored as the offers refresh stores TMDb's."""
    for code, name in REGIONS.items():
        WatchRegion.objects.create(code=code, english_name=name)
    for provider_id, name in PROVIDERS.items():
        WatchProvider.objects.create(provider_id=provider_id, name=name, logo_path=f"/{provider_id}.jpg")
    MovieOffer.objects.bulk_create(
        MovieOffer(movie_id=tmdb_id, region=region, provider_id=provider, monetization=kind)
        for tmdb_id, offers in OFFERS.items()
        for region, provider, kind in offers
    )
