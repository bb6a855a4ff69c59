"""Celery tasks of the monitoring app: thin — take ids, load, call a service."""

import datetime

from celery import shared_task

from schools.models import ProjectYear
from schools.permissions import current_year

from .models import Report
from .services import indicators, planning, readmodel, reminders, reports


@shared_task(acks_late=True)
def reminders_send(day: str | None = None) -> dict:
    """The daily reminder and escalation pass (idempotent: SentReminder rows are unique).

    `day` (ISO date) lets a retried run keep the day it was scheduled for.
    """
    result = reminders.reminders_run(today=datetime.date.fromisoformat(day) if day else None)
    return {"reminders": result.reminders, "escalations": result.escalations}


@shared_task(acks_late=True)
def indicator_snapshots_record() -> int:
    year = current_year()
    return indicators.snapshots_record(year=year) if year else 0


@shared_task(acks_late=True)
def plan_monitoring_record() -> int:
    year = current_year()
    return planning.plan_monitoring_record(year=year) if year else 0


@shared_task(acks_late=True)
def report_build(report_id: int) -> str:
    report = (
        Report.objects.select_related("year", "school__municipality__region", "region").filter(pk=report_id).first()
    )
    if report is None:
        return "missing"
    return reports.report_build(report=report).status


@shared_task(acks_late=True)
def indicator_states_refresh(school_ids: list[int], deferred: bool = False) -> int:
    """Refreshes the dashboards' read model for these schools (answers counted, or an import's schools)."""
    if deferred:
        readmodel.deferred_done(school_ids)
    return readmodel.indicator_states_refresh(school_ids=school_ids)


@shared_task(acks_late=True)
def indicator_states_rebuild(year_id: int | None = None) -> int:
    """Recomputes the read model of a year (the current one by default) from the live indicators."""
    year = ProjectYear.objects.filter(pk=year_id).first() if year_id else current_year()
    return readmodel.indicator_states_rebuild(year=year) if year else 0
