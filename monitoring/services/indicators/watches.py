"""The rows each indicator reads, so the dashboards' read model knows which schools a write makes stale."""

from curators.models import Event, EventInvite, Visit
from roadmaps.models import Document
from schools.models import CuratorAssignment, Participation, School, SchoolStaff, User
from surveys.models import Response, RiskActivation, RiskProfile, SchoolHeadcount

from ...models import MonitoringReport

# What each source reads: (model, path from a row to its school). A saved or deleted row marks that school's
# read model stale (`services/readmodel.py`); "school_id" is read off the row, any other path is a lookup.
# An indicator added to SOURCES must be listed here too (a test checks it).
WATCHES: dict[str, tuple[tuple[type, str], ...]] = {
    "logins": ((SchoolStaff, "school_id"), (User, "school_posts__school")),
    "directors": ((Response, "school_id"),),
    "questionnaires": ((Response, "school_id"), (SchoolHeadcount, "school_id")),
    "curators": ((CuratorAssignment, "school_id"),),
    "seminar": ((EventInvite, "school_id"), (Event, "invites__school")),
    "visited": ((Visit, "school_id"),),
    "risks": ((RiskActivation, "school_id"),),
    "profiles": ((RiskProfile, "school_id"),),
    "roadmaps_placed": ((Document, "school_id"),),
    "concept_docs": ((Document, "school_id"), (RiskActivation, "school_id")),
    "monitoring_1": ((MonitoringReport, "school_id"),),
    "monitoring_2": ((MonitoringReport, "school_id"),),
}
# Every indicator also depends on who takes part, and where the school is.
WATCHES_ALWAYS: tuple[tuple[type, str], ...] = ((Participation, "school_id"), (School, "pk"))
