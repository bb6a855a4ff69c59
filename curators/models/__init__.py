from .consultations import FaqEntry, Message, MessageAttachment, Thread  # noqa: F401
from .contracts import AppointmentPolicy, CuratorContract  # noqa: F401
from .events import Event, EventInvite, EventParticipant  # noqa: F401
from .visits import (  # noqa: F401
    EvaluationCriterion,
    PlannedVisit,
    Visit,
    VisitAction,
    VisitAttachment,
    VisitEvaluation,
    VisitRule,
)
