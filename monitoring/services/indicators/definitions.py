"""The control indicators of the year (domain.md §3): their list, states, values and deadlines."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from schools.models import ProjectYear
from yearcalendar import selectors as calendar
from yearcalendar.models import RegionalMilestone

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
