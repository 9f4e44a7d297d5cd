"""Recording admin operations (audit.models.AdminAction) with the user who asked for them.

The acting user is the request's: the signed-in session user (the Django admin site) or the user
of the Bearer token once it is authenticated (accounts.authentication binds it). Outside a
request (a worker, a management command) there is none.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from audit.models import AdminAction

_actor: ContextVar[Callable[[], object] | None] = ContextVar("admin_actor", default=None)


def actor_bind(user) -> None:
    """Name ``user`` as the actor of what this request records from here on."""
    _actor.set(lambda: user)


@contextmanager
def actor_scope(actor: Callable[[], object]) -> Iterator[None]:
    """Within the block, ``actor()`` names the actor, and whatever binds one in it is forgotten after."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


class ActorMiddleware:
    """Each request starts with its session user as actor, and leaves nothing behind for the next."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with actor_scope(lambda: getattr(request, "user", None)):
            return self.get_response(request)


def _current_actor():
    user = (_actor.get() or (lambda: None))()
    return user if getattr(user, "is_authenticated", False) else None


def admin_action_record(*, kind: str, action: str, target: str, detail: str = "") -> AdminAction:
    """Store one admin operation of ``kind`` (AdminAction.Kind) by the current actor."""
    return AdminAction.objects.create(
        actor=_current_actor(), kind=kind, action=action, target=target[:200], detail=detail
    )
