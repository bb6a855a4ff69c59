"""Events that happen outside our services: logins, failed logins, two-factor changes, and every change of
a school permission or coordinator role, however it was made (service, admin, shell)."""

from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from schools import signals as school_signals
from schools.models import (
    CuratorAssignment,
    RoleAssignment,
    School,
    SchoolStaff,
    SchoolUserObjectPermission,
    User,
)

from . import services


def home_region_id(user) -> int | None:
    """The region a person works in (their coordinator role, school post or curated school), so that the
    regional coordinator sees their logins; None for federal staff and people without a post."""
    for region_id, municipality_region_id in RoleAssignment.objects.filter(user=user).values_list(
        "region_id", "municipality__region_id"
    ):
        if region_id or municipality_region_id:
            return region_id or municipality_region_id
    school_region = (
        SchoolStaff.objects.filter(user=user).values_list("school__municipality__region_id", flat=True).first()
        or CuratorAssignment.objects.filter(curator=user)
        .order_by("-year__year")
        .values_list("school__municipality__region_id", flat=True)
        .first()
    )
    return school_region


@receiver(auth_signals.user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    services.record(actor=user, action="login", request=request, region_id=home_region_id(user))


@receiver(auth_signals.user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        services.record(actor=user, action="logout", request=request, region_id=home_region_id(user))


@receiver(auth_signals.user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    login = str(credentials.get("email") or credentials.get("username") or credentials.get("login") or "")[:254]
    # Attributed to the account whose e-mail was tried, so its owner's coordinators can see the attempts.
    known = User.objects.filter(email__iexact=login).first() if login else None
    services.record(
        actor=known,
        action="login_failed",
        details={"login": login},
        request=request,
        region_id=home_region_id(known) if known else None,
    )


@receiver(mfa_signals.authenticator_added, dispatch_uid="audit_mfa_added")
def _mfa_added(sender, request, user, authenticator, **kwargs):
    services.record(actor=user, action="mfa_enabled", details={"type": authenticator.type}, request=request)


@receiver(mfa_signals.authentication_failed, dispatch_uid="audit_mfa_failed")
def _mfa_failed(sender, request, user, authenticator, reauthentication=False, **kwargs):
    # A wrong TOTP or recovery code: the password was right, so this is worth a coordinator's attention.
    services.record(
        actor=user,
        action="mfa_failed",
        details={"type": authenticator.type, **({"reauthentication": True} if reauthentication else {})},
        request=request,
        region_id=home_region_id(user),
    )


@receiver(mfa_signals.authenticator_removed, dispatch_uid="audit_mfa_removed")
def _mfa_removed(sender, request, user, authenticator, **kwargs):
    services.record(actor=user, action="mfa_disabled", details={"type": authenticator.type}, request=request)


_safe = services._safe


def _perm_details(row: SchoolUserObjectPermission) -> dict:
    return {
        "user": _safe(lambda: row.user.email, str(row.user_id)),
        "permission": _safe(lambda: row.permission.codename, str(row.permission_id)),
    }


@receiver(post_save, sender=SchoolUserObjectPermission, dispatch_uid="audit_perm_grant")
def _perm_granted(sender, instance, created, **kwargs):
    if created:
        school = _safe(lambda: instance.content_object, None)
        services.record(action="permission_grant", obj=school, details=_perm_details(instance))


@receiver(post_delete, sender=SchoolUserObjectPermission, dispatch_uid="audit_perm_revoke")
def _perm_revoked(sender, instance, **kwargs):
    school = _safe(lambda: School.objects.filter(pk=instance.content_object_id).first(), None)
    details = _perm_details(instance) | {"school_id": instance.content_object_id}
    services.record(action="permission_revoke", obj=school, details=details)


_role_details = services.role_details
_role_region = services.role_region_id


@receiver(post_save, sender=RoleAssignment, dispatch_uid="audit_role_grant")
def _role_granted(sender, instance, created, **kwargs):
    if created:
        services.record(
            action="role_grant", details=_role_details(instance), region_id=_role_region(instance), obj=instance
        )


@receiver(post_delete, sender=RoleAssignment, dispatch_uid="audit_role_revoke")
def _role_revoked(sender, instance, **kwargs):
    services.record(
        action="role_revoke",
        details=_role_details(instance) | {"role_id": instance.pk},
        region_id=_role_region(instance),
    )


# --- What the schools app announces (it sits below audit and never imports it) ------------------------


@receiver(school_signals.action_recorded, dispatch_uid="audit_schools_actions")
def _school_action(sender, **event):
    event.pop("signal", None)
    services.record(**event)


@receiver(school_signals.actions_recorded, dispatch_uid="audit_schools_bulk_actions")
def _school_actions(sender, actor, action, items, **kwargs):
    services.record_many(actor=actor, action=action, items=items)


@receiver(school_signals.permissions_granted, dispatch_uid="audit_bulk_permission_grants")
def _bulk_permissions(sender, grants, **kwargs):
    services.record_permission_grants(grants=grants)


@receiver(school_signals.roles_granted, dispatch_uid="audit_bulk_role_grants")
def _bulk_roles(sender, roles, **kwargs):
    services.record_role_grants(roles=roles)
