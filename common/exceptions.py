"""Domain errors that both transports translate (REST status codes, GraphQL messages).

Validation, permission and not-found cases use Django's own exceptions
(ValidationError, PermissionDenied, ObjectDoesNotExist); these cover the rest.
"""

from django.core.exceptions import PermissionDenied, ValidationError


class DomainError(Exception):
    """Base class: the message is safe to show to API clients."""

    default_message = "The request could not be completed."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class AuthenticationFailed(DomainError, PermissionDenied):
    """Credentials or a token were wrong, expired or revoked (REST 401, GraphQL PERMISSION)."""

    default_message = "Invalid credentials."


class UpstreamUnavailable(DomainError):
    """An upstream service failed and nothing local can answer (REST 503)."""

    default_message = "The movie data service is unavailable; try again later."


class QueueUnavailable(UpstreamUnavailable):
    """The task broker is unreachable and the job is too heavy to run in the request (REST 503)."""

    default_message = "The job queue is unavailable, so the job was not started; try again later."


class RequestTimedOut(DomainError):
    """A database statement ran past its time limit and was cancelled (REST 503, GraphQL TIMEOUT)."""

    default_message = "The request took longer than allowed and was stopped; try a narrower request."


class ResyncRequired(DomainError):
    """A delta sync asked for changes older than the tombstones kept (REST 410, GraphQL RESYNC_REQUIRED)."""

    default_message = "Changes that old are no longer kept; fetch the whole collection again."


class TooManyAttempts(DomainError, PermissionDenied):
    """Login locked after repeated failures (REST 429, GraphQL PERMISSION)."""

    default_message = "Too many failed sign-in attempts; try again later."


class Conflict(DomainError, ValidationError):
    """The request clashes with the data as it stands, e.g. deleting what others use (REST 409)."""

    default_message = "The request conflicts with the current data."
