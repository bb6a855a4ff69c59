from django.urls import reverse

from medk.nav import NavItem
from schools import permissions


def items(request) -> list[NavItem]:
    scope = permissions.scope_for(request.user)
    result = []
    school_id = permissions.staff_school_id(request.user)
    if school_id is not None:
        result.append(NavItem("Анкеты и РПШ", reverse("surveys:school_diagnosis", args=[school_id]), 2))
    if scope.everything:
        result.append(NavItem("Диагностика", reverse("surveys:diagnosis_overview"), 20, "Школы"))
    elif len(scope.region_ids) == 1:
        (region_id,) = scope.region_ids
        result.append(NavItem("Рисковые профили", reverse("surveys:region_heatmap", args=[region_id]), 20, "Школы"))
    elif len(scope.municipality_ids) == 1 and not scope.region_ids:
        (mun_id,) = scope.municipality_ids
        result.append(NavItem("Рисковые профили", reverse("surveys:municipality_heatmap", args=[mun_id]), 20, "Школы"))
    return result
