"""The user: UUID primary key, e-mail as the login name."""

import uuid
import zoneinfo

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from accounts.usernames import key_is_current, username_key, validate_username


class EmailUserManager(UserManager):
    """Creates users from an e-mail address (normalized to lower case)."""

    def _create_user(self, username, email, password, **extra_fields):
        email = self.normalize_email(email).lower()
        return super()._create_user(username, email, password, **extra_fields)

    def create_user(self, email=None, password=None, username=None, **extra_fields):
        return super().create_user(username or email, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, username=None, **extra_fields):
        return super().create_superuser(username or email, email, password, **extra_fields)


def validate_time_zone(name: str) -> None:
    """Refuse a name that is not an IANA time zone (e.g. "Asia/Tokyo", "UTC")."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValidationError(f"“{name}” is not an IANA time zone name, such as Europe/Paris.") from None


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField("email address", max_length=254, unique=True)
    avatar_url = models.URLField(max_length=500, blank=True)
    locale = models.CharField(max_length=16, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    # Where the user's dates are read: a diary play at a given instant lands on its date here.
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    # The username's identity (accounts/usernames.py): names that only look alike share it.
    username_key = models.CharField(max_length=150, unique=True, editable=False)
    # Tokens carry the value current when they were issued; raising it retires every access
    # and refresh token of the user at once (password reset or change).
    token_version = models.PositiveIntegerField(default=0, editable=False)
    # Token families ended by logout or a refresh-token replay: family id -> when (accounts/tokens.py).
    revoked_token_families = models.JSONField(default=dict, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    objects = EmailUserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        """Refuse a new or changed username that mixes look-alike scripts or looks like another's."""
        super().clean()
        if not self.username or len(self.username) > self._meta.get_field("username").max_length:
            return  # clean_fields reports it
        if not self._state.adding and key_is_current(self.username, self.username_key):
            return
        key = username_key(self.username)
        others = type(self)._default_manager.filter(username_key=key).exclude(pk=self.pk)
        validate_username(self.username, taken=others.exists())

    def save(self, *args, **kwargs) -> None:
        """Save, deriving ``username_key`` from a username that changed (every path: API, admin,
        ``createsuperuser``). A password set on an existing user (API, admin, ``changepassword``)
        also retires every token issued before it. A hash upgrade at login is not a change:
        Django clears ``_password`` before saving one."""
        if self._password is not None and not self._state.adding:
            self.token_version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "token_version"}
        update_fields = kwargs.get("update_fields")
        loaded = "username" in self.__dict__ and (update_fields is None or "username" in update_fields)
        if loaded and not key_is_current(self.username, self.username_key):
            self.username_key = username_key(self.username)
            if update_fields is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "username_key"}
        super().save(*args, **kwargs)
