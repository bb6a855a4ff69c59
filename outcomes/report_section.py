"""The «Результаты обучающихся и изменение рисков» section of the regional and federal PDF reports."""

from monitoring.models import Report
from schools.models import School

from . import exports, selectors


def section(*, report: Report) -> dict | None:
    if report.kind == Report.Kind.REGION:
        schools = School.objects.filter(municipality__region=report.region)
    elif report.kind == Report.Kind.FEDERAL:
        schools = School.objects.all()
    else:
        return None
    outcome = selectors.outcome(schools=schools, year=report.year)
    return {"template": "outcomes/pdf/section.html", "outcome": outcome, "caveats": exports.CAVEATS}
