"""How social hears of engagement writes: each records its activity once the write has committed."""

from functools import partial

from django.db import transaction

from social import activity


def review_saved(instance, **_) -> None:
    transaction.on_commit(partial(activity.record_review, instance.pk))


def play_saved(instance, **_) -> None:
    transaction.on_commit(partial(activity.record_play, instance.pk))


def list_saved(instance, created: bool = False, **_) -> None:
    if created:
        transaction.on_commit(partial(activity.record_list_created, instance.pk))


def entry_saved(instance, created: bool = False, **_) -> None:
    if created:
        transaction.on_commit(partial(activity.record_entry_added, instance.pk))
