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
        result.append(NavItem("Визиты кураторов", reverse("curators:visit_overdue_list", args=[pk]), 26, "Мониторинг"))
    elif scope.region_ids and not scope.everything:
        pk = min(scope.region_ids)
        url = reverse("curators:visit_overdue_region", args=[pk])
        result.append(NavItem("Визиты кураторов", url, 26, "Мониторинг"))
    if scope.everything or scope.region_ids:
        result.append(NavItem("Форум поддержки", reverse("curators:forum_inbox"), 28, "Поддержка"))
    result.append(NavItem("Семинары", reverse("curators:event_list"), 30, "Поддержка"))
    result.append(NavItem("Частые вопросы", reverse("curators:faq_list"), 32, "Поддержка"))
    return result
