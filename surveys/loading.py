"""Loading questionnaire definitions (surveys/definitions/<year>.json) into versioned data.

A definition holds the scoring method's version and thresholds, the indicators (each feeding one
risk direction with a weight) and the questionnaires of every respondent group. Loading is
idempotent: a questionnaire whose definition has not changed is left alone; a changed one becomes
a new version (the old version and its answers stay).
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from schools.models import ProjectYear

from . import risk_catalogue
from .models import (
    DiagnosisSettings,
    Indicator,
    Option,
    OptionIndicator,
    Question,
    Questionnaire,
    RespondentGroup,
    RiskDirection,
    ScoringMethod,
    Section,
)

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
KINDS = {k.value for k in Question.Kind}


@dataclass
class LoadResult:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    indicators: int = 0
    method: str = ""


def definition_path(year: int) -> Path:
    return DEFINITIONS_DIR / f"{year}.json"


def _checksum(obj) -> str:
    return hashlib.sha256(json.dumps(obj, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _validate(data: dict, indicator_codes: set[str]) -> None:
    groups = {g.value for g in RespondentGroup}
    for qn in data.get("questionnaires", []):
        where = f"анкета «{qn.get('group')}»"
        if qn.get("group") not in groups:
            raise ValidationError(f"{where}: неизвестная группа респондентов")
        codes: set[str] = set()
        for section in qn.get("sections", []):
            for q in section.get("questions", []):
                qwhere = f"{where}, вопрос «{q.get('code')}»"
                if q.get("kind") not in KINDS:
                    raise ValidationError(f"{qwhere}: неизвестный тип «{q.get('kind')}»")
                if q["code"] in codes:
                    raise ValidationError(f"{qwhere}: код вопроса повторяется")
                codes.add(q["code"])
                used = [q["indicator"]] if q.get("indicator") else []
                for opt in q.get("options", []) + q.get("bands", []):
                    used += list(opt.get("risk", {}))
                for code in used:
                    if code not in indicator_codes:
                        raise ValidationError(f"{qwhere}: неизвестный индикатор «{code}»")


def _option_rows(q: dict) -> list[dict]:
    """Normalised options of a question: [{code, text, low, high, risk: {indicator: weight}}]."""
    kind = q["kind"]
    if kind == Question.Kind.SCALE:
        labels = q["labels"]
        n = len(labels)
        rows = []
        for i, label in enumerate(labels):
            value = i + 1
            risk = {}
            if q.get("indicator"):
                frac = (n - value) / (n - 1) if q.get("risky_end", "low") == "low" else (value - 1) / (n - 1)
                risk = {q["indicator"]: round(frac, 4)}
            rows.append({"code": str(value), "text": f"{value} — {label}", "low": None, "high": None, "risk": risk})
        return rows
    if kind == Question.Kind.NUMBER:
        return [
            {"code": b["code"], "text": b["text"], "low": b["low"], "high": b["high"], "risk": b.get("risk", {})}
            for b in q.get("bands", [])
        ]
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return [
            {"code": o["code"], "text": o["text"], "low": None, "high": None, "risk": o.get("risk", {})}
            for o in q["options"]
        ]
    return []


def _weights(q: dict, rows: list[dict]) -> list[dict[str, float]]:
    """Per option {indicator: weight}; every option of a question gets a row for each indicator the
    question feeds (0 when not given), and multiple-choice weights are divided by the sum of the
    positive ones so that one answered question contributes at most 1 (docs/risk-method.md)."""
    fed = sorted({code for r in rows for code in r["risk"]})
    result = [{code: float(r["risk"].get(code, 0)) for code in fed} for r in rows]
    if q["kind"] == Question.Kind.MULTIPLE:
        for code in fed:
            total = sum(w[code] for w in result if w[code] > 0)
            if total:
                for w in result:
                    w[code] = round(w[code] / total, 6)
    return result


def _create_questionnaire(*, year: ProjectYear, qn: dict, version: int, checksum: str, indicators) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(
        year=year, group=qn["group"], version=version, title=qn["title"], intro=qn.get("intro", ""), checksum=checksum
    )
    order = 0
    for s_order, s in enumerate(qn["sections"], start=1):
        section = Section.objects.create(questionnaire=questionnaire, order=s_order, title=s["title"])
        for q in s["questions"]:
            order += 1
            question = Question.objects.create(
                questionnaire=questionnaire,
                section=section,
                order=order,
                code=q["code"],
                text=q["text"],
                help_text=q.get("help_text", ""),
                kind=q["kind"],
                required=q.get("required", True),
                min_value=q.get("min"),
                max_value=q.get("max"),
            )
            rows = _option_rows(q)
            options = Option.objects.bulk_create(
                [
                    Option(question=question, order=i, code=r["code"], text=r["text"], low=r["low"], high=r["high"])
                    for i, r in enumerate(rows, start=1)
                ]
            )
            OptionIndicator.objects.bulk_create(
                [
                    OptionIndicator(option=option, indicator=indicators[code], weight=weight)
                    for option, weights in zip(options, _weights(q, rows), strict=True)
                    for code, weight in weights.items()
                ]
            )
    return questionnaire


@transaction.atomic
def questionnaires_load(*, year: ProjectYear, data: dict, after_versions: dict[str, int] | None = None) -> LoadResult:
    """`after_versions` (group → version): a copy into a new year continues the source year's numbering."""
    result = LoadResult()
    after_versions = after_versions or {}
    risk_catalogue.risk_directions_create_default(year=year)
    DiagnosisSettings.objects.get_or_create(year=year)
    directions = {d.code: d for d in RiskDirection.objects.filter(year=year)}

    method = data["method"]
    ScoringMethod.objects.filter(year=year).exclude(version=method["version"]).update(is_current=False)
    ScoringMethod.objects.update_or_create(
        year=year,
        version=method["version"],
        defaults={
            "high_from": method["high_from"],
            "medium_from": method["medium_from"],
            "description": method.get("description", ""),
            "is_current": True,
        },
    )
    result.method = method["version"]

    for ind in data["indicators"]:
        if ind["direction"] not in directions:
            raise ValidationError(f"Индикатор «{ind['code']}»: нет направления «{ind['direction']}» в {year.year} году")
    _validate(data, {i["code"] for i in data["indicators"]})
    indicators = {}
    for ind in data["indicators"]:
        obj, _ = Indicator.objects.update_or_create(
            year=year,
            code=ind["code"],
            defaults={"title": ind["title"], "direction": directions[ind["direction"]], "weight": ind.get("weight", 1)},
        )
        indicators[obj.code] = obj
    result.indicators = len(indicators)

    for qn in data["questionnaires"]:
        checksum = _checksum(qn)
        current = Questionnaire.objects.filter(year=year, group=qn["group"], is_active=True).first()
        if current and current.checksum == checksum:
            result.unchanged.append(f"{current.title} (версия {current.version})")
            continue
        last = Questionnaire.objects.filter(year=year, group=qn["group"]).order_by("-version").first()
        Questionnaire.objects.filter(year=year, group=qn["group"], is_active=True).update(is_active=False)
        created = _create_questionnaire(
            year=year,
            qn=qn,
            version=max(last.version if last else 0, after_versions.get(qn["group"], 0)) + 1,
            checksum=checksum,
            indicators=indicators,
        )
        result.created.append(f"{created.title} (версия {created.version})")
    return result


def template_path(year: int) -> Path:
    """The year's own definition, else the newest earlier one, else the oldest: the built-in federal template."""
    files = sorted(DEFINITIONS_DIR.glob("[0-9][0-9][0-9][0-9].json"))
    earlier = [f for f in files if int(f.stem) <= year]
    return (earlier or files)[-1 if earlier else 0]


def questionnaires_load_file(
    *, year: ProjectYear, path: Path | None = None, after_versions: dict[str, int] | None = None
) -> LoadResult:
    path = path or definition_path(year.year)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError(f"Нет файла определения анкет: {path}") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(f"Файл {path}: ошибка JSON в строке {exc.lineno}: {exc.msg}") from None
    return questionnaires_load(year=year, data=data, after_versions=after_versions)
