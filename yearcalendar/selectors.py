"""The calendar's dates as the pages read them: each year's and region's dates once per GET, shared by every
panel of the page (visits, indicators, deadlines)."""

import datetime
from collections.abc import Iterable

from medk.lib import memo
from schools.models import ProjectYear

from .models import Milestone, RegionalMilestone


def due_dates(year: ProjectYear) -> dict[str, datetime.date]:
    """The year's federal date of each milestone, by code (callers must not change the dict)."""
    return memo.per_request(
        ("due_dates", year.pk), lambda: dict(Milestone.objects.filter(year=year).values_list("code", "due_on"))
    )


def regional_due_dates(year: ProjectYear, region_ids: Iterable[int]) -> list[tuple[int, str, datetime.date]]:
    """(region, milestone code, date) of every date these regions moved in the year."""
    region_ids = frozenset(region_ids)
    return memo.per_request(
        ("regional_due_dates", year.pk, region_ids),
        lambda: list(
            RegionalMilestone.objects.filter(milestone__year=year, region_id__in=list(region_ids)).values_list(
                "region_id", "milestone__code", "due_on"
            )
        ),
    )
