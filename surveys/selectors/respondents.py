"""What the respondents' pages read (the intake): a link with its questionnaire and window, codes, cabinet answers."""

import functools
import time
from dataclasses import dataclass

from django.db import connection

from schools.models import Municipality, ProjectYear, School
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
# The link's own row and the rows the page shows with it, each model's concrete fields in order.
_ROWS = (("l", SurveyLink), ("s", School), ("m", Municipality), ("y", ProjectYear))


@functools.cache
def _intake_sql() -> str:
    """Built once per process: the ORM's compiler cost more than the query itself (a page per submission)."""
    columns = [f'{alias}."{f.column}"' for alias, model in _ROWS for f in model._meta.concrete_fields]
    columns += [f'q."{Questionnaire._meta.get_field(f).column}"' for f in _Q_FIELDS]
    window = " ".join(f"WHEN '{group}' THEN '{code}'" for group, code in WINDOW_CODES.items())
    return (
        f"SELECT {', '.join(columns)}, w.starts_on, w.due_on, r.starts_on, r.due_on "  # noqa: S608 — no input
        f"FROM {SurveyLink._meta.db_table} l "
        f"JOIN {School._meta.db_table} s ON s.id = l.school_id "
        f"JOIN {Municipality._meta.db_table} m ON m.id = s.municipality_id "
        f"JOIN {ProjectYear._meta.db_table} y ON y.id = l.year_id "
        f"LEFT JOIN {Questionnaire._meta.db_table} q "
        'ON q.year_id = l.year_id AND q."group" = l."group" AND q.is_active '
        f"LEFT JOIN {Milestone._meta.db_table} w "
        f'ON w.year_id = l.year_id AND w.code = CASE l."group" {window} END '
        f"LEFT JOIN {RegionalMilestone._meta.db_table} r ON r.milestone_id = w.id AND r.region_id = m.region_id "
        "WHERE l.token = %s"
    )


def _instances(row: tuple) -> list:
    """The row cut into model instances, as select_related would build them."""
    result, at = [], 0
    for _alias, model in _ROWS:
        fields = model._meta.concrete_fields
        values = [
            f.from_db_value(v, None, connection) if hasattr(f, "from_db_value") else v
            for f, v in zip(fields, row[at : at + len(fields)], strict=True)
        ]
        result.append(model.from_db(connection.alias, [f.attname for f in fields], values))
        at += len(fields)
    return result


def intake(token: str) -> Intake | None:
    """The link (with school, municipality and year), its questionnaire and window: one SQL query, unique
    joins only (one active questionnaire per group, one milestone per code, one override per region)."""
    with connection.cursor() as cursor:
        cursor.execute(_intake_sql(), [token])
        row = cursor.fetchone()
    if row is None:
        return None
    link, school, municipality, year = _instances(row)
    school.municipality = municipality
    link.school, link.year = school, year
    q_values, (w_starts, w_due, r_starts, r_due) = row[-10:-4], row[-4:]
    questionnaire = None
    if q_values[0] is not None:
        questionnaire = Questionnaire(
            year_id=link.year_id, group=link.group, is_active=True, **dict(zip(_Q_FIELDS, q_values, strict=True))
        )
        questionnaire._state.adding = False
    window = None
    if r_due is not None:
        window = calendar.Dates(r_starts, r_due, w_due)
    elif w_due is not None:
        window = calendar.Dates(w_starts, w_due, w_due)
    return Intake(link=link, questionnaire=questionnaire, window=window)


# A class answering together in a computer lab posts through one link many times a minute: each process keeps
# what it read of a link for a short while. Saving a link, questionnaire, calendar date, school or year forgets
# everything (signals, `forget_intakes`); another process sees such a change within INTAKE_SECONDS. The window
# itself is judged against today's date on every request.
INTAKE_SECONDS = 30
_RECENT: dict[str, tuple[float, Intake]] = {}
_RECENT_MAX = 4096


def intake_recent(token: str) -> Intake | None:
    """`intake(token)`, remembered by this process for INTAKE_SECONDS (unknown tokens are not remembered)."""
    now = time.monotonic()
    hit = _RECENT.get(token)
    if hit is not None and now - hit[0] < INTAKE_SECONDS:
        return hit[1]
    found = intake(token)
    if found is not None:
        if len(_RECENT) >= _RECENT_MAX:
            _RECENT.clear()
        _RECENT[token] = (now, found)
    return found


def forget_intakes(**_signal) -> None:
    _RECENT.clear()


INTAKE_SOURCES = (SurveyLink, Questionnaire, Milestone, RegionalMilestone, School, Municipality, ProjectYear)


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
