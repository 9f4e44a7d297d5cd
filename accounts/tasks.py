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
def send_password_reset(*, user_id: str) -> None:
    """E-mail a reset link to an active user.

    The token is made here, in the worker, so no secret travels through the broker
    or lands in the stored results of failed tasks.
    """
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = settings.PASSWORD_RESET_URL.format(uid=uid, token=default_token_generator.make_token(user))
    body = f"Use this link to choose a new password (valid for one hour):\n\n{link}\n"
    send_mail(RESET_SUBJECT, body, None, [user.email])
