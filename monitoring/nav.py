"""Menu items of the monitoring app (dashboards, calendar, plan-graph, notifications; visits may add theirs)."""

from django.urls import reverse

from medk.nav import NavItem

from . import nav_work
from . import permissions_dashboards as perms
from .services import notifications


def items(request) -> list[NavItem]:
    user = request.user
    scope = perms.scope_for(user)
    result = []
    home = perms.dashboard_home_url(user)
    if home:
        result.append(NavItem("Мониторинг", home, 20))
    if scope.everything:
        result.append(NavItem("Планы-графики регионов", reverse("monitoring:plan_list"), 22))
    elif scope.region_ids:
        result.append(
            NavItem("План-график региона", reverse("monitoring:plan_region", args=[min(scope.region_ids)]), 22)
        )
    result.append(NavItem("Календарь", reverse("monitoring:calendar_detail"), 24))
    # The unread count is in the text itself, so it is not colour-only and screen readers say it.
    unread = notifications.unread(user=user).count()
    title = f"Уведомления ({unread})" if unread else "Уведомления"
    result.append(NavItem(title, reverse("monitoring:notification_list"), 90))
    result.extend(nav_work.items(request))
    return result
