"""Menu items of monitoring: the curator's caseload, dashboards, the calendar, the plan-graph."""

from django.urls import reverse

from medk.nav import NavItem

from . import permissions as perms


def items(request) -> list[NavItem]:
    user = request.user
    scope = perms.scope_for(user)
    result = []
    year = perms.current_year()
    if year and year.pk in perms.base.curator_year_ids(user):
        result.append(NavItem("Мои школы (куратор)", reverse("monitoring:caseload_detail", args=[user.pk]), 5))
    school_id = perms.base.staff_school_id(user)
    home = perms.dashboard_home_url(user)
    if home:
        result.append(NavItem("Мониторинг", home, 20, "Мониторинг"))
    elif school_id is not None:
        result.append(NavItem("Мониторинг", reverse("monitoring:stage_report_list", args=[school_id]), 5))
    if scope.everything:
        result.append(NavItem("Планы-графики регионов", reverse("monitoring:plan_list"), 22, "Мониторинг"))
    elif scope.region_ids:
        url = reverse("monitoring:plan_region", args=[min(scope.region_ids)])
        result.append(NavItem("План-график региона", url, 22, "Мониторинг"))
    if scope.municipality_ids:
        municipality_id = min(scope.municipality_ids)
        url = reverse("monitoring:school_report_list", args=[municipality_id])
        result.append(NavItem("Отчёты школ", url, 23, "Мониторинг"))
        url = reverse("monitoring:support_plan_detail", args=[municipality_id])
        result.append(NavItem("План поддержки ШНОР", url, 23, "Мониторинг"))
    result.append(NavItem("Календарь", reverse("monitoring:calendar_detail"), 24, "Мониторинг"))
    return result
