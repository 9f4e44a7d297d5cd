"""Account writes: registration, login, logout, password reset."""

from dataclasses import dataclass

from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from accounts.models import validate_time_zone
from accounts.tasks import send_email
from accounts.tokens import TokenPair, token_pair_for
from accounts.usernames import SIMILAR_USERNAME
from common.exceptions import AuthenticationFailed, TooManyAttempts
from common.queue import enqueue

User = get_user_model()

INVALID_RESET_LINK = "The reset link is invalid or has expired."
DUPLICATE_EMAIL = "A user with this e-mail already exists."
RESET_REQUESTED = "If an account uses this address, a reset link is on its way."
RESET_DONE = "Password has been reset; sign in again."


@dataclass(frozen=True)
class SignedIn:
    """A user just signed in (by registering or logging in) and the token pair issued to them."""

    user: User
    tokens: TokenPair


def normalize_email(email: str) -> str:
    """Lower-case and strip an e-mail address: e-mail identity is case-insensitive."""
    return (email or "").strip().lower()


def _lookup_email(email: str) -> str | None:
    """The normalized address to look a user up by, or None when it cannot be an address."""
    email = normalize_email(email)
    try:
        validate_email(email)
    except ValidationError:
        return None
    return email


@transaction.atomic
def user_register(*, email: str, username: str, password: str) -> User:
    """Create an active user; raises ValidationError with field errors on bad input.

    A username is refused when it looks like another user's or mixes look-alike scripts
    (``User.clean``, accounts/usernames.py).
    """
    user = User(email=normalize_email(email), username=(username or "").strip())
    errors: dict[str, list[str]] = {}
    try:
        user.full_clean(
            exclude=["password", "username_key"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if "email" not in errors and User.objects.filter(email__iexact=user.email).exists():
        errors["email"] = [DUPLICATE_EMAIL]
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent registration took the address or the name
        if User.objects.filter(username_key=user.username_key).exists():
            raise ValidationError({"username": [SIMILAR_USERNAME]}) from exc
        raise ValidationError({"email": [DUPLICATE_EMAIL]}) from exc
    return user


@transaction.atomic
def user_sign_up(*, email: str, username: str, password: str) -> SignedIn:
    """Register a user (``user_register``) and sign them in: the new user and a first token pair.

    Bad input raises ValidationError and creates nothing.
    """
    user = user_register(email=email, username=username, password=password)
    return SignedIn(user=user, tokens=token_pair_for(user))


def user_login(*, email: str, password: str, request: HttpRequest) -> SignedIn:
    """Check credentials; the user and a new token pair.

    Raises AuthenticationFailed, or TooManyAttempts once the lockout (django-axes,
    keyed by e-mail and client IP) has tripped; ``request`` identifies the client.
    """
    address = _lookup_email(email)
    if address is None:
        raise AuthenticationFailed("Invalid e-mail or password.")
    user = authenticate(request, email=address, password=password or "")
    if getattr(request, "axes_locked_out", False):
        raise TooManyAttempts()
    if user is None:
        raise AuthenticationFailed("Invalid e-mail or password.")
    # Django's login signal: updates last_login and resets the lockout counter.
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return SignedIn(user=user, tokens=token_pair_for(user))


def password_reset_request(*, email: str) -> None:
    """E-mail a reset link when an active user has this address; silent otherwise.

    The request does the same work whether or not the account exists (it only queues the
    address); the worker looks the user up, so neither the answer nor its timing tells.
    """
    address = _lookup_email(email)
    if address is None:
        return
    transaction.on_commit(lambda: enqueue(send_email, to=address, template="password_reset"))


@transaction.atomic
def password_reset_confirm(*, uid: str, token: str, new_password: str) -> User:
    """Set a new password from a reset link; the link then stops working and all sessions end."""
    try:
        pk = force_str(urlsafe_base64_decode(uid or ""))
        user = User.objects.select_for_update().get(pk=pk, is_active=True)
    except (ValueError, TypeError, OverflowError, ValidationError, User.DoesNotExist) as exc:
        raise ValidationError({"token": [INVALID_RESET_LINK]}) from exc
    if not default_token_generator.check_token(user, token or ""):
        raise ValidationError({"token": [INVALID_RESET_LINK]})
    try:
        validate_password(new_password, user=user)
    except ValidationError as exc:
        raise ValidationError({"new_password": list(exc.messages)}) from exc
    user.set_password(new_password)
    user.save(update_fields=["password"])  # the model retires every token issued before it
    return user


def user_profile_update(*, user, time_zone: str | None = None) -> User:
    """Change the signed-in user's own settings (None keeps a value): their IANA time zone.

    A name that is no IANA time zone is a ValidationError on ``time_zone``.
    """
    if time_zone is not None:
        try:
            validate_time_zone(time_zone)
        except ValidationError as error:
            raise ValidationError({"time_zone": error.messages}) from None
        user.time_zone = time_zone
        user.save(update_fields=["time_zone"])
    return user
