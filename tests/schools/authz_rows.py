from tests.authz import EVERYONE, Row, allow

ROWS = [
    Row("accessibility_toggle", allow(*EVERYONE, status=302) | {"anonymous": 302}, method="post"),
    Row("schools:school_list", allow(*EVERYONE)),
    # Own school: director, its curator, its municipal and regional coordinators, federal, admin.
    Row(
        "schools:school_detail",
        allow("director", "curator", "municipal", "regional", "federal", "admin"),
        kwargs=lambda c: {"pk": c.school_a.pk},
    ),
    # Same region, another municipality, not this curator's.
    Row("schools:school_detail", allow("regional", "federal", "admin"), kwargs=lambda c: {"pk": c.school_c.pk}),
    Row("schools:region_detail", allow("regional", "federal", "admin"), kwargs=lambda c: {"pk": c.region.pk}),
    Row("schools:region_detail", allow("federal", "admin"), kwargs=lambda c: {"pk": c.foreign_region.pk}),
    Row(
        "schools:municipality_detail",
        allow("municipal", "regional", "federal", "admin"),
        kwargs=lambda c: {"pk": c.mun_a.pk},
    ),
    Row("schools:municipality_detail", allow("regional", "federal", "admin"), kwargs=lambda c: {"pk": c.mun_b.pk}),
    # Other programmes of a school: its coordinators record them; the school and its curator see the page (403).
    Row(
        "schools:programme_create",
        allow("municipal", "regional", "federal", "admin", status=302) | {"director": 403, "curator": 403},
        kwargs=lambda c: {"pk": c.school_a.pk},
        method="post",
        data=lambda c: {"title": "Точка роста", "level": "federal"},
    ),
    Row(
        "schools:programme_delete",
        allow("municipal", "regional", "federal", "admin", status=302) | {"director": 403, "curator": 403},
        kwargs=lambda c: {"pk": _programme(c).pk},
        method="post",
    ),
]


def _programme(c):
    from schools.models import SchoolProgramme

    return SchoolProgramme.objects.create(
        school=c.school_a, year=c.year, level="regional", title="Школа Минпросвещения"
    )


# Excel import: administrators and federal coordinators any file; a regional coordinator their region's lists
# (an import without a region — the federal level's — is not theirs to see); everyone else does not see it.
_IMPORTERS = allow("admin", "federal")
ROWS += [
    Row("schools:import_job_create", allow("admin", "federal", "regional")),
    # A POST without a file: the form comes back with errors.
    Row("schools:import_job_create", allow("admin", "federal", "regional", status=400), method="post"),
    Row("schools:import_job_detail", _IMPORTERS, kwargs=lambda c: {"pk": _job(c).pk}),
    Row(
        "schools:import_job_detail",
        allow("admin", "federal", "regional"),
        kwargs=lambda c: {"pk": _job(c, region=c.region).pk},
    ),
    Row(
        "schools:import_job_confirm",
        allow("admin", "federal", status=302),
        kwargs=lambda c: {"pk": _job(c).pk},
        method="post",
    ),
    Row("schools:import_template", allow("admin", "federal", "regional"), kwargs=lambda c: {"kind": "schools"}),
    Row("schools:import_template", allow("admin", "federal", "regional"), kwargs=lambda c: {"kind": "curators"}),
    Row("schools:import_template", _IMPORTERS, kwargs=lambda c: {"kind": "regional"}),
    # Export: own region for its regional coordinator; any region for federal and admin.
    Row("schools:region_export", allow("regional", "federal", "admin"), kwargs=lambda c: {"pk": c.region.pk}),
    Row("schools:region_export", allow("federal", "admin"), kwargs=lambda c: {"pk": c.foreign_region.pk}),
]

# Project years: federal coordinators and administrators; the rest of the cast does not see them.
_FEDERAL = allow("federal", "admin")
ROWS += [
    Row("schools:year_list", _FEDERAL),
    Row("schools:year_create", _FEDERAL),
    # A POST without a year number: the form comes back with the error.
    Row("schools:year_create", allow("federal", "admin", status=400), method="post"),
    Row(
        "schools:year_make_current",
        allow("federal", "admin", status=302),
        kwargs=lambda c: {"pk": c.year.pk},
        method="post",
    ),
    Row("yearcalendar:calendar_edit", _FEDERAL, kwargs=lambda c: {"pk": c.year.pk}),
    # The header's year switcher: coordinators and the federal level.
    Row("schools:year_switch", allow("municipal", "regional", "federal", "admin", status=302), method="post"),
    Row(
        "yearcalendar:calendar_edit",
        allow("federal", "admin", status=302),
        kwargs=lambda c: {"pk": c.year.pk},
        method="post",
    ),
]

# Municipal coordinators: appointed and removed by the region's coordinator or the federal level.
ROWS += [
    Row(
        "schools:municipal_coordinator_appoint",
        allow("regional", "federal", "admin", status=302),
        kwargs=lambda c: {"pk": c.region.pk},
        method="post",
    ),
    Row(
        "schools:municipal_coordinator_appoint",
        allow("federal", "admin", status=302),
        kwargs=lambda c: {"pk": c.foreign_region.pk},
        method="post",
    ),
    Row(
        "schools:municipal_coordinator_remove",
        allow("regional", "federal", "admin", status=302),
        kwargs=lambda c: {"pk": _municipal_role(c).pk},
        method="post",
    ),
]


def _municipal_role(cast):
    from schools.models import RoleAssignment, User

    person, _ = User.objects.get_or_create(email="mun.b@example.ru", defaults={"last_name": "Сафонова"})
    role, _ = RoleAssignment.objects.get_or_create(
        user=person, kind="municipal", year=cast.year, region=cast.region, municipality=cast.mun_b
    )
    return role


def _job(cast, region=None):
    """A checked-but-not-confirmed import job (made once per test), of the federal level or of a region."""
    from django.core.files.base import ContentFile

    from schools.models import ImportJob

    job = ImportJob.objects.filter(year=cast.year, region=region).first()
    if job is None:
        job = ImportJob(
            kind="schools", year=cast.year, region=region, original_name="schools.xlsx", created_by=cast.admin
        )
        job.file.save("authz.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    return job
