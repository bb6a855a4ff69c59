from django.urls import reverse

from medk.nav import NavItem
from schools import permissions


def items(request) -> list[NavItem]:
    user = request.user
    scope = permissions.scope_for(user)
    result = []
    school_id = permissions.staff_school_id(user)
    if school_id is not None:
        result.append(NavItem("Документы", reverse("roadmaps:document_list", args=[school_id]), 3))
        result.append(NavItem("Дорожная карта", reverse("roadmaps:roadmap_detail", args=[school_id]), 4))
    if scope.is_coordinator or scope.everything or permissions.curator_year_ids(user):
        result.append(NavItem("Документы на проверке", reverse("roadmaps:review_list"), 30, "Школы"))
    if scope.everything or scope.region_ids or scope.is_expert or user.expertise_items.exists():
        result.append(NavItem("Экспертиза", reverse("roadmaps:sample_list"), 35, "Школы"))
    if scope.everything:
        result.append(NavItem("Обязательные документы", reverse("roadmaps:required_documents"), 36, "Настройки"))
    return result
