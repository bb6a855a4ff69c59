"""The dashboards area's sections: the school's indicators and report on the school page."""

from django.template.loader import render_to_string

from schools.models import School

from . import selectors_dashboards as sel
from .services import indicators as ind


def school_panel(request, school, caps) -> str | None:
    from schools.permissions import current_year

    year = current_year()
    if year is None or not school.participations.filter(year=year).exists():
        return None
    today = ind.today()
    deadlines = ind.deadlines_for(year=year, region_ids=[school.municipality.region_id])
    rows, _ = sel.school_rows(schools=School.objects.filter(pk=school.pk), year=year, deadlines=deadlines, today=today)
    if not rows:
        return None
    return render_to_string(
        "monitoring/dashboards/_school_panel.html", {"row": rows[0], "school": school}, request=request
    )
