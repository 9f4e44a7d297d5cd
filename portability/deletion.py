"""Account deletion: the owner confirms their password, is signed out everywhere at once, and a
job then erases every row of theirs (portability.erasure).

What the request does, in one transaction: the account is deactivated (it can no longer sign
in), its ``token_version`` is raised (every access and refresh token is refused from the next
request on both surfaces; the saved row replaces the cached one, accounts/user_cache.py), an
audit entry records that the account was deleted (its id, nothing of its content), and the
erasing job is queued once the transaction commits.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import AdminAction
from audit.recording import admin_action_record
from common.queue import enqueue
from portability.tasks import account_erase

User = get_user_model()

WRONG_PASSWORD = "The password is not correct."  # noqa: S105 (a message, not a secret)
DELETION_STARTED = "Your account is deleted: you are signed out everywhere and your data is being erased."


@transaction.atomic
def account_delete(*, user, password: str, keep_reviews: bool) -> None:
    """Delete ``user``'s account after checking ``password`` (a wrong one is a ValidationError on
    ``password`` and changes nothing). With ``keep_reviews`` their reviews stay, anonymized."""
    account = User.objects.select_for_update().get(pk=user.pk)
    if not account.check_password(password or ""):
        raise ValidationError({"password": [WRONG_PASSWORD]})
    account.is_active = False
    account.token_version += 1
    account.save(update_fields=["is_active", "token_version"])
    admin_action_record(kind=AdminAction.Kind.ACCOUNT, action="delete", target=f"user {account.pk}")
    user_id = str(account.pk)
    transaction.on_commit(lambda: enqueue(account_erase, user_id=user_id, keep_reviews=keep_reviews))
