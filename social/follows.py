"""Follows, follow requests and blocks: the writes, each one transaction.

Rules:
* following an open account follows at once; a private account gets a request it approves or
  declines; unfollowing also withdraws a request; the followee may remove a follower;
* nobody follows or blocks themselves (ValidationError, a 400);
* a block either way makes the other user unknown to the follower: following them answers
  User.DoesNotExist, exactly like an unknown username;
* blocking removes the follows and requests between the two, both ways;
* a user follows (or requests) at most MAX_FOLLOWING users and blocks at most MAX_BLOCKS (Conflict).
Repeating a write is harmless: following twice keeps one follow, unfollowing nobody does nothing.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Q

from common import payload_cache
from common.exceptions import Conflict, DomainError
from social.models import Block, Follow, PrivacySettings
from social.signals import follow_started
from social.users import visible_user

MAX_FOLLOWING = 5000
MAX_BLOCKS = 5000


class NoSuchRequest(DomainError, ObjectDoesNotExist):
    default_message = "No follow request from this user."


class NotAFollower(DomainError, ObjectDoesNotExist):
    default_message = "This user does not follow you."


def _other(user, username, *, verb: str):
    other = visible_user(viewer=user, username=username)
    if other.pk == user.pk:
        raise ValidationError({"username": [f"You cannot {verb} yourself."]})
    return other


def _retire_answers(*user_ids) -> None:
    """Once committed, retire the cached answers of these users (what they may read changed)."""
    names = [payload_cache.user_generation(user_id) for user_id in user_ids]
    transaction.on_commit(lambda: payload_cache.bump(*names))


def _is_private(user_id) -> bool:
    return PrivacySettings.objects.filter(user_id=user_id, private_account=True).exists()


def follow(*, user, username: str) -> Follow:
    """Follow ``username`` (a request when their account is private); the follow as it stands."""
    followee = _other(user, username, verb="follow")
    with transaction.atomic():
        existing = Follow.objects.filter(follower_id=user.pk, followee_id=followee.pk).first()
        if existing is not None:
            return existing
        if Follow.objects.filter(follower_id=user.pk).count() >= MAX_FOLLOWING:
            raise Conflict(f"You follow {MAX_FOLLOWING} users already: unfollow someone first.")
        status = Follow.Status.PENDING if _is_private(followee.pk) else Follow.Status.ACCEPTED
        created, made = Follow.objects.get_or_create(
            follower_id=user.pk, followee_id=followee.pk, defaults={"status": status}
        )
        if made:
            _retire_answers(user.pk)
            transaction.on_commit(
                lambda: follow_started.send(
                    sender=Follow, follower_id=user.pk, followee_id=followee.pk, status=status
                )
            )
    return created


def unfollow(*, user, username: str) -> None:
    """Stop following ``username``, or withdraw the request to them."""
    followee = _other(user, username, verb="unfollow")
    with transaction.atomic():
        if Follow.objects.filter(follower_id=user.pk, followee_id=followee.pk).delete()[0]:
            _retire_answers(user.pk)


def _request_from(user, username: str) -> Follow:
    requester = visible_user(viewer=user, username=username)
    found = Follow.objects.filter(
        follower_id=requester.pk, followee_id=user.pk, status=Follow.Status.PENDING
    ).first()
    if found is None:
        raise NoSuchRequest
    return found


def request_approve(*, user, username: str) -> Follow:
    """Accept the follow request ``username`` sent ``user``."""
    with transaction.atomic():
        request = _request_from(user, username)
        request.status = Follow.Status.ACCEPTED
        request.save(update_fields=["status"])
        _retire_answers(request.follower_id)
    return request


def request_decline(*, user, username: str) -> None:
    """Refuse the follow request ``username`` sent ``user`` (they may ask again)."""
    _request_from(user, username).delete()


def follower_remove(*, user, username: str) -> None:
    """Make ``username`` stop following ``user``."""
    follower = visible_user(viewer=user, username=username)
    with transaction.atomic():
        removed, _ = Follow.objects.filter(
            follower_id=follower.pk, followee_id=user.pk, status=Follow.Status.ACCEPTED
        ).delete()
        if not removed:
            raise NotAFollower
        _retire_answers(follower.pk)


def block(*, user, username: str) -> Block:
    """Block ``username``: the follows and requests between the two end, both ways."""
    other = get_user_model().objects.filter(username=username).first() if isinstance(username, str) else None
    if other is None:
        raise get_user_model().DoesNotExist
    if other.pk == user.pk:
        raise ValidationError({"username": ["You cannot block yourself."]})
    with transaction.atomic():
        existing = Block.objects.filter(blocker_id=user.pk, blocked_id=other.pk).first()
        if existing is not None:
            return existing
        if Block.objects.filter(blocker_id=user.pk).count() >= MAX_BLOCKS:
            raise Conflict(f"You block {MAX_BLOCKS} users already: unblock someone first.")
        made, _ = Block.objects.get_or_create(blocker_id=user.pk, blocked_id=other.pk)
        _retire_answers(user.pk, other.pk)
        Follow.objects.filter(
            Q(follower_id=user.pk, followee_id=other.pk) | Q(follower_id=other.pk, followee_id=user.pk)
        ).delete()
    return made


def unblock(*, user, username: str) -> None:
    """Lift ``user``'s block of ``username`` (follows it ended stay ended)."""
    other = get_user_model().objects.filter(username=username).first() if isinstance(username, str) else None
    if other is None:
        raise get_user_model().DoesNotExist
    with transaction.atomic():
        if Block.objects.filter(blocker_id=user.pk, blocked_id=other.pk).delete()[0]:
            _retire_answers(user.pk, other.pk)


def privacy_settings(*, user) -> PrivacySettings:
    """``user``'s privacy settings (the defaults, unsaved, until the first change)."""
    return PrivacySettings.objects.filter(user_id=user.pk).first() or PrivacySettings(user_id=user.pk)


def privacy_update(*, user, **changes) -> PrivacySettings:
    """Change ``user``'s audiences and private_account (given fields only). Opening a private
    account accepts the requests waiting for it. Other readers' cached answers (a movie's
    reviews) follow within PAYLOAD_CACHE_TTL."""
    with transaction.atomic():
        settings, _ = PrivacySettings.objects.select_for_update().get_or_create(user_id=user.pk)
        for name, value in changes.items():
            setattr(settings, name, value)
        settings.full_clean()
        settings.save()
        if not settings.private_account:
            Follow.objects.filter(followee_id=user.pk, status=Follow.Status.PENDING).update(
                status=Follow.Status.ACCEPTED
            )
    return settings
