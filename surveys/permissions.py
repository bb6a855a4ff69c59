"""Access to the diagnosis, built on schools.permissions (outsider → 404, no right → 403)."""

from django.http import Http404

from schools.models import ProjectYear
from schools.permissions import (  # noqa: F401 — re-exported for views
    Cap,
    check_municipality,
    check_region,
    current_year,
    get_municipality_for_user,
    get_region_for_user,
    get_school_for_user,
    require_coordinator,
    require_federal,
    require_year,
    scope_for,
)

from . import selectors
from .models import SurveyLink


def get_link(token: str) -> SurveyLink:
    """A respondent's link (public); unknown tokens are 404."""
    link = SurveyLink.objects.select_related("school__municipality", "year").filter(token=token).first()
    if link is None:
        raise Http404("Анкета не найдена")
    return link


def is_curator_or_candidate(user, year: ProjectYear) -> bool:
    """The candidate questionnaire is open to curators and to candidates in the pool, before any appointment."""
    return user.curatorships.filter(year=year).exists() or user.curator_candidacies.filter(year=year).exists()


def get_intake(token: str):
    """A respondent's link with its questionnaire and window (public); unknown tokens are 404."""
    found = selectors.intake_recent(token)
    if found is None:
        raise Http404("Анкета не найдена")
    return found


def require_curator(user, year: ProjectYear) -> None:
    if not is_curator_or_candidate(user, year):
        raise Http404


def profile_visible(caps, profile) -> bool:
    """School staff, curators and regional coordinators see a profile once it is published; the
    federal coordinator (who publishes) sees it as soon as it is computed."""
    return profile is not None and (profile.is_published or Cap.FEDERAL in caps)
