from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from medk import panels
from medk.context_processors import LOW_VISION_COOKIE

from . import permissions, selectors
from .models import Municipality, Region


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
        },
    )


@require_GET
@login_required
def region_detail(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_object_or_404(Region, pk=pk)
    permissions.check_region(request.user, region.pk)
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
    municipality = get_object_or_404(Municipality.objects.select_related("region"), pk=pk)
    permissions.check_municipality(request.user, municipality)
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
