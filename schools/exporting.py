"""Export of a region's schools and people for a year, in the import format (the file can be imported back)."""

from typing import IO

from medk.lib import excel

from .importing import coordinators, curators
from .importing import schools as schools_kind
from .models import CuratorAssignment, ProjectYear, Region, RoleAssignment, School, SchoolProgramme, SchoolStaff


def _school_rows(region: Region, year: ProjectYear):
    directors = {
        post.school_id: post.user
        for post in SchoolStaff.objects.filter(
            kind=SchoolStaff.Kind.DIRECTOR, school__municipality__region=region, school__participations__year=year
        ).select_related("user")
    }
    programmes: dict[tuple[int, str], list[str]] = {}
    for school_id, level, title in (
        SchoolProgramme.objects.filter(year=year, school__municipality__region=region)
        .order_by("title")
        .values_list("school_id", "level", "title")
    ):
        programmes.setdefault((school_id, level), []).append(title)
    schools = (
        School.objects.filter(municipality__region=region, participations__year=year)
        .select_related("municipality")
        .order_by("municipality__name", "short_name")
    )
    for s in schools.iterator(chunk_size=2000):
        director = directors.get(s.pk)
        yield (
            region.name,
            s.municipality.name,
            s.full_name,
            s.short_name,
            s.inn,
            s.fis_oko_code,
            s.address,
            s.get_locality_display(),
            director.full_name if director else "",
            director.email if director else "",
            "; ".join(programmes.get((s.pk, SchoolProgramme.Level.FEDERAL), [])),
            "; ".join(programmes.get((s.pk, SchoolProgramme.Level.REGIONAL), [])),
        )


def _coordinator_rows(region: Region, year: ProjectYear):
    roles = (
        RoleAssignment.objects.filter(year=year, kind=RoleAssignment.Kind.MUNICIPAL, municipality__region=region)
        .select_related("user", "municipality")
        .order_by("municipality__name", "user__last_name")
    )
    for r in roles:
        yield (r.user.full_name, r.user.email, r.user.phone, r.user.position, r.municipality.name, region.name)


def _curator_rows(region: Region, year: ProjectYear):
    assignments = (
        CuratorAssignment.objects.filter(year=year, school__municipality__region=region)
        .select_related("curator", "school")
        .order_by("curator__last_name", "school__short_name")
    )
    for a in assignments:
        yield (
            a.curator.full_name,
            a.curator.email,
            a.school.inn,
            a.school.short_name,
            a.contract_number,
            a.contract_date,
        )


def region_workbook(*, region: Region, year: ProjectYear) -> IO[bytes]:
    def headers(module):
        return [c.title for c in module.COLUMNS]

    return excel.write_workbook(
        [
            (schools_kind.SHEET, headers(schools_kind), _school_rows(region, year)),
            (coordinators.SHEET, headers(coordinators), _coordinator_rows(region, year)),
            (curators.SHEET, headers(curators), _curator_rows(region, year)),
        ]
    )
