"""The outcome views: the difference in differences worked out by hand, small numbers, the school's progress,
the .xlsx export and the PDF report section."""

import io
from decimal import Decimal

import openpyxl
from django.template.loader import render_to_string
from django.urls import reverse

from monitoring.models import Report
from monitoring.services import reports
from surveys.models import FinalRiskEntry, RiskActivation, RiskProfile, RiskProfileEntry
from surveys.risk_catalogue import risk_directions_create_default

from .helpers import comparison_schools, did_data, result


def region_url(cast, query=""):
    return reverse("outcomes:region_outcomes", args=[cast.region.pk]) + query


def test_the_difference_in_differences_is_the_hand_computed_one(cast, client_for):
    did_data(cast)
    response = client_for(cast.regional).get(region_url(cast))
    outcome = response.context["outcome"]
    (row,) = outcome.rows
    assert (outcome.before, outcome.after) == (2025, 2026)
    assert (row.programme.before.share2, row.programme.after.share2) == (Decimal("32.50"), Decimal("22.50"))
    assert row.programme.share2_change == Decimal("-10.00")
    assert (row.comparison.before.share2, row.comparison.after.share2) == (Decimal("20.00"), Decimal("19.00"))
    assert row.share2_did == Decimal("-9.00")
    assert row.mean_did == Decimal("2.00")  # programme 10 → 12, comparison 11 → 11
    assert row.reliable
    assert (outcome.programme_schools, outcome.comparison_schools) == (3, 3)
    assert "Отбор" in response.text and "Разность разностей" in response.text
    assert 'id="outcome-chart"' in response.text and "js-did-chart" in response.text


def test_a_school_with_one_year_only_is_left_out_of_the_comparison(cast, client_for):
    did_data(cast)
    (extra,) = comparison_schools(cast, 1)
    result(extra, 2026, 90, 50)  # no 2025 result: would pull the comparison's 2026 share up
    outcome = client_for(cast.regional).get(region_url(cast)).context["outcome"]
    assert outcome.rows[0].comparison.after.share2 == Decimal("19.00")


def test_a_group_under_five_pupils_shows_no_value_and_a_small_difference_is_unreliable(cast, client_for):
    result(cast.school_a, 2025, 50, 4, subject="Физика", grade=8)
    result(cast.school_a, 2026, 25, 4, subject="Физика", grade=8)
    (other,) = comparison_schools(cast, 1)
    result(other, 2025, 10, 12, subject="Физика", grade=8)
    result(other, 2026, 10, 12, subject="Физика", grade=8)
    response = client_for(cast.regional).get(region_url(cast))
    (row,) = response.context["outcome"].rows
    assert row.programme.before.share2 is None and row.programme.share2_change is None
    assert row.share2_did is None
    assert row.comparison.after.share2 == Decimal("10.00")  # 12 pupils: shown
    assert not row.reliable
    assert "ненадёжно" in response.text


def _risk(cast, school, direction, start, end):
    profile, _ = RiskProfile.objects.get_or_create(school=school, year=cast.year, defaults={"method_version": "t"})
    RiskProfileEntry.objects.create(profile=profile, direction=direction, score=Decimal(start), level="medium")
    if end is not None:
        FinalRiskEntry.objects.create(
            school=school, year=cast.year, direction=direction, score=Decimal(end), level="low", method_version="t"
        )
    RiskActivation.objects.create(school=school, direction=direction)


def test_the_share_of_schools_whose_risk_fell_is_counted_per_direction(cast, client_for):
    risk_directions_create_default(year=cast.year)
    direction = cast.year.risk_directions.get(number=1)
    _risk(cast, cast.school_a, direction, "60", "40")
    _risk(cast, cast.school_b, direction, "50", "52")
    _risk(cast, cast.school_c, direction, "50", None)
    outcome = client_for(cast.regional).get(region_url(cast)).context["outcome"]
    (row,) = outcome.directions
    assert (row.fell, row.same, row.rose, row.nodata) == (1, 1, 0, 1)
    assert row.share_fell == 50  # one of the two schools with both scores
    assert not row.reliable  # fewer than three schools
    assert (outcome.improved_schools, outcome.other_schools) == (1, 1)


def test_the_school_progress_page_reads_start_and_end_results_and_the_region_average(cast, client_for):
    risk_directions_create_default(year=cast.year)
    _risk(cast, cast.school_a, cast.year.risk_directions.get(number=1), "62.5", "41.0")
    did_data(cast)
    response = client_for(cast.director).get(reverse("outcomes:school_progress", args=[cast.school_a.pk]))
    assert response.status_code == 200
    (risk,) = response.context["risks"]
    assert risk.label == "риск снизился"
    assert "риск снизился" in response.text and "21,5" in response.text
    (series,) = response.context["results"]
    first = series.points[0]
    assert first.school.share2 == Decimal("20.00")
    # The region's 2025 average over all six schools: (200+300+800+150+200+250)/70 = 27.14…
    assert first.region.share2 == Decimal("27.14")


def test_the_school_page_links_to_its_progress_page(cast, client_for):
    page = client_for(cast.director).get(reverse("schools:school_detail", args=[cast.school_a.pk]))
    assert reverse("outcomes:school_progress", args=[cast.school_a.pk]) in page.text


def test_the_region_table_downloads_as_xlsx_with_numbers(cast, client_for):
    did_data(cast)
    response = client_for(cast.regional).get(reverse("outcomes:region_outcomes_xlsx", args=[cast.region.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Сравнение"]
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[1], rows[2]
    assert data[0] == "ВПР, 5 кл., Математика"
    assert data[header.index("Разность разностей (доля «2»), п.п.")] == -9.0
    assert "Пояснения" in workbook.sheetnames and "Школы программы" in workbook.sheetnames


def test_the_federal_view_lists_regions_with_results(cast, client_for):
    did_data(cast)
    response = client_for(cast.federal).get(reverse("outcomes:federal_outcomes"))
    assert response.context["outcome"].rows[0].share2_did == Decimal("-9.00")
    assert reverse("outcomes:region_outcomes", args=[cast.region.pk]) in response.text


def test_the_regional_pdf_report_carries_the_outcome_section(cast):
    did_data(cast)
    report = Report.objects.create(
        kind=Report.Kind.REGION, year=cast.year, region=cast.region, requested_by=cast.regional
    )
    context = reports.build_context(report=report)
    html = render_to_string("monitoring/pdf/region_report.html", context)
    assert "Результаты обучающихся и изменение рисков" in html
    assert "-9" in html


def test_measure_kinds_are_counted_apart_for_schools_whose_risk_fell(cast, client_for):
    from monitoring.models import MeasureStatus, MonitoringReport

    risk_directions_create_default(year=cast.year)
    direction = cast.year.risk_directions.get(number=1)
    _risk(cast, cast.school_a, direction, "60", "40")  # fell
    _risk(cast, cast.school_b, direction, "50", "52")  # same
    for school, title, status in (
        (cast.school_a, "Курсы повышения квалификации учителей математики", "done"),
        (cast.school_a, "Семинар для педагогов", "in_progress"),  # not done: not counted
        (cast.school_b, "Родительское собрание по итогам четверти", "done"),
    ):
        report, _ = MonitoringReport.objects.get_or_create(school=school, year=cast.year, stage=1)
        MeasureStatus.objects.create(
            report=report, measure_ref=report.measure_statuses.count() + 1, title=title, status=status
        )
    outcome = client_for(cast.regional).get(region_url(cast)).context["outcome"]
    rows = {
        m.kind: (m.improved_measures, m.improved_schools, m.other_measures, m.other_schools)
        for m in outcome.measure_kinds
    }
    assert rows == {"Повышение квалификации, курсы": (1, 1, 0, 0), "Работа с родителями": (0, 0, 1, 1)}
