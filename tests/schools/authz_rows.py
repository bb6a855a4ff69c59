from tests.authz import EVERYONE, Row, allow

ROWS = [
    # A user whose only role is one school post lands on that school.
    Row("home", allow(*EVERYONE) | {"director": 302, "outsider": 302}),
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


# Excel import: administrators only; everyone else (federal coordinators too) does not see it.
_ADMIN_ONLY = allow("admin")
ROWS += [
    Row("schools:import_job_create", _ADMIN_ONLY),
    # A POST without a file: the admin gets the form back with errors.
    Row("schools:import_job_create", allow("admin", status=400), method="post"),
    Row("schools:import_job_detail", _ADMIN_ONLY, kwargs=lambda c: {"pk": _job(c).pk}),
    Row("schools:import_job_confirm", allow("admin", status=302), kwargs=lambda c: {"pk": _job(c).pk}, method="post"),
    Row("schools:import_template", _ADMIN_ONLY, kwargs=lambda c: {"kind": "schools"}),
    Row("schools:import_template", _ADMIN_ONLY, kwargs=lambda c: {"kind": "curators"}),
    # Export: own region for its regional coordinator; any region for federal and admin.
    Row("schools:region_export", allow("regional", "federal", "admin"), kwargs=lambda c: {"pk": c.region.pk}),
    Row("schools:region_export", allow("federal", "admin"), kwargs=lambda c: {"pk": c.foreign_region.pk}),
]


def _job(cast):
    """A checked-but-not-confirmed import job (made once per test)."""
    from django.core.files.base import ContentFile

    from schools.models import ImportJob

    job = ImportJob.objects.filter(year=cast.year).first()
    if job is None:
        job = ImportJob(kind="schools", year=cast.year, original_name="schools.xlsx", created_by=cast.admin)
        job.file.save("authz.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    return job
