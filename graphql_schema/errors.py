"""Which errors clients may read: ours and GraphQL's; everything unexpected is masked."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from graphql import GraphQLError

from common.exceptions import DomainError

SAFE_ERRORS = (DomainError, ValidationError, PermissionDenied, ObjectDoesNotExist, GraphQLError)


def should_mask_error(error: GraphQLError) -> bool:
    """Mask an error unless it is a GraphQL error or one of the domain's own."""
    original = error.original_error
    return original is not None and not isinstance(original, SAFE_ERRORS)
