"""The dashboards' two charts, built so that they tell the truth.

The trend runs from the year's first calendar date to today: every recorded day's share, and today's point is
the very value the card above shows (so card and chart agree); the deadline is a marker at its own date, not
the end of the axis when it has passed. The risk chart counts risk directions of published profiles — one
school has several — and says so.
"""

import datetime

from django.db.models import Count, Min, QuerySet

from schools.models import ProjectYear, School
from surveys.models import RiskProfileEntry
from yearcalendar.models import Milestone

from ..models import IndicatorSnapshot
from ..services import indicators as ind


def _percent(numerator: int, denominator: int) -> int:
    """Rounded exactly as the cards round (ind.Value.percent)."""
    return round(100 * numerator / denominator) if denominator else 0


def year_start(year: ProjectYear) -> datetime.date:
    dates = Milestone.objects.filter(year=year).aggregate(s=Min("starts_on"), d=Min("due_on"))
    known = [d for d in dates.values() if d]
    return min(known) if known else datetime.date(year.year, 1, 1)


def trend(
    *,
    year: ProjectYear,
    region_id: int | None,
    code: str,
    deadlines: ind.Deadlines,
    today: datetime.date,
    current: ind.Value | None,
) -> dict:
    """{title, labels, shares, target, deadline, current} for Chart.js (json_script); `current` is the card's
    value for today (None when the card shows a filtered selection the history does not know)."""
    indicator = ind.BY_CODE[code]
    due_on, _ = deadlines.get(indicator.milestone, region_id)
    shares: dict[datetime.date, int | None] = {
        day: _percent(n, d)
        for day, n, d in IndicatorSnapshot.objects.filter(year=year, region_id=region_id, code=code)
        .order_by("day")
        .values_list("day", "numerator", "denominator")
    }
    if current is not None and current.has_data:
        shares[today] = current.percent  # today's snapshot may predate today's changes: the card is live
    start = year_start(year)
    days = sorted({start, today, *shares} | ({due_on} if due_on else set()))
    days = [d for d in days if start <= d <= max(today, due_on or today)]
    return {
        "title": indicator.title,
        "labels": [d.strftime("%d.%m.%Y") for d in days],
        "shares": [shares.get(d) for d in days],
        "target": [100 if d == due_on else None for d in days],
        "deadline": due_on.strftime("%d.%m.%Y") if due_on else "",
        "deadline_passed": bool(due_on and due_on < today),
        "current": current.percent if current is not None and current.has_data else None,
        "recorded_days": len(shares),
    }


RISK_LEVELS = (("high", "высокий риск"), ("medium", "средний риск"), ("low", "низкий риск"))


def risk_levels(*, schools: QuerySet[School], year: ProjectYear) -> dict | None:
    """Risk directions of published profiles by level, and how many schools they belong to (one query);
    None while no profile is published."""
    rows = (
        RiskProfileEntry.objects.filter(
            profile__school__in=schools, profile__year=year, profile__published_at__isnull=False
        )
        .order_by()
        .values("level")
        .annotate(n=Count("pk"), schools=Count("profile__school", distinct=True))
    )
    by_level = {r["level"]: r for r in rows}
    if not by_level:
        return None
    return {
        "labels": [label for _, label in RISK_LEVELS],
        "counts": [by_level.get(code, {}).get("n", 0) for code, _ in RISK_LEVELS],
        "schools": [by_level.get(code, {}).get("schools", 0) for code, _ in RISK_LEVELS],
        "unit": "Направлений риска",
    }
