"""List services: positions stay dense and unique through adds, moves and removals; limits; roles."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from catalog.models import Movie
from common.exceptions import Conflict
from engagement import lists
from engagement.models import ListCollaborator, MovieList, MovieListEntry
from tests.factories import MovieRefFactory, UserFactory, list_with_movies

pytestmark = pytest.mark.django_db


def _order(movie_list) -> list[int]:
    entries = MovieListEntry.objects.filter(list=movie_list).order_by("position")
    positions = [entry.position for entry in entries]
    assert positions == list(range(len(positions)))  # dense and unique
    assert MovieList.objects.get(pk=movie_list.pk).entry_count == len(positions)
    return [entry.movie_id for entry in entries]


def test_adding_appends_and_counts(user):
    movie_list = lists.list_create(user=user, name="Noir")
    first, second = MovieRefFactory(), MovieRefFactory()
    lists.list_entry_add(user=user, movie_list=movie_list, tmdb_id=first.tmdb_id, note="start here")
    entry = lists.list_entry_add(user=user, movie_list=movie_list, tmdb_id=second.tmdb_id)
    assert entry.position == 1
    assert entry.added_by == user
    assert _order(movie_list) == [first.tmdb_id, second.tmdb_id]


def test_adding_twice_is_a_conflict_and_changes_nothing(user):
    movie_list = list_with_movies(user, 2)
    tmdb_id = _order(movie_list)[0]
    with pytest.raises(Conflict, match="already on the list"):
        lists.list_entry_add(user=user, movie_list=movie_list, tmdb_id=tmdb_id)
    assert len(_order(movie_list)) == 2


def test_adding_an_unknown_movie_is_not_found(user):
    movie_list = list_with_movies(user, 0)
    with pytest.raises(Movie.DoesNotExist):
        lists.list_entry_add(user=user, movie_list=movie_list, tmdb_id=987654321)
    assert _order(movie_list) == []


def test_the_movie_is_looked_up_before_the_list_is_locked_and_never_for_a_reader_who_may_not_edit(
    user, other_user, monkeypatch
):
    movie_list = list_with_movies(user, 0)
    movie = MovieRefFactory()
    lookups = []

    def looked_up(*, tmdb_id):
        lookups.append(list(connection.savepoint_ids))  # a savepoint: inside the list's transaction
        return movie

    monkeypatch.setattr(lists, "movie_ensure", looked_up)
    with pytest.raises(PermissionDenied):
        lists.list_entry_add(user=other_user, movie_list=movie_list, tmdb_id=movie.tmdb_id)
    assert lookups == []
    lists.list_entry_add(user=user, movie_list=movie_list, tmdb_id=movie.tmdb_id)
    assert lookups == [[]]  # a TMDb lookup never holds other editors waiting on the list's lock
    assert _order(movie_list) == [movie.tmdb_id]


@pytest.mark.parametrize(
    ("move", "expected"),
    [
        ({"position": 0}, [3, 0, 1, 2, 4]),
        ({"position": 4}, [0, 1, 2, 4, 3]),
        ({"position": 3}, [0, 1, 2, 3, 4]),
        ({"before": 1}, [0, 3, 1, 2, 4]),
        ({"after": 4}, [0, 1, 2, 4, 3]),
        ({"after": 0}, [0, 3, 1, 2, 4]),
        ({"before": 4}, [0, 1, 2, 3, 4]),
    ],
)
def test_moving_keeps_every_entry_once_in_a_dense_order(user, move, expected):
    movie_list = list_with_movies(user, 5)
    ids = _order(movie_list)
    target = {key: ids[value] if key != "position" else value for key, value in move.items()}
    entry = lists.list_entry_move(user=user, movie_list=movie_list, tmdb_id=ids[3], **target)
    assert _order(movie_list) == [ids[i] for i in expected]
    assert entry.position == expected.index(3)


def test_moving_an_earlier_entry_later_shifts_the_ones_between_up(user):
    movie_list = list_with_movies(user, 4)
    ids = _order(movie_list)
    lists.list_entry_move(user=user, movie_list=movie_list, tmdb_id=ids[0], before=ids[3])
    assert _order(movie_list) == [ids[1], ids[2], ids[0], ids[3]]


@pytest.mark.parametrize(
    ("move", "field", "message"),
    [
        ({}, "position", "Give exactly one of position, before or after."),
        ({"position": 1, "after": 1}, "position", "Give exactly one of position, before or after."),
        ({"position": 3}, "position", "A position on this list is from 0 to 2."),
        ({"position": -1}, "position", "A position on this list is from 0 to 2."),
        ({"position": True}, "position", "A position on this list is from 0 to 2."),
        ({"before": 5}, "before", "No such movie on this list."),
        ({"after": -3}, "after", "No such movie on this list."),
    ],
)
def test_a_bad_move_is_refused_naming_its_argument_and_moves_nothing(user, move, field, message):
    movie_list = list_with_movies(user, 3)
    ids = _order(movie_list)
    with pytest.raises(ValidationError) as refused:
        lists.list_entry_move(user=user, movie_list=movie_list, tmdb_id=ids[0], **move)
    assert refused.value.message_dict == {field: [message]}
    assert _order(movie_list) == ids


def test_moving_next_to_itself_is_refused(user):
    movie_list = list_with_movies(user, 2)
    ids = _order(movie_list)
    with pytest.raises(ValidationError, match="next to itself"):
        lists.list_entry_move(user=user, movie_list=movie_list, tmdb_id=ids[0], after=ids[0])


def test_removing_closes_the_gap(user):
    movie_list = list_with_movies(user, 4)
    ids = _order(movie_list)
    lists.list_entry_remove(user=user, movie_list=movie_list, tmdb_id=ids[1])
    assert _order(movie_list) == [ids[0], ids[2], ids[3]]
    with pytest.raises(MovieListEntry.DoesNotExist):
        lists.list_entry_remove(user=user, movie_list=movie_list, tmdb_id=ids[1])


def test_a_note_and_a_move_in_one_update(user):
    movie_list = list_with_movies(user, 3)
    ids = _order(movie_list)
    entry = lists.list_entry_update(user=user, movie_list=movie_list, tmdb_id=ids[2], note="best", position=0)
    assert (entry.note, entry.position) == ("best", 0)
    assert _order(movie_list) == [ids[2], ids[0], ids[1]]


def test_a_note_over_1000_characters_is_refused(user):
    movie_list = list_with_movies(user, 1)
    [tmdb_id] = _order(movie_list)
    with pytest.raises(ValidationError) as refused:
        lists.list_entry_update(user=user, movie_list=movie_list, tmdb_id=tmdb_id, note="n" * 1001)
    assert list(refused.value.message_dict) == ["note"]
    assert MovieListEntry.objects.get(list=movie_list).note == ""


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "n" * 101}, "name"),
        ({"name": "ok", "description": "d" * 2001}, "description"),
        ({"name": "ok", "visibility": "friends"}, "visibility"),
    ],
)
def test_bad_list_settings_are_refused(user, fields, field):
    with pytest.raises(ValidationError) as refused:
        lists.list_create(user=user, **fields)
    assert list(refused.value.message_dict) == [field]
    assert not MovieList.objects.exists()


def test_a_list_holds_at_most_list_max_entries(user, settings):
    settings.LIST_MAX_ENTRIES = 2
    movie_list = list_with_movies(user, 2)
    with pytest.raises(Conflict, match=re.escape("A list holds at most 2 movies.")):
        lists.list_entry_add(user=user, movie_list=movie_list, tmdb_id=MovieRefFactory().tmdb_id)
    assert len(_order(movie_list)) == 2


def test_a_user_owns_at_most_lists_per_user_max(user, settings):
    settings.LISTS_PER_USER_MAX = 2
    for name in ("a", "b"):
        lists.list_create(user=user, name=name)
    with pytest.raises(Conflict, match=re.escape("A user owns at most 2 lists; delete one first.")):
        lists.list_create(user=user, name="c")
    assert MovieList.objects.filter(owner=user).count() == 2


def test_a_list_has_at_most_list_max_collaborators(user, settings):
    settings.LIST_MAX_COLLABORATORS = 1
    movie_list = list_with_movies(user, 0)
    first, second = UserFactory(), UserFactory()
    lists.list_collaborator_invite(user=user, movie_list=movie_list, username=first.username)
    with pytest.raises(Conflict, match=re.escape("A list has at most 1 collaborators.")):
        lists.list_collaborator_invite(user=user, movie_list=movie_list, username=second.username)
    assert list(ListCollaborator.objects.values_list("user", flat=True)) == [first.pk]


def test_collaborators_edit_entries_but_not_settings(user, other_user):
    movie_list = list_with_movies(user, 1)
    lists.list_collaborator_invite(user=user, movie_list=movie_list, username=other_user.username)
    again = lists.list_collaborator_invite(user=user, movie_list=movie_list, username=other_user.username)
    assert ListCollaborator.objects.filter(list=movie_list).count() == 1 and again.user == other_user
    lists.list_entry_add(user=other_user, movie_list=movie_list, tmdb_id=MovieRefFactory().tmdb_id)
    for write in (lists.list_delete, lists.list_share_token_regenerate):
        with pytest.raises(PermissionDenied, match=re.escape("Only the list's owner may do this.")):
            write(user=other_user, movie_list=movie_list)
    with pytest.raises(PermissionDenied):
        lists.list_update(user=other_user, movie_list=movie_list, name="mine now")
    assert MovieList.objects.get(pk=movie_list.pk).name == "Picks"
    lists.list_leave(user=other_user, movie_list=movie_list)
    with pytest.raises(PermissionDenied, match=re.escape(lists.EDITORS_ONLY)):
        lists.list_entry_add(user=other_user, movie_list=movie_list, tmdb_id=MovieRefFactory().tmdb_id)
    assert len(_order(movie_list)) == 2


def test_inviting_yourself_or_nobody_and_the_owner_leaving_are_refused(user):
    movie_list = list_with_movies(user, 0)
    with pytest.raises(ValidationError) as refused:
        lists.list_collaborator_invite(user=user, movie_list=movie_list, username=user.username)
    assert list(refused.value.message_dict) == ["username"]
    with pytest.raises(type(user).DoesNotExist):
        lists.list_collaborator_invite(user=user, movie_list=movie_list, username="nobody-here")
    with pytest.raises(ValidationError, match="The owner cannot leave"):
        lists.list_leave(user=user, movie_list=movie_list)
    with pytest.raises(ListCollaborator.DoesNotExist):
        lists.list_collaborator_remove(user=user, movie_list=movie_list, username="nobody-here")


def test_regenerating_the_share_token_replaces_it(user):
    movie_list = list_with_movies(user, 0)
    old = movie_list.share_token
    assert lists.list_share_token_regenerate(user=user, movie_list=movie_list).share_token != old


def test_deleting_a_list_deletes_its_entries(user):
    movie_list = list_with_movies(user, 3)
    lists.list_delete(user=user, movie_list=movie_list)
    assert not MovieListEntry.objects.exists()
