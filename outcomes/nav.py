from django.urls import reverse

from medk.nav import NavItem
from schools import permissions


def items(request) -> list[NavItem]:
    scope = permissions.scope_for(request.user)
    if scope.everything:
        return [NavItem("Результаты", reverse("outcomes:federal_outcomes"), 60)]
    if len(scope.region_ids) == 1:
        (region_id,) = scope.region_ids
        return [NavItem("Результаты", reverse("outcomes:region_outcomes", args=[region_id]), 60)]
    return []
