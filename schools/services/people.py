"""Accounts and coordinator roles: invitations after the commit, roles in bulk, municipal coordinators."""

from django.core.exceptions import ValidationError
from django.db import transaction

from medk.lib import queue

from .. import invitations, signals, tasks
from ..models import (
    ImportJob,
    Municipality,
    ProjectYear,
    RoleAssignment,
    User,
)


def user_invite(*, user: User) -> None:
    """E-mails a new user a link to set their password (allauth's reset-from-key page)."""
    invitations.user_invite(user=user)


def users_invite_on_commit(*, users: list[User], job: ImportJob | None = None) -> None:
    """Invitations go out only once the accounts are really committed, in one task (batches over one mail
    connection), so an import never waits on e-mail; the job counts them for its page."""
    ids = sorted({u.pk for u in users})
    if not ids:
        return
    if job is not None:
        ImportJob.objects.filter(pk=job.pk).update(invites_total=len(ids), invites_sent=0)
    queue.enqueue_on_commit(tasks.users_invite, ids, job.pk if job else None)


def roles_assign_bulk(*, roles: list[RoleAssignment]) -> int:
    """Coordinator roles (scoped by region/municipality, so no object permissions); existing ones are kept.
    Each role really added is recorded in the audit trail per person (bulk inserts send no signals)."""

    def key(r: RoleAssignment) -> tuple:
        return (r.user_id, r.kind, r.year_id, r.region_id, r.municipality_id)

    existing = set(
        RoleAssignment.objects.filter(
            user_id__in={r.user_id for r in roles}, year_id__in={r.year_id for r in roles}
        ).values_list("user_id", "kind", "year_id", "region_id", "municipality_id")
    )
    new = []
    for role in roles:
        if key(role) not in existing:
            existing.add(key(role))
            new.append(role)
    RoleAssignment.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    signals.announce_role_grants(new)
    return len(new)


@transaction.atomic
def municipal_coordinator_appoint(
    *,
    municipality: Municipality,
    year: ProjectYear,
    email: str,
    last_name: str = "",
    first_name: str = "",
    middle_name: str = "",
) -> RoleAssignment:
    """A municipal coordinator for a year: an existing user by e-mail, or a new one who gets an invitation."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        if not last_name.strip():
            raise ValidationError(
                "Пользователя с таким e-mail нет: укажите фамилию и имя, чтобы создать учётную запись."
            )
        user = User.objects.create_user(
            email, last_name=last_name.strip(), first_name=first_name.strip(), middle_name=middle_name.strip()
        )
        users_invite_on_commit(users=[user])
    elif not user.is_active:
        raise ValidationError("Учётная запись этого пользователя отключена.")
    role, _ = RoleAssignment.objects.get_or_create(
        user=user,
        kind=RoleAssignment.Kind.MUNICIPAL,
        year=year,
        region=municipality.region,
        municipality=municipality,
    )
    return role


def municipal_coordinator_remove(*, role: RoleAssignment) -> None:
    """Takes the role away (the person and everything they did stay; the audit trail records the removal)."""
    if role.kind != RoleAssignment.Kind.MUNICIPAL:
        raise ValidationError("Здесь снимаются только муниципальные координаторы.")
    role.delete()
