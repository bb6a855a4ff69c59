"""What the respondents' pages read (the intake): a link with its questionnaire and window, codes, cabinet answers."""

from dataclasses import dataclass

from django.db.models import Case, OuterRef, Subquery, Value, When

from schools.models import ProjectYear, School
from yearcalendar import services as calendar
from yearcalendar.models import Milestone, RegionalMilestone

from ..models import (
    WINDOW_CODES,
    DiagnosisRound,
    Questionnaire,
    RespondentGroup,
    Response,
    SurveyLink,
)


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
