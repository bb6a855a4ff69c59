"""What the schools app announces to the apps above it; the audit trail listens.

schools is the ground floor: it never imports the apps built on it, so it tells them through this signal.
"""

from django.dispatch import Signal

# Sent with the keyword arguments of `audit.services.record` (actor, action, obj, details, region_id, …),
# synchronously: the audit record joins the sender's transaction.
action_recorded = Signal()


def announce(**event) -> None:
    action_recorded.send(sender=None, **event)
