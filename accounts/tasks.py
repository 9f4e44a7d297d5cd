"""Account background jobs."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

RESET_SUBJECT = "Reset your MoviVerse password"


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(*, to: str, subject: str, body: str) -> None:
    """Send one plain-text e-mail (notifications)."""
    send_mail(subject, body, None, [to])


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_password_reset(*, email: str) -> None:
    """E-mail a reset link to the active user with this address, if there is one.

    The lookup and the token are made here, in the worker: the request queues every
    well-formed address alike, and no secret travels through the broker or lands in the
    stored results of failed tasks.
    """
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = settings.PASSWORD_RESET_URL.format(uid=uid, token=default_token_generator.make_token(user))
    body = f"Use this link to choose a new password (valid for one hour):\n\n{link}\n"
    send_mail(RESET_SUBJECT, body, None, [user.email])
