"""Who hears about curators' work events; delivery goes through the notifications service (one place)."""

from django.urls import reverse

from notifications import services as notifications
from schools.models import CuratorAssignment, RoleAssignment, SchoolStaff, User


def school_staff(school) -> list[User]:
    return [p.user for p in SchoolStaff.objects.filter(school=school).select_related("user")]


def curators(school, year) -> list[User]:
    return [a.curator for a in CuratorAssignment.objects.filter(school=school, year=year).select_related("curator")]


def coordinators(school, year, kind: str) -> list[User]:
    qs = RoleAssignment.objects.filter(year=year, kind=kind).select_related("user")
    if kind == RoleAssignment.Kind.MUNICIPAL:
        qs = qs.filter(municipality_id=school.municipality_id)
    else:
        qs = qs.filter(region_id=school.municipality.region_id)
    return [r.user for r in qs]


def send(*, users, kind: str, title: str, url_name: str, pk: int, school=None, key: str | None = None) -> int:
    url = reverse(url_name, args=[pk])
    return len(notifications.notify(users=users, kind=kind, title=title[:500], url=url, school=school, key=key))
