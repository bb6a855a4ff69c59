"""Control indicators of the year (domain.md §3), computed live from the data — never typed in.

Each indicator has ONE source function below (`_src_<code>`) that returns a boolean SQL expression
«this school has done it». Everything else — per school, per municipality, per region —
is built from these expressions in a fixed number of queries, whatever the number of schools.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models import Value as V
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from curators.models import Event, EventInvite, EventParticipant, Visit
from roadmaps import selectors as roadmap_selectors
from roadmaps.models import Document, DocumentKind, DocumentVersion
from roadmaps.models import Status as DocumentStatus
from schools.models import (
    CuratorAssignment,
    CuratorCandidate,
    Participation,
    ProjectYear,
    RoleAssignment,
    School,
    SchoolStaff,
    User,
)
from surveys import selectors as survey_selectors
from surveys.models import DiagnosisRound, RespondentGroup, Response, RiskActivation, RiskProfile, SchoolHeadcount
from yearcalendar import selectors as calendar
from yearcalendar.models import RegionalMilestone

from ..models import IndicatorSnapshot, MonitoringReport, PlanEvent, RegionalPlan

log = logging.getLogger(__name__)

# A deadline this close (days) with a share below AT_RISK_SHARE puts an indicator «под угрозой».
AT_RISK_DAYS = 14
AT_RISK_SHARE = 0.8

SCHOOL = "school"
REGION = "region"


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    short: str
    milestone: str  # Milestone.code whose due date is the indicator's deadline
    level: str = SCHOOL  # SCHOOL: a share of schools; REGION: a fact about the region itself


INDICATORS: list[Indicator] = [
    Indicator("logins", "Доля ОО, получивших логины", "Логины", "logins"),
    Indicator("directors", "Доля директоров, завершивших анкетирование", "Директора", "director_survey"),
    Indicator("questionnaires", "Доля ОО, в которых завершено анкетирование", "Анкетирование", "questionnaires"),
    Indicator(
        "candidates",
        "Доля кандидатов в кураторы, прошедших анкетирование",
        "Кандидаты",
        "curator_survey",
        REGION,
    ),
    Indicator("curators", "Доля ОО, в которых назначены кураторы", "Кураторы", "curators_appointed"),
    Indicator("seminar", "Доля ОО, принявших очное участие в установочном семинаре", "Семинар", "seminar"),
    Indicator(
        "seminar_curators",
        "Доля кураторов, принявших участие в установочных мероприятиях",
        "Семинар: кураторы",
        "seminar",
        REGION,
    ),
    Indicator(
        "seminar_municipal",
        "Доля муниципальных координаторов, принявших участие в установочных мероприятиях",
        "Семинар: МО",
        "seminar",
        REGION,
    ),
    Indicator(
        "seminar_regional",
        "Доля региональных координаторов, принявших участие в установочных мероприятиях",
        "Семинар: регион",
        "seminar",
        REGION,
    ),
    Indicator("profiles", "Доля ОО со сформированным рисковым профилем", "РПШ", "profiles_published"),
    Indicator("visited", "Доля ОО, посещённых кураторами", "Визиты", "first_visit"),
    Indicator("risks", "Доля ОО, активировавших рисковые направления", "Риски", "first_visit"),
    Indicator(
        "roadmaps_placed",
        "Доля ОО, разместивших дорожные карты в срок",
        "Дорожные карты",
        "roadmaps_placed",
    ),
    Indicator(
        "concept_docs",
        "Доля ОО, разместивших концептуальные документы, подтверждённые куратором",
        "Концепт. документы",
        "concept_documents",
    ),
    Indicator(
        "monitoring_1",
        "Доля ОО, разместивших документы для мониторинга (1 этап), подтверждённые куратором",
        "Мониторинг 1",
        "monitoring_1",
    ),
    Indicator(
        "monitoring_2",
        "Доля ОО, разместивших документы для мониторинга (2 этап), подтверждённые куратором",
        "Мониторинг 2",
        "monitoring_2",
    ),
    Indicator("regional_plan", "Региональный план-график направлен", "План-график", "regional_plan", REGION),
    Indicator(
        "final_event",
        "Доля участников всех уровней, принявших участие в заключительном мероприятии",
        "Итоговое мероприятие",
        "summing_up",
        REGION,
    ),
    Indicator(
        "plan_events",
        "Доля исполненных мероприятий региональной дорожной карты",
        "Мероприятия плана",
        "regional_monitoring_1",
        REGION,
    ),
]
BY_CODE = {i.code: i for i in INDICATORS}
SCHOOL_INDICATORS = [i for i in INDICATORS if i.level == SCHOOL]


# --- Sources: one function per indicator ---------------------------------------------------------


def _src_logins(year: ProjectYear):
    # A login is «received» once a school account has a usable password or has signed in.
    return Exists(
        SchoolStaff.objects.filter(school=OuterRef("pk")).filter(
            Q(user__last_login__isnull=False) | ~Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
        )
    )


def _src_directors(year: ProjectYear):
    return Exists(
        Response.objects.filter(
            school=OuterRef("pk"), year=year, round=DiagnosisRound.FIRST, group=RespondentGroup.DIRECTOR
        )
    )


def _src_questionnaires(year: ProjectYear):
    """The school's questionnaires are complete: the rule of `surveys.selectors._completion` in SQL.

    A headcount is entered, the director answered, and every public group has at least
    min(expected, max(min_answers, ceil(expected × share / 100))) answers.
    """
    settings_obj = survey_selectors.diagnosis_settings(year)
    groups = {
        RespondentGroup.TEACHER: "teachers",
        RespondentGroup.PUPIL6: "pupils6",
        RespondentGroup.PUPIL9: "pupils9",
        RespondentGroup.PARENT: "parents",
    }
    counts = {}
    conditions = Q()
    for group, column in groups.items():
        answered = (
            Response.objects.filter(school=OuterRef(OuterRef("pk")), year=year, round=DiagnosisRound.FIRST, group=group)
            .order_by()
            .values("school")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        counts[f"n_{group}"] = Coalesce(Subquery(answered, output_field=IntegerField()), 0)
        share = settings_obj.share_for(group)
        # ceil(expected × share / 100) in integer arithmetic, the same on PostgreSQL and SQLite.
        required = Case(
            When(**{column: 0}, then=V(0)),
            default=Least(F(column), Greatest(V(settings_obj.min_answers), (F(column) * share + 99) / 100)),
            output_field=IntegerField(),
        )
        counts[f"r_{group}"] = required
        conditions &= Q(**{f"n_{group}__gte": F(f"r_{group}")})
    complete = SchoolHeadcount.objects.filter(school=OuterRef("pk"), year=year).annotate(**counts).filter(conditions)
    director = Response.objects.filter(
        school=OuterRef("pk"), year=year, round=DiagnosisRound.FIRST, group=RespondentGroup.DIRECTOR
    )
    return Q(Exists(complete)) & Q(Exists(director))


def _src_curators(year: ProjectYear):
    return Exists(CuratorAssignment.objects.filter(school=OuterRef("pk"), year=year))


def _src_seminar(year: ProjectYear):
    # «очное участие»: only on-site setup seminars count (as curators.selectors.schools_attended).
    return Exists(
        EventInvite.objects.filter(
            school=OuterRef("pk"),
            event__year=year,
            event__kind=Event.Kind.SETUP_SEMINAR,
            event__format=Event.Format.ONSITE,
            attended=True,
        )
    )


def _src_visited(year: ProjectYear):
    # A visit counts once the school has confirmed it (a visit can't be silently invented).
    return Exists(Visit.objects.filter(school=OuterRef("pk"), year=year, status=Visit.Status.CONFIRMED))


def _src_risks(year: ProjectYear):
    return Exists(RiskActivation.objects.filter(school=OuterRef("pk"), direction__year=year))


def _src_concept_docs(year: ProjectYear):
    """Every kind the year requires (roadmaps.selectors.required_kinds; the seeds' default: concept and
    roadmap) is confirmed; «antirisk» means one confirmed per activated risk direction (domain.md §5: only
    confirmed documents count)."""
    required = roadmap_selectors.required_kinds(year=year)
    confirmed = Document.objects.filter(school=OuterRef("pk"), year=year, status=DocumentStatus.CONFIRMED)
    result = Q()
    for kind in required:
        if kind != DocumentKind.ANTIRISK:
            result &= Q(Exists(confirmed.filter(kind=kind)))
    if DocumentKind.ANTIRISK in required:
        antirisk = Document.objects.filter(
            school=OuterRef("school"),
            year=year,
            kind=DocumentKind.ANTIRISK,
            direction=OuterRef("direction"),
            status=DocumentStatus.CONFIRMED,
        )
        uncovered = RiskActivation.objects.filter(school=OuterRef("pk"), direction__year=year).exclude(Exists(antirisk))
        result &= ~Q(Exists(uncovered))
    return result


def _src_profiles(year: ProjectYear):
    """Seed 002 step 8 «Сформированы рисковые профили школ»: the school's profile is published."""
    return Exists(RiskProfile.objects.filter(school=OuterRef("pk"), year=year, published_at__isnull=False))


def _src_roadmaps_placed(year: ProjectYear):
    """Seed 002 step 11: the roadmap was placed (first sent for review) by the region's own date (20.03)."""
    federal = calendar.due_dates(year).get("roadmaps_placed")
    placed = DocumentVersion.objects.filter(
        document__school=OuterRef("pk"), document__year=year, document__kind=DocumentKind.ROADMAP
    )
    if federal is None:
        return Exists(placed)
    own = RegionalMilestone.objects.filter(
        milestone__year=year, milestone__code="roadmaps_placed", region=OuterRef(OuterRef("municipality__region"))
    ).values("due_on")[:1]
    deadline = Coalesce(Subquery(own, output_field=DateField()), V(federal, output_field=DateField()))
    return Exists(placed.filter(created_at__date__lte=deadline))


def _monitoring_stage(year: ProjectYear, stage: int):
    return Exists(
        MonitoringReport.objects.filter(
            school=OuterRef("pk"), year=year, stage=stage, status=MonitoringReport.Status.CONFIRMED
        )
    )


def _src_monitoring_1(year: ProjectYear):
    return _monitoring_stage(year, 1)


def _src_monitoring_2(year: ProjectYear):
    return _monitoring_stage(year, 2)


SOURCES: dict[str, Callable] = {
    "logins": _src_logins,
    "directors": _src_directors,
    "questionnaires": _src_questionnaires,
    "curators": _src_curators,
    "seminar": _src_seminar,
    "profiles": _src_profiles,
    "visited": _src_visited,
    "risks": _src_risks,
    "roadmaps_placed": _src_roadmaps_placed,
    "concept_docs": _src_concept_docs,
    "monitoring_1": _src_monitoring_1,
    "monitoring_2": _src_monitoring_2,
}


# What each source reads: (model, path from a row to its school). A saved or deleted row marks that school's
# read model stale (`services/readmodel.py`); "school_id" is read off the row, any other path is a lookup.
# An indicator added to SOURCES must be listed here too (a test checks it).
WATCHES: dict[str, tuple[tuple[type, str], ...]] = {
    "logins": ((SchoolStaff, "school_id"), (User, "school_posts__school")),
    "directors": ((Response, "school_id"),),
    "questionnaires": ((Response, "school_id"), (SchoolHeadcount, "school_id")),
    "curators": ((CuratorAssignment, "school_id"),),
    "seminar": ((EventInvite, "school_id"), (Event, "invites__school")),
    "visited": ((Visit, "school_id"),),
    "risks": ((RiskActivation, "school_id"),),
    "profiles": ((RiskProfile, "school_id"),),
    "roadmaps_placed": ((Document, "school_id"),),
    "concept_docs": ((Document, "school_id"), (RiskActivation, "school_id")),
    "monitoring_1": ((MonitoringReport, "school_id"),),
    "monitoring_2": ((MonitoringReport, "school_id"),),
}
# Every indicator also depends on who takes part, and where the school is.
WATCHES_ALWAYS: tuple[tuple[type, str], ...] = ((Participation, "school_id"), (School, "pk"))


def school_expressions(*, year: ProjectYear) -> dict[str, Q]:
    """The «done» condition (a Q on School) of every school indicator.

    Kept on the year object, so one request builds them (and reads the surveys' thresholds) once.
    """
    cached = getattr(year, "_medk_indicator_exprs", None)
    if cached is not None:
        return cached
    result = {}
    for code, source in SOURCES.items():
        expr = source(year)
        result[code] = expr if isinstance(expr, Q) else Q(expr)
    year._medk_indicator_exprs = result
    return result


# --- Values and states ---------------------------------------------------------------------------
ON_TRACK = "on_track"
AT_RISK = "at_risk"
MISSED = "missed"
DONE = "done"
NO_DATA = "no_data"
STATE_LABELS = {
    DONE: "выполнено",
    ON_TRACK: "в срок",
    AT_RISK: "под угрозой",
    MISSED: "срок пропущен",
    NO_DATA: "нет данных",
}
STATE_BADGES = {DONE: "badge-ok", ON_TRACK: "badge-ok", AT_RISK: "badge-warn", MISSED: "badge-bad", NO_DATA: ""}


def state_for(*, numerator: int | None, denominator: int, due_on: datetime.date | None, today: datetime.date) -> str:
    if numerator is None:
        return NO_DATA
    if denominator and numerator >= denominator:
        return DONE
    if due_on is None:
        return ON_TRACK
    if today > due_on:
        return MISSED
    share = numerator / denominator if denominator else 0
    if (due_on - today).days <= AT_RISK_DAYS and share < AT_RISK_SHARE:
        return AT_RISK
    return ON_TRACK


@dataclass
class Value:
    indicator: Indicator
    numerator: int | None
    denominator: int
    due_on: datetime.date | None = None
    federal_due_on: datetime.date | None = None
    state: str = NO_DATA
    url: str = ""  # drill-down to the schools behind the number (set by the dashboards)

    @property
    def has_data(self) -> bool:
        return self.numerator is not None

    @property
    def share(self) -> float | None:
        if self.numerator is None:
            return None
        return self.numerator / self.denominator if self.denominator else 0.0

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else round(share * 100)

    @property
    def step(self) -> int:
        """The share rounded down to 5 % — a CSS class sets the bar width (no inline styles)."""
        return 0 if self.share is None else int(self.share * 100) // 5 * 5

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def badge(self) -> str:
        return STATE_BADGES[self.state]

    @property
    def shortfall(self) -> int:
        return 0 if self.numerator is None else self.denominator - self.numerator

    @property
    def sort_key(self) -> float:
        return -1.0 if self.share is None else self.share


def make_value(
    indicator: Indicator, numerator: int | None, denominator: int, dates: tuple | None, today: datetime.date
) -> Value:
    due_on, federal_due_on = dates or (None, None)
    return Value(
        indicator=indicator,
        numerator=numerator,
        denominator=denominator,
        due_on=due_on,
        federal_due_on=federal_due_on,
        state=state_for(numerator=numerator, denominator=denominator, due_on=due_on, today=today),
    )


# --- Dates ---------------------------------------------------------------------------------------
@dataclass
class Deadlines:
    """Effective due dates per region for the year's milestones (two queries for all regions)."""

    federal: dict[str, datetime.date] = field(default_factory=dict)
    regional: dict[tuple[int, str], datetime.date] = field(default_factory=dict)

    def get(self, code: str, region_id: int | None) -> tuple[datetime.date | None, datetime.date | None]:
        federal = self.federal.get(code)
        if region_id is not None and (region_id, code) in self.regional:
            return self.regional[(region_id, code)], federal
        return federal, federal


def deadlines_for(*, year: ProjectYear, region_ids: Iterable[int] | None = None) -> Deadlines:
    result = Deadlines()
    result.federal = dict(calendar.due_dates(year))
    if region_ids is None:
        overrides = RegionalMilestone.objects.filter(milestone__year=year).values_list(
            "region_id", "milestone__code", "due_on"
        )
    else:
        overrides = calendar.regional_due_dates(year, region_ids)
    for region_id, code, due_on in overrides:
        result.regional[(region_id, code)] = due_on
    return result


# --- Set-based computations ----------------------------------------------------------------------
def participating_schools(*, year: ProjectYear) -> QuerySet[School]:
    return School.objects.filter(participations__year=year)


def school_flags(*, schools: QuerySet[School], year: ProjectYear) -> tuple[QuerySet[School], dict]:
    """Schools annotated `ind_<code>` (True/False) for every indicator with data — one query."""
    exprs = school_expressions(year=year)
    annotated = schools.select_related("municipality__region").annotate(
        **{f"ind_{code}": ExpressionWrapper(expr, output_field=BooleanField()) for code, expr in exprs.items()}
    )
    return annotated, exprs


def grouped_counts(*, schools: QuerySet[School], year: ProjectYear, by: str) -> dict:
    """{group id: {"total": n, code: done, ...}} grouped by `by` (e.g. "municipality__region") — one query."""
    exprs = school_expressions(year=year)
    rows = (
        schools.order_by()
        .values(by)
        # One participation per school and year, so a plain COUNT is exact (no DISTINCT sort needed).
        .annotate(total=Count("pk"), **{code: Count("pk", filter=expr) for code, expr in exprs.items()})
    )
    return {row[by]: row for row in rows}


def region_facts(*, year: ProjectYear, region_ids: Iterable[int] | None, today: datetime.date) -> dict:
    """Region-level indicators: {region_id: {"regional_plan": (sent, 1), "plan_events": (done, due)}} — one query."""
    plans = RegionalPlan.objects.filter(year=year)
    if region_ids is not None:
        plans = plans.filter(region_id__in=list(region_ids))
    plans = plans.annotate(
        events_due=Count("events", filter=Q(events__due_on__lte=today)),
        events_done=Count("events", filter=Q(events__due_on__lte=today, events__status=PlanEvent.Status.DONE)),
    ).values("region_id", "status", "events_due", "events_done")
    result: dict = {}
    for p in plans:
        sent = p["status"] in RegionalPlan.SENT
        result[p["region_id"]] = {
            "regional_plan": (int(sent), 1),
            "plan_events": (p["events_done"], p["events_due"]),
        }
    for extra in (
        candidate_facts(year=year, region_ids=region_ids),
        participation_facts(year=year, region_ids=region_ids),
    ):
        for region_id, facts in extra.items():
            result.setdefault(region_id, {}).update(facts)
    return result


def _people_attended(*, year: ProjectYear, kind: str, region_ids: Iterable[int] | None) -> dict[str, dict]:
    """{level: {region_id: (attended, total)}} for curators, municipal and regional coordinators — three queries.

    The denominator is everyone in the role this year (seed 002: «100 % участников всех уровней»), not only
    those invited; a person counts once they attended at least one event of this kind."""
    attended = EventParticipant.objects.filter(event__year=year, event__kind=kind, attended=True)
    levels = {
        "curator": (
            CuratorAssignment.objects.filter(year=year),
            "school__municipality__region_id",
            "curator",
        ),
        "municipal": (
            RoleAssignment.objects.filter(year=year, kind=RoleAssignment.Kind.MUNICIPAL),
            "municipality__region_id",
            "user",
        ),
        "regional": (RoleAssignment.objects.filter(year=year, kind=RoleAssignment.Kind.REGIONAL), "region_id", "user"),
    }
    result: dict[str, dict] = {}
    for level, (qs, region_field, person) in levels.items():
        if region_ids is not None:
            qs = qs.filter(**{f"{region_field}__in": list(region_ids)})
        rows = (
            qs.order_by()
            .values(region_field)
            .annotate(
                total=Count(person, distinct=True),
                done=Count(person, distinct=True, filter=Q(Exists(attended.filter(user=OuterRef(person))))),
            )
        )
        result[level] = {r[region_field]: (r["done"], r["total"]) for r in rows}
    return result


def participation_facts(*, year: ProjectYear, region_ids: Iterable[int] | None) -> dict:
    """Participation per level in the setup events, and of all levels in the final event, per region."""
    result: dict = {}
    setup = _people_attended(year=year, kind=Event.Kind.SETUP_SEMINAR, region_ids=region_ids)
    for level, code in (
        ("curator", "seminar_curators"),
        ("municipal", "seminar_municipal"),
        ("regional", "seminar_regional"),
    ):
        for region_id, pair in setup[level].items():
            result.setdefault(region_id, {})[code] = pair
    final = _people_attended(year=year, kind=Event.Kind.FINAL, region_ids=region_ids)
    schools = participating_schools(year=year)
    if region_ids is not None:
        schools = schools.filter(municipality__region_id__in=list(region_ids))
    school_rows = (
        schools.order_by()
        .values("municipality__region_id")
        .annotate(
            total=Count("pk"),
            done=Count(
                "pk",
                filter=Q(
                    Exists(
                        EventInvite.objects.filter(
                            school=OuterRef("pk"), event__year=year, event__kind=Event.Kind.FINAL, attended=True
                        )
                    )
                ),
            ),
        )
    )
    totals: dict[int, list[int]] = {r["municipality__region_id"]: [r["done"], r["total"]] for r in school_rows}
    for per_region in final.values():
        for region_id, (done, total) in per_region.items():
            pair = totals.setdefault(region_id, [0, 0])
            pair[0] += done
            pair[1] += total
    for region_id, (done, total) in totals.items():
        result.setdefault(region_id, {})["final_event"] = (done, total)
    return result


def candidate_facts(*, year: ProjectYear, region_ids: Iterable[int] | None) -> dict:
    """Curator candidates who answered the candidate questionnaire over all candidates, per region — one query."""
    candidates = CuratorCandidate.objects.filter(year=year)
    if region_ids is not None:
        candidates = candidates.filter(region_id__in=list(region_ids))
    answered = Response.objects.filter(year=year, group=RespondentGroup.CURATOR, submitted_by=OuterRef("user"))
    rows = (
        candidates.order_by()
        .values("region_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(Exists(answered))))
    )
    return {r["region_id"]: {"candidates": (r["done"], r["total"])} for r in rows}


def values_for_group(
    *,
    counts: dict | None,
    facts: dict | None,
    available: set[str],
    deadlines: Deadlines,
    region_id: int | None,
    today: datetime.date,
) -> list[Value]:
    """One group's counts (and its region's facts) as Values in the INDICATORS order.

    `available`: codes whose source exists; the rest are «нет данных». `facts` None: not a single
    region (the region-level indicators are then summed by the caller).
    """
    counts = counts or {}
    result = []
    for ind in INDICATORS:
        dates = deadlines.get(ind.milestone, region_id)
        if ind.level == SCHOOL:
            done = counts.get(ind.code, 0) if ind.code in available else None
            result.append(make_value(ind, done, counts.get("total", 0), dates, today))
        elif facts is None:
            result.append(make_value(ind, None, 0, dates, today))
        else:
            num, den = facts.get(ind.code, (0, 1 if ind.code == "regional_plan" else 0))
            result.append(make_value(ind, num, den, dates, today))
    return result


def available_codes(*, year: ProjectYear) -> set[str]:
    """Codes with a source (no expression is built: the read model holds their values)."""
    return set(SOURCES) | {i.code for i in INDICATORS if i.level == REGION}


def today() -> datetime.date:
    return timezone.localdate()


def sum_counts(rows: Iterable[dict], codes: Iterable[str]) -> dict:
    """Sums grouped counts into one total line."""
    keys = ["total", *codes]
    total: dict = dict.fromkeys(keys, 0)
    for row in rows:
        for key in keys:
            total[key] += row.get(key, 0) or 0
    return total


def snapshots_record(*, year: ProjectYear, day: datetime.date | None = None) -> int:
    """Records today's value of every indicator per region and nationally (a rerun changes nothing)."""
    day = day or today()
    schools = participating_schools(year=year)
    counts = grouped_counts(schools=schools, year=year, by="municipality__region")
    facts = region_facts(year=year, region_ids=None, today=day)
    available = set(school_expressions(year=year))
    rows = []
    for region_id, row in counts.items():
        for code in available:
            rows.append((region_id, code, row.get(code, 0), row["total"]))
    for region_id, region_facts_ in facts.items():
        for code, (num, den) in region_facts_.items():
            rows.append((region_id, code, num, den))
    national = sum_counts(counts.values(), available)
    for code in available:
        rows.append((None, code, national.get(code, 0), national["total"]))
    objs = [
        IndicatorSnapshot(year=year, region_id=r, code=c, day=day, numerator=min(n, d), denominator=d)
        for r, c, n, d in rows
    ]
    # ignore_conflicts: the unique (year, region, code, day) row of a first run stays as it was.
    IndicatorSnapshot.objects.bulk_create(objs, ignore_conflicts=True)
    return len(objs)
