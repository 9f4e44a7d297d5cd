"""Editors writing one list at once on PostgreSQL: every write lands, positions stay unique and dense."""

import random
import threading
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connection

from engagement import lists
from engagement.models import MovieList, MovieListEntry
from tests.factories import MovieRefFactory, UserFactory, list_with_movies

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite serializes writers; needs PostgreSQL"),
]

WRITERS = 20


def _race(calls: list[Callable[[], object]]) -> list[BaseException]:
    """Run the calls in threads released together, each on its own connection; return their errors."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call):
        try:
            barrier.wait()
            call()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_twenty_editors_moving_and_adding_at_once_end_with_one_consistent_order():
    owner, editor = UserFactory(), UserFactory()
    movie_list = list_with_movies(owner, 30, visibility="public")
    lists.list_collaborator_invite(user=owner, movie_list=movie_list, username=editor.username)
    before = set(MovieListEntry.objects.filter(list=movie_list).values_list("movie_id", flat=True))
    new_movies = [MovieRefFactory().tmdb_id for _ in range(WRITERS // 2)]
    shuffle = random.Random(26)
    calls = []
    for i in range(WRITERS):
        writer = owner if i % 2 else editor
        if i % 2:
            tmdb_id, target = shuffle.choice(sorted(before)), shuffle.randrange(30)
            calls.append(
                lambda w=writer, t=tmdb_id, p=target: lists.list_entry_move(
                    user=w, movie_list=movie_list, tmdb_id=t, position=p
                )
            )
        else:
            tmdb_id = new_movies[i // 2]
            calls.append(
                lambda w=writer, t=tmdb_id: lists.list_entry_add(user=w, movie_list=movie_list, tmdb_id=t)
            )

    assert _race(calls) == []

    entries = list(MovieListEntry.objects.filter(list=movie_list).order_by("position"))
    assert [entry.position for entry in entries] == list(range(30 + WRITERS // 2))
    assert {entry.movie_id for entry in entries} == before | set(new_movies)
    assert MovieList.objects.get(pk=movie_list.pk).entry_count == len(entries)


@pytest.mark.django_db(transaction=True)
def test_twenty_removals_and_moves_at_once_lose_no_entry_that_stays():
    owner = UserFactory()
    movie_list = list_with_movies(owner, 40)
    ids = list(
        MovieListEntry.objects.filter(list=movie_list).order_by("position").values_list("movie_id", flat=True)
    )
    removed, moved = ids[:10], ids[10:20]
    calls = [
        lambda t=t: lists.list_entry_remove(user=owner, movie_list=movie_list, tmdb_id=t) for t in removed
    ]
    calls += [
        lambda t=t: lists.list_entry_move(user=owner, movie_list=movie_list, tmdb_id=t, after=ids[-1])
        for t in moved
    ]

    assert _race(calls) == []

    entries = list(MovieListEntry.objects.filter(list=movie_list).order_by("position"))
    assert [entry.position for entry in entries] == list(range(30))
    assert {entry.movie_id for entry in entries} == set(ids[10:])
    assert [entry.movie_id for entry in entries][:20] == ids[20:]  # the moved ones went after the rest
