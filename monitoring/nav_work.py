"""Menu items of curators' work and monitoring stages (appended by `monitoring/nav.py`)."""

from django.urls import reverse

from medk.nav import NavItem
from schools import permissions
from schools.models import CuratorAssignment


def items(request) -> list[NavItem]:
    user = request.user
    scope = permissions.scope_for(user)
    result = []
    year = permissions.current_year()
    if year and CuratorAssignment.objects.filter(curator=user, year=year).exists():
        result.append(NavItem("Мои школы (куратор)", reverse("monitoring:caseload_detail", args=[user.pk]), 5))
    if scope.municipality_ids and not scope.everything:
        pk = min(scope.municipality_ids)
        result.append(NavItem("Визиты кураторов", reverse("monitoring:visit_overdue_list", args=[pk]), 26))
    elif scope.region_ids and not scope.everything:
        pk = min(scope.region_ids)
        result.append(NavItem("Визиты кураторов", reverse("monitoring:visit_overdue_region", args=[pk]), 26))
    if scope.everything or scope.region_ids:
        result.append(NavItem("Форум поддержки", reverse("monitoring:forum_inbox"), 28))
    result.append(NavItem("Семинары", reverse("monitoring:event_list"), 30))
    result.append(NavItem("Частые вопросы", reverse("monitoring:faq_list"), 32))
    return result
