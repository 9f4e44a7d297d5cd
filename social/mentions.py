"""``@username`` mentions in a comment's text, and who of them may be told."""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q

from social.models import Block
from social.targets import Kind, readable_target

MAX_MENTIONS = 10
# A username (letters, digits and . + - _) after an "@" that does not follow a word character.
MENTION = re.compile(r"(?<![\w@])@([\w.+-]+)")


def mentioned(text: str) -> list[str]:
    """The distinct usernames ``text`` mentions, in order (a sentence's final dot is not part of
    one); more than MAX_MENTIONS is a ValidationError on ``text``."""
    names = list(dict.fromkeys(match.rstrip(".") for match in MENTION.findall(text)))
    if len(names) > MAX_MENTIONS:
        raise ValidationError({"text": [f"A comment mentions at most {MAX_MENTIONS} users."]})
    return [name for name in names if name]


def recipients(*, author_id, usernames: list[str], kind: Kind, target_id) -> list:
    """The users of ``usernames`` to tell of a mention by ``author_id``: not the author, no block
    either way with the author, and only those who may read the target themselves."""
    blocks = Block.objects.filter(Q(blocker_id=author_id) | Q(blocked_id=author_id))
    users = (
        get_user_model()
        .objects.filter(username__in=usernames, is_active=True)
        .exclude(pk=author_id)
        .exclude(pk__in=blocks.values("blocked_id"))
        .exclude(pk__in=blocks.values("blocker_id"))
    )
    return [
        user for user in users if readable_target(viewer=user, kind=kind, target_id=target_id) is not None
    ]
