"""Cabinet and school-page sections of curators' work (collected by `medk/panels.py`)."""

from django.template.loader import render_to_string
from django.utils import timezone

from schools import permissions
from schools.models import Municipality, Region, School
from schools.permissions import Cap

from . import selectors
from .models import Thread


def home_panel(request) -> str | None:
    user = request.user
    year = permissions.current_year()
    if year is None:
        return None
    today = timezone.localdate()
    scope = permissions.scope_for(user)
    context: dict = {"year": year, "today": today, "user": user}
    if scope.municipality_ids:
        municipalities = []
        for m in Municipality.objects.filter(pk__in=scope.municipality_ids).order_by("name"):
            schools = School.objects.filter(municipality=m, participations__year=year)
            municipalities.append((m, selectors.overdue_count(year=year, schools=schools, today=today)))
        context["municipalities"] = municipalities
    if scope.region_ids:
        context["regions"] = list(Region.objects.filter(pk__in=scope.region_ids).order_by("name"))
    if scope.everything or scope.region_ids:
        context["forum_waiting"] = selectors.forum_threads_for(user).filter(awaiting_answer=True).count()
    if len(context) == 3:
        return None
    return render_to_string("curators/panel_home.html", context, request=request)


def school_panel(request, school: School, caps) -> str | None:
    year = permissions.current_year()
    if not permissions.participates(school, year):
        return None
    today = timezone.localdate()
    row = selectors.visit_rows(schools=School.objects.filter(pk=school.pk), year=year, today=today)[0]
    threads = Thread.objects.filter(school=school, year=year)
    context = {
        "school": school,
        "row": row,
        "can_act": Cap.ACT in caps,
        "awaiting": row.awaiting_confirmation,
        "unread": selectors.unread_thread_count(user=request.user, threads=threads),
    }
    return render_to_string("curators/panel_school.html", context, request=request)
