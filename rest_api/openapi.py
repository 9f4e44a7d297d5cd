"""OpenAPI description of the project's own authentication class (drf-spectacular extension)."""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme


class VersionedJWTScheme(SimpleJWTScheme):
    """The Bearer JWT scheme, as for simplejwt's class: the token version is not visible to clients."""

    target_class = "accounts.authentication.VersionedJWTAuthentication"
