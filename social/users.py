"""Finding another user by username as a viewer may: a block either way reads as an unknown user."""

from django.contrib.auth import get_user_model

from social.privacy import not_blocked


def visible_user(*, viewer, username):
    """The user ``username`` unless unknown or blocked either way with ``viewer`` (then
    User.DoesNotExist, the same answer for both). One query."""
    if not isinstance(username, str):
        raise get_user_model().DoesNotExist
    return get_user_model().objects.filter(not_blocked(viewer, owner="pk")).get(username=username)
