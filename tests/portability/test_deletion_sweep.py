"""The deletion sweep: a user with a row in every model that references users is deleted and
erased; then no row anywhere still names them, except the rows kept on purpose, anonymized.

The walker finds the references itself (``apps.get_models`` with Django's auto-created M2M tables,
every FK or one-to-one to the user model), so a model added later with a user reference and no
builder in ``BUILDERS`` fails ``test_every_user_reference_has_a_builder`` by name, and one whose
rows the job leaves behind fails the sweep. Besides foreign keys, user ids are looked for as text
(with or without dashes) and the user's e-mail address in every char, text and JSON column, and
ids as values of every UUID column (a follow notification's
payload, a scoring batch's id list, a watch record's ``viewer_key`` hold one).
"""

import datetime
import json
from collections.abc import Callable, Iterator

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.utils import timezone

from accounts.tokens import token_pair_for
from audit.models import AdminAction
from engagement.models import (
    DiaryEntry,
    DiaryTag,
    HistoryImport,
    ListCollaborator,
    MovieListEntry,
    NotInterested,
    Review,
    UserServices,
)
from notifications.follows import follow_notify
from notifications.models import CalendarFeed
from notifications.reactions import like_notify
from portability.deletion import account_delete
from portability.erasure import PLACEHOLDER_PREFIX, account_erase_now
from portability.models import SyncTombstone
from recsys.models import (
    MovieNight,
    MovieNightMember,
    RecommendationBatch,
    RecommendationRun,
    UserRecommendations,
)
from social.models import Activity, Block, Comment, Follow, Like, PrivacySettings
from tests.factories import (
    PASSWORD,
    FavoriteFactory,
    MovieListFactory,
    MovieRefFactory,
    NotificationFactory,
    ReviewFactory,
    UserFactory,
    WatchHistoryFactory,
    WatchlistItemFactory,
)

pytestmark = pytest.mark.django_db

User = get_user_model()

# The (model label, field) references whose rows outlive the user with the reference anonymized:
# set NULL by the database (on_delete=SET_NULL) or, for kept reviews, moved to a placeholder.
ANONYMIZED = {
    ("audit.AdminAction", "actor"),  # what a staff member did stays on record, actor unknown
    ("engagement.MovieListEntry", "added_by"),  # an entry on another user's list stays, adder unknown
}
KEPT_REVIEWS = {("engagement.Review", "user"), ("social.Comment", "author")}


def _movie_night(user, other):
    return MovieNight.objects.create(code=f"n-{user.pk.hex[:12]}", creator=other, expires_at=timezone.now())


def _run():
    return RecommendationRun.objects.create()


# One row per user reference, the user in that field; ``other`` is a second user for the rows
# that need one (a follow's other end, someone else's list).
BUILDERS: dict[tuple[str, str], Callable] = {
    ("admin.LogEntry", "user"): lambda user, other: LogEntry.objects.create(
        user=user, object_repr="x", action_flag=ADDITION
    ),
    ("token_blacklist.OutstandingToken", "user"): lambda user, other: token_pair_for(user),
    ("audit.AdminAction", "actor"): lambda user, other: AdminAction.objects.create(
        actor=user, kind=AdminAction.Kind.CATALOG, action="update", target="movie 1"
    ),
    ("accounts.User_groups", "user"): lambda user, other: user.groups.add(
        Group.objects.get_or_create(name="g")[0]
    ),
    ("accounts.User_user_permissions", "user"): lambda user, other: user.user_permissions.add(
        Permission.objects.first()
    ),
    ("engagement.FavoriteMovie", "user"): lambda user, other: FavoriteFactory(user=user),
    ("engagement.WatchlistItem", "user"): lambda user, other: WatchlistItemFactory(user=user),
    ("portability.SyncTombstone", "user"): lambda user, other: SyncTombstone.objects.create(
        user=user, collection=SyncTombstone.Collection.FAVORITES, key=1, removed_at=timezone.now()
    ),
    ("engagement.WatchHistory", "user"): lambda user, other: WatchHistoryFactory(user=user),
    ("engagement.Review", "user"): lambda user, other: ReviewFactory(user=user, text="kept words"),
    ("engagement.DiaryTag", "user"): lambda user, other: DiaryTag.objects.create(
        user=user, name="Tag", slug="tag"
    ),
    ("engagement.DiaryEntry", "user"): lambda user, other: DiaryEntry.objects.create(
        user=user,
        movie=MovieRefFactory(),
        watched_on=datetime.date(2026, 1, 1),
        played_at=timezone.now(),
        review="a private note",
    ),
    ("engagement.NotInterested", "user"): lambda user, other: NotInterested.objects.create(
        user=user, movie=MovieRefFactory()
    ),
    ("engagement.HistoryImport", "user"): lambda user, other: HistoryImport.objects.create(
        user=user, source="letterboxd", kind="ratings", content="Name,Year\nHeat,1995\n"
    ),
    ("engagement.MovieList", "owner"): lambda user, other: MovieListFactory(owner=user),
    ("engagement.MovieListEntry", "added_by"): lambda user, other: MovieListEntry.objects.create(
        list=MovieListFactory(owner=other), movie=MovieRefFactory(), position=0, added_by=user
    ),
    ("engagement.ListCollaborator", "user"): lambda user, other: ListCollaborator.objects.create(
        list=MovieListFactory(owner=other), user=user
    ),
    ("engagement.UserServices", "user"): lambda user, other: UserServices.objects.create(
        user=user, region="US"
    ),
    ("social.PrivacySettings", "user"): lambda user, other: PrivacySettings.objects.create(user=user),
    ("social.Follow", "follower"): lambda user, other: Follow.objects.create(
        follower=user, followee=other, status=Follow.Status.ACCEPTED
    ),
    ("social.Follow", "followee"): lambda user, other: Follow.objects.create(
        follower=other, followee=user, status=Follow.Status.ACCEPTED
    ),
    ("social.Block", "blocker"): lambda user, other: Block.objects.create(
        blocker=user, blocked=UserFactory()
    ),
    ("social.Block", "blocked"): lambda user, other: Block.objects.create(
        blocker=UserFactory(), blocked=user
    ),
    ("social.Activity", "actor"): lambda user, other: Activity.objects.create(
        actor=user, verb=Activity.Verb.LIKE, area="lists", movie_list=MovieListFactory(owner=other)
    ),
    ("social.Like", "user"): lambda user, other: Like.objects.create(
        user=user, movie_list=MovieListFactory(owner=other)
    ),
    ("social.Comment", "author"): lambda user, other: Comment.objects.create(
        author=user, review=ReviewFactory(), text="kept remark"
    ),
    ("recsys.UserRecommendations", "user"): lambda user, other: UserRecommendations.objects.create(
        user=user, run=_run(), payload={"for_you": []}
    ),
    ("recsys.MovieNight", "creator"): lambda user, other: MovieNight.objects.create(
        code=f"c-{user.pk.hex[:12]}", creator=user, expires_at=timezone.now()
    ),
    ("recsys.MovieNightMember", "user"): lambda user, other: MovieNightMember.objects.create(
        movie_night=_movie_night(user, other), user=user
    ),
    ("notifications.Notification", "recipient"): lambda user, other: NotificationFactory(recipient=user),
    ("notifications.CalendarFeed", "user"): lambda user, other: CalendarFeed.objects.create(
        user=user, lookup=user.pk.hex, secret="s" * 64, rotated_at=timezone.now()
    ),
}


def user_references() -> Iterator[tuple[type[models.Model], models.Field]]:
    """Every concrete column of every model (M2M tables included) that points at the user model."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                yield model, field


def _label(model, field) -> tuple[str, str]:
    return model._meta.label, field.name


def _rows_naming(user_id) -> dict[tuple[str, str], set]:
    """Primary keys of the rows whose user reference is ``user_id``, by reference."""
    return {
        _label(model, field): set(
            model._default_manager.filter(**{field.attname: user_id}).values_list("pk", flat=True)
        )
        for model, field in user_references()
    }


def _id_as_value(user) -> Iterator[str]:
    """Every (model label.column) whose value holds ``user``'s id (as UUID, as text with or without
    dashes) or e-mail address."""
    needles = (str(user.pk), user.pk.hex, user.email)
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.is_relation or (field.primary_key and model is User):
                continue
            rows = model._default_manager
            if isinstance(field, models.UUIDField):
                found = rows.filter(**{field.attname: user.pk}).exists()
            elif isinstance(field, (models.CharField, models.TextField)):
                found = any(
                    rows.filter(**{f"{field.attname}__icontains": needle}).exists() for needle in needles
                )
            elif isinstance(field, models.JSONField):
                texts = [
                    json.dumps(value, default=str).lower()
                    for value in rows.values_list(field.attname, flat=True)
                ]
                found = any(needle.lower() in text for needle in needles for text in texts)
            else:
                continue
            if found:
                yield f"{model._meta.label}.{field.name}"


def _world(user, other) -> None:
    for model, field in user_references():
        BUILDERS[_label(model, field)](user, other)
    # User ids kept outside foreign keys: a follow and a like notification in another user's inbox,
    # a batch of a scoring run.
    follow_notify(follower_id=user.pk, followee_id=other.pk, status=Follow.Status.ACCEPTED)
    like_notify(liker_id=user.pk, kind="list", target_id=MovieListFactory(owner=other).pk)
    RecommendationBatch.objects.create(run=_run(), number=0, user_ids=[str(user.pk), str(other.pk)])


def test_every_user_reference_has_a_builder():
    # The walker's own check: it finds the references the code base is known to hold, and any
    # reference without a builder (a model added later) is named here.
    found = {_label(model, field) for model, field in user_references()}

    assert {
        ("engagement.Review", "user"),
        ("social.Follow", "followee"),
        ("accounts.User_groups", "user"),
    } <= found
    assert found - BUILDERS.keys() == set()


@pytest.mark.parametrize("keep_reviews", [False, True])
def test_a_deleted_user_is_named_nowhere_once_the_job_ran(keep_reviews):
    user, other = UserFactory(), UserFactory()
    _world(user, other)
    _world(other, UserFactory())
    before = _rows_naming(user.pk)
    others_before = _rows_naming(other.pk)
    assert all(before.values()), [label for label, pks in before.items() if not pks]
    # The column scan sees ids kept outside foreign keys before the deletion (so its silence after
    # it means something).
    assert {
        "notifications.Notification.payload",
        "recsys.RecommendationBatch.user_ids",
        "engagement.WatchHistory.viewer_key",
        "accounts.User.email",
    } <= set(_id_as_value(user))

    account_delete(user=user, password=PASSWORD, keep_reviews=keep_reviews)
    account_erase_now(user_id=str(user.pk), keep_reviews=keep_reviews)

    kept = ANONYMIZED | (KEPT_REVIEWS if keep_reviews else set())
    assert not User.objects.filter(pk=user.pk).exists()
    for model, field in user_references():
        label = _label(model, field)
        assert not model._default_manager.filter(**{field.attname: user.pk}).exists(), label
        left = model._default_manager.filter(pk__in=before[label])
        assert left.count() == (len(before[label]) if label in kept else 0), label
    assert list(_id_as_value(user)) == ["audit.AdminAction.target"]  # the deletion's own record
    assert AdminAction.objects.filter(target__contains=str(user.pk)).get().kind == AdminAction.Kind.ACCOUNT
    # The other user's own rows stay; what tied them to the deleted user goes: both follows
    # between them and the "started following you" and "likes your list" notifications.
    expected = {label: len(pks) for label, pks in others_before.items()}
    expected[("social.Follow", "follower")] -= 1
    expected[("social.Follow", "followee")] -= 1
    expected[("notifications.Notification", "recipient")] -= 2
    assert {label: len(pks) for label, pks in _rows_naming(other.pk).items()} == expected
    assert other.reviews.get().text == "kept words"


def test_kept_reviews_keep_text_rating_and_date_under_an_anonymous_author():
    user = UserFactory()
    review = ReviewFactory(user=user, text="kept words")

    account_delete(user=user, password=PASSWORD, keep_reviews=True)
    account_erase_now(user_id=str(user.pk), keep_reviews=True)

    kept = Review.objects.select_related("user").get(pk=review.pk)
    assert (kept.text, kept.rating, kept.created_at) == (review.text, review.rating, review.created_at)
    assert kept.user.username.startswith(PLACEHOLDER_PREFIX)
    assert not kept.user.is_active and not kept.user.has_usable_password()
    assert kept.user.email != user.email and kept.user.bio == ""


def test_the_job_is_idempotent_and_leaves_an_active_account_alone():
    user, bystander = UserFactory(), UserFactory()
    ReviewFactory(user=user)
    account_delete(user=user, password=PASSWORD, keep_reviews=False)

    account_erase_now(user_id=str(user.pk), keep_reviews=False)
    account_erase_now(user_id=str(user.pk), keep_reviews=False)
    account_erase_now(user_id=str(bystander.pk), keep_reviews=False)

    assert not User.objects.filter(pk=user.pk).exists()
    assert User.objects.filter(pk=bystander.pk, is_active=True).exists()
