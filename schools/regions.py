"""The catalogue of Russian regions (субъекты РФ) with their codes, and forgiving lookup by name or code.

Regions are reference data: an import creates a catalogue region on first use, so «unknown region» means
«not a subject of the Federation», not «not loaded yet». `regions_create_default()` loads all of them.
"""

import re

from .importing.base import normalize
from .models import Region

# Codes as in ИНН/КПП and vehicle plates (ФНС numbering).
REGIONS: tuple[tuple[str, str], ...] = (
    ("01", "Республика Адыгея"),
    ("02", "Республика Башкортостан"),
    ("03", "Республика Бурятия"),
    ("04", "Республика Алтай"),
    ("05", "Республика Дагестан"),
    ("06", "Республика Ингушетия"),
    ("07", "Кабардино-Балкарская Республика"),
    ("08", "Республика Калмыкия"),
    ("09", "Карачаево-Черкесская Республика"),
    ("10", "Республика Карелия"),
    ("11", "Республика Коми"),
    ("12", "Республика Марий Эл"),
    ("13", "Республика Мордовия"),
    ("14", "Республика Саха (Якутия)"),
    ("15", "Республика Северная Осетия — Алания"),
    ("16", "Республика Татарстан"),
    ("17", "Республика Тыва"),
    ("18", "Удмуртская Республика"),
    ("19", "Республика Хакасия"),
    ("20", "Чеченская Республика"),
    ("21", "Чувашская Республика"),
    ("22", "Алтайский край"),
    ("23", "Краснодарский край"),
    ("24", "Красноярский край"),
    ("25", "Приморский край"),
    ("26", "Ставропольский край"),
    ("27", "Хабаровский край"),
    ("28", "Амурская область"),
    ("29", "Архангельская область"),
    ("30", "Астраханская область"),
    ("31", "Белгородская область"),
    ("32", "Брянская область"),
    ("33", "Владимирская область"),
    ("34", "Волгоградская область"),
    ("35", "Вологодская область"),
    ("36", "Воронежская область"),
    ("37", "Ивановская область"),
    ("38", "Иркутская область"),
    ("39", "Калининградская область"),
    ("40", "Калужская область"),
    ("41", "Камчатский край"),
    ("42", "Кемеровская область — Кузбасс"),
    ("43", "Кировская область"),
    ("44", "Костромская область"),
    ("45", "Курганская область"),
    ("46", "Курская область"),
    ("47", "Ленинградская область"),
    ("48", "Липецкая область"),
    ("49", "Магаданская область"),
    ("50", "Московская область"),
    ("51", "Мурманская область"),
    ("52", "Нижегородская область"),
    ("53", "Новгородская область"),
    ("54", "Новосибирская область"),
    ("55", "Омская область"),
    ("56", "Оренбургская область"),
    ("57", "Орловская область"),
    ("58", "Пензенская область"),
    ("59", "Пермский край"),
    ("60", "Псковская область"),
    ("61", "Ростовская область"),
    ("62", "Рязанская область"),
    ("63", "Самарская область"),
    ("64", "Саратовская область"),
    ("65", "Сахалинская область"),
    ("66", "Свердловская область"),
    ("67", "Смоленская область"),
    ("68", "Тамбовская область"),
    ("69", "Тверская область"),
    ("70", "Томская область"),
    ("71", "Тульская область"),
    ("72", "Тюменская область"),
    ("73", "Ульяновская область"),
    ("74", "Челябинская область"),
    ("75", "Забайкальский край"),
    ("76", "Ярославская область"),
    ("77", "г. Москва"),
    ("78", "г. Санкт-Петербург"),
    ("79", "Еврейская автономная область"),
    ("83", "Ненецкий автономный округ"),
    ("86", "Ханты-Мансийский автономный округ — Югра"),
    ("87", "Чукотский автономный округ"),
    ("89", "Ямало-Ненецкий автономный округ"),
    ("90", "Запорожская область"),
    ("91", "Республика Крым"),
    ("92", "г. Севастополь"),
    ("93", "Донецкая Народная Республика"),
    ("94", "Луганская Народная Республика"),
    ("95", "Херсонская область"),
)

# Other names people write for the same subjects.
ALIASES: dict[str, str] = {
    "москва": "77",
    "городмосква": "77",
    "санктпетербург": "78",
    "городсанктпетербург": "78",
    "севастополь": "92",
    "городсевастополь": "92",
    "кемеровскаяобласть": "42",
    "кузбасс": "42",
    "башкирия": "02",
    "башкортостан": "02",
    "татарстан": "16",
    "чувашия": "21",
    "чувашскаяреспубликачувашия": "21",
    "удмуртия": "18",
    "якутия": "14",
    "республикасаха": "14",
    "севернаяосетия": "15",
    "республикасевернаяосетияалания": "15",
    "кабардинобалкария": "07",
    "карачаевочеркесия": "09",
    "чечня": "20",
    "хантымансийскийавтономныйокруг": "86",
    "хмао": "86",
    "хмаоюгра": "86",
    "янао": "89",
    "крым": "91",
    "днр": "93",
    "лнр": "94",
}

CATALOGUE_BY_CODE = dict(REGIONS)

_ABBREVIATIONS = (
    (re.compile(r"\bобл\b\.?"), "область"),
    (re.compile(r"\bресп\b\.?"), "республика"),
    (re.compile(r"\bавт\.?\s*окр\b\.?"), "автономный округ"),
    (re.compile(r"^\s*(г\.|город)\s*"), ""),
)


def region_key(text: str) -> str:
    """Normalized name with the usual abbreviations expanded («Смоленская обл.» = «Смоленская область»)."""
    text = str(text).lower().replace("ё", "е")
    for pattern, replacement in _ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    return normalize(text)


def catalogue_code(text: str) -> str | None:
    """The subject code for a name, an alias or a code written in a cell; None if it is not a region."""
    key = region_key(text)
    if not key:
        return None
    if key.isdigit():
        code = key.zfill(2)
        return code if code in CATALOGUE_BY_CODE else None
    for code, name in REGIONS:
        if region_key(name) == key:
            return code
    return ALIASES.get(key)


def regions_create_default() -> int:
    """Creates catalogue regions that are missing (matched by code or name); returns how many were created."""
    return regions_load()[0]


def regions_load() -> tuple[int, int]:
    """Brings the regions up to the catalogue: creates the missing ones and renames a region whose code is in
    the catalogue under another name (a renamed subject). Returns (created, renamed); nothing is deleted."""
    by_code = {r.code: r for r in Region.objects.all()}
    names = {normalize(r.name) for r in by_code.values()}
    renamed = []
    for code, name in REGIONS:
        region = by_code.get(code)
        if region is not None and region.name != name and normalize(name) not in names:
            region.name = name
            renamed.append(region)
    Region.objects.bulk_update(renamed, ["name"])
    names |= {normalize(r.name) for r in renamed}
    new = [
        Region(code=code, name=name) for code, name in REGIONS if code not in by_code and normalize(name) not in names
    ]
    Region.objects.bulk_create(new)
    return len(new), len(renamed)
