"""Two-factor authentication (allauth TOTP): who must have it, and whether they do."""

from allauth.mfa.models import Authenticator
from django.conf import settings

from . import permissions


def mfa_required(user) -> bool:
    """Coordinators (federal, regional, municipal) and administrators must protect their accounts with TOTP."""
    if not getattr(settings, "MFA_REQUIRED_FOR_COORDINATORS", True) or not user.is_authenticated:
        return False
    scope = permissions.scope_for(user)
    return scope.is_admin or scope.is_coordinator


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def totp_activate(*, user, secret: str | None = None) -> Authenticator:
    """Gives a user a TOTP authenticator without the browser flow (tests, the demo, support scripts);
    a user who already has one keeps it."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return existing
    return TOTP.activate(user, secret or generate_totp_secret()).instance


def totp_remove(*, user) -> None:
    """Takes a user's TOTP authenticator and recovery codes away (support scripts, tests)."""
    Authenticator.objects.filter(user=user).delete()
