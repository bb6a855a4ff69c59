from django.urls import reverse

from medk.nav import NavItem

from . import permissions


def items(request) -> list[NavItem]:
    user = request.user
    scope = permissions.scope_for(user)
    result = [NavItem("Личный кабинет", reverse("home"), 0)]
    school_id = permissions.staff_school_id(user)
    if school_id is not None:
        # The school's own sections stay on the top level of a director's menu.
        result.append(NavItem("Школа", reverse("schools:school_detail", args=[school_id]), 1))
    if scope.is_coordinator or scope.everything or permissions.curator_year_ids(user):
        result.append(NavItem("Школы", reverse("schools:school_list"), 10, "Школы"))
    if scope.everything:
        result.append(NavItem("Годы проекта", reverse("schools:year_list"), 85, "Настройки"))
    if scope.everything or scope.region_ids:
        result.append(NavItem("Импорт", reverse("schools:import_job_create"), 90, "Настройки"))
    if scope.is_admin:
        result.append(NavItem("Администрирование", reverse("admin:index"), 99, "Настройки"))
    return result
