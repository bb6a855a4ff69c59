"""Reads behind the coordinators' dashboards: a fixed number of queries whatever the number of schools."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, QuerySet

from schools.models import CuratorAssignment, Municipality, ProjectYear, Region, School, SchoolStaff
from surveys.models import RiskProfileEntry

from ..models import IndicatorSnapshot
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


def _school_values(flags: dict, available, deadlines, region_id, today) -> list[ind.Value]:
    """One school's indicators: a share of 1 (done) or 0 (not yet) with its state."""
    values = []
    for indicator in ind.SCHOOL_INDICATORS:
        dates = deadlines.get(indicator.milestone, region_id)
        done = int(bool(flags[f"ind_{indicator.code}"])) if indicator.code in available else None
        values.append(ind.make_value(indicator, done, 1, dates, today))
    return values


def school_states(
    *, schools: QuerySet[School], year: ProjectYear, deadlines: ind.Deadlines, today: datetime.date, status: str = ""
) -> tuple[list[SchoolRow], set[str]]:
    """Every school's indicators as plain values (one query, no model instances), filtered by status."""
    annotated, exprs = ind.school_flags(schools=schools, year=year)
    available = set(exprs)
    fields = ["pk", "municipality__region_id", *(f"ind_{code}" for code in available)]
    rows = []
    for flags in annotated.order_by("municipality__name", "short_name", "pk").values(*fields):
        row = SchoolRow(
            pk=flags["pk"],
            values=_school_values(flags, available, deadlines, flags["municipality__region_id"], today),
        )
        if status == "missed" and not row.missed:
            continue
        if status == "behind" and not row.behind:
            continue
        rows.append(row)
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


def _snapshots(*, year: ProjectYear, region_id: int | None, code: str) -> list[dict]:
    return list(
        IndicatorSnapshot.objects.filter(year=year, region_id=region_id, code=code)
        .order_by("day")
        .values("day", "numerator", "denominator")
    )


def chart_data(*, year: ProjectYear, region_id: int | None, code: str, deadlines: ind.Deadlines) -> dict:
    """The share over time of one indicator against its deadline (for Chart.js via json_script)."""
    indicator = ind.BY_CODE[code]
    due_on, _ = deadlines.get(indicator.milestone, region_id)
    points = _snapshots(year=year, region_id=region_id, code=code)
    return {
        "title": indicator.title,
        "labels": [p["day"].strftime("%d.%m.%Y") for p in points],
        "shares": [round(100 * p["numerator"] / p["denominator"], 1) if p["denominator"] else 0 for p in points],
        "deadline": due_on.strftime("%d.%m.%Y") if due_on else "",
    }


RISK_LEVELS = (("high", "высокий риск"), ("medium", "средний риск"), ("low", "низкий риск"))


def risk_distribution(*, schools: QuerySet[School], year: ProjectYear) -> dict | None:
    """Risk directions of published profiles by level (one query); None while no profile is published."""
    rows = dict(
        RiskProfileEntry.objects.filter(
            profile__school__in=schools, profile__year=year, profile__published_at__isnull=False
        )
        .order_by()
        .values_list("level")
        .annotate(n=Count("pk"))
    )
    if not rows:
        return None
    return {"labels": [label for _, label in RISK_LEVELS], "counts": [rows.get(code, 0) for code, _ in RISK_LEVELS]}


def federal(
    *, year: ProjectYear, today: datetime.date, sort: str = "name", filters: Filters | None = None
) -> Dashboard:
    """Every region a row, every indicator a column — six queries in all."""
    filters = filters or Filters()
    schools = filters.apply(ind.participating_schools(year=year))
    counts = ind.grouped_counts(schools=schools, year=year, by="municipality__region")
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


def regional(*, year: ProjectYear, region: Region, today: datetime.date, filters: Filters) -> Dashboard:
    """Municipalities of a region, then its schools — a fixed number of queries."""
    schools = filters.apply(ind.participating_schools(year=year).filter(municipality__region=region))
    counts = ind.grouped_counts(schools=schools, year=year, by="municipality")
    facts = ind.region_facts(year=year, region_ids=[region.pk], today=today).get(region.pk, {})
    deadlines = ind.deadlines_for(year=year, region_ids=[region.pk])
    available = ind.available_codes(year=year)
    municipalities = Municipality.objects.filter(pk__in=list(counts)).order_by("name")
    rows = [
        Row(
            obj=m,
            values=ind.values_for_group(
                counts=counts[m.pk],
                facts=facts,
                available=available,
                deadlines=deadlines,
                region_id=region.pk,
                today=today,
            ),
        )
        for m in municipalities
    ]
    set_drill_urls(rows, "monitoring:indicator_schools_municipality")
    totals = ind.values_for_group(
        counts=ind.sum_counts(counts.values(), available),
        facts=facts,
        available=available,
        deadlines=deadlines,
        region_id=region.pk,
        today=today,
    )
    # Light rows: the caller attaches people to the page it shows (or to all of them for an export).
    school_list, _ = school_states(schools=schools, year=year, deadlines=deadlines, today=today, status=filters.status)
    return Dashboard(year=year, today=today, totals=totals, rows=rows, schools=school_list, available=available)


def municipal(*, year: ProjectYear, municipality: Municipality, today: datetime.date, filters: Filters) -> Dashboard:
    schools = filters.apply(ind.participating_schools(year=year).filter(municipality=municipality))
    counts = ind.grouped_counts(schools=schools, year=year, by="municipality").get(municipality.pk)
    facts = ind.region_facts(year=year, region_ids=[municipality.region_id], today=today).get(
        municipality.region_id, {}
    )
    deadlines = ind.deadlines_for(year=year, region_ids=[municipality.region_id])
    available = ind.available_codes(year=year)
    totals = ind.values_for_group(
        counts=counts,
        facts=facts,
        available=available,
        deadlines=deadlines,
        region_id=municipality.region_id,
        today=today,
    )
    school_list, _ = school_states(schools=schools, year=year, deadlines=deadlines, today=today, status=filters.status)
    return Dashboard(year=year, today=today, totals=totals, schools=school_list, available=available)


def drilldown(
    *, year: ProjectYear, schools: QuerySet[School], code: str, show: str, today: datetime.date, region_id=None
) -> tuple[QuerySet[School] | None, ind.Value | None]:
    """The schools behind one number — all, those done, or (default) those that fall short — filtered
    in SQL, so the caller can page them, and the number itself (one aggregate query)."""
    exprs = ind.school_expressions(year=year)
    if code not in exprs:
        return None, None
    condition = exprs[code]
    counts = schools.order_by().aggregate(total=Count("pk"), done=Count("pk", filter=condition))
    deadlines = ind.deadlines_for(year=year, region_ids=[region_id] if region_id else [])
    value = ind.make_value(
        ind.BY_CODE[code], counts["done"], counts["total"], deadlines.get(ind.BY_CODE[code].milestone, region_id), today
    )
    if show == "done":
        schools = schools.filter(condition)
    elif show == "behind":
        schools = schools.exclude(condition)
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
