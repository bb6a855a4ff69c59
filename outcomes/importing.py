"""Import of assessment results from .xlsx, on the schools import's reader: row and column errors, a dry run,
one transaction, idempotent (a school, assessment, year, grade and subject is one row: loading the same file
again changes nothing).

A school is found by its ФИС ОКО code (login) or ИНН. A regional coordinator loads only their region's schools;
schools outside the programme may be loaded too — they are the comparison group of the outcome view.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO

from django.db import transaction

from medk.lib import excel
from schools.importing import reader
from schools.importing import validators as v
from schools.importing.base import CellError, Column, Problem, Result, RowCheck
from schools.models import School

from .models import FIXED_GRADE, Assessment, AssessmentResult, ResultsImport

SHEET = "Результаты"
_COMMON_HEAD = (
    Column(
        "code",
        "Код ФИС ОКО",
        ("Логин ОО", "Логин ФИС ОКО", "Код ОО", "Логин", "Код (логин) в ФИС ОКО", "Код школы"),
        help="логин (код) школы в ФИС ОКО; можно не заполнять, если указан ИНН",
    ),
    Column("inn", "ИНН", ("ИНН ОО", "ИНН школы"), help="10 цифр; можно не заполнять, если указан код ФИС ОКО"),
    Column("name", "Наименование ОО", ("Школа", "ОО", "Краткое наименование"), help="для справки, не проверяется"),
)
_GRADE = Column("grade", "Класс", ("Параллель",), required=True, help="4–11")
_SUBJECT = Column("subject", "Предмет", ("Учебный предмет",), required=True, help="как в отчёте, например «Математика»")
_PARTICIPANTS = Column(
    "participants", "Участников", ("Количество участников", "Число участников", "Кол-во участников"), required=True
)


def _share(key: str, mark: str, required: bool = False) -> Column:
    return Column(
        key,
        f"Доля «{mark}», %",
        (f"«{mark}», %", f"{mark}", f"Доля {mark}", f"% «{mark}»", f"Отметка «{mark}», %"),
        required=required,
        help="процент участников, 0–100",
    )


_MARKS = (_share("share2", "2", True), _share("share3", "3"), _share("share4", "4"), _share("share5", "5"))
_MEAN = Column("mean", "Средний балл", ("Средний первичный балл", "Средний тестовый балл", "Ср. балл"))

COLUMNS = {
    Assessment.VPR: (*_COMMON_HEAD, _GRADE, _SUBJECT, _PARTICIPANTS, *_MARKS, _MEAN),
    Assessment.OGE: (*_COMMON_HEAD, _SUBJECT, _PARTICIPANTS, *_MARKS, _MEAN),
    Assessment.EGE: (
        *_COMMON_HEAD,
        _SUBJECT,
        _PARTICIPANTS,
        Column(
            "share2",
            "Доля не преодолевших минимальный порог, %",
            ("Ниже минимального порога, %", "Не преодолели минимальный порог, %", "Доля ниже минимума, %"),
            required=True,
            help="процент участников, 0–100",
        ),
        _MEAN,
    ),
}
TEMPLATE_NOTES = {
    Assessment.VPR: "Одна строка — одна школа, класс и предмет. Доли отметок — проценты участников, в сумме 100.",
    Assessment.OGE: "Одна строка — одна школа и предмет (9 класс). Доля «2» — доля не преодолевших минимум.",
    Assessment.EGE: "Одна строка — одна школа и предмет (11 класс). Средний балл — тестовый, 0–100.",
}
_FIELDS = ("participants", "share2", "share3", "share4", "share5", "mean")
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def _decimal(value, *, low: int, high: int, what: str) -> Decimal | None:
    if value in (None, ""):
        return None
    text = excel.cell_text(value).replace(" ", "").replace("\u00a0", "").rstrip("%")
    if not _NUMBER.match(text):
        raise CellError(f"ожидается число ({what}), указано «{excel.cell_text(value)}».")
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise CellError(f"ожидается число ({what}), указано «{text}».") from None
    if not low <= number <= high:
        raise CellError(f"{what} должно быть от {low} до {high}, указано {text}.")
    return number.quantize(Decimal("0.01"))


def _integer(value, *, low: int, high: int, what: str) -> int:
    number = _decimal(value, low=low, high=high, what=what)
    if number is None:
        raise CellError(f"не заполнено: {what}.")
    if number != number.to_integral_value():
        raise CellError(f"{what} — целое число, указано {number}.")
    return int(number)


def _subject(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise CellError("не заполнен предмет.")
    v.limited(text, 120)
    return text[:1].upper() + text[1:]


@dataclass
class Plan:
    create: list[AssessmentResult] = field(default_factory=list)
    update: list[AssessmentResult] = field(default_factory=list)


class Schools:
    """Schools by ФИС ОКО code and by ИНН, read once."""

    def __init__(self):
        self.by_code: dict[str, School] = {}
        self.by_inn: dict[str, School] = {}
        for school in School.objects.select_related("municipality").only(
            "pk", "inn", "fis_oko_code", "short_name", "municipality__region_id"
        ):
            self.by_inn[school.inn] = school
            if school.fis_oko_code:
                self.by_code[school.fis_oko_code.strip().lower()] = school

    def find(self, rc: RowCheck) -> School | None:
        code, inn_text = rc.text("code").strip(), rc.text("inn").strip()
        if not code and not inn_text:
            rc.fail("code" if "code" in rc.table.columns else "inn", "не указан ни код ФИС ОКО, ни ИНН школы.")
            return None
        school = self.by_code.get(code.lower()) if code else None
        if school is None and inn_text:
            inn = rc.parse("inn", v.inn)
            if inn is None:
                return None
            school = self.by_inn.get(inn)
            if school is None:
                rc.fail("inn", f"школа с ИНН {inn} не найдена в системе.")
                return None
        if school is None:
            rc.fail("code", f"школа с кодом ФИС ОКО «{code}» не найдена в системе; укажите ИНН.")
        return school


def build(table, *, assessment: str, year: int, region_id: int | None, result: Result) -> Plan:
    schools = Schools()
    existing = {
        (r.school_id, r.grade, r.subject.lower()): r
        for r in AssessmentResult.objects.filter(assessment=assessment, year=year)
    }
    plan = Plan()
    seen: dict[tuple, int] = {}
    counter = result.count("results")
    for row in table.rows:
        rc = RowCheck(table, row)
        school = schools.find(rc)
        if school is not None and region_id is not None and school.municipality.region_id != region_id:
            rc.fail("code" if rc.text("code") else "inn", f"школа «{school}» — из другого региона.")
            school = None
        if assessment in FIXED_GRADE:
            grade = FIXED_GRADE[assessment]
        else:
            grade = rc.call("grade", _integer, rc.value("grade"), low=4, high=11, what="класс")
        subject = rc.call("subject", _subject, rc.text("subject"))
        participants = rc.call(
            "participants", _integer, rc.value("participants"), low=0, high=100000, what="число участников"
        )
        shares = {
            key: rc.call(key, _decimal, rc.value(key), low=0, high=100, what="доля, %")
            for key in ("share2", "share3", "share4", "share5")
            if key in rc.table.columns
        }
        if not rc.text("share2"):
            rc.fail("share2", "не заполнена доля «2».")
        mean = rc.call("mean", _decimal, rc.value("mean"), low=0, high=100, what="средний балл")
        marks = [shares.get(k) for k in ("share2", "share3", "share4", "share5")]
        if not rc.problems and all(m is not None for m in marks) and abs(sum(marks) - 100) > Decimal("1.5"):
            rc.fail("share2", f"доли отметок «2»–«5» в сумме дают {sum(marks)} %, а не 100 %.")
        if school is not None and subject and grade:
            key = (school.pk, grade, subject.lower())
            if key in seen:
                rc.fail("subject", f"этот предмет этой школы уже указан в строке {seen[key]} (дубликат).")
            else:
                seen[key] = row.number
        if rc.problems:
            result.problems.extend(rc.problems)
            continue
        values = {"participants": participants, "mean": mean} | {
            k: shares.get(k) for k in ("share2", "share3", "share4", "share5")
        }
        current = existing.get((school.pk, grade, subject.lower()))
        if current is None:
            plan.create.append(
                AssessmentResult(
                    school_id=school.pk, assessment=assessment, year=year, grade=grade, subject=subject, **values
                )
            )
            counter.created += 1
        elif any(getattr(current, f) != values[f] for f in _FIELDS):
            for f in _FIELDS:
                setattr(current, f, values[f])
            plan.update.append(current)
            counter.updated += 1
        else:
            counter.unchanged += 1
    return plan


def run(
    *,
    file: IO[bytes],
    assessment: str,
    year: int,
    region_id: int | None,
    dry_run: bool = False,
    job: ResultsImport | None = None,
) -> Result:
    """Validates the whole file; writes everything (one transaction) only if nothing is wrong and not dry_run."""
    result = Result(kind=assessment)
    table = reader.read_table(file, COLUMNS[assessment])
    result.rows = len(table.rows)
    result.ignored_headers = table.ignored_headers
    if table.problems:
        result.problems = table.problems
        return result
    plan = build(table, assessment=assessment, year=year, region_id=region_id, result=result)
    if result.problems or dry_run:
        return result
    with transaction.atomic():
        for item in plan.create + plan.update:
            item.loaded_by = job
        AssessmentResult.objects.bulk_create(plan.create, batch_size=1000)
        AssessmentResult.objects.bulk_update(plan.update, [*_FIELDS, "loaded_by"], batch_size=1000)
    result.applied = True
    return result


def template_file(assessment: str) -> IO[bytes]:
    """A blank workbook with the canonical headers, and a help sheet: columns, synonyms, what goes where."""
    columns = COLUMNS[assessment]
    help_rows = [(c.title, "да" if c.required else "нет", "; ".join(c.synonyms), c.help) for c in columns]
    help_rows.append(("", "", "", TEMPLATE_NOTES[assessment]))
    return excel.write_workbook(
        [
            (SHEET, [c.title for c in columns], []),
            ("Справка", ["Столбец", "Обязательный", "Другие допустимые названия", "Пояснение"], help_rows),
        ]
    )


def problems_json(problems: list[Problem]) -> list[dict]:
    return Result(kind="", problems=problems).to_json()["problems"]
