"""Reads about organisation and people, filtered by who is asking."""

from django.db.models import Count, Prefetch, Q, QuerySet

from medk.lib import memo

from . import permissions
from .models import (
    CuratorAssignment,
    Municipality,
    ProjectYear,
    Region,
    RoleAssignment,
    School,
    SchoolProgramme,
    SchoolStaff,
    User,
)


def school_rows(*, schools: QuerySet[School], year: ProjectYear | None) -> QuerySet[School]:
    """Schools with municipality, director and this year's curator in a fixed number of queries."""
    curators = CuratorAssignment.objects.select_related("curator")
    if year:
        curators = curators.filter(year=year)
    return schools.select_related("municipality__region").prefetch_related(
        Prefetch("curatorships", queryset=curators, to_attr="year_curators"),
        Prefetch(
            "staff",
            queryset=SchoolStaff.objects.filter(kind=SchoolStaff.Kind.DIRECTOR).select_related("user"),
            to_attr="directors",
        ),
    )


def year_assignments(*, year: ProjectYear, school_ids) -> list[CuratorAssignment]:
    """The year's curator assignments of these schools with their curators (read once per GET: the school
    card and its visits panel both ask)."""
    ids = frozenset(school_ids)
    return memo.per_request(
        ("year_assignments", year.pk, ids),
        lambda: list(CuratorAssignment.objects.filter(year=year, school_id__in=ids).select_related("curator")),
    )


def attach_year_curators(school: School, year: ProjectYear | None) -> School:
    """The school with `year_curators`: its curators of the year (none without a year)."""
    school.year_curators = year_assignments(year=year, school_ids=[school.pk]) if year else []
    return school


def programmes_of(*, school: School, year: ProjectYear | None) -> list[SchoolProgramme]:
    """The school's other federal and regional programmes of the year (seed 004's monitoring list)."""
    if year is None:
        return []
    return list(SchoolProgramme.objects.filter(school=school, year=year).order_by("level", "title"))


def participating(schools: QuerySet[School], year: ProjectYear | None) -> QuerySet[School]:
    return schools.filter(participations__year=year) if year else schools


def regions_overview(*, year: ProjectYear | None) -> QuerySet[Region]:
    flt = Q(municipalities__schools__participations__year=year) if year else Q()
    return Region.objects.annotate(
        municipality_count=Count("municipalities", distinct=True),
        school_count=Count("municipalities__schools", filter=flt, distinct=True),
    ).order_by("name")


def municipalities_overview(*, region: Region, year: ProjectYear | None) -> QuerySet[Municipality]:
    """The region's municipalities with their schools this year (and their municipal coordinators, as
    `year_coordinators`)."""
    flt = Q(schools__participations__year=year) if year else Q()
    qs = region.municipalities.annotate(school_count=Count("schools", filter=flt, distinct=True)).order_by("name", "pk")
    if year:
        roles = RoleAssignment.objects.filter(kind="municipal", year=year).select_related("user").order_by("pk")
        qs = qs.prefetch_related(Prefetch("roles", queryset=roles, to_attr="year_coordinators"))
    return qs


def coordinators(*, year: ProjectYear | None, region: Region | None = None, municipality=None):
    qs = RoleAssignment.objects.select_related("user", "region", "municipality").order_by("kind", "user__last_name")
    if year:
        qs = qs.filter(year=year)
    if municipality is not None:
        return qs.filter(municipality=municipality)
    if region is not None:
        return qs.filter(Q(region=region) | Q(municipality__region=region))
    return qs


def curators_of(*, schools: QuerySet[School], year: ProjectYear | None) -> QuerySet[User]:
    flt = {"curatorships__school__in": schools}
    if year:
        flt["curatorships__year"] = year
    return (
        User.objects.filter(**flt)
        .annotate(school_count=Count("curatorships", distinct=True))
        .order_by("last_name", "first_name")
        .distinct()
    )


def cabinet_for(user) -> dict:
    """What the personal cabinet shows: one section per role the user holds."""
    year = permissions.current_year()
    scope = permissions.scope_for(user)
    roles = list(
        RoleAssignment.objects.filter(user=user).select_related("region", "municipality", "year").order_by("kind")
    )
    curated = School.objects.filter(curatorships__curator=user)
    if year:
        curated = curated.filter(curatorships__year=year)
    posts = list(SchoolStaff.objects.filter(user=user).select_related("school__municipality__region"))
    regions = list(regions_overview(year=year)) if scope.everything else []
    return {
        "year": year,
        "scope": scope,
        "roles": roles,
        "curated_schools": list(school_rows(schools=curated.distinct(), year=year)),
        "posts": posts,
        "regions": regions,
        # Regions with schools this year first; the rest (most of the 89 early in a year) folded away.
        "regions_with_schools": [r for r in regions if r.school_count],
        "regions_without_schools": [r for r in regions if not r.school_count],
    }


def coordinated_regions(user) -> QuerySet[Region]:
    """Regions a coordinator works with: all for the federal level, else their own (by name)."""
    scope = permissions.scope_for(user)
    regions = Region.objects.all() if scope.everything else Region.objects.filter(pk__in=scope.region_ids)
    return regions.order_by("name")


def home_region(user) -> Region | None:
    """The region a person works in (coordinated, of a municipality, or of a school they see); None: federal."""
    scope = permissions.scope_for(user)
    if scope.region_ids:
        return Region.objects.filter(pk__in=scope.region_ids).order_by("name").first()
    if scope.municipality_ids:
        return Region.objects.filter(municipalities__pk__in=scope.municipality_ids).order_by("name").first()
    if scope.everything:
        return None
    school = permissions.visible_schools(user).select_related("municipality__region").first()
    return school.municipality.region if school else None


def home_municipality(user) -> Municipality | None:
    """A municipal coordinator's municipality (the first, by name, if several)."""
    scope = permissions.scope_for(user)
    qs = Municipality.objects.select_related("region").filter(pk__in=scope.municipality_ids)
    return qs.order_by("name").first()


def year_schools(*, year: ProjectYear) -> list[School]:
    """The schools taking part in a year, by region and name (the list to tick when a year continues)."""
    return list(
        School.objects.filter(participations__year=year)
        .select_related("municipality__region")
        .order_by("municipality__region__name", "short_name")
    )


def school_years(*, school: School) -> list[ProjectYear]:
    """The project years a school took part in, newest first."""
    return permissions.participation_years(school)
