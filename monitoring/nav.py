"""Menu items of monitoring: the curator's caseload, dashboards, the calendar, the plan-graph."""

from django.urls import reverse

from medk.nav import NavItem
from schools.models import CuratorAssignment

from . import permissions as perms


def items(request) -> list[NavItem]:
    user = request.user
    scope = perms.scope_for(user)
    result = []
    year = perms.current_year()
    if year and CuratorAssignment.objects.filter(curator=user, year=year).exists():
        result.append(NavItem("Мои школы (куратор)", reverse("monitoring:caseload_detail", args=[user.pk]), 5))
    home = perms.dashboard_home_url(user)
    if home:
        result.append(NavItem("Мониторинг", home, 20))
    if scope.everything:
        result.append(NavItem("Планы-графики регионов", reverse("monitoring:plan_list"), 22))
    elif scope.region_ids:
        result.append(
            NavItem("План-график региона", reverse("monitoring:plan_region", args=[min(scope.region_ids)]), 22)
        )
    if scope.municipality_ids:
        municipality_id = min(scope.municipality_ids)
        result.append(NavItem("Отчёты школ", reverse("monitoring:school_report_list", args=[municipality_id]), 23))
        result.append(
            NavItem("План поддержки ШНОР", reverse("monitoring:support_plan_detail", args=[municipality_id]), 23)
        )
    result.append(NavItem("Календарь", reverse("monitoring:calendar_detail"), 24))
    return result
