"""Sections for the school page and the personal cabinet."""

from django.template.loader import render_to_string

from schools import permissions as school_permissions

from . import selectors
from .models import ExpertiseItem


def school_panel(request, school, caps) -> str | None:
    year = school_permissions.current_year()
    if year is None:
        return None
    return render_to_string(
        "roadmaps/panel_school.html",
        {
            "school": school,
            "year": year,
            "summary": selectors.school_summary(school=school, year=year),
            "can_review": school_permissions.Cap.REVIEW in caps,
        },
        request=request,
    )


def home_panel(request) -> str | None:
    year = school_permissions.current_year()
    if year is None:
        return None
    user = request.user
    scope = school_permissions.scope_for(user)
    reviews = scope.is_coordinator or scope.everything or user.curatorships.filter(year=year).exists()
    expert_items = ExpertiseItem.objects.filter(expert=user, sample__year=year).count()
    if not (reviews or expert_items):
        return None
    waiting = (
        selectors.review_queue(schools=school_permissions.visible_schools(user), year=year).count() if reviews else 0
    )
    return render_to_string(
        "roadmaps/panel_home.html", {"waiting": waiting, "expert_items": expert_items}, request=request
    )
