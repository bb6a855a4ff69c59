"""The calendar's dates as the pages read them: each year's and region's dates once per GET, shared by every
panel of the page (visits, indicators, deadlines)."""

import datetime
from collections.abc import Iterable

from django.db.models import IntegerField, Value

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


def read_dates(year: ProjectYear, region_ids: Iterable[int]) -> None:
    """Reads the year's federal dates and these regions' own dates in one query, for `due_dates` and
    `regional_due_dates` later in the same GET (the visits panel asks for both). Outside a GET, nothing to do."""
    region_ids = frozenset(region_ids)
    if not memo.is_open():
        return
    memo.per_request(("read_dates", year.pk, region_ids), lambda: _read_dates(year, region_ids))


def _read_dates(year: ProjectYear, region_ids: frozenset[int]) -> bool:
    federal = Milestone.objects.filter(year=year).values_list(
        Value(None, output_field=IntegerField()), "code", "due_on", "order"
    )
    regional = RegionalMilestone.objects.filter(milestone__year=year, region_id__in=list(region_ids)).values_list(
        "region_id", "milestone__code", "due_on", "milestone__order"
    )
    rows = list(federal.order_by().union(regional.order_by(), all=True).order_by())
    own = sorted((order, due_on, code) for region_id, code, due_on, order in rows if region_id is None)
    memo.seed(("due_dates", year.pk), {code: due_on for _, due_on, code in own})
    memo.seed(
        ("regional_due_dates", year.pk, region_ids),
        [(region_id, code, due_on) for region_id, code, due_on, _ in rows if region_id is not None],
    )
    return True
