"""Search quality and speed on a MovieLens catalog: found-in-top-3 per kind of query, median latency.

    python manage.py migrate && python manage.py import_movielens DIR
    python bench/search_quality.py DIR [--movies 200] [--seed 13]

Builds its own queries from the MovieLens-layout directory DIR (links.csv and ratings.csv): the
``--movies`` most-rated movies with a TMDb id that the catalog holds, each asked five ways with a
fixed seed: the exact title, lower case without punctuation, one typo, the first 60% of the title
(at least 4 letters after a leading article) and two typos. A typo drops, swaps, replaces or doubles
one letter. A query counts as found when the movie is among the first 3 results of the search
selector (TMDb off). Two fixed sets follow: *family* queries, with a typo, name a franchise of the
demo catalog and pass when at least 3 of the first 5 results belong to it; *noise* queries are exact
words ("matrix") and count a violation for each of the first 3 results (a rank above fourth) that
shares no word with the query (catalog.search.words: exactly, within the edit limits, or the last
word as a prefix). Then times, through Django's test client (middleware, throttles with room to
spare, serializers), the REST search of each distinct typo query and the autocomplete of its first
12 characters, once each, so no answer comes from a cache (the in-process title index is built by
the quality pass before). Uses whatever DATABASE_URL / REDIS_URL the environment names: run it once
on each database.
"""

import argparse
import csv
import os
import random
import re
import statistics
import string
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from catalog import services  # noqa: E402
from catalog.fields import ALIAS_SEPARATOR  # noqa: E402
from catalog.models import Movie  # noqa: E402
from catalog.search.words import query_words, vocabulary_hits  # noqa: E402
from catalog.titles import normalize_title  # noqa: E402

KINDS = ("exact", "lower", "one typo", "prefix", "two typos")
GOALS = {"exact": 1.0, "one typo": 0.95, "prefix": 0.98, "two typos": 0.80, "family": 0.90}
# A typo'd query and a pattern of its franchise's titles (ml-latest-small holds 3 or more of each).
FAMILIES = [
    ("matirx", r"\bmatrix\b"),
    ("harry poter", r"^harry potter"),
    ("toy sotry", r"^toy story"),
    ("strar wars", r"^star wars"),
    ("lord of the rigns", r"lord of the rings"),
    ("indiana jnoes", r"indiana jones"),
    ("back to the futur", r"^back to the future"),
    ("godfahter", r"^the godfather"),
    ("shrekk", r"^shrek"),
    ("pirates of the carribean", r"^pirates of the caribbean"),
    ("termintor", r"\bterminator\b"),
    ("jurasic park", r"\bjurassic\b"),
    ("mision impossible", r"^mission: impossible"),
    ("bourne identiy", r"\bbourne\b"),
    ("hunger gmaes", r"^the hunger games"),
    ("men in blakc", r"^men in black"),
    ("transfromers", r"^transformers"),
    ("letal weapon", r"^lethal weapon"),
    ("rokcy", r"^rocky\b(?! horror)"),
    ("hobit", r"^the hobbit"),
]
NOISE = [
    "matrix",
    "alien",
    "toy story",
    "star wars",
    "godfather",
    "shrek",
    "rocky",
    "hobbit",
    "batman",
    "titanic",
]
NOISE_RANKS = 3  # a title sharing no word must not rank above fourth
ARTICLES = ("the ", "a ", "an ")


def most_rated(directory: Path, count: int) -> list[Movie]:
    with open(directory / "links.csv", encoding="utf-8") as handle:
        tmdb_of = {row["movieId"]: int(row["tmdbId"]) for row in csv.DictReader(handle) if row["tmdbId"]}
    with open(directory / "ratings.csv", encoding="utf-8") as handle:
        ratings = Counter(row["movieId"] for row in csv.DictReader(handle))
    ranked = [tmdb_of[m] for m, _ in ratings.most_common() if m in tmdb_of]
    found = Movie.objects.in_bulk(ranked[: count * 2], field_name="tmdb_id")
    return [found[t] for t in ranked[: count * 2] if t in found][:count]


def typo(title: str, rng: random.Random) -> str:
    letters = [i for i, c in enumerate(title) if c.isalpha()]
    i = rng.choice(letters)
    kind = rng.choice(("drop", "swap", "replace", "double"))
    if kind == "drop":
        return title[:i] + title[i + 1 :]
    if kind == "swap" and i + 1 < len(title) and title[i + 1].isalpha() and title[i + 1] != title[i]:
        return title[:i] + title[i + 1] + title[i] + title[i + 2 :]
    if kind == "double":
        return title[:i] + title[i] + title[i:]
    other = rng.choice([c for c in string.ascii_lowercase if c != title[i].lower()])
    return title[:i] + other + title[i + 1 :]


def prefix(title: str) -> str:
    skip = next((len(a) for a in ARTICLES if title.lower().startswith(a)), 0)
    return title[: max(round(len(title) * 0.6), skip + 4)]


def queries(movies: list[Movie], seed: int) -> dict[str, list[tuple[str, Movie]]]:
    rng = random.Random(seed)
    asked: dict[str, list[tuple[str, Movie]]] = {kind: [] for kind in KINDS}
    for movie in movies:
        title = movie.title
        asked["exact"].append((title, movie))
        asked["lower"].append((" ".join(re.sub(r"[^\w\s]", " ", title.lower()).split()), movie))
        asked["one typo"].append((typo(title, rng), movie))
        asked["prefix"].append((prefix(title), movie))
        asked["two typos"].append((typo(typo(title, rng), rng), movie))
    return asked


def found_in_top_3(q: str, movie: Movie) -> bool:
    top = list(services.movie_search_fetch(q=q).movies.values_list("tmdb_id", flat=True)[:3])
    return movie.tmdb_id in top


def top(q: str, count: int) -> list[Movie]:
    return list(services.movie_search_fetch(q=q).movies[:count])


def family_found(q: str, pattern: str) -> bool:
    return sum(bool(re.search(pattern, m.title, re.IGNORECASE)) for m in top(q, 5)) >= 3


def shares_a_word(q: str, movie: Movie) -> bool:
    words = query_words(normalize_title(q))
    names = [movie.search_title, *movie.search_aliases.split(ALIAS_SEPARATOR)]
    vocabulary = sorted({word for name in names for word in name.split()})
    return any(vocabulary_hits(w, vocabulary, last=i == len(words) - 1) for i, w in enumerate(words))


def median_ms(client: Client, path: str, params: list[dict]) -> float:
    samples = []
    for param in params:
        started = time.perf_counter()
        response = client.get(path, param, secure=True, HTTP_HOST="localhost")
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("directory", type=Path)
    parser.add_argument("--movies", type=int, default=200)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    settings.TMDB_API_KEY = ""
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    rates.update(dict.fromkeys(rates, "100000/min"))
    movies = most_rated(args.directory, args.movies)
    asked = queries(movies, args.seed)
    print(f"{connection.vendor}: {Movie.objects.count()} movies, {len(movies)} asked {len(KINDS)} ways")
    for kind in KINDS:
        missed = [q for q, movie in asked[kind] if not found_in_top_3(q, movie)]
        share = 1 - len(missed) / len(asked[kind])
        goal = f" (goal {GOALS[kind]:.0%})" if kind in GOALS else ""
        print(f"  {kind:10} found in top 3: {share:6.1%}{goal}  missed e.g. {missed[:3]}", flush=True)
    missed = [q for q, pattern in FAMILIES if not family_found(q, pattern)]
    share = 1 - len(missed) / len(FAMILIES)
    print(f"  family     3 of 5 found: {share:6.1%} (goal {GOALS['family']:.0%})  missed {missed}")
    noise = [(q, m.title) for q in NOISE for m in top(q, NOISE_RANKS) if not shares_a_word(q, m)]
    print(f"  noise      violations: {len(noise)} of {len(NOISE)} queries (goal 0)  {noise[:5]}", flush=True)
    client = Client()
    typos = list(dict.fromkeys(q for kind in ("one typo", "two typos") for q, _ in asked[kind]))
    search_ms = median_ms(client, "/api/movies/search/", [{"q": q} for q in typos])
    completions = list(dict.fromkeys(q[:12] for q in typos))
    complete_ms = median_ms(client, "/api/movies/autocomplete/", [{"q": q} for q in completions])
    print(f"  median search {search_ms:.1f} ms ({len(typos)} queries)")
    print(f"  median autocomplete {complete_ms:.1f} ms ({len(completions)} queries)")


if __name__ == "__main__":
    main()
