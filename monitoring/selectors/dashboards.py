"""Reads behind the coordinators' dashboards: a few small queries on the read model (`models/readmodel.py`),
whatever the number of schools; a page builds only the rows it shows."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator

from schools.models import Municipality, ProjectYear, Region, School

from ..models import AreaIndicators
from ..services import indicators as ind
from .school_tables import Filters, SchoolRow, school_indicators, school_page, school_states

SORTABLE = {"name", *ind.BY_CODE}


@dataclass
class Row:
    """One line of a dashboard table: a region or a municipality."""

    obj: object
    values: list[ind.Value]
    url: str = ""

    def value(self, code: str) -> ind.Value:
        return next(v for v in self.values if v.indicator.code == code)


def set_drill_urls(rows: list[Row], url_name: str) -> None:
    """Each number's drill-down link, reversed once per indicator rather than once per cell."""
    from django.urls import reverse

    templates = {i.code: reverse(url_name, args=[i.code, 999999999]) for i in ind.SCHOOL_INDICATORS}
    for row in rows:
        for value in row.values:
            template = templates.get(value.indicator.code)
            value.url = template.replace("999999999", str(row.obj.pk)) if template else ""


@dataclass
class Dashboard:
    year: ProjectYear
    today: datetime.date
    totals: list[ind.Value]
    rows: list[Row] = field(default_factory=list)
    schools: list[SchoolRow] = field(default_factory=list)
    available: set[str] = field(default_factory=set)
    page: Page | None = None  # the shown page of schools, people attached (a page in a browser)
    rows_page: Page | None = None  # the shown page of municipalities
    deadlines: ind.Deadlines | None = None  # the dates the values were judged by (the chart shows the same)


def _counts(total: int, done: dict) -> dict:
    return {"total": total, **done}


def _sums(rows: Iterable[tuple[int, dict]]) -> dict[int, dict]:
    """{group id: counts} of school rows given as (group id, done)."""
    result: dict[int, dict] = {}
    for group_id, done in rows:
        counts = result.setdefault(group_id, {"total": 0})
        counts["total"] += 1
        for code, value in done.items():
            counts[code] = counts.get(code, 0) + int(value)
    return result


def _filtered(filters: Filters) -> bool:
    return bool(filters.municipality_id or filters.direction_id)


def federal(
    *, year: ProjectYear, today: datetime.date, sort: str = "name", filters: Filters | None = None
) -> Dashboard:
    """Every region a row, every indicator a column — from the read model's region rows (a filter by
    direction sums the school rows instead)."""
    filters = filters or Filters()
    if _filtered(filters):
        counts = _sums(school_indicators(year=year, filters=filters).values_list("region_id", "done"))
    else:
        counts = {
            r_id: _counts(total, done)
            for r_id, total, done in AreaIndicators.objects.filter(year=year, municipality__isnull=True).values_list(
                "region_id", "total", "done"
            )
        }
    facts = ind.region_facts(year=year, region_ids=None, today=today)
    deadlines = ind.deadlines_for(year=year)
    available = ind.available_codes(year=year)
    # Regions with schools under the filters, and those with a plan-graph (the people facts follow the schools).
    region_ids = set(counts) | {r for r, f in facts.items() if "regional_plan" in f}
    regions = Region.objects.filter(pk__in=region_ids).order_by("name")
    rows = [
        Row(
            obj=region,
            values=ind.values_for_group(
                counts=counts.get(region.pk),
                facts=facts.get(region.pk, {}),
                available=available,
                deadlines=deadlines,
                region_id=region.pk,
                today=today,
            ),
        )
        for region in regions
    ]
    if filters.status:
        bad = {ind.MISSED} if filters.status == "missed" else {ind.MISSED, ind.AT_RISK}
        rows = [r for r in rows if any(v.state in bad for v in r.values)]
    rows = sort_rows(rows, sort)
    set_drill_urls(rows, "monitoring:indicator_schools_region")
    total_counts = ind.sum_counts(counts.values(), available)
    totals = ind.values_for_group(
        counts=total_counts, facts=None, available=available, deadlines=deadlines, region_id=None, today=today
    )
    # Region-level indicators nationally: regions that sent a plan; events done over events due.
    n_regions = len(rows)
    for value in totals:
        if value.indicator.code == "regional_plan":
            value.numerator = sum(facts.get(r.obj.pk, {}).get("regional_plan", (0, 1))[0] for r in rows)
            value.denominator = n_regions
        elif value.indicator.level == ind.REGION:
            # Other region-level facts (plan events, candidates surveyed, …): sums over the regions.
            code = value.indicator.code
            value.numerator = sum(f.get(code, (0, 0))[0] for f in facts.values())
            value.denominator = sum(f.get(code, (0, 0))[1] for f in facts.values())
        else:
            continue
        value.state = ind.state_for(
            numerator=value.numerator, denominator=value.denominator, due_on=value.due_on, today=today
        )
    return Dashboard(year=year, today=today, totals=totals, rows=rows, available=available, deadlines=deadlines)


def sort_rows(rows: list[Row], sort: str) -> list[Row]:
    reverse = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTABLE or key == "name":
        return sorted(rows, key=lambda r: str(r.obj), reverse=reverse)
    return sorted(rows, key=lambda r: (r.value(key).sort_key, str(r.obj)), reverse=reverse)


def _municipality_counts(*, year: ProjectYear, region: Region, filters: Filters) -> tuple[dict, dict | None]:
    """({municipality id: counts}, the region's counts) — read model rows, or sums of the filtered schools."""
    if _filtered(filters):
        counts = _sums(
            school_indicators(year=year, filters=filters, region=region).values_list("municipality_id", "done")
        )
        return counts, None
    counts, region_counts = {}, None
    for m_id, total, done in AreaIndicators.objects.filter(year=year, region=region).values_list(
        "municipality_id", "total", "done"
    ):
        if m_id is None:
            region_counts = _counts(total, done)
        else:
            counts[m_id] = _counts(total, done)
    return counts, region_counts


def regional(
    *,
    year: ProjectYear,
    region: Region,
    today: datetime.date,
    filters: Filters,
    page: str | int | None = None,
    municipality_page: str | int | None = None,
    per_page: int = 100,
) -> Dashboard:
    """Municipalities of a region, then its schools. With `page` (the page in a browser) only the shown page of
    municipalities and of schools is built — a few queries on the read model whatever the region's size;
    without it every row (exports and reports)."""
    facts = ind.region_facts(year=year, region_ids=[region.pk], today=today).get(region.pk, {})
    deadlines = ind.deadlines_for(year=year, region_ids=[region.pk])
    available = ind.available_codes(year=year)

    def row(m: Municipality, counts: dict) -> Row:
        values = ind.values_for_group(
            counts=counts, facts=facts, available=available, deadlines=deadlines, region_id=region.pk, today=today
        )
        return Row(obj=m, values=values)

    if page is not None and not _filtered(filters):
        # The region's row for the totals, one page of municipality rows: nothing else is read.
        stored = AreaIndicators.objects.filter(year=year, region=region)
        total = stored.filter(municipality__isnull=True).values_list("total", "done").first()
        region_counts = _counts(*total) if total else None
        areas = stored.filter(municipality__isnull=False).select_related("municipality")
        rows_page = Paginator(areas.order_by("municipality__name", "municipality_id"), per_page).get_page(
            municipality_page
        )
        rows = [row(a.municipality, _counts(a.total, a.done)) for a in rows_page.object_list]
    else:
        counts, region_counts = _municipality_counts(year=year, region=region, filters=filters)
        region_counts = region_counts or ind.sum_counts(counts.values(), available)
        municipalities = Municipality.objects.filter(region=region, pk__in=list(counts)).order_by("name", "pk")
        rows_page = None if page is None else Paginator(municipalities, per_page).get_page(municipality_page)
        rows = [row(m, counts[m.pk]) for m in (municipalities if rows_page is None else rows_page.object_list)]
    set_drill_urls(rows, "monitoring:indicator_schools_municipality")
    dashboard = Dashboard(
        year=year,
        today=today,
        totals=ind.values_for_group(
            counts=region_counts,
            facts=facts,
            available=available,
            deadlines=deadlines,
            region_id=region.pk,
            today=today,
        ),
        rows=rows,
        available=available,
        deadlines=deadlines,
    )
    if page is None:
        dashboard.schools, _ = school_states(
            schools=School.objects.filter(
                pk__in=school_indicators(year=year, filters=filters, region=region).values("school_id")
            ),
            year=year,
            deadlines=deadlines,
            today=today,
            status=filters.status,
        )
        return dashboard
    dashboard.rows_page = rows_page
    dashboard.page = school_page(
        school_indicators(year=year, filters=filters, region=region),
        year=year,
        available=available,
        deadlines=deadlines,
        today=today,
        status=filters.status,
        region_id=region.pk,
        number=page,
        per_page=per_page,
        count=None if _filtered(filters) else (region_counts or {}).get("total", 0),
    )
    return dashboard


def municipal(
    *,
    year: ProjectYear,
    municipality: Municipality,
    today: datetime.date,
    filters: Filters,
    page: str | int | None = None,
    per_page: int = 100,
) -> Dashboard:
    """A municipality's totals and its schools (with `page`: only the shown page of schools is built)."""
    if _filtered(filters):
        counts = _sums(
            school_indicators(year=year, filters=filters, municipality=municipality).values_list(
                "municipality_id", "done"
            )
        ).get(municipality.pk)
    else:
        area = AreaIndicators.objects.filter(year=year, municipality=municipality).values_list("total", "done").first()
        counts = _counts(*area) if area else None
    region_id = municipality.region_id
    facts = ind.region_facts(year=year, region_ids=[region_id], today=today).get(region_id, {})
    deadlines = ind.deadlines_for(year=year, region_ids=[region_id])
    available = ind.available_codes(year=year)
    totals = ind.values_for_group(
        counts=counts, facts=facts, available=available, deadlines=deadlines, region_id=region_id, today=today
    )
    dashboard = Dashboard(year=year, today=today, totals=totals, available=available, deadlines=deadlines)
    rows = school_indicators(year=year, filters=filters, municipality=municipality)
    if page is None:
        dashboard.schools, _ = school_states(
            schools=School.objects.filter(pk__in=rows.values("school_id")),
            year=year,
            deadlines=deadlines,
            today=today,
            status=filters.status,
        )
        return dashboard
    dashboard.page = school_page(
        rows,
        year=year,
        available=available,
        deadlines=deadlines,
        today=today,
        status=filters.status,
        region_id=region_id,
        number=page,
        per_page=per_page,
        count=(counts or {}).get("total", 0),
    )
    return dashboard
