# One module per area; each helper area adds its import here.
from .calendar import IndicatorSnapshot, Milestone, RegionalMilestone  # noqa: F401
from .consultations import FaqEntry, Message, MessageAttachment, ReadState, Thread  # noqa: F401
from .contracts import AppointmentPolicy, CuratorContract  # noqa: F401
from .events import Event, EventInvite  # noqa: F401
from .notifications import Notification, NotificationPreference, SentReminder  # noqa: F401
from .planning import PlanEvent, PlanMonitoring, RegionalPlan  # noqa: F401
from .reports import Report  # noqa: F401
from .stages import Difficulty, Evidence, IndicatorValue, MeasureStatus, MonitoringReport, ReportReview  # noqa: F401
from .visits import (  # noqa: F401
    EvaluationCriterion,
    Visit,
    VisitAction,
    VisitAttachment,
    VisitEvaluation,
    VisitRule,
)
