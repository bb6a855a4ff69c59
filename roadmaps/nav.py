from django.urls import reverse

from medk.nav import NavItem
from schools import permissions


def items(request) -> list[NavItem]:
    user = request.user
    scope = permissions.scope_for(user)
    result = []
    if scope.is_coordinator or scope.everything or user.curatorships.exists():
        result.append(NavItem("Документы на проверке", reverse("roadmaps:review_list"), 30))
    if scope.everything or scope.region_ids or scope.is_expert or user.expertise_items.exists():
        result.append(NavItem("Экспертиза", reverse("roadmaps:sample_list"), 35))
    return result
