"""Reads behind the coordinators' dashboards: a few small queries on the read model (`models/readmodel.py`),
whatever the number of schools; a page builds only the rows it shows."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet

from schools.models import CuratorAssignment, Municipality, ProjectYear, Region, School, SchoolStaff

from ..models import AreaIndicators, SchoolIndicators
from ..services import indicators as ind

SORTABLE = {"name", *ind.BY_CODE}


@dataclass
class Filters:
    municipality_id: int | None = None
    direction_id: int | None = None
    status: str = ""  # "" | "behind" (missed or at risk on some indicator) | "missed"

    @classmethod
    def from_query(cls, params) -> "Filters":
        def as_int(name):
            value = params.get(name, "")
            return int(value) if value.isdigit() else None

        status = params.get("status", "")
        return cls(
            municipality_id=as_int("municipality"),
            direction_id=as_int("direction"),
            status=status if status in ("behind", "missed") else "",
        )

    def apply(self, schools: QuerySet[School]) -> QuerySet[School]:
        if self.municipality_id:
            schools = schools.filter(municipality_id=self.municipality_id)
        if self.direction_id:
            schools = schools.filter(risk_activations__direction_id=self.direction_id)
        return schools


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
class SchoolRow:
    """A school's indicators; `school`, `curator`, `director` are filled by `attach_people`."""

    pk: int
    values: list[ind.Value]
    school: School | None = None
    curator: object = None
    director: object = None

    @property
    def missed(self) -> int:
        return sum(v.state == ind.MISSED for v in self.values)

    @property
    def behind(self) -> int:
        return sum(v.state in (ind.MISSED, ind.AT_RISK) for v in self.values)


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


def _school_values(done: dict, available, deadlines, region_id, today) -> list[ind.Value]:
    """One school's indicators: a share of 1 (done) or 0 (not yet) with its state."""
    values = []
    for indicator in ind.SCHOOL_INDICATORS:
        dates = deadlines.get(indicator.milestone, region_id)
        flag = int(bool(done.get(indicator.code))) if indicator.code in available else None
        values.append(ind.make_value(indicator, flag, 1, dates, today))
    return values


def _status_condition(status: str, *, available, deadlines, region_id, today) -> Q | None:
    """The schools that are behind (or missed a deadline) as a condition on the read model: not done on an
    indicator whose deadline, for this region, has passed (or is near)."""
    bad = {ind.MISSED} if status == "missed" else {ind.MISSED, ind.AT_RISK}
    condition = None
    for indicator in ind.SCHOOL_INDICATORS:
        if indicator.code not in available:
            continue
        dates = deadlines.get(indicator.milestone, region_id)
        if ind.make_value(indicator, 0, 1, dates, today).state in bad:
            missing = ~Q(**{f"done__{indicator.code}": True})
            condition = missing if condition is None else condition | missing
    return condition


def school_indicators(*, year: ProjectYear, filters: "Filters | None" = None, **scope) -> QuerySet[SchoolIndicators]:
    """The read model's school rows in a scope (region_id=…, municipality_id=…) under the filters."""
    rows = SchoolIndicators.objects.filter(year=year, **scope)
    if filters and filters.municipality_id:
        rows = rows.filter(municipality_id=filters.municipality_id)
    if filters and filters.direction_id:
        rows = rows.filter(school__risk_activations__direction_id=filters.direction_id)
    return rows


def _light_rows(rows, *, available, deadlines, today) -> list[SchoolRow]:
    return [
        SchoolRow(pk=school_id, values=_school_values(done, available, deadlines, region_id, today))
        for school_id, region_id, done in rows
    ]


def _ordered(rows: QuerySet[SchoolIndicators]) -> QuerySet[SchoolIndicators]:
    return rows.order_by("municipality__name", "school__short_name", "school_id")


def school_states(
    *, schools: QuerySet[School], year: ProjectYear, deadlines: ind.Deadlines, today: datetime.date, status: str = ""
) -> tuple[list[SchoolRow], set[str]]:
    """These schools' indicators from the read model (one query), filtered by status; a school it does not
    hold (not taking part this year) is computed live."""
    available = ind.available_codes(year=year)
    stored = list(
        _ordered(SchoolIndicators.objects.filter(year=year, school__in=schools)).values_list(
            "school_id", "region_id", "done"
        )
    )
    if len(stored) < (n := schools.count()) and n:
        seen = {pk for pk, _r, _d in stored}
        annotated, exprs = ind.school_flags(schools=schools.exclude(pk__in=seen), year=year)
        for flags in annotated.values("pk", "municipality__region_id", *(f"ind_{c}" for c in exprs)):
            done = {code: bool(flags[f"ind_{code}"]) for code in exprs}
            stored.append((flags["pk"], flags["municipality__region_id"], done))
    rows = _light_rows(stored, available=available, deadlines=deadlines, today=today)
    if status == "missed":
        rows = [r for r in rows if r.missed]
    elif status == "behind":
        rows = [r for r in rows if r.behind]
    return rows, available


def attach_people(rows, *, year: ProjectYear):
    """Loads the schools of these rows with municipality, this year's curator and director (three queries)."""
    rows = list(rows)
    ids = [r.pk for r in rows]
    if not ids:
        return rows
    schools = (
        School.objects.filter(pk__in=ids)
        .select_related("municipality__region")
        .prefetch_related(
            Prefetch(
                "curatorships",
                queryset=CuratorAssignment.objects.filter(year=year).select_related("curator"),
                to_attr="year_curators",
            ),
            Prefetch(
                "staff",
                queryset=SchoolStaff.objects.filter(kind=SchoolStaff.Kind.DIRECTOR).select_related("user"),
                to_attr="directors",
            ),
        )
    )
    by_pk = {s.pk: s for s in schools}
    for row in rows:
        school = by_pk[row.pk]
        row.school = school
        row.curator = school.year_curators[0].curator if school.year_curators else None
        row.director = school.directors[0].user if school.directors else None
    return rows


def school_rows(
    *, schools: QuerySet[School], year: ProjectYear, deadlines: ind.Deadlines, today: datetime.date, status: str = ""
) -> tuple[list[SchoolRow], set[str]]:
    """Every school with its indicators, curator and director — four queries."""
    rows, available = school_states(schools=schools, year=year, deadlines=deadlines, today=today, status=status)
    return attach_people(rows, year=year), available


def school_page(
    rows: QuerySet[SchoolIndicators], *, year, available, deadlines, today, status, region_id, number, per_page
) -> Page:
    """One page of a dashboard's school table, filtered by status in SQL: only its schools are built."""
    if status:
        condition = _status_condition(
            status, available=available, deadlines=deadlines, region_id=region_id, today=today
        )
        rows = rows.filter(condition) if condition is not None else rows.none()
    page = Paginator(_ordered(rows).values_list("school_id", "region_id", "done"), per_page).get_page(number)
    page.object_list = attach_people(
        _light_rows(page.object_list, available=available, deadlines=deadlines, today=today), year=year
    )
    return page


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
    return Dashboard(year=year, today=today, totals=totals, rows=rows, available=available)


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
    dashboard = Dashboard(year=year, today=today, totals=totals, available=available)
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
    )
    return dashboard


def drilldown(
    *, year: ProjectYear, schools: QuerySet[School], code: str, show: str, today: datetime.date, region_id=None
) -> tuple[QuerySet[School] | None, ind.Value | None]:
    """The schools behind one number — all, those done, or (default) those that fall short — filtered
    in SQL on the read model, so the caller can page them, and the number itself (one aggregate query)."""
    if code not in ind.SOURCES:
        return None, None
    done_ids = SchoolIndicators.objects.filter(year=year, **{f"done__{code}": True}).values("school_id")
    counts = schools.order_by().aggregate(total=Count("pk"), done=Count("pk", filter=Q(pk__in=done_ids)))
    deadlines = ind.deadlines_for(year=year, region_ids=[region_id] if region_id else [])
    value = ind.make_value(
        ind.BY_CODE[code], counts["done"], counts["total"], deadlines.get(ind.BY_CODE[code].milestone, region_id), today
    )
    if show == "done":
        schools = schools.filter(pk__in=done_ids)
    elif show == "behind":
        schools = schools.exclude(pk__in=done_ids)
    return schools.order_by("municipality__region__name", "municipality__name", "short_name", "pk"), value


def drilldown_rows(*, selected, year: ProjectYear, deadlines, today: datetime.date) -> list:
    """Every selected school's row (the xlsx export of a drill-down)."""
    if selected is None:
        return []
    rows, _ = school_rows(schools=selected, year=year, deadlines=deadlines, today=today)
    return rows


def drilldown_page(*, selected, year: ProjectYear, deadlines, today: datetime.date, number, per_page: int):
    """One page of a drill-down: only the page's schools are loaded with their people and flags."""
    ids_qs = (selected if selected is not None else School.objects.none()).values_list("pk", flat=True)
    page = Paginator(ids_qs, per_page).get_page(number)
    ids = list(page.object_list)
    rows, _ = school_rows(schools=School.objects.filter(pk__in=ids), year=year, deadlines=deadlines, today=today)
    order = {pk: i for i, pk in enumerate(ids)}
    rows.sort(key=lambda r: order[r.school.pk])
    return page, rows
