"""Writes about organisation and people, by concern; guardian permissions are granted only in `grants`.

Callers use `schools.services.<name>`: every public service of the package's modules is re-exported here."""

from .imports import (
    IMPORT_SYNC_CHECK_BYTES,
    import_job_check,
    import_job_confirm,
    import_job_create,
    import_job_execute,
)
from .participation import participations_end, programme_add, programme_remove
from .people import (
    municipal_coordinator_appoint,
    municipal_coordinator_remove,
    roles_assign_bulk,
    user_invite,
    users_invite_on_commit,
)
from .staff import (
    curator_assign,
    curator_assign_bulk,
    curator_unassign,
    staff_attach,
    staff_attach_bulk,
    staff_detach,
)

__all__ = [
    "IMPORT_SYNC_CHECK_BYTES",
    "curator_assign",
    "curator_assign_bulk",
    "curator_unassign",
    "import_job_check",
    "import_job_confirm",
    "import_job_create",
    "import_job_execute",
    "municipal_coordinator_appoint",
    "municipal_coordinator_remove",
    "participations_end",
    "programme_add",
    "programme_remove",
    "roles_assign_bulk",
    "staff_attach",
    "staff_attach_bulk",
    "staff_detach",
    "user_invite",
    "users_invite_on_commit",
]
