"""Settings that must not reach production: the development SECRET_KEY, the console mailer."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_KEY_PREFIX = "django-insecure-"


def _development_key_in_production() -> bool:
    return not settings.DEBUG and settings.SECRET_KEY.startswith(DEVELOPMENT_KEY_PREFIX)


@register(Tags.security, deploy=True)
def secret_key_check(app_configs, **kwargs) -> list[Error]:
    """``check --deploy``: the development SECRET_KEY with DEBUG off is an error."""
    if not _development_key_in_production():
        return []
    return [
        Error(
            "SECRET_KEY is the development key while DEBUG is off: tokens and reset links can be forged.",
            hint="Set SECRET_KEY to a long random value.",
            id="moviverse.E001",
        )
    ]


@register(Tags.security, deploy=True)
def console_email_check(app_configs, **kwargs) -> list[Warning]:
    """``check --deploy``: with DEBUG off, the console mailer would print reset links to the logs."""
    if settings.DEBUG or settings.EMAIL_BACKEND != "django.core.mail.backends.console.EmailBackend":
        return []
    return [
        Warning(
            "E-mails go to the console with DEBUG off: password reset links would be printed in the logs.",
            hint="Set EMAIL_URL (e.g. smtp://user:pass@smtp.example.com:587).",
            id="moviverse.W001",
        )
    ]


def refuse_insecure_start() -> None:
    """Called by the web and worker entry points: refuse to serve on the development key."""
    if _development_key_in_production():
        raise ImproperlyConfigured(
            "SECRET_KEY is the development key while DEBUG is off; set SECRET_KEY (or DEBUG=True locally)."
        )
