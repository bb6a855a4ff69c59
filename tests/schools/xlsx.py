"""Building .xlsx files for import tests."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

SCHOOL_HEADERS = [
    "Регион",
    "Муниципалитет",
    "Полное наименование",
    "Краткое наименование",
    "ИНН",
    "Код ФИС ОКО",
    "Адрес",
    "Городская/сельская",
    "ФИО директора",
    "E-mail директора",
]


def xlsx(rows, *, title_rows=(), sheet="Школы") -> bytes:
    """A workbook whose first sheet holds title_rows, then rows (the first of rows is usually the header)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in title_rows:
        ws.append(list(r))
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(data: bytes, name: str = "schools.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def school_row(cast_region_name: str, municipality: str, inn: str, n: int = 1, **overrides) -> list:
    values = {
        "Регион": cast_region_name,
        "Муниципалитет": municipality,
        "Полное наименование": f"Муниципальное бюджетное общеобразовательное учреждение «Новая школа № {n}»",
        "Краткое наименование": f"МБОУ «Новая школа № {n}»",
        "ИНН": inn,
        "Код ФИС ОКО": f"new{n:04d}",
        "Адрес": f"ул. Новая, {n}",
        "Городская/сельская": "сельская",
        "ФИО директора": "Директорова Анна Петровна",
        "E-mail директора": f"new.director{n}@example.ru",
    } | overrides
    return [values[h] for h in SCHOOL_HEADERS]
