from .planning import MunicipalMeasure, MunicipalPlan, PlanEvent, PlanMonitoring, RegionalPlan  # noqa: F401
from .readmodel import AreaIndicators, SchoolIndicators  # noqa: F401
from .reports import Report  # noqa: F401
from .school_reports import SchoolReport, SchoolReportEvent  # noqa: F401
from .snapshots import IndicatorSnapshot  # noqa: F401
from .stages import Difficulty, Evidence, IndicatorValue, MeasureStatus, MonitoringReport, ReportReview  # noqa: F401
