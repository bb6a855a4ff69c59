"""Reads for curators' work and monitoring: the visit frequency rule, caseloads, calendars, unread markers.

Public selectors other areas may call:
- `visit_rows(schools=, year=, today=)` — phase, last confirmed visit, next due date, overdue flag per school;
- `overdue_count(year=, schools=, today=)` — how many schools wait for an overdue curator visit;
- `overdue_page(schools=, year=, today=, number=, per_page=)` — a page of visit rows, overdue first;
- `schools_attended(year, kind)` — ids of schools marked present at events of a kind (attendance indicator);
- `reports_confirmed_school_ids(year=, stage=)` — schools whose monitoring report of a stage is confirmed;
- `visited_school_ids(year=)` — schools with at least one confirmed curator visit.
"""

import calendar as pycalendar
import copy
import datetime
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet

from notifications.models import ReadState
from roadmaps import selectors as roadmap_selectors
from schools import permissions
from schools import selectors as school_selectors
from schools.models import CuratorAssignment, CuratorCandidate, ProjectYear, School
from surveys import selectors as survey_selectors
from yearcalendar import selectors as calendar

from .models import Event, EventInvite, EventParticipant, PlannedVisit, Thread, Visit, VisitRule


class Phase(StrEnum):
    DIAGNOSIS = "diagnosis"
    FORMATION = "formation"
    IMPLEMENTATION = "implementation"


PHASE_LABELS = {
    Phase.DIAGNOSIS: "диагностика",
    Phase.FORMATION: "формирование дорожной карты",
    Phase.IMPLEMENTATION: "реализация",
}


def visit_rule_for(year: ProjectYear) -> VisitRule:
    """The year's rule; without a saved one, the defaults with phase dates taken from the calendar."""
    rule = VisitRule.objects.filter(year=year).first()
    if rule:
        return rule
    dates = calendar.due_dates(year)
    return VisitRule(
        year=year, formation_from=dates.get("first_visit"), implementation_from=dates.get("concept_documents")
    )


PHASE_MILESTONES = {"first_visit": "formation_from", "concept_documents": "implementation_from"}


def regional_rules(*, rule: VisitRule, year: ProjectYear, region_ids) -> dict[int, VisitRule]:
    """The rule per region: a region that moved the first visit or the conceptual documents has its phases
    change on its own dates (one query). Regions without their own dates use `rule` itself."""
    result: dict[int, VisitRule] = {}
    overrides = [row for row in calendar.regional_due_dates(year, region_ids) if row[1] in PHASE_MILESTONES]
    for region_id, code, due_on in overrides:
        own = result.setdefault(region_id, copy.copy(rule))
        setattr(own, PHASE_MILESTONES[code], due_on)
    return result


def phase_of(*, rule: VisitRule, today: datetime.date, has_activations: bool, roadmap_confirmed: bool) -> Phase:
    if roadmap_confirmed or (rule.implementation_from and today >= rule.implementation_from):
        return Phase.IMPLEMENTATION
    if has_activations or (rule.formation_from and today >= rule.formation_from):
        return Phase.FORMATION
    return Phase.DIAGNOSIS


@dataclass(frozen=True)
class VisitDue:
    phase: Phase
    last_visit_on: datetime.date | None
    earliest_on: datetime.date | None  # kept for templates; the rule has no minimum (seed 004: «не реже»)
    due_on: datetime.date | None  # the next visit must happen on or before this day
    overdue: bool

    @property
    def phase_label(self) -> str:
        return PHASE_LABELS[self.phase]

    def days_overdue(self, today: datetime.date) -> int:
        return (today - self.due_on).days if self.overdue and self.due_on else 0


def visit_due(
    *,
    rule: VisitRule,
    phase: Phase,
    last_visit_on: datetime.date | None,
    appointed_on: datetime.date | None,
    today: datetime.date,
) -> VisitDue:
    """The frequency rule, a maximum interval only (seed 004 says «не реже»): at least weekly while the roadmap
    is formed, at least every `implementation_max_days` (28) while it is implemented; no «не ранее» minimum.

    The interval is that of the phase the school is in today, counted from the last visit the school
    confirmed. Without any confirmed visit the first one is due a formation interval after the appointment,
    but not before the calendar's first-visit date. Nothing is overdue during diagnosis.
    """
    if last_visit_on:
        earliest = None
        if phase == Phase.IMPLEMENTATION:
            due = last_visit_on + datetime.timedelta(days=rule.implementation_max_days)
        else:
            due = last_visit_on + datetime.timedelta(days=rule.formation_interval_days)
    else:
        earliest = None
        candidates = [d for d in (rule.formation_from,) if d]
        if appointed_on:
            candidates.append(appointed_on + datetime.timedelta(days=rule.formation_interval_days))
        due = max(candidates) if candidates else None
    overdue = phase != Phase.DIAGNOSIS and due is not None and today > due
    return VisitDue(phase=phase, last_visit_on=last_visit_on, earliest_on=earliest, due_on=due, overdue=overdue)


@dataclass
class VisitRow:
    school: School
    assignment: CuratorAssignment | None
    due: VisitDue
    awaiting_confirmation: int = 0
    next_planned: datetime.date | None = None  # the curator's next visit by the schedule (today or later)

    @property
    def planned_too_late(self) -> bool:
        """The schedule leaves a gap longer than the rule allows (a maximum interval only)."""
        if self.due.phase == Phase.DIAGNOSIS or self.due.due_on is None:
            return False
        return self.next_planned is None or self.next_planned > self.due.due_on

    @property
    def curator(self):
        return self.assignment.curator if self.assignment else None


@dataclass
class _VisitFacts:
    """What the frequency rule reads for a set of schools (`_visit_facts`)."""

    rule: VisitRule
    own_rules: dict[int, VisitRule]
    stats: dict[int, dict]
    planned: dict[int, datetime.date]
    activated: set[int]
    confirmed: set[int]

    def due(self, *, school_id: int, region_id: int, appointed_on, today: datetime.date) -> VisitDue:
        rule = self.own_rules.get(region_id, self.rule)
        activated, confirmed = school_id in self.activated, school_id in self.confirmed
        phase = phase_of(rule=rule, today=today, has_activations=activated, roadmap_confirmed=confirmed)
        last = self.stats.get(school_id, {}).get("last")
        return visit_due(rule=rule, phase=phase, last_visit_on=last, appointed_on=appointed_on, today=today)


def _visit_facts(*, schools: QuerySet[School], year: ProjectYear, today: datetime.date) -> _VisitFacts:
    """Five queries with the schools as a subquery (a region's thousand ids are never sent back)."""
    ids = schools.order_by().values("pk")
    regions = set(schools.order_by().values_list("municipality__region_id", flat=True).distinct())
    calendar.read_dates(year, regions)
    rule = visit_rule_for(year)
    stats = {
        row["school_id"]: row
        for row in Visit.objects.filter(year=year, school_id__in=ids)
        .values("school_id")
        .annotate(
            last=Max("held_on", filter=Q(status=Visit.Status.CONFIRMED)),
            awaiting=Count("pk", filter=Q(status=Visit.Status.AWAITING)),
        )
        .order_by()
    }
    planned = dict(
        PlannedVisit.objects.filter(year=year, school_id__in=ids, planned_on__gte=today)
        .values("school_id")
        .annotate(next=Min("planned_on"))
        .values_list("school_id", "next")
        .order_by()
    )
    return _VisitFacts(
        rule=rule,
        own_rules=regional_rules(rule=rule, year=year, region_ids=regions),
        stats=stats,
        planned=planned,
        activated=survey_selectors.schools_with_activated_risks(school_ids=ids, year=year),
        confirmed=roadmap_selectors.schools_with_confirmed_roadmap(school_ids=ids, year=year),
    )


def _rows(*, schools, facts: _VisitFacts, year: ProjectYear, today: datetime.date) -> list[VisitRow]:
    """Visit rows of these schools (in their order) from facts already read; their assignments in one query."""
    schools = list(schools)
    ids = [s.pk for s in schools]
    assignments = {a.school_id: a for a in school_selectors.year_assignments(year=year, school_ids=ids)}
    rows = []
    for school in schools:
        assignment = assignments.get(school.pk)
        due = facts.due(
            school_id=school.pk,
            region_id=school.municipality.region_id,
            appointed_on=assignment.appointed_on if assignment else None,
            today=today,
        )
        rows.append(
            VisitRow(
                school=school,
                assignment=assignment,
                due=due,
                awaiting_confirmation=facts.stats.get(school.pk, {}).get("awaiting", 0),
                next_planned=facts.planned.get(school.pk),
            )
        )
    return rows


def visit_rows(*, schools: QuerySet[School], year: ProjectYear, today: datetime.date) -> list[VisitRow]:
    """One row per school with its phase and visit due date, in a constant number of queries."""
    facts = _visit_facts(schools=schools, year=year, today=today)
    return _rows(schools=schools.select_related("municipality__region"), facts=facts, year=year, today=today)


def overdue_count(*, year: ProjectYear, schools: QuerySet[School], today: datetime.date) -> int:
    """How many of these schools wait for an overdue curator visit (no school or person is loaded)."""
    facts = _visit_facts(schools=schools, year=year, today=today)
    appointed = dict(
        CuratorAssignment.objects.filter(year=year, school_id__in=schools.order_by().values("pk")).values_list(
            "school_id", "appointed_on"
        )
    )
    return sum(
        facts.due(school_id=pk, region_id=region_id, appointed_on=appointed.get(pk), today=today).overdue
        for pk, region_id in schools.order_by().values_list("pk", "municipality__region_id")
    )


def overdue_page(*, schools: QuerySet[School], year: ProjectYear, today: datetime.date, number, per_page: int):
    """(one page of visit rows, overdue first, by municipality, then due date; how many are overdue in all).
    Every school's due date is computed from plain values; only the page's schools are loaded as rows."""
    facts = _visit_facts(schools=schools, year=year, today=today)
    appointed = dict(
        CuratorAssignment.objects.filter(year=year, school_id__in=schools.order_by().values("pk")).values_list(
            "school_id", "appointed_on"
        )
    )
    dues = [
        (pk, municipality, facts.due(school_id=pk, region_id=region_id, appointed_on=appointed.get(pk), today=today))
        for pk, region_id, municipality in schools.values_list("pk", "municipality__region_id", "municipality__name")
    ]
    dues.sort(key=lambda d: (not d[2].overdue, d[1], d[2].due_on or today))
    page = Paginator(dues, per_page).get_page(number)
    ids = [pk for pk, _m, _d in page.object_list]
    by_pk = School.objects.select_related("municipality__region").in_bulk(ids)
    page.object_list = _rows(schools=[by_pk[pk] for pk in ids], facts=facts, year=year, today=today)
    return page, sum(d[2].overdue for d in dues)


# --- calendars -------------------------------------------------------------------------------------


@dataclass
class CalendarDay:
    day: datetime.date | None
    visits: list


def month_grid(*, visits: QuerySet[Visit], month: datetime.date) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of one month with the visits of each day; days of other months are blank."""
    first = month.replace(day=1)
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    by_day: dict[datetime.date, list] = defaultdict(list)
    for v in visits.filter(held_on__range=(first, last)).select_related("school", "curator").order_by("held_on", "pk"):
        by_day[v.held_on].append(v)
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append([CalendarDay(d if d.month == first.month else None, by_day.get(d, [])) for d in week])
    return weeks


def parse_month(value: str | None, today: datetime.date) -> datetime.date:
    try:
        year, month = (int(p) for p in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def shift_month(month: datetime.date, delta: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + delta
    return datetime.date(index // 12, index % 12 + 1, 1)


# --- unread markers --------------------------------------------------------------------------------


def threads_with_unread(*, user, threads: QuerySet[Thread]) -> QuerySet[Thread]:
    """Threads annotated with `is_unread`: a message came after the user last opened the thread."""
    read = ReadState.objects.filter(user=user, kind=ReadState.Kind.THREAD, object_id=OuterRef("pk"))
    return threads.annotate(
        is_read=Exists(read.filter(read_at__gte=OuterRef("last_message_at"))),
        message_count=Count("messages"),
    ).select_related("school", "author")


def unread_thread_count(*, user, threads: QuerySet[Thread]) -> int:
    read = ReadState.objects.filter(
        user=user, kind=ReadState.Kind.THREAD, object_id=OuterRef("pk"), read_at__gte=OuterRef("last_message_at")
    )
    return threads.exclude(Exists(read)).count()


def faq_unread_ids(*, user, entries) -> set[int]:
    state = ReadState.objects.filter(user=user, kind=ReadState.Kind.FAQ, object_id=0).first()
    return {e.pk for e in entries if state is None or e.published_at > state.read_at}


def forum_threads_for(user) -> QuerySet[Thread]:
    """Forum questions a methodologist answers: their region's, or all for the federal level."""
    scope = permissions.scope_for(user)
    qs = Thread.objects.filter(kind=Thread.Kind.FORUM)
    if scope.everything:
        return qs
    return qs.filter(school__municipality__region_id__in=scope.region_ids)


def visited_school_ids(*, year: ProjectYear) -> set[int]:
    return set(
        Visit.objects.filter(year=year, status=Visit.Status.CONFIRMED).values_list("school_id", flat=True).distinct()
    )


# --- events ----------------------------------------------------------------------------------------


def schools_attended(year: ProjectYear, kind: str) -> set[int]:
    """Ids of schools marked present at any event of this kind in the year (the attendance indicator).

    `kind` is an `Event.Kind` value: "setup_seminar" feeds «Доля ОО, принявших очное участие в
    установочном семинаре» (only on-site events count for that one).
    """
    qs = EventInvite.objects.filter(event__year=year, event__kind=kind, attended=True)
    if kind == Event.Kind.SETUP_SEMINAR:
        qs = qs.filter(event__format=Event.Format.ONSITE)
    return set(qs.values_list("school_id", flat=True).distinct())


def first_visit_on(*, school: School, year: ProjectYear) -> datetime.date | None:
    """The date of the curator's first recorded visit to the school this year (the diagnosis asks)."""
    return Visit.objects.filter(school=school, year=year).order_by("held_on").values_list("held_on", flat=True).first()


# --- the pool of curator candidates ---------------------------------------------------------------------


@dataclass
class CandidateRow:
    candidate: object
    answered: bool
    appointed_to: list


def candidate_rows(*, year: ProjectYear, candidates: QuerySet) -> list[CandidateRow]:
    """Candidates with «answered the questionnaire» and the schools they were appointed to — three queries."""
    candidates = list(candidates.select_related("user", "municipality", "region").order_by("user__last_name"))
    user_ids = [c.user_id for c in candidates]
    answered = survey_selectors.curator_respondents(year=year, user_ids=user_ids)
    schools: dict[int, list] = defaultdict(list)
    for a in CuratorAssignment.objects.filter(year=year, curator_id__in=user_ids).select_related("school"):
        schools[a.curator_id].append(a.school)
    return [CandidateRow(c, c.user_id in answered, schools.get(c.user_id, [])) for c in candidates]


def candidates_in(*, year: ProjectYear, region=None, municipality=None) -> QuerySet:
    qs = CuratorCandidate.objects.filter(year=year)
    if municipality is not None:
        return qs.filter(municipality=municipality)
    return qs.filter(region=region)


# --- events: attendance per level ---------------------------------------------------------------------


@dataclass
class LevelAttendance:
    label: str
    invited: int
    attended: int
    marked: bool


def event_attendance_summary(*, event: Event) -> list[LevelAttendance]:
    """Invited and present per level (schools, curators, municipal and regional coordinators) — two queries."""
    result = []
    schools = event.invites.aggregate(
        n_invited=Count("pk"),
        n_attended=Count("pk", filter=Q(attended=True)),
        n_marked=Count("pk", filter=Q(attended__isnull=False)),
    )
    if schools["n_invited"]:
        result.append(
            LevelAttendance(
                EventParticipant.Level.SCHOOL.label,
                schools["n_invited"],
                schools["n_attended"],
                bool(schools["n_marked"]),
            )
        )
    rows = {
        r["level"]: r
        for r in event.participants.order_by()
        .values("level")
        .annotate(
            n_invited=Count("pk"),
            n_attended=Count("pk", filter=Q(attended=True)),
            n_marked=Count("pk", filter=Q(attended__isnull=False)),
        )
    }
    for level in (EventParticipant.Level.CURATOR, EventParticipant.Level.MUNICIPAL, EventParticipant.Level.REGIONAL):
        r = rows.get(level)
        if r:
            result.append(LevelAttendance(level.label, r["n_invited"], r["n_attended"], bool(r["n_marked"])))
    return result
