"""The page-size rule every list shares: one ``MAX_PAGE_SIZE`` setting for both API surfaces."""

from django.conf import settings
from django.core.exceptions import ValidationError


def validate_limit(limit: int) -> None:
    """Raise ValidationError (on ``limit``) unless 1 <= limit <= MAX_PAGE_SIZE."""
    if not 1 <= limit <= settings.MAX_PAGE_SIZE:
        raise ValidationError({"limit": [f"limit must be between 1 and {settings.MAX_PAGE_SIZE}."]})
