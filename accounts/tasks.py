"""Account background jobs."""

from collections.abc import Callable

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

RESET_SUBJECT = "Reset your MoviVerse password"


def _password_reset(address: str) -> tuple[str, str, str] | None:
    """(recipient, subject, body) of a reset link for the active user with this address, if any."""
    user = get_user_model().objects.filter(email__iexact=address, is_active=True).first()
    if user is None or not user.has_usable_password():
        return None
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = settings.PASSWORD_RESET_URL.format(uid=uid, token=default_token_generator.make_token(user))
    body = f"Use this link to choose a new password (valid for one hour):\n\n{link}\n"
    return user.email, RESET_SUBJECT, body


# The messages send_email composes, by template name.
TEMPLATES: dict[str, Callable[[str], tuple[str, str, str] | None]] = {"password_reset": _password_reset}


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(*, to: str, template: str) -> None:
    """Compose the ``template`` e-mail for the address ``to`` and send it (nothing when it has no reader).

    The message is made here, in the worker: the request queues every well-formed address
    alike, and no secret (a reset token) travels through the broker or lands in the stored
    results of failed tasks.
    """
    message = TEMPLATES[template](to)
    if message is not None:
        recipient, subject, body = message
        send_mail(subject, body, None, [recipient])
