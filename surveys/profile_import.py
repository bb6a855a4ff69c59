"""Import of externally computed risk profiles from .xlsx (the real programme computed them centrally).

Layout (the same as the region export, so an export can be edited and loaded back):
header row with «ИНН» and one column per risk direction titled by its number («1», «2», … or
«1. Название»), the cell holding высокий / средний / низкий (or empty = нет данных); optional
columns «Балл 1», «Балл 2», … hold scores 0–100. Other columns are ignored.
All rows are checked first; any error (row and column named) means nothing is saved.
The file is read through medk.lib.excel (content checks, zip-bomb guard).
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from medk.lib import excel
from schools.models import ProjectYear, School

from .models import ProfileEvent, RiskDirection, RiskLevel, RiskProfile, RiskProfileEntry

LEVELS = {
    "высокий": RiskLevel.HIGH,
    "средний": RiskLevel.MEDIUM,
    "низкий": RiskLevel.LOW,
    "": RiskLevel.NODATA,
    "нет данных": RiskLevel.NODATA,
}
IMPORT_METHOD = "внешний расчёт"
MAX_ROWS = 20000


_cell_text = excel.cell_text


def _where(row: int, col: int, header: str) -> str:
    return f"Строка {row}, столбец {excel.column_letter(col)} («{header}»)"


@transaction.atomic
def profiles_import(*, year: ProjectYear, file, by) -> int:
    try:
        wb = excel.open_workbook(file)
        all_rows = list(excel.iter_sheet_rows(wb.worksheets[0]))
    except excel.ExcelError as exc:
        raise ValidationError(str(exc)) from None
    if not all_rows:
        raise ValidationError("Файл пустой: нет строки заголовков.")
    header = [_cell_text(v) for v in all_rows[0][1]]
    rows = (values for _, values in all_rows[1:])
    directions = {d.number: d for d in RiskDirection.objects.filter(year=year, is_retired=False)}
    inn_col = next((i for i, h in enumerate(header) if h.lower() == "инн"), None)
    if inn_col is None:
        raise ValidationError("Строка 1: нет столбца «ИНН».")
    level_cols: dict[int, int] = {}
    score_cols: dict[int, int] = {}
    for i, h in enumerate(header):
        m = re.fullmatch(r"(\d+)(\..*)?", h)
        if m and int(m.group(1)) in directions:
            level_cols[int(m.group(1))] = i
        m = re.fullmatch(r"балл\s+(\d+)", h.lower())
        if m and int(m.group(1)) in directions:
            score_cols[int(m.group(1))] = i
    missing = sorted(set(directions) - set(level_cols))
    if missing:
        raise ValidationError(f"Строка 1: нет столбцов направлений {', '.join(map(str, missing))}.")

    schools = {s.inn: s for s in School.objects.filter(participations__year=year)}
    all_inns = set(School.objects.values_list("inn", flat=True))
    published = set(
        RiskProfile.objects.filter(year=year, published_at__isnull=False).values_list("school__inn", flat=True)
    )
    errors: list[str] = []
    parsed: dict[int, tuple[School, dict[int, tuple[str, Decimal | None]]]] = {}
    seen: dict[str, int] = {}
    for row_no, row in enumerate(rows, start=2):
        if row_no > MAX_ROWS:
            errors.append(f"В файле больше {MAX_ROWS} строк.")
            break
        cells = [_cell_text(v) for v in row] + [""] * len(header)
        if not any(cells):
            continue
        inn = cells[inn_col]
        where = _where(row_no, inn_col + 1, header[inn_col])
        if inn not in schools:
            if inn in all_inns:
                errors.append(f"{where}: школа с ИНН {inn} не участвует в проекте {year.year} года.")
            else:
                errors.append(f"{where}: школа с ИНН «{inn}» не найдена.")
            continue
        if inn in seen:
            errors.append(f"{where}: ИНН {inn} уже был в строке {seen[inn]}.")
            continue
        seen[inn] = row_no
        if inn in published:
            errors.append(f"{where}: профиль школы уже опубликован — его нельзя заменить загрузкой.")
            continue
        values = {}
        for number, col in level_cols.items():
            text = cells[col].lower()
            if text not in LEVELS:
                errors.append(
                    f"{_where(row_no, col + 1, header[col])}: «{cells[col]}» — укажите высокий, средний или низкий."
                )
                continue
            score = None
            if number in score_cols and cells[score_cols[number]]:
                scol = score_cols[number]
                try:
                    score = Decimal(cells[scol].replace(",", "."))
                except InvalidOperation:
                    score = None
                if score is None or not (0 <= score <= 100):
                    errors.append(f"{_where(row_no, scol + 1, header[scol])}: балл должен быть числом от 0 до 100.")
                    continue
            values[number] = (LEVELS[text], score)
        parsed[schools[inn].pk] = (schools[inn], values)
    if errors:
        raise ValidationError(errors[:50] + ([f"…и ещё ошибок: {len(errors) - 50}"] if len(errors) > 50 else []))
    if not parsed:
        raise ValidationError("В файле нет строк с профилями.")

    now = timezone.now()
    existing = {p.school_id: p for p in RiskProfile.objects.filter(year=year, school_id__in=parsed)}
    new = [RiskProfile(school_id=sid, year=year) for sid in parsed if sid not in existing]
    RiskProfile.objects.bulk_create(new)
    RiskProfile.objects.filter(year=year, school_id__in=parsed).update(
        method_version=IMPORT_METHOD, source=RiskProfile.Source.IMPORTED, computed_at=now, responses=0
    )
    profiles = {p.school_id: p for p in RiskProfile.objects.filter(year=year, school_id__in=parsed)}
    RiskProfileEntry.objects.filter(profile__in=profiles.values()).delete()
    RiskProfileEntry.objects.bulk_create(
        [
            RiskProfileEntry(profile=profiles[sid], direction=directions[n], level=level, score=score)
            for sid, (_school, values) in parsed.items()
            for n, (level, score) in values.items()
        ]
    )
    ProfileEvent.objects.bulk_create(
        [ProfileEvent(profile=p, kind=ProfileEvent.Kind.IMPORTED, by=by, at=now) for p in profiles.values()]
    )
    audit.record(actor=by, action="import", obj=f"Рисковые профили {year.year}", details={"профилей": len(profiles)})
    return len(profiles)
