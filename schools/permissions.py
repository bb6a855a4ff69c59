"""The one access layer: which schools a user may see, and what they may do to one.

Every view in every app fetches its objects through these helpers (or through its own app's
`permissions.py`, which calls them with the object's school). Outsiders get 404; a user who may
see the school but lacks the capability gets 403.

Scope rules:
- administrators and federal coordinators: every school;
- regional / municipal coordinators: the schools of their region / municipality (no permission rows);
- curators and school staff: guardian object permissions on School, granted by services.
"""

from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, IntegerField, Q, QuerySet, Value
from django.http import Http404
from django.shortcuts import get_object_or_404

from medk.lib import memo

from .models import (
    CuratorAssignment,
    ImportJob,
    Municipality,
    ProjectYear,
    Region,
    RoleAssignment,
    School,
    SchoolStaff,
    SchoolUserObjectPermission,
)


class Cap(StrEnum):
    VIEW = "view"  # see the school and its materials
    ACT = "act"  # director / delegate: fill in, upload, submit for the school
    REVIEW = "review"  # curator: verify, confirm, return
    COORDINATE = "coordinate"  # coordinator in scope: appoint curators, reopen, reports
    FEDERAL = "federal"  # federal coordinator / admin: publish, expertise, configure the year


# guardian codename → capability
_OBJECT_PERMS = {"view_school": Cap.VIEW, "act_for_school": Cap.ACT, "review_school": Cap.REVIEW}
CURATOR_PERMS = ("view_school", "review_school")
STAFF_PERMS = ("view_school", "act_for_school")


@dataclass
class Scope:
    is_admin: bool = False
    is_federal: bool = False
    is_expert: bool = False  # a federal expert of some year: sees only the sampled schools assigned to them
    region_ids: set[int] = field(default_factory=set)
    municipality_ids: set[int] = field(default_factory=set)

    @property
    def everything(self) -> bool:
        return self.is_admin or self.is_federal

    @property
    def is_coordinator(self) -> bool:
        return self.is_federal or bool(self.region_ids or self.municipality_ids)


# The year a coordinator chose in the header's switcher, for the request being served (YearMiddleware).
viewing_year: ContextVar[ProjectYear | None] = ContextVar("viewing_year", default=None)


def current_year() -> ProjectYear | None:
    """The year pages show: the one chosen in the header's switcher, else the current one."""
    chosen = viewing_year.get()
    if chosen is not None:
        return chosen
    return the_current_year()


def the_current_year() -> ProjectYear | None:
    """The project's current year, whatever year the user is browsing (asked once per GET)."""
    return memo.per_request("the_current_year", _the_current_year)


def _the_current_year() -> ProjectYear | None:
    years = project_years()
    return next((y for y in years if y.is_current), years[0] if years else None)


def project_years() -> list[ProjectYear]:
    """Every project year, newest first (read once per GET: the year, the header's switcher)."""
    return memo.per_request("project_years", lambda: list(ProjectYear.objects.order_by("-year")))


def participation_years(school) -> list[ProjectYear]:
    """The project years a school took part in, newest first (read once per GET)."""
    return memo.per_request(
        ("participation_years", school.pk),
        lambda: list(ProjectYear.objects.filter(participations__school=school).order_by("-year")),
    )


def participates(school, year: ProjectYear | None) -> bool:
    """Whether the school takes part in the year (asked by several panels of one page: answered by the
    school's years, read once per GET)."""
    return year is not None and any(y.pk == year.pk for y in participation_years(school))


def require_year() -> ProjectYear:
    """The current project year, or 404 on an installation where no year is set up yet."""
    year = current_year()
    if year is None:
        raise Http404("Год проекта не настроен")
    return year


def scope_for(user) -> Scope:
    """Coordinator scope of a user, computed once per request object."""
    if not user.is_authenticated:
        return Scope()
    if not hasattr(user, "_medk_scope"):
        _load_roles(user)
    return user._medk_scope


def staff_school_id(user) -> int | None:
    """The school a director or delegate works for (the first by name, if several) — once per request object."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_medk_staff_school"):
        _load_roles(user)
    return user._medk_staff_school


def curator_year_ids(user) -> set[int]:
    """The years in which the user curates some school (empty for non-curators) — once per request object."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_medk_curator_years"):
        _load_roles(user)
    return user._medk_curator_years


_STAFF, _CURATOR = "~staff", "~curator"  # row kinds of _load_roles next to RoleAssignment.Kind


def _load_roles(user) -> None:
    """The user's roles, school posts and curatorships in one query (every page's menu asks for all three)."""
    no_id, no_name = Value(None, output_field=IntegerField()), Value("", output_field=CharField())
    roles = RoleAssignment.objects.filter(user=user).values_list("kind", "region_id", "municipality_id", no_name)
    posts = SchoolStaff.objects.filter(user=user).values_list(
        Value(_STAFF, output_field=CharField()), "school_id", no_id, "school__short_name"
    )
    curatorships = CuratorAssignment.objects.filter(curator=user).values_list(
        Value(_CURATOR, output_field=CharField()), "year_id", no_id, no_name
    )
    scope = Scope(is_admin=user.is_superuser or user.is_staff)
    schools: list[tuple[str, int]] = []
    curator_years: set[int] = set()
    for kind, first_id, municipality_id, name in roles.order_by().union(
        posts.order_by(), curatorships.order_by(), all=True
    ):
        if kind == RoleAssignment.Kind.FEDERAL:
            scope.is_federal = True
        elif kind == RoleAssignment.Kind.REGIONAL:
            scope.region_ids.add(first_id)
        elif kind == RoleAssignment.Kind.MUNICIPAL:
            scope.municipality_ids.add(municipality_id)
        elif kind == RoleAssignment.Kind.EXPERT:
            scope.is_expert = True
        elif kind == _STAFF:
            schools.append((name, first_id))
        elif kind == _CURATOR:
            curator_years.add(first_id)
    user._medk_scope = scope
    user._medk_staff_school = min(schools)[1] if schools else None
    user._medk_curator_years = curator_years


def _object_perm_school_ids(user) -> QuerySet:
    return SchoolUserObjectPermission.objects.filter(user=user).values("content_object_id")


def visible_schools(user) -> QuerySet[School]:
    """Every school this user may see."""
    if not user.is_authenticated:
        return School.objects.none()
    scope = scope_for(user)
    qs = School.objects.select_related("municipality__region")
    if scope.everything:
        return qs
    condition = Q(pk__in=_object_perm_school_ids(user))
    if scope.region_ids:
        condition |= Q(municipality__region_id__in=scope.region_ids)
    if scope.municipality_ids:
        condition |= Q(municipality_id__in=scope.municipality_ids)
    return qs.filter(condition)


def school_caps(user, school: School) -> frozenset[Cap]:
    """What this user may do to one school (empty set: may not even see it)."""
    if not user.is_authenticated:
        return frozenset()
    scope = scope_for(user)
    caps: set[Cap] = set()
    if scope.everything:
        caps |= {Cap.VIEW, Cap.FEDERAL, Cap.COORDINATE}
    if school.municipality.region_id in scope.region_ids or school.municipality_id in scope.municipality_ids:
        caps |= {Cap.VIEW, Cap.COORDINATE}
    codenames = SchoolUserObjectPermission.objects.filter(user=user, content_object=school).values_list(
        "permission__codename", flat=True
    )
    caps |= {_OBJECT_PERMS[c] for c in codenames if c in _OBJECT_PERMS}
    return frozenset(caps)


def caps_for_schools(user, schools) -> dict[int, frozenset[Cap]]:
    """Capabilities for many schools in two queries (for list pages; never has_perm in a loop)."""
    schools = list(schools)
    scope = scope_for(user)
    by_school: dict[int, set[Cap]] = {s.pk: set() for s in schools}
    for s in schools:
        if scope.everything:
            by_school[s.pk] |= {Cap.VIEW, Cap.FEDERAL, Cap.COORDINATE}
        if s.municipality.region_id in scope.region_ids or s.municipality_id in scope.municipality_ids:
            by_school[s.pk] |= {Cap.VIEW, Cap.COORDINATE}
    if user.is_authenticated and schools:
        rows = SchoolUserObjectPermission.objects.filter(user=user, content_object__in=schools).values_list(
            "content_object_id", "permission__codename"
        )
        for school_id, codename in rows:
            if codename in _OBJECT_PERMS:
                by_school[school_id].add(_OBJECT_PERMS[codename])
    return {pk: frozenset(c) for pk, c in by_school.items()}


def check_school(user, school: School, cap: Cap = Cap.VIEW) -> frozenset[Cap]:
    """Raises Http404 for outsiders and PermissionDenied for viewers without `cap`."""
    caps = school_caps(user, school)
    if Cap.VIEW not in caps:
        raise Http404("Школа не найдена")
    if cap not in caps:
        raise PermissionDenied("Недостаточно прав для этого действия")
    return caps


def get_school_for_user(user, pk: int, cap: Cap = Cap.VIEW) -> tuple[School, frozenset[Cap]]:
    try:
        school = School.objects.select_related("municipality__region").get(pk=pk)
    except School.DoesNotExist:
        raise Http404("Школа не найдена") from None
    return school, check_school(user, school, cap)


def require_federal(user) -> Scope:
    """For year-wide configuration and national views: 404 for everyone else."""
    scope = scope_for(user)
    if not scope.everything:
        raise Http404
    return scope


def require_coordinator(user) -> Scope:
    scope = scope_for(user)
    if not (scope.everything or scope.is_coordinator):
        raise Http404
    return scope


def can_open_region(user, region_id: int) -> bool:
    """Whether the region's pages open for this user (breadcrumbs link only then)."""
    scope = scope_for(user)
    return scope.everything or region_id in scope.region_ids


def can_open_municipality(user, municipality) -> bool:
    scope = scope_for(user)
    return scope.everything or municipality.region_id in scope.region_ids or municipality.pk in scope.municipality_ids


def check_region(user, region_id: int) -> None:
    if not can_open_region(user, region_id):
        raise Http404


def check_municipality(user, municipality) -> None:
    if not can_open_municipality(user, municipality):
        raise Http404


def get_region_for_user(user, pk: int) -> Region:
    """A region the user coordinates (or any, for the federal level); 404 otherwise."""
    region = get_object_or_404(Region, pk=pk)
    check_region(user, region.pk)
    return region


def get_municipality_for_user(user, pk: int) -> Municipality:
    """A municipality inside the user's scope; 404 otherwise."""
    municipality = get_object_or_404(Municipality.objects.select_related("region"), pk=pk)
    check_municipality(user, municipality)
    return municipality


def import_regions(user) -> set[int] | None:
    """Who may import from Excel: administrators and federal coordinators any file (None: no region limit),
    a regional coordinator only their region's lists (the ids); everyone else gets 404."""
    scope = scope_for(user)
    if scope.everything:
        return None
    if scope.region_ids:
        return set(scope.region_ids)
    raise Http404


def get_import_job_for_user(user, pk: int):
    """An import job the user may see: any for the federal level, their region's own for a regional coordinator."""
    regions = import_regions(user)
    job = get_object_or_404(ImportJob.objects.select_related("year", "created_by", "region"), pk=pk)
    if regions is not None and job.region_id not in regions:
        raise Http404
    return job
