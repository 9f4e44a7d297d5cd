"""Each GraphQL operation's declared policy (api_policy.operations) applied to its root field.

``policy_extensions("search")`` gives the field its sign-in check and, outermost, its
throttle: a throttled field answers a GraphQL error with ``extensions {code: "THROTTLED",
retryAfter}`` instead of running. Whether an answer is kept in the payload cache and what
the operation weighs are read from the same entry (graphql_schema/response_cache.py,
graphql_schema/query_cost.py).
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from strawberry.exceptions import StrawberryGraphQLError
from strawberry.extensions import FieldExtension
from strawberry_django.permissions import IsAuthenticated

from api_policy.operations import declared
from api_policy.throttling import refusal
from graphql_schema.context import Info


def spend_or_refuse(request: HttpRequest, scope: str) -> None:
    """Spend one request of ``scope``; raise the THROTTLED error when refused."""
    refused = refusal(request, scope)
    if refused is not None:
        raise StrawberryGraphQLError(
            str(refused.detail), extensions={"code": "THROTTLED", "retryAfter": refused.wait}
        )


class Throttle(FieldExtension):
    """Spends one request of a throttle scope per resolved field."""

    def __init__(self, scope: str) -> None:
        self.scope = scope

    def resolve(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        spend_or_refuse(info.context.request, self.scope)
        return next_(source, info, **kwargs)


def policy_extensions(operation: str, *, quiet: bool = True) -> list[FieldExtension]:
    """Extensions enforcing ``operation``'s policy: sign-in, then (outermost, so first) its throttle.

    An anonymous caller of a sign-in operation gets a PERMISSION message from a mutation, null
    from an optional field (both marked ``@isAuthenticated`` in the schema), and with
    ``quiet=False`` a GraphQL error (the field's description says it needs a signed-in user).
    """
    policy = declared(operation)
    extensions: list[FieldExtension] = []
    if policy.sign_in is not None:
        extensions.append(IsAuthenticated(message=policy.sign_in, fail_silently=quiet, use_directives=quiet))
    if policy.throttle is not None:
        extensions.append(Throttle(policy.throttle))
    return extensions
