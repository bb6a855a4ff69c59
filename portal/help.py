"""Which parts of «Помощь» a person sees: one per role they hold (a director who also curates sees both)."""

from schools.permissions import Scope

ROLE_TITLES = {
    "school": "Школа: директор и уполномоченные сотрудники",
    "curator": "Куратор",
    "municipal": "Муниципальный координатор",
    "regional": "Региональный координатор",
    "federal": "Федеральный координатор",
    "admin": "Администратор",
}


def roles_of(cabinet: dict) -> list[str]:
    scope: Scope = cabinet["scope"]
    roles = []
    if cabinet["posts"]:
        roles.append("school")
    if cabinet["curated_schools"]:
        roles.append("curator")
    if scope.municipality_ids:
        roles.append("municipal")
    if scope.region_ids:
        roles.append("regional")
    if scope.is_federal:
        roles.append("federal")
    if scope.is_admin:
        roles.append("admin")
    return roles
