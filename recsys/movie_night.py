"""Movie night membership: short-lived invites by code, and who may pick movies with whom.

A signed-in user creates a movie night and shares its code; whoever signs in and joins with the
code is a member until the night expires (MOVIE_NIGHT_HOURS after it was created) or they leave.
Codes are random (secrets.token_urlsafe, 96 bits): they cannot be guessed, and a night is shown
to its members only. ``check_members`` is the one rule of who may be in a group with the caller:
transports call it and nothing else decides it.
"""

import secrets
from collections.abc import Sequence
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from recsys.models import MovieNight, MovieNightMember
from social import profiles

MOVIE_NIGHT_HOURS = 3
MAX_OTHERS = 9  # members besides the caller
MAX_MEMBERS = MAX_OTHERS + 1
CODE_BYTES = 12
MAX_CODE_LENGTH = 32
UNKNOWN_CODE = "This invite code is unknown or has expired."
FULL = f"This movie night already has {MAX_MEMBERS} members."


def _live(code: str):
    """The unexpired nights with ``code`` (a code that cannot be one matches none)."""
    if not isinstance(code, str) or not 0 < len(code) <= MAX_CODE_LENGTH:
        return MovieNight.objects.none()
    return MovieNight.objects.filter(code=code, expires_at__gt=timezone.now())


@transaction.atomic
def movie_night_create(*, user) -> MovieNight:
    """A new movie night of ``user`` (its first member), valid for MOVIE_NIGHT_HOURS."""
    now = timezone.now()
    night = MovieNight.objects.create(
        code=secrets.token_urlsafe(CODE_BYTES),
        creator=user,
        created_at=now,
        expires_at=now + timedelta(hours=MOVIE_NIGHT_HOURS),
    )
    MovieNightMember.objects.create(movie_night=night, user=user, joined_at=now)
    return night


@transaction.atomic
def movie_night_join(*, user, code: str) -> MovieNight:
    """Join the live night ``code`` names (idempotent); an unknown or expired code, or a full
    night, is a ValidationError."""
    night = _live(code).select_for_update().first()
    if night is None:
        raise ValidationError({"code": UNKNOWN_CODE})
    members = MovieNightMember.objects.filter(movie_night=night)
    if not members.filter(user=user).exists():
        if members.count() >= MAX_MEMBERS:
            raise ValidationError({"code": FULL})
        MovieNightMember.objects.create(movie_night=night, user=user)
    return night


def movie_night_of_member(*, user, code: str) -> MovieNight:
    """The live night ``code`` names when ``user`` is one of its members; else MovieNight.DoesNotExist,
    as for an unknown code: nothing tells a stranger that the night exists."""
    return _live(code).filter(members__user=user).select_related("creator").get()


def movie_night_leave(*, user, code: str) -> None:
    """Leave the night ``code`` names (a member only: else MovieNight.DoesNotExist)."""
    night = movie_night_of_member(user=user, code=code)
    MovieNightMember.objects.filter(movie_night=night, user=user).delete()


def member_usernames(*, night: MovieNight) -> list[str]:
    """The usernames of a night's members, in the order they joined."""
    return list(night.members.values_list("user__username", flat=True))


def _mates_of(caller) -> set:
    """Ids of the users who share a live movie night with ``caller``."""
    nights = MovieNightMember.objects.filter(user=caller, movie_night__expires_at__gt=timezone.now())
    return set(
        MovieNightMember.objects.filter(movie_night__in=nights.values("movie_night"))
        .exclude(user=caller)
        .values_list("user_id", flat=True)
    )


def check_members(caller, usernames: Sequence[str]) -> list:
    """The group ``caller`` asks for: the caller first, then the users ``usernames`` name, in order.

    Each of them must follow the caller and be followed back (social.profiles.mutual_follows) or
    share a live movie night with the caller. A ValidationError on ``members``
    for none or more than MAX_OTHERS names, a duplicate, the caller's own name, an unknown
    user or one the caller may not pick with (the same message: nothing tells which).
    """
    names = list(usernames)
    if not 1 <= len(names) <= MAX_OTHERS:
        raise ValidationError({"members": f"Name 1 to {MAX_OTHERS} other members."})
    if len(set(names)) != len(names):
        raise ValidationError({"members": "Name each member once."})
    if caller.username in names:
        raise ValidationError({"members": "You are in the group already: name the others."})
    found = {user.username: user for user in get_user_model().objects.filter(username__in=names)}
    mates = _mates_of(caller) | set(profiles.mutual_follows(user=caller))
    outside = [name for name in names if name not in found or found[name].pk not in mates]
    if outside:
        raise ValidationError(
            {
                "members": f"Not in a movie night with you: {', '.join(outside)}. "
                "Follow each other or share an invite code first."
            }
        )
    return [caller, *(found[name] for name in names)]
