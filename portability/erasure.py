"""Erasing a deleted account's data (the job portability.tasks.account_erase runs)."""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from engagement.models import Review
from recsys.models import RecommendationBatch
from recsys.services import user_recommendations_invalidate
from social.models import Comment

User = get_user_model()

PLACEHOLDER_PREFIX = "deleted-"


def _placeholder() -> User:
    """A new inactive account with no personal data and no usable password: the author shown for
    a deleted user's kept reviews and comments. One per deletion, so kept reviews never collide on a movie."""
    tag = secrets.token_hex(8)
    placeholder = User(username=f"{PLACEHOLDER_PREFIX}{tag}", email=f"{tag}@deleted.invalid", is_active=False)
    placeholder.set_unusable_password()
    placeholder.save()
    return placeholder


@transaction.atomic
def account_erase_now(*, user_id: str, keep_reviews: bool) -> None:
    """Erase a deleted account: its reviews and comments moved to an anonymized placeholder when kept, its
    precomputed lists, cached answers, issued refresh tokens and place in scoring batches dropped,
    then the user row deleted, which removes every row that references it (imports with their
    stored files included; other users' notifications naming them, notifications/follows.py).

    Safe to run again: an account already erased (or still active) is left alone, and a run that
    fails midway rolls back whole, so its retry does everything.
    """
    account = User.objects.select_for_update().filter(pk=user_id, is_active=False).first()
    if account is None:
        return
    if keep_reviews:
        _reviews_and_comments_keep(account.pk)
    user_recommendations_invalidate(user_id=account.pk)
    _scoring_batches_forget(account.pk)
    # simplejwt keeps issued refresh tokens (whose payload names the user) with the user set NULL.
    OutstandingToken.objects.filter(user_id=account.pk).delete()
    account.delete()


def _reviews_and_comments_keep(user_id) -> None:
    """Move the user's reviews and comments to an anonymized placeholder (made only when there are any)."""
    reviews = Review.objects.filter(user_id=user_id)
    comments = Comment.objects.filter(author_id=user_id)
    if reviews.exists() or comments.exists():
        placeholder = _placeholder()
        reviews.update(user=placeholder)
        comments.update(author=placeholder)


def _scoring_batches_forget(user_id) -> None:
    """Take the user out of the recommendation runs' batches (a batch lists the user ids it scores)."""
    named = RecommendationBatch.objects.annotate(text=Cast("user_ids", TextField())).filter(
        text__contains=str(user_id)
    )
    for batch in named.select_for_update():
        batch.user_ids = [each for each in batch.user_ids if str(each) != str(user_id)]
        batch.save(update_fields=["user_ids"])
