"""Guardian object permissions on schools: granted and revoked only here, one by one or in bulk."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from guardian.shortcuts import assign_perm, remove_perm

from medk.lib import bulk

from .. import signals
from ..models import (
    CuratorAssignment,
    School,
    SchoolStaff,
    SchoolUserObjectPermission,
    User,
)


def grant(user: User, school: School, codenames) -> None:
    for codename in codenames:
        assign_perm(f"schools.{codename}", user, school)


def revoke(user: User, school: School, codenames) -> None:
    # A person may be both on the staff and the curator of a school: the view right stays while either holds.
    keeps_view = (
        SchoolStaff.objects.filter(user=user, school=school).exists()
        or CuratorAssignment.objects.filter(curator=user, school=school).exists()
    )
    for codename in codenames:
        if codename == "view_school" and keeps_view:
            continue
        remove_perm(f"schools.{codename}", user, school)


def permissions_of(codenames) -> dict[str, Permission]:
    content_type = ContentType.objects.get_for_model(School)
    return {p.codename: p for p in Permission.objects.filter(content_type=content_type, codename__in=codenames)}


def grant_bulk(pairs: list[tuple[int, int]], codenames) -> None:
    """(user_id, school_id) pairs get the object permissions, in one INSERT per batch; each grant that is
    really new is recorded in the audit trail per person (bulk inserts send no signals)."""
    if not pairs:
        return
    perms = permissions_of(codenames)
    wanted = {(user_id, school_id, codename) for user_id, school_id in pairs for codename in codenames}
    by_pk = {p.pk: codename for codename, p in perms.items()}
    existing = {
        (user_id, school_id, by_pk[perm_id])
        for user_id, school_id, perm_id in SchoolUserObjectPermission.objects.filter(
            user_id__in={u for u, _ in pairs},
            content_object_id__in={s for _, s in pairs},
            permission__in=perms.values(),
        ).values_list("user_id", "content_object_id", "permission_id")
    }
    new = sorted(wanted - existing)
    # Checked above in this transaction: COPY (a concurrent writer's duplicate fails the whole import).
    bulk.copy_rows(
        SchoolUserObjectPermission,
        ("user_id", "content_object_id", "permission_id"),
        [(user_id, school_id, perms[codename].pk) for user_id, school_id, codename in new],
    )
    signals.announce_permission_grants(new)


def revoke_bulk(pairs: list[tuple[int, int]], codenames) -> None:
    if not pairs:
        return
    perms = permissions_of(codenames)
    condition = Q()
    for user_id, school_id in pairs:
        condition |= Q(user_id=user_id, content_object_id=school_id)
    SchoolUserObjectPermission.objects.filter(condition, permission__in=perms.values()).delete()
