"""Coordinators' dashboards, the year's calendar and the drill-down to schools behind each number."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from audit import services as audit
from medk.lib import excel
from schools import selectors as school_selectors
from schools.models import Region
from surveys import selectors as survey_selectors
from yearcalendar import services as cal
from yearcalendar.models import Milestone

from .. import forms
from .. import permissions as perms
from ..selectors import charts
from ..selectors import dashboards as sel
from ..selectors import school_tables as tables
from ..services import indicators as ind
from ..services import reports


def xlsx_response(
    filename: str, sheets: list, *, request: HttpRequest, obj=None, region_id: int | None = None
) -> HttpResponse:
    """The dashboard as a workbook; the export is recorded in the audit trail (with the region it covers)."""
    audit.record(
        actor=request.user, action="export", obj=obj or filename, region_id=region_id, details={"file": filename}
    )
    response = HttpResponse(excel.workbook_bytes(sheets), content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


SCHOOLS_PER_PAGE = 100


def _query_without(request: HttpRequest, *names: str) -> str:
    return urlencode({k: v for k, v in request.GET.items() if k not in names})


def _chart_code(request: HttpRequest, available: set[str]) -> str:
    code = request.GET.get("chart", "")
    if code in available:
        return code
    return next((i.code for i in ind.INDICATORS if i.code in available), "curators")


def _trend(dashboard: sel.Dashboard, filters: sel.Filters, *, region_id, code: str) -> dict:
    """The chart's today is the card's value; the recorded history is unfiltered, so a filtered card is not
    put on it (the caption says the chart shows every school)."""
    filtered = bool(filters.municipality_id or filters.direction_id)
    current = None if filtered else next((v for v in dashboard.totals if v.indicator.code == code), None)
    data = charts.trend(
        year=dashboard.year,
        region_id=region_id,
        code=code,
        deadlines=dashboard.deadlines,
        today=dashboard.today,
        current=current,
    )
    data["filtered"] = filtered
    return data


@require_GET
@login_required
def dashboard_federal(request: HttpRequest) -> HttpResponse:
    perms.require_federal(request.user)
    year = perms.require_year()
    today = ind.today()
    sort = request.GET.get("sort", "name")
    filters = sel.Filters.from_query(request.GET)
    filters.municipality_id = None
    dashboard = sel.federal(year=year, today=today, sort=sort, filters=filters)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"federal-{year.year}.xlsx",
            [
                reports.table_sheet("Регионы", dashboard.rows),
                reports.totals_sheet("Итого", dashboard.totals),
            ],
            request=request,
        )
    chart = _chart_code(request, dashboard.available)
    return render(
        request,
        "monitoring/dashboards/federal.html",
        {
            "year": year,
            "dashboard": dashboard,
            "indicators": ind.INDICATORS,
            "sort": sort,
            "filters": filters,
            "directions": survey_selectors.directions_in_use(year=year),
            "filter_query": _query_without(request, "sort", "format"),
            "export_query": urlencode({k: v for k, v in request.GET.items() if k != "format"} | {"format": "xlsx"}),
            "chart_code": chart,
            "chart": _trend(dashboard, filters, region_id=None, code=chart),
            "risk_levels": charts.risk_levels(schools=ind.participating_schools(year=year), year=year),
        },
    )


@require_GET
@login_required
def dashboard_region(request: HttpRequest, pk: int) -> HttpResponse:
    region = perms.get_region_for_user(request.user, pk)
    year = perms.require_year()
    today = ind.today()
    filters = sel.Filters.from_query(request.GET)
    if request.GET.get("format") == "xlsx":
        dashboard = sel.regional(year=year, region=region, today=today, filters=filters)
        return xlsx_response(
            f"region-{region.code}-{year.year}.xlsx",
            [
                reports.totals_sheet("Итого по региону", dashboard.totals),
                # Region-level indicators (the plan-graph) live on «Итого по региону», not on every municipality.
                reports.table_sheet("Муниципалитеты", dashboard.rows, ind.SCHOOL_INDICATORS),
                reports.school_sheet("Школы", tables.attach_people(dashboard.schools, year=year)),
            ],
            request=request,
            obj=region,
            region_id=region.pk,
        )
    dashboard = sel.regional(
        year=year,
        region=region,
        today=today,
        filters=filters,
        page=request.GET.get("page") or 1,
        municipality_page=request.GET.get("mpage"),
        per_page=SCHOOLS_PER_PAGE,
    )
    chart = _chart_code(request, dashboard.available)
    return render(
        request,
        "monitoring/dashboards/region.html",
        {
            "year": year,
            "region": region,
            "dashboard": dashboard,
            "indicators": ind.INDICATORS,
            "school_indicators": ind.SCHOOL_INDICATORS,
            "filters": filters,
            "municipalities": region.municipalities.order_by("name").values_list("pk", "name"),
            "directions": survey_selectors.directions_in_use(year=year),
            "chart_code": chart,
            "chart": _trend(dashboard, filters, region_id=region.pk, code=chart),
            "risk_levels": charts.risk_levels(
                schools=ind.participating_schools(year=year).filter(municipality__region=region), year=year
            ),
            "export_query": urlencode({k: v for k, v in request.GET.items() if k != "format"} | {"format": "xlsx"}),
            "page": dashboard.page,
            "page_query": _query_without(request, "page", "format"),
            "mpage": dashboard.rows_page,
            "mpage_query": _query_without(request, "mpage", "format"),
        },
    )


@require_GET
@login_required
def dashboard_municipality(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = perms.get_municipality_for_user(request.user, pk)
    year = perms.require_year()
    today = ind.today()
    filters = sel.Filters.from_query(request.GET)
    filters.municipality_id = None
    if request.GET.get("format") == "xlsx":
        dashboard = sel.municipal(year=year, municipality=municipality, today=today, filters=filters)
        return xlsx_response(
            f"municipality-{municipality.pk}-{year.year}.xlsx",
            [reports.school_sheet("Школы", tables.attach_people(dashboard.schools, year=year))],
            request=request,
            obj=municipality,
            region_id=municipality.region_id,
        )
    dashboard = sel.municipal(
        year=year,
        municipality=municipality,
        today=today,
        filters=filters,
        page=request.GET.get("page") or 1,
        per_page=SCHOOLS_PER_PAGE,
    )
    return render(
        request,
        "monitoring/dashboards/municipality.html",
        {
            "year": year,
            "municipality": municipality,
            "dashboard": dashboard,
            "school_indicators": ind.SCHOOL_INDICATORS,
            "filters": filters,
            "directions": survey_selectors.directions_in_use(year=year),
            "export_query": urlencode({k: v for k, v in request.GET.items() if k != "format"} | {"format": "xlsx"}),
            "page": dashboard.page,
            "page_query": _query_without(request, "page", "format"),
        },
    )


def _drilldown_scope(request: HttpRequest, year, region_pk, municipality_pk):
    """The schools a drill-down may show, with the region/municipality it is about (both None: the country)."""
    schools = ind.participating_schools(year=year)
    if municipality_pk is not None:
        municipality = perms.get_municipality_for_user(request.user, municipality_pk)
        return schools.filter(municipality=municipality), municipality.region, municipality
    if region_pk is not None:
        region = perms.get_region_for_user(request.user, region_pk)
        return schools.filter(municipality__region=region), region, None
    perms.require_federal(request.user)
    return schools, None, None


@require_GET
@login_required
def indicator_schools(
    request: HttpRequest, code: str, region_pk: int | None = None, municipality_pk: int | None = None
) -> HttpResponse:
    """Drill-down: the schools behind one number (by default the ones that fall short)."""
    if code not in ind.BY_CODE or ind.BY_CODE[code].level != ind.SCHOOL:
        raise Http404
    year = perms.require_year()
    schools, region, municipality = _drilldown_scope(request, year, region_pk, municipality_pk)
    show = request.GET.get("show", "behind")
    show = show if show in ("behind", "done", "all") else "behind"
    today = ind.today()
    region_id = region.pk if region else None
    selected, value = tables.drilldown(
        year=year, schools=schools, code=code, show=show, today=today, region_id=region_id
    )
    deadlines = ind.deadlines_for(year=year, region_ids=[region_id] if region else None)
    if request.GET.get("format") == "xlsx":
        rows = tables.drilldown_rows(selected=selected, year=year, deadlines=deadlines, today=today)
        sheets = [reports.school_sheet("Школы", rows)]
        name = f"{code}-{show}.xlsx"
        return xlsx_response(name, sheets, request=request, obj=municipality or region, region_id=region_id)
    page, rows = tables.drilldown_page(
        selected=selected,
        year=year,
        deadlines=deadlines,
        today=today,
        number=request.GET.get("page"),
        per_page=SCHOOLS_PER_PAGE,
    )
    context = {
        "year": year,
        "indicator": ind.BY_CODE[code],
        "value": value,
        "rows": rows,
        "page": page,
        "page_query": _query_without(request, "page", "format"),
        "show": show,
        "region": region,
        "municipality": municipality,
        "export_query": urlencode({"show": show, "format": "xlsx"}),
        "school_indicators": ind.SCHOOL_INDICATORS,
    }
    return render(request, "monitoring/dashboards/drilldown.html", context)


def _calendar_region(request: HttpRequest, region_pk: int | None) -> Region | None:
    """The region whose dates the calendar shows: asked for (if in scope) or the user's own."""
    if region_pk is not None:
        return perms.get_calendar_region_for_user(request.user, region_pk)
    return school_selectors.home_region(request.user)


@require_GET
@login_required
def calendar_detail(request: HttpRequest, region_pk: int | None = None) -> HttpResponse:
    """The year's calendar: federal dates, the region's own dates beside them, control indicators."""
    year = perms.require_year()
    region = _calendar_region(request, region_pk)
    today = ind.today()
    # The control indicators beside the dates: the region's for its coordinators (and federal),
    # the municipality's for a municipal coordinator.
    scope = perms.scope_for(request.user)
    totals: list = []
    values_scope = ""
    if region is not None and (scope.everything or region.pk in scope.region_ids):
        totals = sel.regional(
            year=year, region=region, today=today, filters=sel.Filters(), page=1, per_page=1
        ).totals  # totals only
        values_scope = region.name
    elif scope.municipality_ids:
        municipality = school_selectors.home_municipality(request.user)
        if municipality is not None and (region is None or municipality.region_id == region.pk):
            totals = sel.municipal(
                year=year, municipality=municipality, today=today, filters=sel.Filters(), page=1, per_page=1
            ).totals
            values_scope = municipality.name
    values: dict[str, list] = {}
    for v in totals:
        values.setdefault(v.indicator.milestone, []).append(v)
    rows = [
        {"milestone": m, "override": o, "values": values.get(m.code, [])}
        for m, o in cal.calendar_rows(year=year, region=region)
    ]
    can_edit = region is not None and perms.can_edit_region(request.user, region.pk)
    return render(
        request,
        "monitoring/dashboards/calendar.html",
        {
            "year": year,
            "region": region,
            "rows": rows,
            "today": today,
            "can_edit": can_edit,
            "values_scope": values_scope,
            "regions": school_selectors.coordinated_regions(request.user) if scope.everything else [],
        },
    )


@require_POST
@login_required
def milestone_override(request: HttpRequest, pk: int, region_pk: int) -> HttpResponse:
    region = get_object_or_404(Region, pk=region_pk)
    perms.check_edit_region(request.user, region.pk)
    year = perms.require_year()
    milestone = get_object_or_404(Milestone, pk=pk, year=year)
    form = forms.MilestoneOverrideForm(request.POST)
    if form.is_valid():
        try:
            cal.milestone_override_set(
                milestone=milestone,
                region=region,
                due_on=form.cleaned_data["due_on"],
                starts_on=form.cleaned_data["starts_on"],
            )
            messages.success(request, f"Срок «{milestone.title}» для региона сохранён.")
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
    else:
        messages.error(
            request,
            "; ".join(
                f"{form.fields[f].label}: {', '.join(e)}" if f in form.fields else ", ".join(e)
                for f, e in form.errors.items()
            ),
        )
    return redirect(f"{reverse('monitoring:calendar_region', args=[region.pk])}#m-{milestone.pk}")
