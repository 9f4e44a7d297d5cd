"""Who reads which list: owner, collaborator, stranger and anonymous, for each visibility."""

import pytest
from django.contrib.auth.models import AnonymousUser

from engagement.models import ListCollaborator, MovieList
from social import lists
from social.privacy import Area, may_read
from tests.factories import UserFactory, list_with_movies

pytestmark = pytest.mark.django_db

VISIBILITIES = ["public", "unlisted", "private"]
# reader -> (by id, by share token) for public, unlisted, private
CAN_READ = {
    "owner": {"public": (True, True), "unlisted": (True, True), "private": (True, True)},
    "collaborator": {"public": (True, True), "unlisted": (True, True), "private": (True, True)},
    "stranger": {"public": (True, True), "unlisted": (False, True), "private": (False, False)},
    "anonymous": {"public": (True, True), "unlisted": (False, True), "private": (False, False)},
}


@pytest.fixture
def people():
    owner, collaborator, stranger = UserFactory(), UserFactory(), UserFactory()
    return {"owner": owner, "collaborator": collaborator, "stranger": stranger, "anonymous": AnonymousUser()}


def _lists(people) -> dict[str, MovieList]:
    made = {v: list_with_movies(people["owner"], 1, visibility=v, name=v) for v in VISIBILITIES}
    for movie_list in made.values():
        ListCollaborator.objects.create(list=movie_list, user=people["collaborator"])
    return made


def _reads(call) -> bool:
    try:
        call()
    except MovieList.DoesNotExist:
        return False
    return True


@pytest.mark.parametrize("reader", list(CAN_READ))
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_each_reader_reads_each_list_as_its_visibility_allows(people, reader, visibility):
    movie_list = _lists(people)[visibility]
    viewer = people[reader]
    by_id = _reads(lambda: lists.readable_list(viewer=viewer, list_id=movie_list.pk))
    by_token = _reads(lambda: lists.list_by_share_token(viewer=viewer, token=movie_list.share_token))
    assert (by_id, by_token) == CAN_READ[reader][visibility]


@pytest.mark.parametrize("reader", list(CAN_READ))
def test_a_users_lists_show_what_the_reader_may_read_by_id(people, reader):
    made = _lists(people)
    shown = lists.lists_of(viewer=people[reader], owner_username=people["owner"].username)
    expected = {made[v].pk for v in VISIBILITIES if CAN_READ[reader][v][0]}
    assert {movie_list.pk for movie_list in shown} == expected


def test_my_lists_are_the_ones_i_own_or_collaborate_on(people):
    made = _lists(people)
    list_with_movies(people["stranger"], 0, visibility="public")
    for reader in ("owner", "collaborator"):
        assert {m.pk for m in lists.my_lists(user=people[reader])} == {m.pk for m in made.values()}
    assert list(lists.my_lists(user=people["stranger"]).filter(owner=people["owner"])) == []


@pytest.mark.parametrize("bad", ["", "not-a-uuid", "1", "x" * 100])
def test_an_id_or_token_that_cannot_be_ones_is_not_found(people, bad):
    with pytest.raises(MovieList.DoesNotExist):
        lists.readable_list(viewer=people["owner"], list_id=bad)
    with pytest.raises(MovieList.DoesNotExist):
        lists.list_by_share_token(viewer=people["owner"], token=bad)


def test_the_share_token_is_shown_to_the_owner_only(people):
    movie_list = _lists(people)["public"]
    shown = {
        reader: lists.share_token_for(viewer=viewer, movie_list=movie_list)
        for reader, viewer in people.items()
    }
    assert shown == {
        "owner": movie_list.share_token,
        "collaborator": None,
        "stranger": None,
        "anonymous": None,
    }


def test_the_owner_always_may_read_their_own_data(people):
    owner = people["owner"]
    assert may_read(viewer=owner, owner_id=owner.pk, area=Area.LISTS)
    assert may_read(viewer=AnonymousUser(), owner_id=owner.pk, area=Area.LISTS)
