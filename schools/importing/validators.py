"""Row validators: each turns a cell into a clean value or raises CellError with a Russian message."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from medk.lib.excel import cell_text

from ..models import School
from ..validators import validate_inn
from .base import CellError, normalize

_DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


def required(text: str) -> str:
    if not text:
        raise CellError("не заполнено обязательное значение.")
    return text


def inn(value) -> str:
    """ИНН as text; a number Excel stripped of its leading zero (9 or 11 digits) gets it back."""
    text = cell_text(value).replace(" ", "")
    if not text:
        raise CellError("не заполнен ИНН.")
    if text.isdigit() and len(text) in (9, 11) and not isinstance(value, str):
        text = "0" + text
    try:
        validate_inn(text)
    except ValidationError as error:
        raise CellError(f"{error.messages[0]} Значение: «{text}».") from None
    return text


def inn_or_none(row) -> str | None:
    """The row's ИНН as the import will read it (for looking up existing schools in one query)."""
    try:
        return inn(row.value("inn"))
    except CellError:
        return None


def email(value) -> str:
    text = cell_text(value).strip().strip("<>").lower()
    if not text:
        raise CellError("не заполнен e-mail.")
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(f"неверный адрес e-mail «{text}».") from None
    return text


_LOCALITY = {
    normalize(x): School.Locality.URBAN for x in ("городская", "город", "г", "городской", "городская местность")
} | {
    normalize(x): School.Locality.RURAL
    for x in ("сельская", "село", "с", "сельский", "сельская местность", "деревня", "поселок")
}


def locality(value) -> str:
    text = cell_text(value)
    if not text:
        return School.Locality.URBAN
    try:
        return _LOCALITY[normalize(text)]
    except KeyError:
        raise CellError(f"ожидается «городская» или «сельская», указано «{text}».") from None


_FIO_PART = re.compile(r"^[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё'\-.]*$")


def person_name(value) -> tuple[str, str, str]:
    """ФИО in one cell → (фамилия, имя, отчество)."""
    text = cell_text(value)
    if not text:
        raise CellError("не заполнены ФИО.")
    parts = text.split(" ")
    if len(parts) < 2 or not all(_FIO_PART.match(p) for p in parts):
        raise CellError(f"ФИО «{text}» должны содержать фамилию и имя (и отчество), только буквы.")
    return parts[0], parts[1], " ".join(parts[2:])


def contract_date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 — a calendar date, no time
        except ValueError:
            continue
    raise CellError(f"неверная дата «{text}», ожидается ДД.ММ.ГГГГ.")


def phone(value) -> str:
    text = cell_text(value)
    if text and not re.fullmatch(r"[0-9+()\-\s.,доб]{5,40}", text):
        raise CellError(f"неверный номер телефона «{text}».")
    return text


def limited(text: str, max_length: int) -> str:
    if len(text) > max_length:
        raise CellError(f"значение длиннее {max_length} символов.")
    return text
