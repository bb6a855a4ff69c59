"""The portal's root pages: the personal cabinet («Что сделать сейчас» and every app's panels) and help."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from medk import panels
from monitoring import permissions as monitoring_permissions
from monitoring.selectors import worklists
from schools import permissions
from schools import selectors as school_selectors
from yearcalendar import services as yearcalendar

from . import help as help_pages


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The personal cabinet: each role opens on what to do now, then on what it works with."""
    cabinet = school_selectors.cabinet_for(request.user)
    year = cabinet["year"]
    work = {}
    if year is not None:
        work = worklists.cabinet_work(
            user=request.user,
            scope=cabinet["scope"],
            school_ids=[post.school_id for post in cabinet["posts"]],
            year=year,
            today=timezone.localdate(),
        )
    return render(request, "portal/home.html", cabinet | work | {"panels": panels.home_panels(request)})


@require_GET
@login_required
def help_page(request: HttpRequest) -> HttpResponse:
    """«Помощь»: the year's process in plain words for the roles this person holds, with the year's dates."""
    user = request.user
    cabinet = school_selectors.cabinet_for(user)
    year = cabinet["year"]
    region = school_selectors.home_region(user)
    return render(
        request,
        "portal/help.html",
        {
            "roles": help_pages.roles_of(cabinet),
            "year": year,
            "region": region,
            "calendar": yearcalendar.calendar_rows(year=year, region=region) if year else [],
            "school_id": permissions.staff_school_id(user),
            "dashboard_url": monitoring_permissions.dashboard_home_url(user),
        },
    )
