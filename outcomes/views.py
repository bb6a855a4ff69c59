"""The outcome views: a school's progress, a region's and the federation's comparison, loading results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medk.lib import excel, uploads
from schools.models import School

from . import exports, forms, importing, permissions, selectors, services
from .models import Assessment


def _years(request: HttpRequest) -> tuple[int | None, int | None]:
    form = forms.YearsForm(request.GET)
    if not form.is_valid():
        return None, None
    return form.cleaned_data["before"], form.cleaned_data["after"]


def _xlsx(output, filename: str) -> FileResponse:
    response = FileResponse(output, content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = uploads.content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def school_progress(request: HttpRequest, pk: int) -> HttpResponse:
    school, _caps = permissions.get_school_for_user(request.user, pk)
    year = permissions.require_year()
    context = selectors.school_progress(school=school, year=year)
    return render(request, "outcomes/school_progress.html", context | {"school": school, "year": year})


def _outcome_context(request: HttpRequest, *, schools, year) -> dict:
    before, after = _years(request)
    outcome = selectors.outcome(schools=schools, year=year, before=before, after=after)
    return {
        "outcome": outcome,
        "year": year,
        "min_pupils": selectors.MIN_PUPILS,
        "reliable_schools": selectors.RELIABLE_SCHOOLS,
        "reliable_pupils": selectors.RELIABLE_PUPILS,
    }


@require_GET
@login_required
def region_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    region = permissions.get_region_for_user(request.user, pk)
    year = permissions.require_year()
    schools = School.objects.filter(municipality__region=region)
    context = _outcome_context(request, schools=schools, year=year)
    outcome = context["outcome"]
    context["school_rows"] = selectors.programme_school_rows(
        schools=schools, year=year, before=outcome.before, after=outcome.after
    )
    return render(request, "outcomes/outcomes.html", context | {"region": region})


@require_GET
@login_required
def federal_outcomes(request: HttpRequest) -> HttpResponse:
    permissions.require_federal(request.user)
    year = permissions.require_year()
    context = _outcome_context(request, schools=School.objects.all(), year=year)
    context["regions"] = selectors.regions_with_results(year=year)
    return render(request, "outcomes/outcomes.html", context | {"region": None})


@require_GET
@login_required
def region_outcomes_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    region = permissions.get_region_for_user(request.user, pk)
    year = permissions.require_year()
    before, after = _years(request)
    schools = School.objects.filter(municipality__region=region)
    outcome = selectors.outcome(schools=schools, year=year, before=before, after=after)
    rows = selectors.programme_school_rows(schools=schools, year=year, before=outcome.before, after=outcome.after)
    output = exports.outcome_workbook(outcome=outcome, title=f"{region.name}, {year.year}", school_rows=rows)
    return _xlsx(output, f"Результаты — {region.name} — {year.year}.xlsx")


@require_GET
@login_required
def federal_outcomes_xlsx(request: HttpRequest) -> HttpResponse:
    permissions.require_federal(request.user)
    year = permissions.require_year()
    before, after = _years(request)
    outcome = selectors.outcome(schools=School.objects.all(), year=year, before=before, after=after)
    output = exports.outcome_workbook(outcome=outcome, title=f"Российская Федерация, {year.year}")
    return _xlsx(output, f"Результаты — РФ — {year.year}.xlsx")


# --- Loading results ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def import_create(request: HttpRequest) -> HttpResponse:
    regions = permissions.import_regions(request.user)
    form = forms.ResultsImportForm(request.POST or None, request.FILES or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.results_import_create(
                assessment=form.cleaned_data["assessment"],
                year=form.cleaned_data["year"],
                region=form.cleaned_data["region"],
                file=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("outcomes:import_detail", pk=job.pk)
    return render(
        request,
        "outcomes/import_create.html",
        {
            "form": form,
            "jobs": permissions.imports_for(request.user)[:20],
            "assessments": Assessment.choices,
            "columns": [(label, importing.COLUMNS[value]) for value, label in Assessment.choices],
        },
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = permissions.get_import_for_user(request.user, pk)
    counts = job.counts.get("results") or {}
    return render(
        request,
        "outcomes/import_detail.html",
        {"job": job, "counts": counts, "problems": job.errors[:500], "more_problems": max(0, len(job.errors) - 500)},
    )


@require_POST
@login_required
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = permissions.get_import_for_user(request.user, pk)
    try:
        services.results_import_confirm(job=job, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("outcomes:import_detail", pk=job.pk)


@require_GET
@login_required
def import_template(request: HttpRequest, assessment: str) -> HttpResponse:
    permissions.import_regions(request.user)
    if assessment not in Assessment.values:
        raise Http404
    label = Assessment(assessment).label
    return _xlsx(importing.template_file(assessment), f"шаблон — результаты {label}.xlsx")
