"""What each status change of a monitoring document does besides the change: the audit event and the notice."""

from audit import services as audit
from curators import notify
from schools.models import User


def audit_state(obj, *, by: User, to: str, reason: str = "", region_id: int | None = None, **extra) -> None:
    """Called before the status changes, so `from` is the status being left. A school's document carries its
    school; a region's (a plan-graph) carries `region_id` instead."""
    audit.record(
        actor=by,
        action="state_change",
        obj=obj,
        school=None if region_id else obj.school,
        region_id=region_id,
        details={"from": obj.status, "to": str(to), "reason": reason, **extra},
    )


def tell(report, users, kind: str, *, subject: str, what: str, url_name: str, pk: int) -> None:
    """Notifies `users` about a school's document: «subject: school — what», linking to its page."""
    notify.send(
        users=users,
        kind=kind,
        title=f"{subject}: {report.school.short_name} — {what}",
        url_name=url_name,
        pk=pk,
        school=report.school,
    )
