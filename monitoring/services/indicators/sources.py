"""One source per school indicator (`_src_<code>`): a boolean SQL expression «this school has done it».

Everything else — per school, per municipality, per region — is built from these expressions in a fixed
number of queries, whatever the number of schools.
"""

from collections.abc import Callable

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

from curators.models import Event, EventInvite, Visit
from roadmaps import selectors as roadmap_selectors
from roadmaps.models import Document, DocumentKind, DocumentVersion
from roadmaps.models import Status as DocumentStatus
from schools.models import CuratorAssignment, ProjectYear, School, SchoolStaff
from surveys import selectors as survey_selectors
from surveys.models import DiagnosisRound, RespondentGroup, Response, RiskActivation, RiskProfile, SchoolHeadcount
from yearcalendar import selectors as calendar
from yearcalendar.models import RegionalMilestone

from ...models import MonitoringReport
from .definitions import INDICATORS, REGION


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
    """The school's questionnaires are complete: the rule of `surveys.selectors.collection._completion` in SQL.

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


def available_codes(*, year: ProjectYear) -> set[str]:
    """Codes with a source (no expression is built: the read model holds their values)."""
    return set(SOURCES) | {i.code for i in INDICATORS if i.level == REGION}
