"""What the schools app announces to the apps above it; the audit trail listens.

schools is the ground floor: it never imports the apps built on it, so it tells them through this signal.
"""

from django.dispatch import Signal

# Sent with the keyword arguments of `audit.services.record` (actor, action, obj, details, region_id, …),
# synchronously: the audit record joins the sender's transaction.
action_recorded = Signal()


def announce(**event) -> None:
    action_recorded.send(sender=None, **event)


# Many events of one action at once (`audit.services.record_many`: items of obj, school, details), in bulk.
actions_recorded = Signal()


def announce_many(*, actor, action: str, items: list[dict]) -> None:
    if items:
        actions_recorded.send(sender=None, actor=actor, action=action, items=items)


# Bulk grants from imports, one event per person in the audit trail (every change of rights is logged).
permissions_granted = Signal()  # grants: list of (user id, school id, codename)
roles_granted = Signal()  # roles: list of RoleAssignment


def announce_permission_grants(grants: list[tuple[int, int, str]]) -> None:
    if grants:
        permissions_granted.send(sender=None, grants=grants)


def announce_role_grants(roles: list) -> None:
    if roles:
        roles_granted.send(sender=None, roles=roles)


# Rows that control indicators read were written in bulk (no model signals): the dashboards' read model
# refreshes these schools after the commit.
schools_changed = Signal()  # school_ids: iterable of school ids


def announce_schools_changed(school_ids) -> None:
    school_ids = list(school_ids)
    if school_ids:
        schools_changed.send(sender=None, school_ids=school_ids)
