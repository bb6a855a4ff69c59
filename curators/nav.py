"""Menu items of curators' work."""

from django.urls import reverse

from medk.nav import NavItem
from schools import permissions


def items(request) -> list[NavItem]:
    user = request.user
    scope = permissions.scope_for(user)
    result = []
    if scope.municipality_ids and not scope.everything:
        pk = min(scope.municipality_ids)
        result.append(NavItem("Визиты кураторов", reverse("curators:visit_overdue_list", args=[pk]), 26))
    elif scope.region_ids and not scope.everything:
        pk = min(scope.region_ids)
        result.append(NavItem("Визиты кураторов", reverse("curators:visit_overdue_region", args=[pk]), 26))
    if scope.everything or scope.region_ids:
        result.append(NavItem("Форум поддержки", reverse("curators:forum_inbox"), 28))
    result.append(NavItem("Семинары", reverse("curators:event_list"), 30))
    result.append(NavItem("Частые вопросы", reverse("curators:faq_list"), 32))
    return result
