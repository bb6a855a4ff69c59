from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from medk import panels
from medk.context_processors import LOW_VISION_COOKIE
from medk.lib import excel, uploads, web

from . import exporting, forms, importing, middleware, permissions, selectors, services, signals, yearsetup
from .models import ImportJob, ProjectYear, RoleAssignment, SchoolProgramme

SCHOOLS_PER_PAGE = 50


@require_GET
@login_required
def school_list(request: HttpRequest) -> HttpResponse:
    year = permissions.current_year()
    schools = permissions.visible_schools(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        schools = schools.filter(short_name__icontains=query) | schools.filter(inn=query)
    rows = selectors.school_rows(schools=schools.order_by("municipality__region__name", "short_name"), year=year)
    page = Paginator(rows, SCHOOLS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "schools/school_list.html", {"page": page, "query": query, "year": year})


@require_GET
@login_required
def school_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school, caps = permissions.get_school_for_user(request.user, pk)
    year = permissions.current_year()
    selectors.attach_year_curators(school, year)
    staff = school.staff.select_related("user").order_by("kind")
    return render(
        request,
        "schools/school_detail.html",
        {
            "school": school,
            "year": year,
            "staff": staff,
            "can_act": permissions.Cap.ACT in caps,
            "can_review": permissions.Cap.REVIEW in caps,
            "can_coordinate": permissions.Cap.COORDINATE in caps,
            "participates": permissions.participates(school, year),
            "school_years": selectors.school_years(school=school),
            "panels": panels.school_panels(request, school, caps),
            "programmes": selectors.programmes_of(school=school, year=year)
            if permissions.Cap.COORDINATE in caps
            else None,
            "programme_form": forms.ProgrammeForm(),
        },
    )


@require_POST
@login_required
def programme_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Another federal or regional programme of the school (its coordinators record them)."""
    school, _caps = permissions.get_school_for_user(request.user, pk, permissions.Cap.COORDINATE)
    form = forms.ProgrammeForm(request.POST)
    if form.is_valid():
        try:
            services.programme_add(school=school, year=permissions.require_year(), by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            web.flash_errors(request, exc)
        else:
            messages.success(request, "Программа добавлена.")
    else:
        web.flash_form_errors(request, form)
    return redirect("schools:school_detail", pk=school.pk)


@require_POST
@login_required
def programme_delete(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(SchoolProgramme.objects.select_related("school__municipality"), pk=pk)
    permissions.check_school(request.user, programme.school, permissions.Cap.COORDINATE)
    services.programme_remove(programme=programme, by=request.user)
    messages.success(request, f"Программа «{programme.title}» удалена из сведений школы.")
    return redirect("schools:school_detail", pk=programme.school_id)


@require_GET
@login_required
def region_detail(request: HttpRequest, pk: int) -> HttpResponse:
    region = permissions.get_region_for_user(request.user, pk)
    year = permissions.current_year()
    schools = selectors.participating(permissions.visible_schools(request.user), year).filter(
        municipality__region=region
    )
    return render(
        request,
        "schools/region_detail.html",
        {
            "region": region,
            "year": year,
            # a region may have 500 municipalities and a thousand schools: a page of each
            "municipalities": Paginator(
                selectors.municipalities_overview(region=region, year=year),
                SCHOOLS_PER_PAGE,
            ).get_page(request.GET.get("mpage")),
            "page": Paginator(
                selectors.school_rows(schools=schools.order_by("municipality__name", "short_name", "pk"), year=year),
                SCHOOLS_PER_PAGE,
            ).get_page(request.GET.get("page")),
            # the regional ones; the municipal ones are in the municipalities' table
            "coordinators": selectors.coordinators(year=year, region=region).filter(municipality=None),
            "curators": selectors.curators_of(schools=schools, year=year),
            "coordinator_form": forms.MunicipalCoordinatorForm(region=region) if year else None,
        },
    )


@require_POST
@login_required
def municipal_coordinator_appoint(request: HttpRequest, pk: int) -> HttpResponse:
    """The regional coordinator (or the federal level) appoints a municipal coordinator of the current year."""
    region = permissions.get_region_for_user(request.user, pk)
    year = permissions.require_year()
    form = forms.MunicipalCoordinatorForm(request.POST, region=region)
    if form.is_valid():
        try:
            role = services.municipal_coordinator_appoint(year=year, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"{role.user} — муниципальный координатор ({role.municipality}).")
    else:
        messages.error(
            request, "Координатор не назначен: " + "; ".join(e for errs in form.errors.values() for e in errs)
        )
    return redirect("schools:region_detail", pk=region.pk)


@require_POST
@login_required
def municipal_coordinator_remove(request: HttpRequest, pk: int) -> HttpResponse:
    role = get_object_or_404(RoleAssignment.objects.select_related("municipality", "user"), pk=pk, kind="municipal")
    permissions.check_region(request.user, role.municipality.region_id)
    services.municipal_coordinator_remove(role=role)
    messages.success(request, f"{role.user} больше не муниципальный координатор ({role.municipality}).")
    return redirect("schools:region_detail", pk=role.municipality.region_id)


@require_GET
@login_required
def municipality_detail(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = permissions.get_municipality_for_user(request.user, pk)
    year = permissions.current_year()
    schools = selectors.participating(municipality.schools.all(), year)
    return render(
        request,
        "schools/municipality_detail.html",
        {
            "municipality": municipality,
            "year": year,
            "schools": selectors.school_rows(schools=schools.order_by("short_name"), year=year),
            "coordinators": selectors.coordinators(year=year, municipality=municipality),
            "curators": selectors.curators_of(schools=schools, year=year),
        },
    )


@require_POST
def accessibility_toggle(request: HttpRequest) -> HttpResponse:
    """Switches the low-vision mode (версия для слабовидящих) and remembers it for a year."""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = redirect(target)
    if request.COOKIES.get(LOW_VISION_COOKIE) == "1":
        response.delete_cookie(LOW_VISION_COOKIE)
    else:
        response.set_cookie(LOW_VISION_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure())
    return response


# --- Excel import and export ------------------------------------------------------------------


def _import_form(request: HttpRequest, data=None, files=None) -> forms.ImportForm:
    """The import form for this user: a regional coordinator chooses among the region's own kinds and regions."""
    regions = permissions.import_regions(request.user)
    initial = {"kind": ImportJob.Kind.SCHOOLS, "year": permissions.current_year()}
    kinds = importing.REGION_KINDS if regions is not None else None
    return forms.ImportForm(data, files, initial=initial, kinds=kinds, regions=regions)


@login_required
def import_job_create(request: HttpRequest) -> HttpResponse:
    regions = permissions.import_regions(request.user)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    posted = request.method == "POST"
    form = _import_form(request, request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            job = services.import_job_create(
                kind=form.cleaned_data["kind"],
                year=form.cleaned_data["year"],
                file=form.cleaned_data["file"],
                create_municipalities=form.cleaned_data["create_municipalities"],
                by=request.user,
                region=form.cleaned_data["region"],
                sync=form.cleaned_data["sync"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("schools:import_job_detail", pk=job.pk)
    jobs = ImportJob.objects.select_related("year", "created_by")
    if regions is not None:
        jobs = jobs.filter(region_id__in=regions)
    kinds = [(k, t) for k, t in importing.KIND_CHOICES if regions is None or k in importing.REGION_KINDS]
    return render(
        request,
        "schools/import_job_create.html",
        {"form": form, "jobs": jobs[:20], "kinds": kinds},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def import_job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = permissions.get_import_job_for_user(request.user, pk)
    details = job.counts.get("details", [])
    context = {
        "details": details,
        "leaving": [d for d in details if d["action"] == "left"],
        "ignored_headers": job.counts.get("ignored_headers", []),
        "job": job,
        "counts": [
            (importing.ENTITY_LABELS.get(k, k), v)
            for k, v in job.counts.items()
            if k in importing.ENTITY_LABELS and any(v.values())
        ],
        "problems": job.errors[:500],
        "more_problems": max(0, len(job.errors) - 500),
    }
    template = "schools/import_job_detail.html"
    if request.headers.get("HX-Request"):
        template += "#status"
    return render(request, template, context)


@require_POST
@login_required
def import_job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = permissions.get_import_job_for_user(request.user, pk)
    try:
        services.import_job_confirm(job=job, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("schools:import_job_detail", pk=job.pk)


@require_GET
@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    regions = permissions.import_regions(request.user)
    if kind not in importing.KINDS or (regions is not None and kind not in importing.REGION_KINDS):
        raise Http404
    return _xlsx_response(importing.template_file(kind), f"шаблон — {importing.KINDS[kind].TITLE}.xlsx")


@require_GET
@login_required
def region_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Schools and people of a region for a year, in the import format (so the file can be re-imported)."""
    region = permissions.get_region_for_user(request.user, pk)
    year = permissions.current_year()
    if request.GET.get("year", "").isdigit():
        year = get_object_or_404(ProjectYear, year=int(request.GET["year"]))
    if year is None:
        raise Http404
    output = exporting.region_workbook(region=region, year=year)
    signals.announce(actor=request.user, action="export", obj=region, region_id=region.pk, details={"year": year.year})
    return _xlsx_response(output, f"{region.name} — {year.year}.xlsx")


def _xlsx_response(output, filename: str) -> FileResponse:
    response = FileResponse(output, content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = uploads.content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Project years: «Новый год проекта», making a year current -------------------------------------


@require_GET
@login_required
def year_list(request: HttpRequest) -> HttpResponse:
    permissions.require_federal(request.user)
    current = ProjectYear.objects.filter(is_current=True).first()
    years = [(y, yearsetup.year_status(y, current)) for y in ProjectYear.objects.order_by("-year")]
    return render(request, "schools/year_list.html", {"years": years})


@login_required
def year_create(request: HttpRequest) -> HttpResponse:
    permissions.require_federal(request.user)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    data = request.POST if request.method == "POST" else None
    latest = ProjectYear.objects.order_by("-year").first()
    source_id = (data or request.GET).get("source", str(latest.pk) if latest else "")
    source = ProjectYear.objects.filter(pk=source_id).first() if source_id.isdigit() else None
    schools = selectors.year_schools(year=source) if source else []
    initial = {
        "number": (latest.year + 1) if latest else timezone.localdate().year,
        "source": source,
        "continuing": [s.pk for s in schools],
    }
    form = forms.YearCreateForm(data, initial=initial, schools=schools)
    if data is not None and form.is_valid():
        try:
            year = yearsetup.year_create(
                number=form.cleaned_data["number"],
                source=form.cleaned_data["source"],
                by=request.user,
                continuing=form.cleaned_data["continuing"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{year.year} год проекта создан; он в подготовке, пока не станет текущим.")
            return redirect("schools:year_list")
    context = {"form": form, "source": source, "schools": schools, "steps": [s.title for s in yearsetup.STEPS]}
    return render(request, "schools/year_create.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def year_make_current(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_federal(request.user)
    year = get_object_or_404(ProjectYear, pk=pk)
    yearsetup.year_make_current(year=year, by=request.user)
    messages.success(request, f"Текущий год проекта — {year.year}.")
    return redirect("schools:year_list")


@require_POST
@login_required
def year_switch(request: HttpRequest) -> HttpResponse:
    """The header's switcher: a coordinator browses another year (past years read-only); «current» resets it."""
    scope = permissions.scope_for(request.user)
    if not (scope.everything or scope.is_coordinator):
        raise Http404
    year = ProjectYear.objects.filter(pk=request.POST.get("year") or 0).first()
    if year is None or year.is_current:
        request.session.pop(middleware.YEAR_SESSION_KEY, None)
    else:
        request.session[middleware.YEAR_SESSION_KEY] = year.pk
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
