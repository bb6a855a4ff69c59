from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from medk import panels
from medk.context_processors import LOW_VISION_COOKIE
from medk.lib import excel, uploads, web

from . import exporting, forms, importing, permissions, selectors, services, signals
from .models import ImportJob, ProjectYear, SchoolProgramme


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The personal cabinet: each role lands on what it works with."""
    cabinet = selectors.cabinet_for(request.user)
    scope = cabinet["scope"]
    only_school = (
        len(cabinet["posts"]) == 1 and not cabinet["roles"] and not cabinet["curated_schools"] and not scope.is_admin
    )
    if only_school:
        return redirect("schools:school_detail", pk=cabinet["posts"][0].school_id)
    return render(request, "schools/home.html", cabinet | {"panels": panels.home_panels(request)})


@require_GET
@login_required
def school_list(request: HttpRequest) -> HttpResponse:
    year = permissions.current_year()
    schools = permissions.visible_schools(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        schools = schools.filter(short_name__icontains=query) | schools.filter(inn=query)
    rows = selectors.school_rows(schools=schools.order_by("municipality__region__name", "short_name"), year=year)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "schools/school_list.html", {"page": page, "query": query, "year": year})


@require_GET
@login_required
def school_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school, caps = permissions.get_school_for_user(request.user, pk)
    year = permissions.current_year()
    row = selectors.school_rows(schools=type(school).objects.filter(pk=school.pk), year=year).get()
    staff = school.staff.select_related("user").order_by("kind")
    return render(
        request,
        "schools/school_detail.html",
        {
            "school": row,
            "year": year,
            "staff": staff,
            "can_act": permissions.Cap.ACT in caps,
            "can_review": permissions.Cap.REVIEW in caps,
            "can_coordinate": permissions.Cap.COORDINATE in caps,
            "participates": year is not None and school.participations.filter(year=year).exists(),
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
            "municipalities": selectors.municipalities_overview(region=region, year=year),
            "schools": selectors.school_rows(schools=schools.order_by("municipality__name", "short_name"), year=year),
            "coordinators": selectors.coordinators(year=year, region=region),
            "curators": selectors.curators_of(schools=schools, year=year),
        },
    )


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


def _require_admin(user) -> None:
    """Imports are for administrators only; everyone else does not see that they exist."""
    if not permissions.scope_for(user).is_admin:
        raise Http404


@login_required
def import_job_create(request: HttpRequest) -> HttpResponse:
    _require_admin(request.user)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    initial = {"kind": ImportJob.Kind.SCHOOLS, "year": permissions.current_year()}
    if request.method == "POST":
        form = forms.ImportForm(request.POST, request.FILES, initial=initial)
    else:
        form = forms.ImportForm(initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                kind=form.cleaned_data["kind"],
                year=form.cleaned_data["year"],
                file=form.cleaned_data["file"],
                create_municipalities=form.cleaned_data["create_municipalities"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("schools:import_job_detail", pk=job.pk)
    jobs = ImportJob.objects.select_related("year", "created_by")[:20]
    return render(
        request,
        "schools/import_job_create.html",
        {"form": form, "jobs": jobs, "kinds": importing.KIND_CHOICES},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def import_job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request.user)
    job = get_object_or_404(ImportJob.objects.select_related("year", "created_by"), pk=pk)
    context = {
        "job": job,
        "counts": [(importing.ENTITY_LABELS.get(k, k), v) for k, v in job.counts.items() if any(v.values())],
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
    _require_admin(request.user)
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        services.import_job_confirm(job=job, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("schools:import_job_detail", pk=job.pk)


@require_GET
@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    _require_admin(request.user)
    if kind not in importing.KINDS:
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
