from django.urls import reverse

from medk.nav import NavItem
from schools import permissions


def items(request) -> list[NavItem]:
    scope = permissions.scope_for(request.user)
    result = [NavItem("Безопасность входа", reverse("mfa_index"), 90, "Настройки")]
    if scope.everything or scope.region_ids:
        result.append(NavItem("Журнал действий", reverse("audit:event_list"), 80, "Настройки"))
    return result
