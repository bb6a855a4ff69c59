"""The federal year page (recompute, publish, import) and the coordinators' region view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from audit import services as audit
from medk.lib import excel
from schools.models import Region, School

from .. import forms, permissions, profile_import, selectors, services
from ..models import ProfileJob

# --- Federal: the year's diagnosis -----------------------------------------------------------------


@require_GET
@login_required
def diagnosis_overview(request: HttpRequest) -> HttpResponse:
    permissions.require_federal(request.user)
    year = permissions.require_year()
    return render(
        request,
        "surveys/diagnosis_overview.html",
        {"year": year, "import_form": forms.ImportForm(), **selectors.year_overview(year=year)},
    )


@require_POST
@login_required
def year_recompute(request: HttpRequest) -> HttpResponse:
    permissions.require_federal(request.user)
    year = permissions.require_year()
    job = services.recompute_start(year=year, by=request.user)
    return redirect("surveys:job_detail", pk=job.pk)


@require_POST
@login_required
def year_final_recompute(request: HttpRequest) -> HttpResponse:
    """The final diagnosis of every participating school with final-round answers (set-based, in the request)."""
    permissions.require_federal(request.user)
    year = permissions.require_year()
    count = services.final_scores_compute(year=year, by=request.user)
    messages.success(request, f"Итоговая диагностика рассчитана: школ с ответами итогового анкетирования — {count}.")
    return redirect("surveys:diagnosis_overview")


@require_POST
@login_required
def year_publish(request: HttpRequest) -> HttpResponse:
    permissions.require_federal(request.user)
    year = permissions.require_year()
    try:
        count = services.profiles_publish(year=year, by=request.user)
        messages.success(request, f"Опубликовано профилей: {count}.")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("surveys:diagnosis_overview")


@require_POST
@login_required
def profile_import_upload(request: HttpRequest) -> HttpResponse:
    permissions.require_federal(request.user)
    year = permissions.require_year()
    form = forms.ImportForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        try:
            count = profile_import.profiles_import(year=year, file=form.cleaned_data["file"], by=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"Загружено профилей: {count}. Опубликуйте их, когда будете готовы.")
            return redirect("surveys:diagnosis_overview")
    else:
        errors = [e for errs in form.errors.values() for e in errs]
    return render(
        request,
        "surveys/diagnosis_overview.html",
        {"year": year, "import_form": form, "import_errors": errors, **selectors.year_overview(year=year)},
        status=400,
    )


@require_GET
@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_federal(request.user)
    job = get_object_or_404(ProfileJob.objects.select_related("school"), pk=pk)
    template = "surveys/job_detail.html#status" if request.headers.get("HX-Request") else "surveys/job_detail.html"
    return render(request, template, {"job": job})


# --- Region view -----------------------------------------------------------------------------------


def _published_only(user) -> bool:
    return not permissions.scope_for(user).everything


def _heatmap_scope(request, *, region_pk=None, municipality_pk=None):
    year = permissions.require_year()
    if municipality_pk is not None:
        municipality = permissions.get_municipality_for_user(request.user, municipality_pk)
        schools = School.objects.filter(municipality=municipality, participations__year=year)
        return year, municipality, schools
    region = permissions.get_region_for_user(request.user, region_pk)
    schools = School.objects.filter(municipality__region=region, participations__year=year)
    return year, region, schools


@require_GET
@login_required
def region_heatmap(request: HttpRequest, pk: int) -> HttpResponse:
    year, area, schools = _heatmap_scope(request, region_pk=pk)
    return render(
        request,
        "surveys/heatmap.html",
        {
            "year": year,
            "area": area,
            "is_region": True,
            **selectors.heatmap(year=year, schools=schools, published_only=_published_only(request.user)),
        },
    )


@require_GET
@login_required
def municipality_heatmap(request: HttpRequest, pk: int) -> HttpResponse:
    year, area, schools = _heatmap_scope(request, municipality_pk=pk)
    return render(
        request,
        "surveys/heatmap.html",
        {
            "year": year,
            "area": area,
            "is_region": False,
            **selectors.heatmap(year=year, schools=schools, published_only=_published_only(request.user)),
        },
    )


def _heatmap_xlsx(request, year, area, schools) -> HttpResponse:
    data = selectors.heatmap(year=year, schools=schools, published_only=_published_only(request.user))
    headers = ["ИНН", "Школа", "Муниципалитет"] + [f"{d.number}. {d.title}" for d in data["directions"]]
    headers += [f"Балл {d.number}" for d in data["directions"]]
    rows = (
        [r["school"].inn, r["school"].short_name, r["school"].municipality.name]
        + [c["label"] if c["level"] else "" for c in r["cells"]]
        + [float(c["score"]) if c["score"] is not None else None for c in r["cells"]]
        for r in data["rows"]
    )
    content = excel.workbook_bytes([("Профили", headers, rows)])
    audit.record(
        actor=request.user,
        action="export",
        obj=area,
        region_id=area.pk if isinstance(area, Region) else area.region_id,
        details={"year": year.year, "file": "risk-profiles", "schools": len(data["rows"])},
    )
    response = HttpResponse(content, content_type=excel.XLSX_CONTENT_TYPE)
    stamp = timezone.localdate().strftime("%d.%m.%Y")
    response["Content-Disposition"] = f'attachment; filename="risk-profiles-{area.pk}-{stamp}.xlsx"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def region_export(request: HttpRequest, pk: int) -> HttpResponse:
    return _heatmap_xlsx(request, *_heatmap_scope(request, region_pk=pk))


@require_GET
@login_required
def municipality_export(request: HttpRequest, pk: int) -> HttpResponse:
    return _heatmap_xlsx(request, *_heatmap_scope(request, municipality_pk=pk))
