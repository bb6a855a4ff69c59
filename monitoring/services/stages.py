"""Writes about monitoring stages: the school's report, evidence, submission and the curator's review."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from curators import notify
from medk.lib import uploads
from notifications.models import Kind
from roadmaps import selectors as roadmap_selectors
from schools.models import ProjectYear, School, User
from yearcalendar import services as calendar

from ..models import Difficulty, Evidence, IndicatorValue, MeasureStatus, MonitoringReport, ReportReview
from ..models.stages import STAGE_CODES
from . import transitions

EVIDENCE_KINDS = {"pdf", "docx", "xlsx", "odt", "png", "jpeg"}
MAX_EVIDENCE = 30
REPORT_URL = "monitoring:stage_report_detail"

DEFAULT_DIFFICULTIES = [
    "Нехватка времени у педагогов",
    "Дефицит кадров для реализации мероприятий",
    "Недостаточная мотивация педагогического коллектива",
    "Низкая вовлечённость родителей",
    "Недостаток материально-технических ресурсов",
    "Сложности со сбором данных для показателей",
    "Недостаточная методическая поддержка",
]


def stage_dates(*, school: School, year: ProjectYear, stage: int):
    return calendar.milestone_dates(year=year, code=STAGE_CODES[stage], region=school.municipality.region_id)


@transaction.atomic
def difficulties_create_default(*, year: ProjectYear) -> int:
    if Difficulty.objects.filter(year=year).exists():
        return 0
    Difficulty.objects.bulk_create(Difficulty(year=year, order=i, title=t) for i, t in enumerate(DEFAULT_DIFFICULTIES))
    return len(DEFAULT_DIFFICULTIES)


@transaction.atomic
def difficulties_copy(*, source: ProjectYear, target: ProjectYear) -> int:
    """The source year's list of typical difficulties (the default list if the source had none)."""
    if Difficulty.objects.filter(year=target).exists():
        return 0
    old = list(Difficulty.objects.filter(year=source))
    if not old:
        return difficulties_create_default(year=target)
    Difficulty.objects.bulk_create(Difficulty(year=target, order=d.order, title=d.title) for d in old)
    return len(old)


@transaction.atomic
def report_start(
    *, school: School, year: ProjectYear, stage: int, by: User, today: datetime.date | None = None
) -> MonitoringReport:
    """Opens the stage's report with a row for every indicator and measure of the confirmed roadmap."""
    today = today or timezone.localdate()
    if stage not in STAGE_CODES:
        raise ValidationError("Неизвестный этап мониторинга.")
    existing = MonitoringReport.objects.filter(school=school, year=year, stage=stage).first()
    if existing:
        return existing
    dates = stage_dates(school=school, year=year, stage=stage)
    if dates is None:
        raise ValidationError("В календаре года нет сроков этого этапа мониторинга.")
    if dates.starts_on and today < dates.starts_on:
        raise ValidationError(f"Этап мониторинга начнётся {dates.starts_on:%d.%m.%Y}.")
    if (
        stage == 2
        and not MonitoringReport.objects.filter(
            school=school, year=year, stage=1, status=MonitoringReport.Status.CONFIRMED
        ).exists()
    ):
        raise ValidationError("Второй этап открывается после того, как куратор подтвердит отчёт первого этапа.")
    items = roadmap_selectors.confirmed_roadmap_items(school=school, year=year)
    if items is None:
        raise ValidationError("У школы нет подтверждённой куратором дорожной карты: отчитываться пока не по чему.")
    report = MonitoringReport.objects.create(school=school, year=year, stage=stage)
    previous = {}
    if stage == 2:
        previous = dict(
            IndicatorValue.objects.filter(report__school=school, report__year=year, report__stage=1).values_list(
                "indicator_ref", "actual"
            )
        )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            report=report,
            indicator_ref=i.ref,
            title=i.title[:500],
            unit=i.unit[:64],
            baseline=i.baseline,
            target=i.target,
            actual=previous.get(i.ref),
        )
        for i in items.indicators
    )
    MeasureStatus.objects.bulk_create(
        MeasureStatus(report=report, measure_ref=m.ref, title=m.title[:500], due_on=m.due_on) for m in items.measures
    )
    return report


def _require_editable(report: MonitoringReport) -> None:
    if not report.is_editable:
        raise ValidationError(f"Отчёт {report.get_status_display()}: изменить его нельзя.")


def _check_reasons(statuses: dict[int, tuple[str, str]], titles: dict[int, str]) -> None:
    valid = set(MeasureStatus.Status.values)
    for ref, (status, reason) in statuses.items():
        if status and status not in valid:
            raise ValidationError(f"Недопустимый статус мероприятия «{titles.get(ref, ref)}».")
        if status in MeasureStatus.NEEDS_REASON and not reason.strip():
            label = MeasureStatus.Status(status).label
            raise ValidationError(f"Укажите причину для мероприятия «{titles.get(ref, ref)}» (статус «{label}»).")


@transaction.atomic
def report_save(
    *,
    report: MonitoringReport,
    by: User,
    actuals: dict[int, tuple[Decimal | None, str]],
    statuses: dict[int, tuple[str, str]],
    difficulty_ids: list[int],
    difficulties_other: str = "",
) -> MonitoringReport:
    """Saves the draft. Reasons for «не начато» and «отменено» are required already here."""
    _require_editable(report)
    measures = {m.measure_ref: m for m in report.measure_statuses.all()}
    _check_reasons(statuses, {ref: m.title for ref, m in measures.items()})
    for value in report.indicator_values.all():
        if value.indicator_ref in actuals:
            value.actual, value.comment = actuals[value.indicator_ref][0], actuals[value.indicator_ref][1].strip()[:500]
            value.save(update_fields=["actual", "comment"])
    for ref, measure in measures.items():
        if ref in statuses:
            measure.status, reason = statuses[ref]
            measure.reason = reason.strip() if measure.status in MeasureStatus.NEEDS_REASON else ""
            measure.save(update_fields=["status", "reason"])
    difficulties = list(Difficulty.objects.filter(year=report.year, pk__in=difficulty_ids))
    report.difficulties.set(difficulties)
    report.difficulties_other = difficulties_other.strip()
    report.updated_at = timezone.now()
    report.save(update_fields=["difficulties_other", "updated_at"])
    return report


def evidence_add(
    *, report: MonitoringReport, file, by: User, title: str = "", measure_ref: int | None = None
) -> Evidence:
    """Attaches an evidence file, checked by content (PDF, DOCX, XLSX, ODT, PNG, JPEG)."""
    _require_editable(report)
    if report.evidence.count() >= MAX_EVIDENCE:
        raise ValidationError(f"К отчёту можно приложить не более {MAX_EVIDENCE} файлов.")
    if measure_ref is not None and not report.measure_statuses.filter(measure_ref=measure_ref).exists():
        raise ValidationError("Такого мероприятия нет в отчёте.")
    uploads.validate_upload(file, allowed=EVIDENCE_KINDS)
    name = uploads.display_name(file.name)
    evidence = Evidence(
        report=report, name=name, size=file.size, title=title.strip()[:300], measure_ref=measure_ref, uploaded_by=by
    )
    evidence.file.save(name, file, save=False)
    evidence.save()
    return evidence


def evidence_delete(*, evidence: Evidence) -> None:
    _require_editable(evidence.report)
    evidence.file.delete(save=False)
    evidence.delete()


def report_problems(report: MonitoringReport) -> list[str]:
    """Everything that stops the report from being submitted, in the school's words."""
    problems = []
    for v in report.indicator_values.all():
        if v.actual is None:
            problems.append(f"Не указано фактическое значение показателя «{v.title}».")
    for m in report.measure_statuses.all():
        if not m.status:
            problems.append(f"Не указан статус мероприятия «{m.title}».")
        elif m.status in MeasureStatus.NEEDS_REASON and not m.reason.strip():
            problems.append(f"Не указана причина для мероприятия «{m.title}» (статус «{m.get_status_display()}»).")
    if not report.evidence.exists():
        problems.append("Не приложено ни одного подтверждающего материала.")
    return problems


def is_late(*, report: MonitoringReport, today: datetime.date | None = None) -> bool:
    """Past the stage's due date — the region's own, if it moved it."""
    dates = stage_dates(school=report.school, year=report.year, stage=report.stage)
    return dates is not None and (today or timezone.localdate()) > dates.due_on


@transaction.atomic
def report_submit(
    *, report: MonitoringReport, by: User, late_reason: str = "", today: datetime.date | None = None
) -> MonitoringReport:
    """Sends the report to the curator; after the region's due date only with a reason for the delay."""
    _require_editable(report)
    problems = report_problems(report)
    if problems:
        raise ValidationError(problems)
    late_reason = late_reason.strip()
    if is_late(report=report, today=today):
        if not late_reason:
            due = stage_dates(school=report.school, year=report.year, stage=report.stage).due_on
            raise ValidationError(f"Срок этапа ({due:%d.%m.%Y}) прошёл: укажите причину опоздания.")
        report.late_reason = late_reason
    transitions.audit_state(report, by=by, to=MonitoringReport.Status.SUBMITTED)
    report.status = MonitoringReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.return_reason = ""
    report.updated_at = report.submitted_at
    report.save(update_fields=["status", "submitted_at", "submitted_by", "return_reason", "late_reason", "updated_at"])
    ReportReview.objects.create(report=report, action=ReportReview.Action.SUBMIT, by=by, reason=report.late_reason)
    _tell(report, notify.curators(report.school, report.year), Kind.DOCUMENT_SUBMITTED, "ждёт вашей проверки")
    return report


def _tell(report: MonitoringReport, users, kind: str, what: str) -> None:
    subject = f"Мониторинг, {report.get_stage_display()}"
    transitions.tell(report, users, kind, subject=subject, what=what, url_name=REPORT_URL, pk=report.pk)


def _require_submitted(report: MonitoringReport) -> None:
    if report.status != MonitoringReport.Status.SUBMITTED:
        raise ValidationError("Проверить можно только отчёт, отправленный школой на проверку.")


@transaction.atomic
def report_confirm(*, report: MonitoringReport, by: User) -> MonitoringReport:
    _require_submitted(report)
    transitions.audit_state(report, by=by, to=MonitoringReport.Status.CONFIRMED)
    report.status = MonitoringReport.Status.CONFIRMED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.updated_at = report.reviewed_at
    report.save(update_fields=["status", "reviewed_at", "reviewed_by", "updated_at"])
    ReportReview.objects.create(report=report, action=ReportReview.Action.CONFIRM, by=by)
    _tell(report, notify.school_staff(report.school), Kind.DOCUMENT_CONFIRMED, "отчёт подтверждён куратором")
    return report


@transaction.atomic
def report_return(*, report: MonitoringReport, by: User, reason: str) -> MonitoringReport:
    _require_submitted(report)
    if not reason.strip():
        raise ValidationError("Укажите причину возврата: школа должна понять, что исправить.")
    transitions.audit_state(report, by=by, to=MonitoringReport.Status.RETURNED, reason=reason.strip())
    report.status = MonitoringReport.Status.RETURNED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.return_reason = reason.strip()
    report.updated_at = report.reviewed_at
    report.save(update_fields=["status", "reviewed_at", "reviewed_by", "return_reason", "updated_at"])
    ReportReview.objects.create(report=report, action=ReportReview.Action.RETURN, by=by, reason=reason.strip())
    _tell(report, notify.school_staff(report.school), Kind.DOCUMENT_RETURNED, f"возвращён: {reason.strip()}")
    return report
