from django.urls import reverse

from medk.nav import NavItem

from . import permissions


def items(request) -> list[NavItem]:
    user = request.user
    scope = permissions.scope_for(user)
    result = [NavItem("Личный кабинет", reverse("home"), 0)]
    if scope.is_coordinator or scope.everything or user.curatorships.exists():
        result.append(NavItem("Школы", reverse("schools:school_list"), 10))
    if scope.everything:
        result.append(NavItem("Годы проекта", reverse("schools:year_list"), 85))
    if scope.everything or scope.region_ids:
        result.append(NavItem("Импорт", reverse("schools:import_job_create"), 90))
    if scope.is_admin:
        result.append(NavItem("Администрирование", reverse("admin:index"), 99))
    return result
