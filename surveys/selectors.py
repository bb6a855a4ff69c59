from django.db.models import QuerySet

from schools.models import ProjectYear, School

from .models import RiskDirection


def active_directions(*, school: School, year: ProjectYear) -> QuerySet[RiskDirection]:
    """The risk directions a school activated for a year (what its roadmap must cover)."""
    return RiskDirection.objects.filter(year=year, activations__school=school).order_by("number")
