"""Sections monitoring adds to the cabinet and the school page (collected by `medk/panels.py`)."""

from django.template.loader import render_to_string
from django.utils import timezone

from schools import permissions
from schools.models import CuratorAssignment, School

from .models import MonitoringReport, SchoolReport
from .selectors import caseloads
from .selectors import school_tables as tables
from .services import indicators as ind


def home_panel(request) -> str | None:
    """The curator's caseload: what waits for the curator in each school."""
    year = permissions.current_year()
    if year is None or not CuratorAssignment.objects.filter(curator=request.user, year=year).exists():
        return None
    rows = caseloads.caseload(curator=request.user, year=year, today=timezone.localdate())
    return render_to_string(
        "monitoring/stages/panel_caseload.html", {"rows": rows, "user": request.user}, request=request
    )


def school_panel(request, school: School, caps) -> str | None:
    year = permissions.current_year()
    if not permissions.participates(school, year):
        return None
    reports = MonitoringReport.objects.filter(school=school, year=year).order_by("stage")
    parts = [
        render_to_string(
            "monitoring/stages/panel_school.html",
            {
                "school": school,
                "reports": reports,
                "roadmap_report": SchoolReport.objects.filter(school=school, year=year).first(),
            },
            request=request,
        )
    ]
    today = ind.today()
    deadlines = ind.deadlines_for(year=year, region_ids=[school.municipality.region_id])
    rows, _ = tables.school_states(
        schools=School.objects.filter(pk=school.pk), year=year, deadlines=deadlines, today=today
    )
    if rows:
        parts.append(
            render_to_string(
                "monitoring/dashboards/_school_panel.html", {"row": rows[0], "school": school}, request=request
            )
        )
    return "".join(parts)
