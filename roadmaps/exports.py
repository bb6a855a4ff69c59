"""Exports: the roadmap to .xlsx and PDF, expertise results of a region to .xlsx."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from medk.lib import excel, pdf

from . import selectors
from .models import Document, ExpertiseSample, RubricCriterion

_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


# User text must never become a formula: the same rule as every other export (medk.lib.excel).
_safe = excel.neutralise


def _sheet_rows(ws, header: list[str], rows: list[list]) -> None:
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = _BOLD
    for row in rows:
        ws.append([_safe(v) for v in row])
        for cell in ws[ws.max_row]:
            cell.alignment = _WRAP
    for column, width in zip("ABCDEFGHIJ", (40, 40, 14, 14, 28, 28, 40, 10, 10, 30), strict=False):
        ws.column_dimensions[column].width = width


def roadmap_xlsx(*, document: Document) -> bytes:
    sections = selectors.roadmap_sections(document=document)
    wb = Workbook()
    ws = wb.active
    ws.title = "Цели и задачи"
    _sheet_rows(
        ws, ["Рисковое направление", "Цель", "Задачи"], [[s.direction.title, s.goal, s.tasks] for s in sections]
    )
    ws = wb.create_sheet("Мероприятия")
    _sheet_rows(
        ws,
        [
            "Рисковое направление",
            "Мероприятие",
            "Начало",
            "Окончание",
            "Ответственный",
            "Участники",
            "Ожидаемый результат",
            "Описание",
        ],
        [
            [
                s.direction.title,
                m.title,
                m.starts_on,
                m.ends_on,
                m.responsible,
                m.participants,
                m.expected_result,
                m.description,
            ]
            for s in sections
            for m in s.measures.all()
        ],
    )
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in row:
            cell.number_format = "DD.MM.YYYY"
    ws = wb.create_sheet("Показатели")
    _sheet_rows(
        ws,
        [
            "Рисковое направление",
            "Показатель",
            "Единица",
            "Базовое значение",
            "Целевое значение",
            "Метод сбора информации",
        ],
        [
            [s.direction.title, i.name, i.unit, i.baseline, i.target, i.method]
            for s in sections
            for i in s.indicators.all()
        ],
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def roadmap_pdf(*, document: Document) -> bytes:
    return pdf.render_pdf(
        "roadmaps/pdf/roadmap.html",
        {"document": document, "school": document.school, "sections": selectors.roadmap_sections(document=document)},
    )


def region_results_xlsx(*, sample: ExpertiseSample, region) -> bytes:
    criteria = list(RubricCriterion.objects.filter(rubric__year=sample.year).order_by("order"))
    items = selectors.sample_items(sample=sample).filter(region=region)
    wb = Workbook()
    ws = wb.active
    ws.title = "Результаты экспертизы"
    ws.append([f"{sample.title} — {region.name}"])
    ws["A1"].font = _BOLD
    header = ["Муниципалитет", "Школа", *[c.title for c in criteria], "Итого", "Зона", "Заключение эксперта"]
    rows = []
    for item in items:
        evaluation = getattr(item, "evaluation", None)
        scores = {s.criterion_id: s.value for s in evaluation.scores.all()} if evaluation else {}
        rows.append(
            [
                item.school.municipality.name,
                item.school.short_name,
                *[scores.get(c.pk, "") for c in criteria],
                evaluation.total if evaluation else "не оценено",
                evaluation.get_zone_display() if evaluation else "",
                evaluation.comment if evaluation else "",
            ]
        )
    _sheet_rows(ws, header, rows)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
