"""Reads: document slots with deadlines, the roadmap with its coverage, snapshots and their diff, queues."""

import collections
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from schools.models import ProjectYear, School
from surveys import selectors as survey_selectors
from surveys.models import RiskDirection
from yearcalendar import services as calendar

from .models import (
    DEFAULT_REQUIRED_KINDS,
    KIND_MILESTONE,
    RUBRIC_CRITERIA,
    Comment,
    Document,
    DocumentKind,
    DocumentVersion,
    Evaluation,
    ExpertiseItem,
    ExpertiseSample,
    Indicator,
    Measure,
    RequiredDocuments,
    RoadmapSection,
    Rubric,
    RubricCriterion,
    SimilarityFlag,
    Status,
    Transition,
)


@dataclass
class Slot:
    kind: str
    label: str
    direction: RiskDirection | None = None
    documents: list[Document] = field(default_factory=list)
    due_on: datetime.date | None = None
    overdue: bool = False
    required: bool = True

    @property
    def document(self) -> Document | None:
        return self.documents[0] if self.documents else None


def _versions_prefetch() -> Prefetch:
    return Prefetch(
        "versions",
        queryset=DocumentVersion.objects.select_related("created_by").order_by("-number"),
        to_attr="version_list",
    )


def required_kinds(*, year: ProjectYear) -> list[str]:
    """The year's required conceptual document kinds (the seeds' default until the year sets its own)."""
    row = RequiredDocuments.objects.filter(year=year).first()
    return list(row.kinds) if row and row.kinds else [str(k) for k in DEFAULT_REQUIRED_KINDS]


def document_slots(*, school: School, year: ProjectYear) -> list[Slot]:
    """What the school must place this year, each with its documents and the deadline from the calendar."""
    directions = list(survey_selectors.active_directions(school=school, year=year))
    documents = list(
        Document.objects.filter(school=school, year=year)
        .select_related("direction")
        .prefetch_related(_versions_prefetch())
        .order_by("pk")
    )
    today = timezone.localdate()
    dues: dict[str, datetime.date | None] = {}
    for code in set(KIND_MILESTONE.values()):
        dates = calendar.milestone_dates(year=year, code=code, region=school.municipality.region_id)
        dues[code] = dates.due_on if dates else None

    required = set(required_kinds(year=year))

    def make(kind: str, direction: RiskDirection | None = None) -> Slot:
        due = dues[KIND_MILESTONE[kind]]
        docs = [d for d in documents if d.kind == kind and (direction is None or d.direction_id == direction.pk)]
        label = DocumentKind(kind).label + (f": {direction.title}" if direction else "")
        done = bool(docs) and all(d.status == Status.CONFIRMED for d in docs)
        needed = kind in required
        return Slot(kind, label, direction, docs, due, bool(due and due < today and not done and needed), needed)

    slots = [make(DocumentKind.CONCEPT), make(DocumentKind.MIDTERM)]
    slots += [make(DocumentKind.ANTIRISK, d) for d in directions]
    slots += [make(DocumentKind.ROADMAP), make(DocumentKind.SUPPORTING)]
    return slots


def document_versions(*, document: Document) -> QuerySet[DocumentVersion]:
    return document.versions.select_related("created_by", "similarity").order_by("-number")


def last_return(*, document: Document) -> Transition | None:
    """The curator's latest return of this document (its reason and the version it concerned)."""
    return (
        document.transitions.filter(to_status=Status.RETURNED)
        .select_related("by", "version")
        .order_by("-at", "-pk")
        .first()
    )


def document_transitions(*, document: Document) -> QuerySet[Transition]:
    return document.transitions.select_related("by", "version").order_by("at", "pk")


def document_comments(*, document: Document) -> list[Comment]:
    """Top-level comments with their replies attached as `.thread` (two queries)."""
    comments = list(
        document.comments.select_related("author", "measure", "indicator", "version").order_by("created_at", "pk")
    )
    by_parent: dict[int | None, list[Comment]] = {}
    for c in comments:
        by_parent.setdefault(c.parent_id, []).append(c)
    for c in comments:
        c.thread = by_parent.get(c.pk, [])
    return by_parent.get(None, [])


def roadmap_document(*, school: School, year: ProjectYear) -> Document | None:
    return Document.objects.filter(school=school, year=year, kind=DocumentKind.ROADMAP).first()


def roadmap_sections(*, document: Document, directions=None) -> list[RoadmapSection]:
    """Sections for the activated directions, with measures and indicators, in a fixed number of queries."""
    qs = document.sections.select_related("direction").prefetch_related(
        Prefetch("measures", queryset=Measure.objects.order_by("starts_on", "pk")),
        Prefetch("indicators", queryset=Indicator.objects.order_by("pk")),
    )
    if directions is None:
        directions = survey_selectors.active_directions(school=document.school, year=document.year)
    return list(qs.filter(direction__in=directions).order_by("direction__number"))


def roadmap_coverage(*, document: Document) -> list[str]:
    """Exactly what is missing before the roadmap can be submitted (empty: ready)."""
    directions = list(survey_selectors.active_directions(school=document.school, year=document.year))
    if not directions:
        return ["Не активировано ни одного рискового направления."]
    sections = {s.direction_id: s for s in roadmap_sections(document=document, directions=directions)}
    missing = []
    for d in directions:
        name = f"Направление «{d.title}»"
        section = sections.get(d.pk)
        if section is None:
            missing.append(f"{name}: раздел дорожной карты не заполнен (нет цели, мероприятий и показателей).")
            continue
        if not section.goal.strip():
            missing.append(f"{name}: не указана цель.")
        measures = list(section.measures.all())
        if not measures:
            missing.append(f"{name}: нет ни одного мероприятия.")
        elif not any(m.responsible.strip() and m.starts_on and m.ends_on for m in measures):
            gaps = []
            for m in measures:
                lacks = [
                    what
                    for what, ok in (
                        ("ответственный", m.responsible.strip()),
                        ("дата начала", m.starts_on),
                        ("дата окончания", m.ends_on),
                    )
                    if not ok
                ]
                gaps.append(f"«{m.title}» — нет: {', '.join(lacks)}")
            missing.append(f"{name}: нет мероприятия с ответственным и сроками ({'; '.join(gaps)}).")
        indicators = list(section.indicators.all())
        if not indicators:
            missing.append(f"{name}: нет ни одного показателя.")
        elif not any(i.baseline is not None and i.target is not None for i in indicators):
            gaps = []
            for i in indicators:
                lacks = [
                    what
                    for what, ok in (
                        ("базовое значение", i.baseline is not None),
                        ("целевое значение", i.target is not None),
                    )
                    if not ok
                ]
                gaps.append(f"«{i.name}» — нет: {', '.join(lacks)}")
            missing.append(f"{name}: нет показателя с базовым и целевым значением ({'; '.join(gaps)}).")
    return missing


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def roadmap_snapshot(*, document: Document) -> dict:
    """The roadmap as plain JSON (stored with each submitted version; diffed between versions)."""
    sections = []
    for s in roadmap_sections(document=document):
        sections.append(
            {
                "direction_id": s.direction_id,
                "direction": s.direction.title,
                "goal": s.goal,
                "tasks": s.tasks,
                "measures": [
                    {
                        "key": str(m.key),
                        "title": m.title,
                        "description": m.description,
                        "starts_on": _iso(m.starts_on),
                        "ends_on": _iso(m.ends_on),
                        "responsible": m.responsible,
                        "participants": m.participants,
                        "expected_result": m.expected_result,
                    }
                    for m in s.measures.all()
                ],
                "indicators": [
                    {
                        "key": str(i.key),
                        "name": i.name,
                        "unit": i.unit,
                        "baseline": str(i.baseline) if i.baseline is not None else None,
                        "target": str(i.target) if i.target is not None else None,
                        "method": i.method,
                    }
                    for i in s.indicators.all()
                ],
            }
        )
    return {"sections": sections}


FIELD_LABELS = {
    "title": "мероприятие",
    "description": "описание",
    "starts_on": "начало",
    "ends_on": "окончание",
    "responsible": "ответственный",
    "participants": "участники",
    "expected_result": "ожидаемый результат",
    "name": "показатель",
    "unit": "единица",
    "baseline": "базовое значение",
    "target": "целевое значение",
    "method": "метод сбора",
    "goal": "цель",
    "tasks": "задачи",
}


@dataclass
class Change:
    kind: str  # "measure" | "indicator" | "section"
    direction: str
    title: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)


@dataclass
class Diff:
    added: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _rows(snapshot: dict | None, kind: str) -> dict[str, tuple[str, dict]]:
    rows = {}
    for s in (snapshot or {}).get("sections", []):
        for row in s.get(kind, []):
            rows[row["key"]] = (s["direction"], row)
    return rows


def roadmap_diff(old: dict | None, new: dict | None) -> Diff:
    """Added, removed and changed measures and indicators (matched by their stable key), and goal/tasks edits."""
    diff = Diff()
    for kind, title_field, label in (("measures", "title", "measure"), ("indicators", "name", "indicator")):
        before, after = _rows(old, kind), _rows(new, kind)
        for key, (direction, row) in after.items():
            if key not in before:
                diff.added.append(Change(label, direction, row[title_field]))
            else:
                old_row = before[key][1]
                fields = [
                    (FIELD_LABELS.get(f, f), str(old_row.get(f) or ""), str(row.get(f) or ""))
                    for f in row
                    if f != "key" and (old_row.get(f) or "") != (row.get(f) or "")
                ]
                if fields:
                    diff.changed.append(Change(label, direction, row[title_field], fields))
        for key, (direction, row) in before.items():
            if key not in after:
                diff.removed.append(Change(label, direction, row[title_field]))
    old_sections = {s["direction_id"]: s for s in (old or {}).get("sections", [])}
    for s in (new or {}).get("sections", []):
        o = old_sections.get(s["direction_id"])
        if o is None:
            continue
        fields = [
            (FIELD_LABELS[f], o.get(f, ""), s.get(f, "")) for f in ("goal", "tasks") if o.get(f, "") != s.get(f, "")
        ]
        if fields:
            diff.changed.append(Change("section", s["direction"], "Цель и задачи", fields))
    return diff


def submitted_versions(*, document: Document) -> list[DocumentVersion]:
    return list(document.versions.filter(snapshot__isnull=False).order_by("number"))


# --- Queues and panels -----------------------------------------------------------------------------


def flagged_q() -> Q:
    return Q(Exists(SimilarityFlag.objects.filter(version__document=OuterRef("pk")))) | Q(
        Exists(SimilarityFlag.objects.filter(other__document=OuterRef("pk")))
    )


def review_queue(*, schools: QuerySet[School], year: ProjectYear) -> QuerySet[Document]:
    """Documents of these schools that wait for the curator or carry a similarity flag."""
    return (
        Document.objects.filter(school__in=schools, year=year)
        .annotate(flagged=flagged_q())
        .filter(Q(status=Status.SUBMITTED) | Q(flagged=True))
        .select_related("school__municipality", "direction")
        .order_by("updated_at")
    )


def document_flags(*, document: Document) -> list[SimilarityFlag]:
    return list(
        SimilarityFlag.objects.filter(Q(version__document=document) | Q(other__document=document))
        .select_related("version__document__school", "other__document__school")
        .order_by("-score")
    )


def school_summary(*, school: School, year: ProjectYear) -> dict:
    """The school's documents by status and its roadmap, in one query (a school has a few dozen documents)."""
    documents = list(Document.objects.filter(school=school, year=year).order_by("pk"))
    counts = collections.Counter(d.status for d in documents)
    return {
        "counts": {status.label: counts[status] for status in Status if status in counts},
        "waiting": counts.get(Status.SUBMITTED, 0),
        "roadmap": next((d for d in documents if d.kind == DocumentKind.ROADMAP), None),
    }


def curator_evaluation(*, document: Document) -> Evaluation | None:
    return (
        Evaluation.objects.filter(document=document, source=Evaluation.Source.CURATOR)
        .prefetch_related("scores__criterion")
        .order_by("-updated_at")
        .first()
    )


def sample_items(*, sample: ExpertiseSample) -> QuerySet[ExpertiseItem]:
    return (
        sample.items.select_related("region", "school__municipality", "document", "expert", "evaluation")
        .prefetch_related("evaluation__scores__criterion")
        .order_by("region__name", "school__short_name")
    )


def expert_load(*, year: ProjectYear, experts) -> dict[int, tuple[int, int]]:
    """{expert id: (assigned items, scored items)} in the year's samples — one query."""
    rows = (
        ExpertiseItem.objects.filter(sample__year=year, expert__in=experts)
        .order_by()
        .values("expert_id")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(evaluation__isnull=False)))
    )
    return {r["expert_id"]: (r["n"], r["done"]) for r in rows}


def samples_for(*, year: ProjectYear) -> QuerySet[ExpertiseSample]:
    return ExpertiseSample.objects.filter(year=year).annotate(n=Count("items")).select_related("created_by")


# --- what curators' work and monitoring read of the roadmap (one query per many schools) ---------------


def _count_by_school(qs) -> dict[int, int]:
    return {row["school_id"]: row["n"] for row in qs.values("school_id").annotate(n=Count("pk")).order_by()}


def documents_to_review(*, school_ids, year: ProjectYear) -> dict[int, int]:
    """Documents each school submitted and the curator has not reviewed yet."""
    return _count_by_school(Document.objects.filter(school_id__in=school_ids, year=year, status=Status.SUBMITTED))


def schools_with_confirmed_roadmap(*, school_ids, year: ProjectYear) -> set[int]:
    """Schools whose roadmap is confirmed by the curator: they are implementing it."""
    return set(
        Document.objects.filter(school_id__in=school_ids, year=year, kind=DocumentKind.ROADMAP, status=Status.CONFIRMED)
        .values_list("school_id", flat=True)
        .distinct()
    )


@dataclass
class RoadmapIndicator:
    ref: int
    title: str
    unit: str = ""
    baseline: object = None
    target: object = None


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


def confirmed_roadmap_items(*, school: School, year: ProjectYear) -> RoadmapItems | None:
    """Indicators and measures of the school's confirmed roadmap; None when there is none."""
    roadmap = (
        Document.objects.filter(school=school, year=year, kind=DocumentKind.ROADMAP, status=Status.CONFIRMED)
        .order_by("-pk")
        .first()
    )
    if roadmap is None:
        return None
    items = RoadmapItems()
    for i in Indicator.objects.filter(section__document=roadmap).order_by("section__direction__number", "pk"):
        items.indicators.append(
            RoadmapIndicator(ref=i.pk, title=i.name, unit=i.unit, baseline=i.baseline, target=i.target)
        )
    measures = (
        Measure.objects.filter(section__document=roadmap)
        .select_related("section__direction")
        .order_by("section__direction__number", "ends_on", "pk")
    )
    for m in measures:
        items.measures.append(
            RoadmapMeasure(ref=m.pk, title=m.title, due_on=m.ends_on, direction=str(m.section.direction))
        )
    return items


def open_roadmap_sections(*, school: School, year: ProjectYear) -> list[tuple[int, str]] | None:
    """Sections (risk directions) of the school's roadmap that can take a new measure now.

    None when there is no roadmap; an empty list when it is on review or confirmed and therefore locked.
    """
    roadmap = Document.objects.filter(school=school, year=year, kind=DocumentKind.ROADMAP).first()
    if roadmap is None:
        return None
    if roadmap.status not in (Status.DRAFT, Status.RETURNED):
        return []
    sections = RoadmapSection.objects.filter(document=roadmap).select_related("direction")
    return [(s.pk, str(s.direction)) for s in sections.order_by("direction__number")]


def previous_roadmap(*, school: School, year: ProjectYear) -> Document | None:
    """The school's roadmap of its latest earlier year with at least one section (what a continuing school
    may start its new roadmap from)."""
    return (
        Document.objects.filter(
            school=school, kind=DocumentKind.ROADMAP, year__year__lt=year.year, sections__isnull=False
        )
        .select_related("year")
        .order_by("-year__year")
        .first()
    )


def rubric_of_year(*, year: ProjectYear) -> tuple[Rubric, list[RubricCriterion]]:
    """The year's rubric and its criteria as a page shows them: the saved ones, or — for a year whose set-up has
    not created them yet — the defaults, unsaved (a GET writes nothing; `services.rubric_for_year` saves them)."""
    rubric = Rubric.objects.filter(year=year).first()
    if rubric is not None:
        return rubric, list(rubric.criteria.all())
    rubric = Rubric(year=year)
    return rubric, [RubricCriterion(code=c, title=t, order=i) for i, (c, t) in enumerate(RUBRIC_CRITERIA)]
