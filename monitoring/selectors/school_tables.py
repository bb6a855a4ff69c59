"""The school tables of the dashboards and of the drill-down: the read model's school rows under the filters,
one page of them with their people, or every row (exports)."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet

from schools.models import CuratorAssignment, ProjectYear, School, SchoolStaff

from ..models import SchoolIndicators
from ..services import indicators as ind


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


def _value_choices(available, deadlines, region_id, today) -> list[tuple[str, tuple[ind.Value, ind.Value]]]:
    """(code, (not done, done)) of each school indicator in a region, or (code, (no data,) * 2): a school's
    values are picked from these — shared by the rows of a page and never changed (only area rows get links)."""
    choices = []
    for indicator in ind.SCHOOL_INDICATORS:
        dates = deadlines.get(indicator.milestone, region_id)
        if indicator.code in available:
            pair = tuple(ind.make_value(indicator, flag, 1, dates, today) for flag in (0, 1))
        else:
            pair = (ind.make_value(indicator, None, 1, dates, today),) * 2
        choices.append((indicator.code, pair))
    return choices


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
    by_region: dict = {}
    result = []
    for school_id, region_id, done in rows:
        if region_id not in by_region:
            by_region[region_id] = _value_choices(available, deadlines, region_id, today)
        values = [pair[bool(done.get(code))] for code, pair in by_region[region_id]]
        result.append(SchoolRow(pk=school_id, values=values))
    return result


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


def attach_people(rows, *, year: ProjectYear, directors: bool = True):
    """Loads the schools of these rows with municipality, this year's curator and (unless `directors` is False:
    the dashboards' tables do not show them) director — three queries, or two."""
    rows = list(rows)
    ids = [r.pk for r in rows]
    if not ids:
        return rows
    prefetch = [
        Prefetch(
            "curatorships",
            queryset=CuratorAssignment.objects.filter(year=year).select_related("curator"),
            to_attr="year_curators",
        )
    ]
    if directors:
        staff = SchoolStaff.objects.filter(kind=SchoolStaff.Kind.DIRECTOR).select_related("user")
        prefetch.append(Prefetch("staff", queryset=staff, to_attr="directors"))
    schools = School.objects.filter(pk__in=ids).select_related("municipality__region").prefetch_related(*prefetch)
    by_pk = {s.pk: s for s in schools}
    for row in rows:
        school = by_pk[row.pk]
        row.school = school
        row.curator = school.year_curators[0].curator if school.year_curators else None
        row.director = school.directors[0].user if directors and school.directors else None
    return rows


def school_rows(
    *, schools: QuerySet[School], year: ProjectYear, deadlines: ind.Deadlines, today: datetime.date, status: str = ""
) -> tuple[list[SchoolRow], set[str]]:
    """Every school with its indicators, curator and director — four queries."""
    rows, available = school_states(schools=schools, year=year, deadlines=deadlines, today=today, status=status)
    return attach_people(rows, year=year), available


def school_page(
    rows: QuerySet[SchoolIndicators],
    *,
    year,
    available,
    deadlines,
    today,
    status,
    region_id,
    number,
    per_page,
    count: int | None = None,
) -> Page:
    """One page of a dashboard's school table, filtered by status in SQL: only its schools are built.
    `count`: the number of rows when the caller knows it (an area's total), so it is not counted again."""
    if status:
        condition = _status_condition(
            status, available=available, deadlines=deadlines, region_id=region_id, today=today
        )
        rows = rows.filter(condition) if condition is not None else rows.none()
    paginator = Paginator(_ordered(rows).values_list("school_id", "region_id", "done"), per_page)
    if count is not None and not status:
        paginator.count = count  # a cached property: set, it is not computed
    page = paginator.get_page(number)
    page.object_list = attach_people(
        _light_rows(page.object_list, available=available, deadlines=deadlines, today=today),
        year=year,
        directors=False,
    )
    return page


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
