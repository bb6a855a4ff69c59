"""Who sees the outcome views and who loads results, on top of the one access layer (schools.permissions).

- a school's progress page: whoever sees the school;
- a region's outcome view: its regional coordinator, the federal level and administrators;
- the federal view: the federal level and administrators;
- loading results: regional coordinators (their region's schools only), the federal level and administrators
  (any school). Everyone else gets 404 — they do not learn the pages exist.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from schools.models import Region
from schools.permissions import (  # noqa: F401 — the views import the access layer from here
    current_year,
    get_region_for_user,
    get_school_for_user,
    require_federal,
    require_year,
    scope_for,
)

from .models import ResultsImport


def import_regions(user) -> list[Region] | None:
    """Regions whose results the user may load: None means any school (federal, admin); 404 for others."""
    scope = scope_for(user)
    if scope.everything:
        return None
    if not scope.region_ids:
        raise Http404
    return list(Region.objects.filter(pk__in=scope.region_ids).order_by("name"))


def get_import_for_user(user, pk: int) -> ResultsImport:
    job = get_object_or_404(ResultsImport.objects.select_related("region", "created_by"), pk=pk)
    regions = import_regions(user)
    if regions is not None and job.region_id not in {r.pk for r in regions}:
        raise Http404
    return job


def imports_for(user):
    regions = import_regions(user)
    jobs = ResultsImport.objects.select_related("region", "created_by")
    if regions is not None:
        jobs = jobs.filter(region__in=regions)
    return jobs
