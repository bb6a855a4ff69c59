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
from ..selectors import school_reports as school_report_sel
from ..selectors import school_tables as tables
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
        behind = tables.attach_people([r for r in dashboard.schools if r.behind], year=year)
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
    """The school's report on its roadmap (seed 003): measures, values, evidence, analysis, conclusion."""
    deadlines = ind.deadlines_for(year=year, region_ids=[school.municipality.region_id])
    rows, _ = tables.school_rows(
        schools=School.objects.filter(pk=school.pk), year=year, deadlines=deadlines, today=today
    )
    report = school_report_sel.report_for(school=school, year=year)
    return {
        "school": school,
        "row": rows[0] if rows else None,
        "risks": list(RiskActivation.objects.filter(school=school, direction__year=year).select_related("direction")),
        "visits": list(Visit.objects.filter(school=school, year=year).order_by("held_on")[:50]),
        "school_report": report,
        "content": school_report_sel.content(school=school, year=year, report=report),
    }


NUMBER_PARTS = ("выполнено", "всего", "доля, %")


def _numbers(value: ind.Value) -> list:
    """Three numeric cells (done, of, percent) a spreadsheet can sum and sort; empty where there is no data."""
    if not value.has_data:
        return [None, None, None]
    return [value.numerator, value.denominator, round(100 * (value.share or 0), 1)]


def xlsx_bytes(context: dict) -> bytes:
    report: Report = context["report"]
    if report.kind == Report.Kind.SCHOOL:
        return school_xlsx(context)
    dashboard = context["dashboard"]
    sheets = [totals_sheet("Итого", dashboard.totals)]
    if report.kind == Report.Kind.REGION:  # the region's own figures are on «Итого», not on every municipality
        sheets.append(table_sheet("Муниципалитеты", dashboard.rows, ind.SCHOOL_INDICATORS))
    else:
        sheets.append(table_sheet("Регионы", dashboard.rows))
    if report.kind == Report.Kind.REGION:
        sheets.append(school_sheet("Школы", tables.attach_people(dashboard.schools, year=report.year)))
    return excel.workbook_bytes(sheets)


def _safe(value: object) -> str:
    """Text for a cell (`excel.write_workbook` neutralises formula triggers in every text cell)."""
    return str(value)


def totals_sheet(title: str, values: list[ind.Value]) -> tuple:
    """One indicator a row: done, of, percent as numbers; the deadline as a date."""
    headers = ["Показатель", "Выполнено", "Всего", "Доля, %", "Срок", "Состояние"]
    return title, headers, [[v.indicator.title, *_numbers(v), v.due_on, v.state_label] for v in values]


def table_sheet(title: str, rows: list, indicators: list[ind.Indicator] | None = None) -> tuple:
    """One row per region or municipality; each indicator as three numeric columns."""
    indicators = ind.INDICATORS if indicators is None else indicators
    headers = ["Наименование", *[f"{i.title}: {part}" for i in indicators for part in NUMBER_PARTS]]
    return (
        title,
        headers,
        [[_safe(r.obj), *[cell for i in indicators for cell in _numbers(r.value(i.code))]] for r in rows],
    )


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


def _status(m) -> str:
    if m is None:
        return "—"
    label = m.get_status_display() if m.status else "не указан"
    return f"{label}: {m.reason}" if m.reason else label


def school_xlsx(context: dict) -> bytes:
    """The same sections as the PDF, one sheet each; numbers stay numbers."""
    content = context["content"]
    school_report = context["school_report"]
    measures = [
        [m.title, m.direction, m.due_on, _status(m.stage1), _status(m.stage2), ", ".join(e.name for e in m.evidence)]
        for m in content.measures
    ]
    values = [[r.title, r.unit, r.baseline, r.stage1, r.stage2, r.target] for r in content.indicators]
    evidence = [[e.name, e.title, f"{e.stage} этап", getattr(e, "measure_title", "")] for e in content.evidence]
    summary = [
        ["Школа", str(content.school)],
        ["Муниципалитет", str(content.school.municipality)],
        ["Статус отчёта", school_report.get_status_display() if school_report else "черновик"],
        ["Анализ и выводы", school_report.analysis if school_report else ""],
        ["Заключение куратора", school_report.curator_conclusion if school_report else ""],
        ["Причина опоздания", school_report.late_reason if school_report else ""],
        ["Затруднения", "; ".join(content.difficulties)],
    ]
    return excel.workbook_bytes(
        [
            ("Отчёт", ["Раздел", "Содержание"], summary),
            ("Мероприятия", ["Мероприятие", "Направление", "Срок", "1 этап", "2 этап", "Подтверждения"], measures),
            ("Показатели", ["Показатель", "Единица", "Базовое", "1 этап (факт)", "2 этап (факт)", "Целевое"], values),
            ("Подтверждения", ["Файл", "Что подтверждает", "Этап", "Мероприятие"], evidence),
        ],
        title_rows={"Отчёт": [f"Отчет о выполнении дорожной карты: {content.school}, {content.year.year}"]},
    )
