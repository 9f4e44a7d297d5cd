"""Movie night: invites by code, the membership rule, and group picks (recsys.movie_night, group_picks)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.models import MovieOffer, WatchProvider
from engagement.models import NotInterested, UserServices
from recsys import group_picks, movie_night, tasks
from recsys.models import MovieNight, MovieNightMember
from social import follows
from social.models import Follow
from tests.factories import ReviewFactory, UserFactory
from tests.recsys.movie_night_setup import crime_fan, night_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(toy_fan, movies):
    """The Toy Story fan and a crime fan in one live night, models fitted."""
    friend = crime_fan(movies)
    night_of(toy_fan, friend)
    tasks.generate_recommendations()
    return toy_fan, friend


# --- invites ---------------------------------------------------------------------------------


def test_a_new_night_has_its_creator_an_unguessable_code_and_three_hours(user):
    night = movie_night.movie_night_create(user=user)

    assert movie_night.member_usernames(night=night) == [user.username]
    assert len(night.code) >= 16
    assert night.expires_at - night.created_at == timedelta(hours=3)
    assert movie_night.movie_night_create(user=user).code != night.code


def test_joining_twice_is_joining_once(user, other_user):
    night = night_of(user, other_user)

    movie_night.movie_night_join(user=other_user, code=night.code)

    assert movie_night.member_usernames(night=night) == [user.username, other_user.username]


@pytest.mark.parametrize("code", ["", "nope", "x" * 200, None])
def test_an_unknown_code_is_refused_and_nothing_joins(other_user, user, code):
    movie_night.movie_night_create(user=user)

    with pytest.raises(ValidationError) as error:
        movie_night.movie_night_join(user=other_user, code=code)

    assert error.value.message_dict == {"code": [movie_night.UNKNOWN_CODE]}
    assert not MovieNightMember.objects.filter(user=other_user).exists()


def test_an_expired_code_is_refused(user, other_user):
    night = movie_night.movie_night_create(user=user)
    MovieNight.objects.filter(pk=night.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    with pytest.raises(ValidationError):
        movie_night.movie_night_join(user=other_user, code=night.code)


def test_a_full_night_takes_no_one_more(user):
    night = night_of(user, *(UserFactory() for _ in range(movie_night.MAX_OTHERS)))

    with pytest.raises(ValidationError) as error:
        movie_night.movie_night_join(user=UserFactory(), code=night.code)

    assert error.value.message_dict == {"code": [movie_night.FULL]}
    assert night.members.count() == movie_night.MAX_MEMBERS


def test_strangers_do_not_see_a_night_even_with_its_code(user, other_user):
    night = movie_night.movie_night_create(user=user)

    with pytest.raises(MovieNight.DoesNotExist):
        movie_night.movie_night_of_member(user=other_user, code=night.code)
    with pytest.raises(MovieNight.DoesNotExist):
        movie_night.movie_night_leave(user=other_user, code=night.code)


def test_a_member_who_leaves_is_no_longer_a_mate(user, other_user):
    night = night_of(user, other_user)

    movie_night.movie_night_leave(user=other_user, code=night.code)

    with pytest.raises(ValidationError):
        movie_night.check_members(user, [other_user.username])


# --- who may be in a group --------------------------------------------------------------------


def test_members_of_one_night_may_pick_together(user, other_user):
    third = UserFactory()
    night_of(other_user, user, third)

    assert movie_night.check_members(user, [third.username, other_user.username]) == [user, third, other_user]


def test_people_who_follow_each_other_may_pick_together_without_a_night(user, other_user):
    Follow.objects.create(follower=user, followee=other_user, status=Follow.Status.ACCEPTED)
    Follow.objects.create(follower=other_user, followee=user, status=Follow.Status.ACCEPTED)

    assert movie_night.check_members(user, [other_user.username]) == [user, other_user]


@pytest.mark.parametrize(
    "follows",
    [
        [("user", "other", "accepted")],  # one way only
        [("user", "other", "accepted"), ("other", "user", "pending")],  # the way back not approved
        [("other", "user", "accepted")],
    ],
)
def test_a_follow_that_is_not_mutual_makes_no_group(user, other_user, follows):
    people = {"user": user, "other": other_user}
    for follower, followee, state in follows:
        Follow.objects.create(follower=people[follower], followee=people[followee], status=state)

    with pytest.raises(ValidationError):
        movie_night.check_members(user, [other_user.username])


def test_blocking_ends_the_mutual_follow_that_made_a_group(user, other_user):
    Follow.objects.create(follower=user, followee=other_user, status=Follow.Status.ACCEPTED)
    Follow.objects.create(follower=other_user, followee=user, status=Follow.Status.ACCEPTED)

    follows.block(user=other_user, username=user.username)

    with pytest.raises(ValidationError):
        movie_night.check_members(user, [other_user.username])


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ([], "Name 1 to 9 other members."),
        (["mate"] * 2, "Name each member once."),
        (["me"], "You are in the group already: name the others."),
        (["ghost"], "Not in a movie night with you: ghost. Follow each other or share an invite code first."),
        (
            ["stranger"],
            "Not in a movie night with you: stranger. Follow each other or share an invite code first.",
        ),
        ([f"u{n}" for n in range(10)], "Name 1 to 9 other members."),
    ],
)
def test_bad_member_lists_are_refused(names, message):
    me = UserFactory(username="me")
    mate = UserFactory(username="mate")
    UserFactory(username="stranger")
    night_of(me, mate)

    with pytest.raises(ValidationError) as error:
        movie_night.check_members(me, names)

    assert error.value.message_dict == {"members": [message]}


def test_an_expired_night_makes_no_group(user, other_user):
    night = night_of(user, other_user)
    MovieNight.objects.filter(pk=night.pk).update(expires_at=timezone.now())

    with pytest.raises(ValidationError):
        movie_night.check_members(user, [other_user.username])


# --- picks ------------------------------------------------------------------------------------


def _ids(picks) -> list[int]:
    return [pick.movie.tmdb_id for pick in picks]


def test_picks_leave_out_what_any_member_saw_and_fit_every_member(group):
    me, friend = group

    picks = group_picks.group_picks(user=me, members=[friend.username], limit=10)

    # Toy Story, Heat and Forrest Gump are the user's; Heat the friend's too.
    assert set(_ids(picks)) == {863, 12, 23168, 680}
    for pick in picks:
        assert [fit.username for fit in pick.fits] == [me.username, friend.username]
        assert all(0 <= fit.fit <= 1 for fit in pick.fits)
        assert pick.score == pytest.approx(sum(f.fit for f in pick.fits) / 2, abs=1e-3)


def test_after_a_pick_both_like_the_next_goes_to_the_member_it_served_least(group):
    me, friend = group

    picks = group_picks.group_picks(user=me, members=[friend.username], limit=10)

    # The Town fits both, the crime fan best; the Toy Story fan, whom it served less, gets Toy
    # Story 2 next, ahead of Pulp Fiction's higher mean fit.
    assert _ids(picks) == [23168, 863, 680, 12]
    assert [fit.fit for fit in picks[0].fits] == [0.8342, 1.0]
    assert [fit.fit for fit in picks[1].fits] == [1.0, 0.0]
    assert picks[1].score < picks[2].score


def test_a_dismissal_of_any_member_leaves_the_movie_out(group, movies):
    me, friend = group
    NotInterested.objects.create(user=friend, movie=movies[863])

    picks = group_picks.group_picks(user=me, members=[friend.username], limit=10)

    assert 863 not in _ids(picks)


def test_reasons_name_no_title_of_anyones_history(group, movies):
    me, friend = group

    picks = group_picks.group_picks(user=me, members=[friend.username], limit=10)

    titles = {movie.title for movie in movies.values()}
    for pick in picks:
        assert not any(title in reason for reason in pick.reasons for title in titles)
        assert pick.reasons[0] in {
            "a good fit for both of you",
            "a good fit for 1 of 2",
            "the fairest fit for the group",
        }
    by_id = {pick.movie.tmdb_id: pick for pick in picks}
    assert by_id[680].reasons[-1] == "genres: Crime, Thriller"


def test_runtime_and_genre_filters(group, movies):
    me, friend = group
    for tmdb_id, runtime in ((863, 92), (12, 100), (23168, 125), (680, 154)):
        movies[tmdb_id].runtime = runtime
        movies[tmdb_id].save(update_fields=["runtime"])

    short = group_picks.checked_group_filter(me, runtime_max=120)
    crime = group_picks.checked_group_filter(me, genres=["crime"])

    def picked(filters) -> set[int]:
        return set(
            _ids(group_picks.group_picks(user=me, members=[friend.username], limit=10, filters=filters))
        )

    assert picked(short) == {863, 12}
    assert picked(crime) == {23168, 680}


def test_on_members_services_keeps_what_one_member_can_stream(group, movies):
    me, friend = group
    netflix = WatchProvider.objects.create(provider_id=8, name="Netflix")
    mubi = WatchProvider.objects.create(provider_id=11, name="MUBI")
    MovieOffer.objects.create(movie=movies[680], region="US", provider=netflix, monetization="flatrate")
    MovieOffer.objects.create(movie=movies[12], region="GB", provider=mubi, monetization="flatrate")
    MovieOffer.objects.create(movie=movies[863], region="US", provider=mubi, monetization="flatrate")
    UserServices.objects.create(user=me, region="US").providers.set([netflix])
    UserServices.objects.create(user=friend, region="GB").providers.set([mubi])

    filters = group_picks.checked_group_filter(me, on_members_services=True)
    picks = group_picks.group_picks(user=me, members=[friend.username], limit=10, filters=filters)

    # Pulp Fiction on my Netflix in the US, Finding Nemo on the friend's MUBI in the UK; Toy Story 2
    # is on MUBI in the US only, where no member has it.
    assert set(_ids(picks)) == {680, 12}


def test_on_members_services_needs_someone_with_services(group):
    me, friend = group
    filters = group_picks.checked_group_filter(me, on_members_services=True)

    with pytest.raises(ValidationError) as error:
        group_picks.group_picks(user=me, members=[friend.username], limit=10, filters=filters)

    assert error.value.message_dict == {"on_members_services": [group_picks.NO_SERVICES]}


def test_bad_filters_are_named_together(user):
    with pytest.raises(ValidationError) as error:
        group_picks.checked_group_filter(
            user,
            availability={"region": "US"},
            runtime_min=-1,
            genres=["no-such-genre"],
            on_members_services=True,
        )

    assert set(error.value.message_dict) == {"runtime_min", "genres", "on_members_services"}


def test_picks_before_any_run_are_popular_and_say_so(toy_fan, movies):
    friend = crime_fan(movies)
    night_of(toy_fan, friend)

    picks = group_picks.group_picks(user=toy_fan, members=[friend.username], limit=2)

    assert _ids(picks) == [680, 12]
    assert picks[0].reasons[0] == "popular (not personalized yet)"


def test_a_new_rating_takes_the_movie_out_at_once(group, movies):
    me, friend = group
    ReviewFactory(user=friend, movie=movies[680], rating=4)

    assert 680 not in _ids(group_picks.group_picks(user=me, members=[friend.username], limit=10))
