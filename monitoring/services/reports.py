"""Reports: the school's roadmap report, the regional and the federal summaries — PDF and .xlsx.

A report is requested (a Report row), built by a thin Celery task that calls `report_build`, which
records status and progress on the row; the page polls it and offers the file when it is done.
"""

import logging
from collections import Counter
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from curators.models import Visit
from medk.lib import excel, pdf, queue
from notifications import services as notifications
from notifications.models import Kind
from schools.models import ProjectYear, Region, School, User
from surveys.models import RiskActivation

from .. import tasks
from ..models import MonitoringReport, RegionalPlan, Report
from ..selectors import dashboards as sel
from . import indicators as ind

log = logging.getLogger(__name__)

PDF_TEMPLATES = {
    Report.Kind.SCHOOL: "monitoring/pdf/school_report.html",
    Report.Kind.REGION: "monitoring/pdf/region_report.html",
    Report.Kind.FEDERAL: "monitoring/pdf/federal_report.html",
}

# Sections that upper layers add to the regional and federal reports (registered in their AppConfig.ready()):
# `fn(report=…) -> dict | None`, the dict carries the section's "template" and its context.
_SECTIONS: list[Callable[..., dict | None]] = []


def register_section(fn: Callable[..., dict | None]) -> None:
    if fn not in _SECTIONS:
        _SECTIONS.append(fn)


def extra_sections(*, report: Report) -> list[dict]:
    return [section for fn in _SECTIONS if (section := fn(report=report))]


def report_request(
    *, kind: str, fmt: str, year: ProjectYear, by: User, school: School | None = None, region: Region | None = None
) -> Report:
    report = Report.objects.create(kind=kind, fmt=fmt, year=year, school=school, region=region, requested_by=by)
    queue.enqueue_on_commit(
        tasks.report_build,
        report.pk,
        on_failure=lambda msg: Report.objects.filter(pk=report.pk).update(status=Report.Status.FAILED, error=msg),
    )
    return report


def _progress(report: Report, value: int) -> None:
    Report.objects.filter(pk=report.pk).update(progress=value)


def report_build(*, report: Report) -> Report:
    """Builds the file; on any error the report says «ошибка» with the reason instead of spinning."""
    if report.status == Report.Status.DONE:
        return report  # a retried task after success
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING, progress=5, error="")
    try:
        context = build_context(report=report, on_progress=lambda p: _progress(report, p))
        _progress(report, 70)
        if report.fmt == Report.Format.PDF:
            data = pdf.render_pdf(PDF_TEMPLATES[report.kind], context)
        elif report.fmt == Report.Format.XLSX:
            data = xlsx_bytes(context)
        else:
            raise ValueError(f"неизвестный формат «{report.fmt}»")
        name = (
            f"{report.kind}-{report.year.year}-{report.school_id or report.region_id or 'rf'}-{report.pk}.{report.fmt}"
        )
        report.file.save(name, ContentFile(data), save=False)
        report.status = Report.Status.DONE
        report.progress = 100
        report.finished_at = timezone.now()
        report.save(update_fields=["file", "status", "progress", "finished_at"])
    except Exception as exc:
        log.exception("report %s failed", report.pk)
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.FAILED,
            error=f"Не удалось сформировать отчёт: {exc}"[:1000],
            finished_at=timezone.now(),
        )
        report.refresh_from_db()
        return report
    notifications.notify(
        users=[report.requested_by],
        kind=Kind.REPORT_READY,
        title=f"Отчёт готов: {report}",
        url=reverse("monitoring:report_detail", args=[report.pk]),
        key=f"report_ready:{report.pk}",
    )
    return report


# --- Content -------------------------------------------------------------------------------------


def difficulties_for(*, schools, year: ProjectYear) -> list[tuple[str, int]]:
    """Typical difficulties named in monitoring reports, most frequent first."""
    rows = MonitoringReport.objects.filter(school__in=schools, year=year).values_list("difficulties__title", flat=True)
    return Counter(t for t in rows if t).most_common(10)


def build_context(*, report: Report, on_progress=lambda p: None) -> dict:
    today = ind.today()
    year = report.year
    base = {"report": report, "year": year, "today": today, "generated_at": timezone.now()}
    if report.kind == Report.Kind.SCHOOL:
        return base | school_context(year=year, school=report.school, today=today)
    if report.kind == Report.Kind.REGION:
        dashboard = sel.regional(year=year, region=report.region, today=today, filters=sel.Filters())
        on_progress(40)
        schools = ind.participating_schools(year=year).filter(municipality__region=report.region)
        behind = sel.attach_people([r for r in dashboard.schools if r.behind], year=year)
        plan = RegionalPlan.objects.filter(year=year, region=report.region).first()
        return base | {
            "region": report.region,
            "dashboard": dashboard,
            "behind": behind,
            "difficulties": difficulties_for(schools=schools, year=year),
            "plan": plan,
            "indicators": ind.INDICATORS,
            "sections": extra_sections(report=report),
        }
    dashboard = sel.federal(year=year, today=today)
    on_progress(40)
    return base | {
        "dashboard": dashboard,
        "indicators": ind.INDICATORS,
        "plans": RegionalPlan.objects.filter(year=year).select_related("region").order_by("region__name"),
        "sections": extra_sections(report=report),
    }


def school_context(*, year: ProjectYear, school: School, today) -> dict:
    deadlines = ind.deadlines_for(year=year, region_ids=[school.municipality.region_id])
    rows, _ = sel.school_rows(schools=School.objects.filter(pk=school.pk), year=year, deadlines=deadlines, today=today)
    row = rows[0] if rows else None
    context: dict = {
        "school": school,
        "row": row,
        "risks": list(RiskActivation.objects.filter(school=school, direction__year=year).select_related("direction")),
        "visits": list(Visit.objects.filter(school=school, year=year).order_by("held_on")[:50]),
        "stages": list(MonitoringReport.objects.filter(school=school, year=year).order_by("stage")),
    }
    context["difficulties"] = difficulties_for(schools=School.objects.filter(pk=school.pk), year=year)
    return context


def _cell(value: ind.Value) -> str:
    if not value.has_data:
        return "нет данных"
    return f"{value.numerator} из {value.denominator} ({value.percent} %)"


def xlsx_bytes(context: dict) -> bytes:
    report: Report = context["report"]
    if report.kind == Report.Kind.SCHOOL:
        row = context["row"]
        rows = [
            [
                v.indicator.title,
                "нет данных" if not v.has_data else ("да" if v.numerator else "нет"),
                v.due_on,
                v.state_label,
            ]
            for v in (row.values if row else [])
        ]
        return excel.workbook_bytes(
            [("Показатели", ["Показатель", "Выполнено", "Срок", "Состояние"], rows)],
            title_rows={"Показатели": [f"Отчет о выполнении дорожной карты: {context['school']}"]},
        )
    dashboard = context["dashboard"]
    headers = ["Показатель", "Значение", "Срок", "Состояние"]
    totals = [[v.indicator.title, _cell(v), v.due_on, v.state_label] for v in dashboard.totals]
    sheets = [("Итого", headers, totals)]
    group_name = "Муниципалитеты" if report.kind == Report.Kind.REGION else "Регионы"
    sheets.append(table_sheet(group_name, dashboard.rows))
    if report.kind == Report.Kind.REGION:
        sheets.append(school_sheet("Школы", sel.attach_people(dashboard.schools, year=report.year)))
    return excel.workbook_bytes(sheets)


def _safe(value: object) -> str:
    """Text for a cell (`excel.write_workbook` neutralises formula triggers in every text cell)."""
    return str(value)


def table_sheet(title: str, rows: list) -> tuple:
    headers = ["Наименование", *[i.title for i in ind.INDICATORS]]
    return title, headers, [[_safe(r.obj), *[_cell(v) for v in r.values]] for r in rows]


def school_sheet(title: str, rows: list) -> tuple:
    headers = ["Школа", "Муниципалитет", "Куратор", *[i.title for i in ind.SCHOOL_INDICATORS]]

    def mark(v: ind.Value) -> str:
        if not v.has_data:
            return "нет данных"
        return "да" if v.numerator else f"нет ({v.state_label})"

    return (
        title,
        headers,
        [
            [_safe(r.school), _safe(r.school.municipality), _safe(r.curator or "—"), *[mark(v) for v in r.values]]
            for r in rows
        ],
    )
