"""The structured roadmap: sections, measures and indicators (optimistic revisions; locked on review)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from schools.models import ProjectYear, School, User
from schools.yearsetup import shift_date
from surveys import selectors as survey_selectors

from .. import selectors
from ..models import (
    Document,
    DocumentKind,
    Indicator,
    Measure,
    RoadmapSection,
)
from .documents import document_lock, document_require_editable, document_touch

# --- The structured roadmap ------------------------------------------------------------------------


@transaction.atomic
def roadmap_prepare(*, school: School, year: ProjectYear) -> Document:
    """The school's roadmap document with a section for every activated direction."""
    document, _ = Document.objects.get_or_create(school=school, year=year, kind=DocumentKind.ROADMAP, direction=None)
    have = set(document.sections.values_list("direction_id", flat=True))
    RoadmapSection.objects.bulk_create(
        [
            RoadmapSection(document=document, direction=d)
            for d in survey_selectors.active_directions(school=school, year=year)
            if d.pk not in have
        ]
    )
    return document


def _check_revision(row, revision: int | None) -> None:
    if revision is not None and int(revision) != row.revision:
        raise ValidationError(
            "Эту запись уже изменил другой пользователь. Обновите страницу и внесите изменения ещё раз — "
            "иначе его правки были бы потеряны."
        )


def _locked_section(section: RoadmapSection) -> RoadmapSection:
    document = document_lock(section.document)
    document_require_editable(document)
    section = RoadmapSection.objects.select_for_update().get(pk=section.pk)
    section.document = document
    return section


@transaction.atomic
def section_update(*, section: RoadmapSection, goal: str, tasks: str, revision: int | None, by: User) -> RoadmapSection:
    section = _locked_section(section)
    _check_revision(section, revision)
    section.goal, section.tasks = goal.strip(), tasks.strip()
    section.revision += 1
    section.save()
    document_touch(section.document)
    return section


MEASURE_FIELDS = ("title", "description", "starts_on", "ends_on", "responsible", "participants", "expected_result")
INDICATOR_FIELDS = ("name", "unit", "baseline", "target", "method")


def _check_dates(data: dict) -> None:
    if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
        raise ValidationError("Дата окончания мероприятия раньше даты начала.")


@transaction.atomic
def measure_create(*, section: RoadmapSection, data: dict, by: User) -> Measure:
    section = _locked_section(section)
    _check_dates(data)
    measure = Measure.objects.create(section=section, **{f: data.get(f) or _empty(f) for f in MEASURE_FIELDS})
    document_touch(section.document)
    return measure


@transaction.atomic
def measure_update(*, measure: Measure, data: dict, revision: int | None, by: User) -> Measure:
    _locked_section(measure.section)
    measure = (
        Measure.objects.select_for_update(of=("self",))
        .select_related("section__document", "section__direction")
        .get(pk=measure.pk)
    )
    _check_revision(measure, revision)
    _check_dates(data)
    for f in MEASURE_FIELDS:
        setattr(measure, f, data.get(f) or _empty(f))
    measure.revision += 1
    measure.save()
    document_touch(measure.section.document)
    return measure


@transaction.atomic
def measure_delete(*, measure: Measure, by: User) -> None:
    section = _locked_section(measure.section)
    measure.delete()
    document_touch(section.document)


@transaction.atomic
def indicator_create(*, section: RoadmapSection, data: dict, by: User) -> Indicator:
    section = _locked_section(section)
    indicator = Indicator.objects.create(section=section, **{f: _value(data, f) for f in INDICATOR_FIELDS})
    document_touch(section.document)
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, data: dict, revision: int | None, by: User) -> Indicator:
    _locked_section(indicator.section)
    indicator = (
        Indicator.objects.select_for_update(of=("self",))
        .select_related("section__document", "section__direction")
        .get(pk=indicator.pk)
    )
    _check_revision(indicator, revision)
    for f in INDICATOR_FIELDS:
        setattr(indicator, f, _value(data, f))
    indicator.revision += 1
    indicator.save()
    document_touch(indicator.section.document)
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by: User) -> None:
    section = _locked_section(indicator.section)
    indicator.delete()
    document_touch(section.document)


def _empty(field: str):
    return None if field in ("starts_on", "ends_on") else ""


def _value(data: dict, field: str):
    value = data.get(field)
    if field in ("baseline", "target"):
        return value if value not in ("", None) else None
    return value or ""


@transaction.atomic
def roadmap_copy_previous(*, school: School, year: ProjectYear, by: User) -> Document:
    """A continuing school starts its roadmap from last year's: for every activated direction that last year's
    roadmap also had, its goal, tasks, measures (dates moved by the years between) and indicators are copied into
    this year's draft. Never silent: the director asks for it; the copy is a draft to edit and submit."""
    previous = selectors.previous_roadmap(school=school, year=year)
    if previous is None:
        raise ValidationError("У школы нет дорожной карты прошлых лет, копировать нечего.")
    if not survey_selectors.active_directions(school=school, year=year):
        raise ValidationError("Сначала активируйте рисковые направления этого года: дорожная карта строится по ним.")
    document = roadmap_prepare(school=school, year=year)
    document = document_lock(document)
    document_require_editable(document)
    if (
        Measure.objects.filter(section__document=document).exists()
        or Indicator.objects.filter(section__document=document).exists()
    ):
        raise ValidationError("Дорожная карта этого года уже начата: копия прошлогодней записала бы поверх.")
    years = year.year - previous.year.year
    old = {
        s.direction.code: s
        for s in previous.sections.select_related("direction").prefetch_related("measures", "indicators")
    }
    copied = 0
    for section in document.sections.select_related("direction"):
        source = old.get(section.direction.code)
        if source is None:
            continue
        section.goal, section.tasks = source.goal, source.tasks
        section.revision += 1
        section.save()
        Measure.objects.bulk_create(
            Measure(
                section=section,
                **{f: getattr(m, f) for f in MEASURE_FIELDS if f not in ("starts_on", "ends_on")},
                starts_on=shift_date(m.starts_on, years=years),
                ends_on=shift_date(m.ends_on, years=years),
            )
            for m in source.measures.all()
        )
        Indicator.objects.bulk_create(
            Indicator(section=section, **{f: getattr(i, f) for f in INDICATOR_FIELDS}) for i in source.indicators.all()
        )
        copied += 1
    if not copied:
        raise ValidationError(
            f"Ни одно направление этого года не совпадает с направлениями дорожной карты {previous.year.year} года."
        )
    document_touch(document)
    return document
