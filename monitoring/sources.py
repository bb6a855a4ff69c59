"""The one place where curators' work and monitoring read the roadmaps and surveys apps.

Both apps are built in parallel with this one, so every read is guarded: if a model or field is not
there (yet), the function returns None and pages show «нет данных» instead of failing. Each function
takes many schools and runs one query, so list pages keep a constant number of queries.
"""

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import FieldError
from django.db.models import Count

log = logging.getLogger(__name__)

_GUARDED = (LookupError, FieldError, AttributeError, ImportError)


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _count_by_school(qs) -> dict[int, int]:
    return {row["school_id"]: row["n"] for row in qs.values("school_id").annotate(n=Count("pk")).order_by()}


def documents_to_review(*, school_ids, year) -> dict[int, int] | None:
    """Documents each school submitted and the curator has not reviewed yet (roadmaps.Document)."""
    document = _model("roadmaps.Document")
    if document is None:
        return None
    try:
        return _count_by_school(document.objects.filter(school_id__in=school_ids, year=year, status="submitted"))
    except _GUARDED:
        log.warning("roadmaps.Document has changed shape; showing «нет данных»")
        return None


def profiles_to_verify(*, school_ids, year) -> dict[int, int] | None:
    """Published risk profiles not yet verified by the curator (surveys.RiskProfile)."""
    profile = _model("surveys.RiskProfile")
    if profile is None:
        return None
    try:
        return _count_by_school(
            profile.objects.filter(
                school_id__in=school_ids, year=year, published_at__isnull=False, verification="pending"
            )
        )
    except _GUARDED:
        log.warning("surveys.RiskProfile has changed shape; showing «нет данных»")
        return None


def schools_with_activated_risks(*, school_ids, year) -> set[int]:
    """Schools that activated risk directions this year: their roadmap is being formed."""
    activation = _model("surveys.RiskActivation")
    if activation is None:
        return set()
    try:
        return set(
            activation.objects.filter(school_id__in=school_ids, direction__year=year)
            .values_list("school_id", flat=True)
            .distinct()
        )
    except _GUARDED:
        return set()


def schools_with_confirmed_roadmap(*, school_ids, year) -> set[int]:
    """Schools whose roadmap document is confirmed by the curator: they are implementing it."""
    document = _model("roadmaps.Document")
    if document is None:
        return set()
    try:
        return set(
            document.objects.filter(school_id__in=school_ids, year=year, kind="roadmap", status="confirmed")
            .values_list("school_id", flat=True)
            .distinct()
        )
    except _GUARDED:
        return set()


@dataclass
class RoadmapIndicator:
    ref: int
    title: str
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None


@dataclass
class RoadmapMeasure:
    ref: int
    title: str
    due_on: object = None
    direction: str = ""


@dataclass
class RoadmapItems:
    indicators: list[RoadmapIndicator] = field(default_factory=list)
    measures: list[RoadmapMeasure] = field(default_factory=list)


def confirmed_roadmap_items(*, school, year) -> RoadmapItems | None:
    """Indicators and measures of the school's confirmed roadmap; None when there is none (or no app)."""
    document = _model("roadmaps.Document")
    indicator = _model("roadmaps.Indicator")
    measure = _model("roadmaps.Measure")
    if document is None or indicator is None or measure is None:
        return None
    try:
        roadmap = (
            document.objects.filter(school=school, year=year, kind="roadmap", status="confirmed")
            .order_by("-pk")
            .first()
        )
        if roadmap is None:
            return None
        items = RoadmapItems()
        for i in indicator.objects.filter(section__document=roadmap).order_by("section__direction__number", "pk"):
            items.indicators.append(
                RoadmapIndicator(ref=i.pk, title=i.name, unit=i.unit, baseline=i.baseline, target=i.target)
            )
        for m in (
            measure.objects.filter(section__document=roadmap)
            .select_related("section__direction")
            .order_by("section__direction__number", "ends_on", "pk")
        ):
            items.measures.append(
                RoadmapMeasure(ref=m.pk, title=m.title, due_on=m.ends_on, direction=str(m.section.direction))
            )
        return items
    except _GUARDED:
        log.warning("roadmaps models have changed shape; monitoring shows «нет данных»")
        return None


def roadmap_sections(*, school, year) -> list[tuple[int, str]] | None:
    """Sections (risk directions) of the school's roadmap that can take a new measure now.

    None when there is no roadmap (or no roadmaps app); an empty list when the roadmap is on review or
    confirmed and therefore locked.
    """
    document = _model("roadmaps.Document")
    section = _model("roadmaps.RoadmapSection")
    if document is None or section is None:
        return None
    try:
        roadmap = document.objects.filter(school=school, year=year, kind="roadmap").first()
        if roadmap is None:
            return None
        if roadmap.status not in ("draft", "returned"):
            return []
        return [
            (s.pk, str(s.direction))
            for s in section.objects.filter(document=roadmap).select_related("direction").order_by("direction__number")
        ]
    except _GUARDED:
        return None


def measure_from_action(*, school, year, section_id: int, title: str, responsible: str, ends_on, by) -> int:
    """Adds a measure to the school's roadmap through the roadmaps app's own service; returns its id."""
    from django.core.exceptions import ValidationError

    section_model = _model("roadmaps.RoadmapSection")
    try:
        from roadmaps import services as roadmap_services
    except ImportError:
        roadmap_services = None
    if section_model is None or not hasattr(roadmap_services, "measure_create"):
        raise ValidationError("Перенос в дорожную карту недоступен: договорённость сохранена в журнале визита.")
    section = section_model.objects.filter(
        pk=section_id, document__school=school, document__year=year, document__kind="roadmap"
    ).first()
    if section is None:
        raise ValidationError("Выберите раздел дорожной карты этой школы.")
    data = {"title": title[:500], "responsible": responsible[:300], "ends_on": ends_on}
    return roadmap_services.measure_create(section=section, data=data, by=by).pk
