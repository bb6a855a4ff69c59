"""Writes about the school's report on its roadmap: the analysis, the curator's conclusion, sending it to the
municipality, the municipal coordinator's decision (accept, or return with a reason)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from curators import notify
from notifications.models import Kind
from schools.models import ProjectYear, RoleAssignment, School, User
from yearcalendar import services as calendar

from ..models import MonitoringReport, SchoolReport, SchoolReportEvent
from . import transitions

# The report goes to the municipality with the second monitoring stage (seed 002 step 16: «установлена динамика»).
DEADLINE_MILESTONE = "monitoring_2"
SCHOOL_REPORT_URL = "monitoring:school_report_detail"


def deadline(*, school: School, year: ProjectYear) -> datetime.date | None:
    """The region's own date for the report (its override of the federal calendar, if any)."""
    dates = calendar.milestone_dates(year=year, code=DEADLINE_MILESTONE, region=school.municipality.region_id)
    return dates.due_on if dates else None


def is_late(*, school: School, year: ProjectYear, today: datetime.date | None = None) -> bool:
    due = deadline(school=school, year=year)
    return due is not None and (today or timezone.localdate()) > due


def _locked(school: School, year: ProjectYear) -> SchoolReport:
    report, _ = SchoolReport.objects.get_or_create(school=school, year=year)
    return SchoolReport.objects.select_for_update().get(pk=report.pk)


def _require_editable(report: SchoolReport) -> None:
    if not report.is_editable:
        raise ValidationError(f"Отчёт {report.get_status_display()}: изменить его нельзя.")


@transaction.atomic
def school_report_save(*, school: School, year: ProjectYear, by: User, analysis: str) -> SchoolReport:
    """The school's «Анализ и выводы»: saved while the report is a draft or returned."""
    report = _locked(school, year)
    _require_editable(report)
    report.analysis = analysis.strip()
    report.updated_at = timezone.now()
    report.save(update_fields=["analysis", "updated_at"])
    return report


@transaction.atomic
def school_report_conclude(*, school: School, year: ProjectYear, by: User, conclusion: str) -> SchoolReport:
    """The curator's conclusion on the report (seed 004: the curator «согласование отчётов»)."""
    if not conclusion.strip():
        raise ValidationError("Напишите заключение куратора: пустое заключение не сохраняется.")
    report = _locked(school, year)
    _require_editable(report)
    report.curator_conclusion = conclusion.strip()
    report.concluded_at = timezone.now()
    report.concluded_by = by
    report.updated_at = report.concluded_at
    report.save(update_fields=["curator_conclusion", "concluded_at", "concluded_by", "updated_at"])
    SchoolReportEvent.objects.create(report=report, action=SchoolReportEvent.Action.CONCLUDE, by=by)
    return report


def problems(*, report: SchoolReport | None, school: School, year: ProjectYear) -> list[str]:
    """Everything that stops the report from being sent, in the school's words."""
    result = []
    if not MonitoringReport.objects.filter(school=school, year=year, status=MonitoringReport.Status.CONFIRMED).exists():
        result.append("Нет ни одного отчёта мониторинга, подтверждённого куратором: отчитываться пока не по чему.")
    if report is None or not report.analysis.strip():
        result.append("Не заполнен раздел «Анализ и выводы».")
    if report is None or not report.curator_conclusion.strip():
        result.append("Нет заключения куратора.")
    return result


def _tell(report: SchoolReport, users, kind: str, what: str) -> None:
    subject = "Отчёт о выполнении дорожной карты"
    transitions.tell(report, users, kind, subject=subject, what=what, url_name=SCHOOL_REPORT_URL, pk=report.school_id)


@transaction.atomic
def school_report_send(
    *, school: School, year: ProjectYear, by: User, late_reason: str = "", today: datetime.date | None = None
) -> SchoolReport:
    """The school sends the report to its municipal coordinator; after the region's deadline only with a reason."""
    report = _locked(school, year)
    _require_editable(report)
    found = problems(report=report, school=school, year=year)
    if found:
        raise ValidationError(found)
    late_reason = late_reason.strip()
    if is_late(school=school, year=year, today=today):
        if not late_reason:
            due = deadline(school=school, year=year)
            raise ValidationError(f"Срок отчёта ({due:%d.%m.%Y}) прошёл: укажите причину опоздания.")
    else:
        late_reason = ""
    transitions.audit_state(report, by=by, to=SchoolReport.Status.SENT, reason=late_reason)
    report.status = SchoolReport.Status.SENT
    report.late_reason = late_reason
    report.sent_at = timezone.now()
    report.sent_by = by
    report.return_reason = ""
    report.updated_at = report.sent_at
    report.save(update_fields=["status", "late_reason", "sent_at", "sent_by", "return_reason", "updated_at"])
    SchoolReportEvent.objects.create(report=report, action=SchoolReportEvent.Action.SEND, by=by, reason=late_reason)
    _tell(
        report,
        notify.coordinators(school, year, RoleAssignment.Kind.MUNICIPAL),
        Kind.DOCUMENT_SUBMITTED,
        "ждёт решения муниципального координатора",
    )
    return report


def _require_sent(report: SchoolReport) -> None:
    if report.status != SchoolReport.Status.SENT:
        raise ValidationError("Рассмотреть можно только отчёт, направленный школой в муниципалитет.")


@transaction.atomic
def school_report_accept(*, report: SchoolReport, by: User) -> SchoolReport:
    report = SchoolReport.objects.select_for_update().select_related("school").get(pk=report.pk)
    _require_sent(report)
    transitions.audit_state(report, by=by, to=SchoolReport.Status.ACCEPTED)
    report.status = SchoolReport.Status.ACCEPTED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.updated_at = report.reviewed_at
    report.save(update_fields=["status", "reviewed_at", "reviewed_by", "updated_at"])
    SchoolReportEvent.objects.create(report=report, action=SchoolReportEvent.Action.ACCEPT, by=by)
    users = notify.school_staff(report.school) + notify.curators(report.school, report.year)
    _tell(report, users, Kind.DOCUMENT_CONFIRMED, "принят муниципалитетом")
    return report


MIN_REASON = 10


@transaction.atomic
def school_report_return(*, report: SchoolReport, by: User, reason: str) -> SchoolReport:
    """Returns the report to the school; the reason is required and must say what to fix."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Укажите причину возврата: школа должна понять, что исправить.")
    if len(reason) < MIN_REASON:
        raise ValidationError(
            f"Причина возврата слишком короткая: опишите, что исправить (не меньше {MIN_REASON} знаков)."
        )
    report = SchoolReport.objects.select_for_update().select_related("school").get(pk=report.pk)
    _require_sent(report)
    transitions.audit_state(report, by=by, to=SchoolReport.Status.RETURNED, reason=reason)
    report.status = SchoolReport.Status.RETURNED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.return_reason = reason
    report.updated_at = report.reviewed_at
    report.save(update_fields=["status", "reviewed_at", "reviewed_by", "return_reason", "updated_at"])
    SchoolReportEvent.objects.create(report=report, action=SchoolReportEvent.Action.RETURN, by=by, reason=reason)
    users = notify.school_staff(report.school) + notify.curators(report.school, report.year)
    _tell(report, users, Kind.DOCUMENT_RETURNED, f"возвращён: {reason}")
    return report
