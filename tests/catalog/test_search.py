"""Typo-tolerant title search, title matching and "did you mean" (run on SQLite and PostgreSQL)."""

import datetime

import pytest

from catalog import search
from catalog.models import Movie
from catalog.titles import normalize_title, split_year


def _movie(tmdb_id: int, title: str, year: int | None = None, rating_count: int = 0, **fields) -> Movie:
    released = datetime.date(year, 6, 1) if year else None
    return Movie.objects.create(
        tmdb_id=tmdb_id, title=title, release_date=released, rating_count=rating_count, **fields
    )


@pytest.fixture
def catalog(db):
    _movie(680, "Pulp Fiction", 1994, rating_count=307)
    _movie(274, "The Silence of the Lambs", 1991, rating_count=279)
    _movie(218, "The Terminator", 1984, rating_count=131)
    _movie(603, "The Matrix", 1999, rating_count=278)
    _movie(604, "The Matrix Reloaded", 2003, rating_count=90)
    _movie(194, "Amélie", 2001, rating_count=120, original_title="Le Fabuleux Destin d'Amélie Poulain")
    _movie(348, "Alien", 1979, rating_count=146)
    _movie(126889, "Alien: Covenant", 2017, rating_count=12)
    _movie(11, "Star Wars", 1977, rating_count=251)
    _movie(1891, "Star Wars: The Empire Strikes Back", 1980, rating_count=211)
    _movie(70981, "Star Wars: Behind the Magic", 1998, rating_count=1)
    _movie(335984, "Blade Runner 2049", 2017, rating_count=40)
    _movie(78, "Blade Runner", 1982, rating_count=124)
    _movie(8587, "Il Postino", 1994, alternative_titles=["The Postman"])


def _titles(ids: list[int]) -> list[str]:
    names = dict(Movie.objects.filter(tmdb_id__in=ids).values_list("tmdb_id", "title"))
    return [names[i] for i in ids]


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("The Matrix", "matrix"),
        ("Matrix, The", "matrix"),
        ("Matrix, The (1999)", "matrix 1999"),
        ("Amélie", "amelie"),
        ("Schindler's List", "schindlers list"),
        ("Star Wars: Episode IV - A New Hope", "star wars episode iv a new hope"),
        ("  THE   silence of the LAMBS ", "silence of the lambs"),
        ("The", "the"),
        ("🎬!!", ""),
    ],
)
def test_titles_normalize_case_accents_articles_and_punctuation(raw, normalized):
    assert normalize_title(raw) == normalized


def test_a_trailing_year_splits_off_only_after_other_words():
    assert split_year("alien 1979") == ("alien", 1979)
    assert split_year("1917") == ("1917", None)
    assert split_year("blade runner 9999") == ("blade runner 9999", None)


def test_search_fields_follow_the_titles_on_every_save(catalog):
    movie = Movie.objects.get(tmdb_id=194)
    assert (movie.search_title, movie.search_aliases) == ("amelie", "fabuleux destin damelie poulain")

    movie.title = "Amelie from Montmartre"
    movie.save()

    movie.refresh_from_db()
    assert movie.search_title == "amelie from montmartre"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Pulp Fictin", "Pulp Fiction"),  # dropped letter
        ("Pulp Fictoin", "Pulp Fiction"),  # swapped letters
        ("Pulp Fixtion", "Pulp Fiction"),  # wrong letter
        ("Pulp Fiiction", "Pulp Fiction"),  # extra letter
        ("The Slence of the Lambs", "The Silence of the Lambs"),
        ("Terminatr", "The Terminator"),
        ("Matrix, The", "The Matrix"),
        ("the matrix", "The Matrix"),
        ("AMELIE", "Amélie"),
        ("fabuleux destin d'amelie poulain", "Amélie"),  # original title
        ("The Postman", "Il Postino"),  # alternative title
        ("pulp fic", "Pulp Fiction"),  # prefix
    ],
)
def test_typos_articles_accents_and_other_titles_find_the_movie_first(catalog, query, expected):
    assert _titles(search.title_matches(query))[0] == expected


def test_exact_then_prefix_matches_lead_with_the_most_rated_first(catalog):
    assert _titles(search.title_matches("star wars")) == [
        "Star Wars",
        "Star Wars: The Empire Strikes Back",
        "Star Wars: Behind the Magic",
    ]
    assert _titles(search.title_matches("matrix"))[:2] == ["The Matrix", "The Matrix Reloaded"]


def test_a_year_in_the_query_is_honoured(catalog):
    assert _titles(search.title_matches("alien 1979"))[0] == "Alien"
    assert _titles(search.title_matches("alien 2017"))[0] == "Alien: Covenant"
    assert _titles(search.title_matches("blade runner 2049"))[0] == "Blade Runner 2049"


def test_nothing_close_finds_nothing_and_suggests_nothing(catalog):
    assert search.title_search("qwxzv") == search.TitleSearch([], None)


def test_did_you_mean_corrects_each_word_from_the_catalogs_title_words(catalog):
    assert search.title_search("pulpp fictoon").did_you_mean == "pulp fiction"
    assert search.title_search("Termnator 1984").did_you_mean == "terminator 1984"


@pytest.fixture
def families(db):
    _movie(603, "The Matrix", 1999, rating_count=278)
    _movie(604, "The Matrix Reloaded", 2003, rating_count=90)
    _movie(605, "The Matrix Revolutions", 2003, rating_count=80)
    _movie(1701, "Con Air", 1997, rating_count=120)
    _movie(2757, "Up in the Air", 2009, rating_count=60)
    _movie(10138, "Hair", 1979, rating_count=20)
    _movie(9504, "The Immature", 2011, rating_count=300)
    _movie(671, "Harry Potter and the Sorcerer's Stone", 2001, rating_count=107)
    _movie(672, "Harry Potter and the Chamber of Secrets", 2002, rating_count=102)
    _movie(673, "Harry Potter and the Prisoner of Azkaban", 2004, rating_count=93)
    _movie(862, "Toy Story", 1995, rating_count=215)
    _movie(863, "Toy Story 2", 1999, rating_count=97)
    _movie(10193, "Toy Story 3", 2010, rating_count=55)
    _movie(11, "Star Wars", 1977, rating_count=251)
    _movie(1542, "Office Space", 1999, rating_count=94)


MATRIX_FAMILY = ["The Matrix", "The Matrix Reloaded", "The Matrix Revolutions"]


def test_a_typo_in_a_word_finds_the_whole_family_first_and_suggests_the_word(families):
    found = search.title_search("matirx")

    assert _titles(found.tmdb_ids)[:3] == MATRIX_FAMILY
    assert found.did_you_mean == "matrix"
    assert search.title_search("matirx reloded").did_you_mean == "matrix reloaded"


def test_an_exact_word_puts_no_title_sharing_no_word_in_the_top_4_and_suggests_nothing(families):
    found = search.title_search("matrix")

    assert (_titles(found.tmdb_ids), found.did_you_mean) == (MATRIX_FAMILY, None)


HARRY_POTTER = [
    "Harry Potter and the Sorcerer's Stone",
    "Harry Potter and the Chamber of Secrets",
    "Harry Potter and the Prisoner of Azkaban",
]
TOY_STORY = ["Toy Story", "Toy Story 2", "Toy Story 3"]


@pytest.mark.parametrize(
    ("query", "family"),
    [
        ("harry poter", HARRY_POTTER),
        ("hary potter", HARRY_POTTER),  # "hary" (4 letters) matches nothing, "potter" finds them
        ("toy sto", TOY_STORY),  # the last word as a prefix
        ("toy storry", TOY_STORY),
        ("prisonr of azkabann", HARRY_POTTER[2:]),  # two words with a typo each
    ],
)
def test_word_typos_and_a_word_being_typed_find_the_family_first(families, query, family):
    assert _titles(search.title_matches(query))[: len(family)] == family


def test_more_words_matched_first_then_exact_before_typo_then_the_more_rated(families):
    assert _titles(search.title_matches("matrix reloaded"))[:2] == ["The Matrix Reloaded", "The Matrix"]
    assert _titles(search.title_matches("matrix revolutoins"))[0] == "The Matrix Revolutions"
    assert _titles(search.title_matches("con matrx"))[:2] == ["Con Air", "The Matrix"]


def test_a_word_being_typed_ranks_before_a_typo_of_a_shorter_word(families):
    _movie(9487, "Brave", 2012, rating_count=300)
    _movie(197, "Braveheart", 1995, rating_count=10)
    search.titles_changed()

    assert _titles(search.title_matches("braveh")) == ["Braveheart", "Brave"]


def test_short_words_must_match_exactly(families):
    assert _titles(search.title_matches("toi story"))[:3] == TOY_STORY
    assert search.title_search("toi").did_you_mean is None  # 3 letters: no typo forgiven


def test_only_the_first_words_of_a_long_query_count(families):
    many = "matrix " + " ".join(f"zz{n}" for n in range(99))

    found = search.title_search(many)

    assert search.MAX_QUERY_WORDS == 10
    assert found.tmdb_ids == search.title_search(" ".join(many.split()[: search.MAX_QUERY_WORDS])).tmdb_ids
    assert _titles(found.tmdb_ids)[:3] == MATRIX_FAMILY


def test_a_renamed_movie_is_found_by_its_new_title_after_the_catalog_changes(catalog):
    assert _titles(search.title_matches("pulp fiction"))[0] == "Pulp Fiction"
    Movie.objects.filter(tmdb_id=680).update(title="Zardoz", search_title="zardoz")
    search.titles_changed()

    assert _titles(search.title_matches("zardoz")) == ["Zardoz"]


def test_match_title_needs_the_exact_normalized_name_and_a_close_year(catalog):
    assert search.match_title("Matrix, The", 1999).tmdb_id == 603
    assert search.match_title("AMÉLIE", 2000).tmdb_id == 194  # one year off still matches
    assert search.match_title("The Postman").tmdb_id == 8587
    assert search.match_title("Alien", 1990) is None
    assert search.match_title("Pulp Fictin", 1994) is None
    assert search.match_title("") is None
