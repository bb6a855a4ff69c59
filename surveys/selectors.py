import datetime
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When

from medk.lib import memo
from schools.models import Participation, ProjectYear, Region, School
from yearcalendar import services as calendar
from yearcalendar.models import Milestone, RegionalMilestone

from .models import (
    FINAL_WINDOW_CODE,
    PUBLIC_GROUPS,
    WINDOW_CODES,
    DiagnosisRound,
    DiagnosisSettings,
    FinalRiskEntry,
    Indicator,
    Option,
    ProfileJob,
    Question,
    Questionnaire,
    RespondentGroup,
    Response,
    RiskActivation,
    RiskDeclination,
    RiskDirection,
    RiskLevel,
    RiskProfile,
    RiskProfileEntry,
    SchoolHeadcount,
    ScoringMethod,
    SurveyLink,
)


def active_directions(*, school: School, year: ProjectYear) -> QuerySet[RiskDirection]:
    """The risk directions a school activated for a year (what its roadmap must cover)."""
    return RiskDirection.objects.filter(year=year, activations__school=school).order_by("number")


# --- Questionnaire structure (immutable per version, so cached in-process) ---------------------------


@dataclass
class OptionView:
    id: int
    text: str
    low: int | None
    high: int | None


@dataclass
class QuestionView:
    id: int
    code: str
    text: str
    help_text: str
    kind: str
    required: bool
    min_value: int | None
    max_value: int | None
    options: list[OptionView]

    @property
    def field_name(self) -> str:
        return f"q{self.id}"


@dataclass
class SectionView:
    title: str
    questions: list[QuestionView] = field(default_factory=list)


@dataclass
class QuestionnaireStructure:
    id: int
    sections: list[SectionView]

    @property
    def questions(self) -> list[QuestionView]:
        return [q for s in self.sections for q in s.questions]


_structures: dict[tuple, QuestionnaireStructure] = {}


def questionnaire_structure(questionnaire: Questionnaire) -> QuestionnaireStructure:
    """Sections, questions and options of one version. A loaded version never changes (a new
    definition becomes a new version), so the structure is kept per process."""
    key = (questionnaire.pk, questionnaire.checksum, questionnaire.loaded_at)
    cached = _structures.get(key)
    if cached is not None:
        return cached
    questions = (
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("section")
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("order")))
        .order_by("section__order", "order")
    )
    sections: dict[int, SectionView] = {}
    for q in questions:
        section = sections.setdefault(q.section_id, SectionView(q.section.title))
        section.questions.append(
            QuestionView(
                id=q.pk,
                code=q.code,
                text=q.text,
                help_text=q.help_text,
                kind=q.kind,
                required=q.required,
                min_value=q.min_value,
                max_value=q.max_value,
                options=[OptionView(o.pk, o.text, o.low, o.high) for o in q.options.all()],
            )
        )
    structure = QuestionnaireStructure(id=questionnaire.pk, sections=list(sections.values()))
    if len(_structures) > 200:
        _structures.clear()
    _structures[key] = structure
    return structure


def active_questionnaire(*, year: ProjectYear, group: str) -> Questionnaire | None:
    return Questionnaire.objects.filter(year=year, group=group, is_active=True).first()


def diagnosis_settings(year: ProjectYear) -> DiagnosisSettings:
    """The year's settings (read once per GET: the diagnosis and the indicators panels both ask). A read only: a year
    without its row (created by the year's questionnaire load or the admin) gets the defaults, unsaved."""
    return memo.per_request(
        ("diagnosis_settings", year.pk),
        lambda: DiagnosisSettings.objects.filter(year=year).first() or DiagnosisSettings(year=year),
    )


# --- Completion ----------------------------------------------------------------------------------


@dataclass
class GroupCompletion:
    group: str
    title: str
    received: int
    expected: int
    required: int
    hidden: bool  # fewer than the anonymity minimum: shown as «менее N»

    @property
    def done(self) -> bool:
        return self.received >= self.required

    @property
    def percent(self) -> int:
        if self.hidden:
            return 0  # a share of «из N» would give the hidden count away
        if not self.required:
            return 100
        return min(100, math.floor(100 * self.received / self.required))

    @property
    def step(self) -> int:
        """Progress in steps of 10 for a CSS class (no inline styles under the CSP)."""
        return self.percent // 10 * 10


@dataclass
class SchoolCompletion:
    groups: list[GroupCompletion]
    director_done: bool
    has_headcount: bool
    min_answers: int

    @property
    def done(self) -> bool:
        return self.has_headcount and self.director_done and all(g.done for g in self.groups)


def _completion(*, settings_obj, counts: dict[str, int], headcount, director_done: bool) -> SchoolCompletion:
    groups = []
    for group in PUBLIC_GROUPS:
        expected = headcount.expected(group) if headcount else 0
        received = counts.get(group, 0)
        if expected:
            required = max(settings_obj.min_answers, math.ceil(expected * settings_obj.share_for(group) / 100))
            required = min(required, expected)
        else:
            required = 0
        groups.append(
            GroupCompletion(
                group=group,
                title=RespondentGroup(group).label,
                received=received,
                expected=expected,
                required=required,
                hidden=0 < received < settings_obj.min_answers,
            )
        )
    return SchoolCompletion(
        groups=groups,
        director_done=director_done,
        has_headcount=headcount is not None,
        min_answers=settings_obj.min_answers,
    )


def completion_for_schools(
    *, year: ProjectYear, school_ids: list[int], diagnosis: str = DiagnosisRound.FIRST
) -> dict[int, SchoolCompletion]:
    """Completion of many schools in three queries (of the first diagnosis, or of the final one)."""
    settings_obj = diagnosis_settings(year)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Response.objects.filter(year=year, round=diagnosis, school_id__in=school_ids)
        .values_list("school_id", "group")
        .annotate(n=Count("id"))
        .order_by()
    )
    for school_id, group, n in rows:
        counts[school_id][group] = n
    headcounts = {h.school_id: h for h in SchoolHeadcount.objects.filter(year=year, school_id__in=school_ids)}
    return {
        sid: _completion(
            settings_obj=settings_obj,
            counts=counts.get(sid, {}),
            headcount=headcounts.get(sid),
            director_done=counts.get(sid, {}).get(RespondentGroup.DIRECTOR, 0) > 0,
        )
        for sid in school_ids
    }


def completion(*, school: School, year: ProjectYear, diagnosis: str = DiagnosisRound.FIRST) -> SchoolCompletion:
    return completion_for_schools(year=year, school_ids=[school.pk], diagnosis=diagnosis)[school.pk]


def final_window(*, year: ProjectYear, school: School):
    """The final diagnosis window's effective dates for the school's region (or None)."""
    return calendar.milestone_dates(year=year, code=FINAL_WINDOW_CODE, region=school.municipality.region_id)


def headcount(*, school: School, year: ProjectYear) -> SchoolHeadcount | None:
    return SchoolHeadcount.objects.filter(school=school, year=year).first()


# --- Profiles ------------------------------------------------------------------------------------


def profile_for(*, school: School, year: ProjectYear) -> RiskProfile | None:
    return (
        RiskProfile.objects.filter(school=school, year=year)
        .select_related("published_by", "verified_by")
        .prefetch_related(
            Prefetch(
                "entries", queryset=RiskProfileEntry.objects.select_related("direction").order_by("direction__number")
            )
        )
        .first()
    )


def indicator_titles(year: ProjectYear) -> dict[str, str]:
    return dict(Indicator.objects.filter(year=year).values_list("code", "title"))


def profile_rows(*, profile: RiskProfile, titles: dict[str, str]) -> list[dict]:
    """Each direction with its level and the indicators behind it, for the profile page."""
    rows = []
    for entry in profile.entries.all():
        indicators = [
            {"code": code, "title": titles.get(code, code), "value": value}
            for code, value in sorted(entry.indicators.items(), key=lambda kv: -(kv[1] or 0))
        ]
        rows.append({"entry": entry, "indicators": indicators})
    return rows


def chart_data(*, profile: RiskProfile) -> dict:
    entries = list(profile.entries.all())
    return {
        "labels": [f"{e.direction.number}. {e.direction.title}" for e in entries],
        "scores": [float(e.score) if e.score is not None else None for e in entries],
        "levels": [e.level for e in entries],
    }


# --- Region view ---------------------------------------------------------------------------------


def heatmap(*, year: ProjectYear, schools: QuerySet[School], published_only: bool = True) -> dict:
    """Schools × directions with levels, plus the distribution of levels per direction (constant queries).
    Coordinators below the federal level see only published profiles."""
    directions = list(RiskDirection.objects.filter(year=year, is_retired=False).order_by("number"))
    school_list = list(schools.select_related("municipality").order_by("municipality__name", "short_name"))
    entries = RiskProfileEntry.objects.filter(profile__year=year, profile__school__in=[s.pk for s in school_list])
    if published_only:
        entries = entries.filter(profile__published_at__isnull=False)
    entries = entries.values_list("profile__school_id", "direction_id", "level", "score", "profile__published_at")
    cells: dict[int, dict[int, tuple[str, object]]] = defaultdict(dict)
    published: dict[int, bool] = {}
    for school_id, direction_id, level, score, published_at in entries:
        cells[school_id][direction_id] = (level, score)
        published[school_id] = published_at is not None
    completion = completion_for_schools(year=year, school_ids=[s.pk for s in school_list])
    rows = []
    distribution: dict[int, Counter] = {d.pk: Counter() for d in directions}
    for s in school_list:
        row_cells = []
        for d in directions:
            level, score = cells.get(s.pk, {}).get(d.pk, (None, None))
            row_cells.append({"level": level, "score": score, "label": RiskLevel(level).label if level else "—"})
            if level:
                distribution[d.pk][level] += 1
        rows.append({"school": s, "cells": row_cells, "published": published.get(s.pk), "completion": completion[s.pk]})
    dist_rows = [
        {
            "direction": d,
            "high": distribution[d.pk][RiskLevel.HIGH],
            "medium": distribution[d.pk][RiskLevel.MEDIUM],
            "low": distribution[d.pk][RiskLevel.LOW],
            "nodata": distribution[d.pk][RiskLevel.NODATA],
        }
        for d in directions
    ]
    return {
        "directions": directions,
        "rows": rows,
        "distribution": dist_rows,
        "surveys_done": sum(1 for r in rows if r["completion"].done),
    }


# --- Small reads used by the views ------------------------------------------------------------------


@dataclass
class Intake:
    """What one questionnaire page needs about its link, read in one query: the link (with school,
    municipality and year), the group's active questionnaire (or None) and the window's dates for the
    school's region (None when the calendar has no such step)."""

    link: SurveyLink
    questionnaire: Questionnaire | None
    window: calendar.Dates | None


_Q_FIELDS = ("id", "version", "title", "intro", "checksum", "loaded_at")


def intake(token: str) -> Intake | None:
    """The link, questionnaire and window of a token in one SQL query (subqueries, no round trips)."""
    active = Questionnaire.objects.filter(year=OuterRef("year_id"), group=OuterRef("group"), is_active=True)
    milestone = Milestone.objects.filter(year=OuterRef("year_id"), code=OuterRef("window_code"))
    override = RegionalMilestone.objects.filter(
        milestone__year=OuterRef("year_id"),
        milestone__code=OuterRef("window_code"),
        region=OuterRef("school__municipality__region_id"),
    )
    link = (
        SurveyLink.objects.select_related("school__municipality", "year")
        .annotate(window_code=Case(*[When(group=g, then=Value(c)) for g, c in WINDOW_CODES.items()]))
        .annotate(
            **{f"q_{f}": Subquery(active.values(f)[:1]) for f in _Q_FIELDS},
            w_starts=Subquery(milestone.values("starts_on")[:1]),
            w_due=Subquery(milestone.values("due_on")[:1]),
            r_starts=Subquery(override.values("starts_on")[:1]),
            r_due=Subquery(override.values("due_on")[:1]),
        )
        .filter(token=token)
        .first()
    )
    if link is None:
        return None
    questionnaire = None
    if link.q_id is not None:
        values = {f: getattr(link, f"q_{f}") for f in _Q_FIELDS}
        questionnaire = Questionnaire(year_id=link.year_id, group=link.group, is_active=True, **values)
        questionnaire._state.adding = False
    window = None
    if link.r_due is not None:
        window = calendar.Dates(link.r_starts, link.r_due, link.w_due)
    elif link.w_due is not None:
        window = calendar.Dates(link.w_starts, link.w_due, link.w_due)
    return Intake(link=link, questionnaire=questionnaire, window=window)


def link_by_code(code: str) -> SurveyLink | None:
    if not code:
        return None
    return SurveyLink.objects.filter(code=code).first()


def cabinet_response_exists(
    *, year: ProjectYear, group: str, school: School | None, user, diagnosis: str = DiagnosisRound.FIRST
) -> bool:
    qs = Response.objects.filter(year=year, group=group, round=diagnosis)
    qs = qs.filter(school=school) if group == RespondentGroup.DIRECTOR else qs.filter(submitted_by=user)
    return qs.exists()


def curator_respondents(*, year: ProjectYear, user_ids) -> set[int]:
    """Which of these people have answered the curator candidate questionnaire of the year (one query)."""
    return set(
        Response.objects.filter(year=year, group=RespondentGroup.CURATOR, submitted_by_id__in=list(user_ids))
        .values_list("submitted_by_id", flat=True)
        .distinct()
    )


def window(*, year: ProjectYear, school: School):
    """The questionnaire window's effective dates for the school's region (or None)."""
    return calendar.milestone_dates(year=year, code="questionnaires", region=school.municipality.region_id)


def activations(*, school: School, year: ProjectYear) -> QuerySet[RiskActivation]:
    return (
        RiskActivation.objects.filter(school=school, direction__year=year)
        .select_related("direction", "activated_by")
        .order_by("direction__number")
    )


def declinations(*, school: School, year: ProjectYear) -> QuerySet[RiskDeclination]:
    return (
        RiskDeclination.objects.filter(school=school, direction__year=year)
        .select_related("direction", "declined_by")
        .order_by("direction__number")
    )


def year_overview(*, year: ProjectYear) -> dict:
    """Counts for the federal page (constant queries)."""
    participating = Participation.objects.filter(year=year).count()
    profiles = RiskProfile.objects.filter(year=year).aggregate(
        total=Count("id"),
        published=Count("id", filter=Q(published_at__isnull=False)),
        verified=Count("id", filter=~Q(verification=RiskProfile.Verification.PENDING)),
        activated=Count("id", filter=Q(activated_at__isnull=False)),
    )
    return {
        "participating": participating,
        "profiles": profiles,
        "responses": Response.objects.filter(year=year, school__isnull=False).count(),
        "questionnaires": Questionnaire.objects.filter(year=year, is_active=True).order_by("group"),
        "method": ScoringMethod.objects.filter(year=year, is_current=True).first(),
        "jobs": ProfileJob.objects.filter(year=year).select_related("school", "created_by")[:5],
        "regions": Region.objects.filter(municipalities__schools__participations__year=year).distinct(),
    }


# Where the first curator visit is recorded: the curators app, a layer above, registers its lookup here
# (CuratorsConfig.ready), so the diagnosis reads it without importing that app.
first_visit_lookups: list[Callable[..., datetime.date | None]] = []


def first_visit_on(*, school: School, year: ProjectYear) -> datetime.date | None:
    """The date of the curator's first recorded visit, or None.

    Verification is meant to follow the first visit; the page says so when none is recorded, without
    blocking (the visit log may be filled in later)."""
    dates = [d for lookup in first_visit_lookups if (d := lookup(school=school, year=year))]
    return min(dates, default=None)


# --- what curators' work and monitoring read of the diagnosis (one query per many schools) -------------


def profiles_to_verify(*, school_ids, year: ProjectYear) -> dict[int, int]:
    """Published risk profiles not yet verified by the curator, per school."""
    qs = RiskProfile.objects.filter(
        school_id__in=school_ids,
        year=year,
        published_at__isnull=False,
        verification=RiskProfile.Verification.PENDING,
    )
    return {row["school_id"]: row["n"] for row in qs.values("school_id").annotate(n=Count("pk")).order_by()}


def has_activated_risks(*, year: ProjectYear) -> Exists:
    """For a School queryset: the school activated risk directions this year (its roadmap is being formed)."""
    return Exists(RiskActivation.objects.filter(school=OuterRef("pk"), direction__year=year))


def directions_in_use(*, year: ProjectYear) -> QuerySet[RiskDirection]:
    """The year's risk directions in use (retired ones left out), by number."""
    return RiskDirection.objects.filter(year=year, is_retired=False).order_by("number")


# --- The first and the final diagnosis side by side (the outcome views read these) -------------------

# A direction's score must move by at least this many points (of 100) to count as a change: the scores are
# means of a few dozen answers, and a smaller move is within what another group of respondents would give.
RISK_CHANGE_POINTS = 5


@dataclass(frozen=True)
class RiskChange:
    school_id: int
    direction: RiskDirection
    start: Decimal | None
    end: Decimal | None

    @property
    def delta(self) -> Decimal | None:
        if self.start is None or self.end is None:
            return None
        return self.end - self.start

    @property
    def trend(self) -> str:
        """fell / same / rose / nodata."""
        delta = self.delta
        if delta is None:
            return "nodata"
        if delta <= -RISK_CHANGE_POINTS:
            return "fell"
        if delta >= RISK_CHANGE_POINTS:
            return "rose"
        return "same"

    @property
    def label(self) -> str:
        return {
            "fell": "риск снизился",
            "rose": "риск вырос",
            "same": "не изменился",
            "nodata": "нет данных",
        }[self.trend]


def risk_changes(*, year: ProjectYear, school_ids) -> dict[int, list[RiskChange]]:
    """For each school: its activated directions with the first-diagnosis score and the final one (three queries)."""
    school_ids = list(school_ids)
    start = {
        (school_id, direction_id): score
        for school_id, direction_id, score in RiskProfileEntry.objects.filter(
            profile__year=year, profile__school_id__in=school_ids
        ).values_list("profile__school_id", "direction_id", "score")
    }
    end = {
        (school_id, direction_id): score
        for school_id, direction_id, score in FinalRiskEntry.objects.filter(
            year=year, school_id__in=school_ids
        ).values_list("school_id", "direction_id", "score")
    }
    result: dict[int, list[RiskChange]] = defaultdict(list)
    activations = (
        RiskActivation.objects.filter(school_id__in=school_ids, direction__year=year)
        .select_related("direction")
        .order_by("school_id", "direction__number")
    )
    for a in activations:
        key = (a.school_id, a.direction_id)
        result[a.school_id].append(RiskChange(a.school_id, a.direction, start.get(key), end.get(key)))
    return dict(result)
