from django.core.files.base import ContentFile

from outcomes.models import ResultsImport
from tests.authz import ROLES, Row, allow

COORD = ("regional", "federal", "admin")
WRONG_METHOD = dict.fromkeys(ROLES, 405)  # the method is refused before anything else is looked at


def _job(c, region=None):
    job = ResultsImport(assessment="vpr", year=2026, region=region or c.region, original_name="впр.xlsx")
    job.file.save("authz.xlsx", ContentFile(b"PK"), save=False)
    job.status = ResultsImport.Status.INVALID
    job.save()
    return job


ROWS = [
    # The school's progress page: whoever sees the school.
    Row(
        "outcomes:school_progress",
        allow("director", "curator", "municipal", "regional", "federal", "admin"),
        kwargs=lambda c: {"pk": c.school_a.pk},
    ),
    Row(
        "outcomes:school_progress",
        allow("outsider", "federal", "admin"),
        kwargs=lambda c: {"pk": c.foreign_school.pk},
    ),
    Row(
        "outcomes:school_progress",
        WRONG_METHOD,
        kwargs=lambda c: {"pk": c.school_a.pk},
        method="post",
    ),
    # The region's outcome view and its .xlsx: its regional coordinator and the federal level.
    Row("outcomes:region_outcomes", allow(*COORD), kwargs=lambda c: {"pk": c.region.pk}),
    Row("outcomes:region_outcomes", allow("federal", "admin"), kwargs=lambda c: {"pk": c.foreign_region.pk}),
    Row("outcomes:region_outcomes_xlsx", allow(*COORD), kwargs=lambda c: {"pk": c.region.pk}),
    Row("outcomes:region_outcomes_xlsx", allow("federal", "admin"), kwargs=lambda c: {"pk": c.foreign_region.pk}),
    Row("outcomes:federal_outcomes", allow("federal", "admin")),
    Row("outcomes:federal_outcomes_xlsx", allow("federal", "admin")),
    # Loading results: regional coordinators (own region) and the federal level.
    Row("outcomes:import_create", allow(*COORD)),
    Row("outcomes:import_create", allow(*COORD, status=400), method="post", data=lambda c: {"assessment": "vpr"}),
    Row("outcomes:import_detail", allow(*COORD), kwargs=lambda c: {"pk": _job(c).pk}),
    Row("outcomes:import_detail", allow("federal", "admin"), kwargs=lambda c: {"pk": _job(c, c.foreign_region).pk}),
    Row("outcomes:import_confirm", allow(*COORD, status=302), kwargs=lambda c: {"pk": _job(c).pk}, method="post"),
    Row(
        "outcomes:import_confirm",
        allow("federal", "admin", status=302),
        kwargs=lambda c: {"pk": _job(c, c.foreign_region).pk},
        method="post",
    ),
    Row("outcomes:import_confirm", WRONG_METHOD, kwargs=lambda c: {"pk": _job(c).pk}),
    Row("outcomes:import_template", allow(*COORD), kwargs=lambda c: {"assessment": "ege"}),
]
