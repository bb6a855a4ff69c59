"""The first and the final diagnosis side by side (the outcome views read these)."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from schools.models import ProjectYear, School
from yearcalendar import services as calendar

from ..models import (
    FINAL_WINDOW_CODE,
    FinalRiskEntry,
    RiskActivation,
    RiskDirection,
    RiskProfileEntry,
)


def final_window(*, year: ProjectYear, school: School):
    """The final diagnosis window's effective dates for the school's region (or None)."""
    return calendar.milestone_dates(year=year, code=FINAL_WINDOW_CODE, region=school.municipality.region_id)


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
