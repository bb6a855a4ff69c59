"""Story: the regional coordinator opens the region's outcome view (table and charts), drills down to a school's
progress page, downloads the .xlsx; a results file with errors shows them by row and column and writes nothing."""

import io
from decimal import Decimal

import openpyxl
import pytest

from outcomes.models import AssessmentResult
from surveys.models import FinalRiskEntry, RiskActivation, RiskProfile, RiskProfileEntry
from surveys.risk_catalogue import risk_directions_create_default
from tests.outcomes.helpers import VPR_HEADERS, did_data
from tests.schools.xlsx import xlsx

pytestmark = pytest.mark.e2e


def _risk_fell(cast):
    risk_directions_create_default(year=cast.year)
    direction = cast.year.risk_directions.get(number=9)
    profile = RiskProfile.objects.create(school=cast.school_a, year=cast.year, method_version="t")
    RiskProfileEntry.objects.create(profile=profile, direction=direction, score=Decimal("64.0"), level="high")
    FinalRiskEntry.objects.create(
        school=cast.school_a, year=cast.year, direction=direction, score=Decimal("38.5"), level="medium"
    )
    RiskActivation.objects.create(school=cast.school_a, direction=direction)


def test_the_regional_coordinator_reads_the_outcomes_drills_down_and_downloads_the_table(browser, cast, tmp_path):
    did_data(cast)
    _risk_fell(cast)
    page = browser.page
    browser.login_cookie(cast.regional)
    browser.goto("/")
    page.get_by_role("link", name="Результаты и эффект программы в регионе").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=f"Результаты и эффект программы: {cast.region.name}").is_visible()
    table = page.locator("#did-table")
    row = table.locator("tbody tr", has_text="ВПР, 5 кл., Математика")
    assert "-9,0" in row.inner_text() and "надёжно" in row.inner_text(), row.inner_text()
    assert page.get_by_text("Это описание, а не доказательство").is_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas.js-did-chart'))")
    assert page.evaluate("Chart.getChart(document.querySelector('canvas.js-fell-chart')).data.datasets[0].data") == [
        100
    ]
    browser.shot("region-outcomes")
    violations = browser.axe()
    assert not violations, violations
    assert not browser.console_errors, browser.console_errors

    with page.expect_download() as info:
        page.get_by_role("link", name="Скачать таблицы (.xlsx)").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    workbook = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))
    assert workbook["Сравнение"].cell(row=3, column=8).value == -9.0

    page.locator("#school-table").get_by_role("link", name=cast.school_a.short_name).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=f"Что изменилось за год: {cast.school_a.short_name}").is_visible()
    risk = page.locator("#risk-progress tbody tr").first.inner_text()
    assert "64,0" in risk and "38,5" in risk and "риск снизился" in risk, risk
    assert page.get_by_role("table", name="ВПР, 5 кл., Математика").is_visible()
    browser.shot("school-progress")
    violations = browser.axe()
    assert not violations, violations


def test_a_results_file_with_errors_shows_row_and_column_and_writes_nothing(browser, cast, tmp_path):
    page = browser.page
    browser.login_cookie(cast.regional)
    browser.goto("/outcomes/import/")
    violations = browser.axe()
    assert not violations, violations
    bad = tmp_path / "впр.xlsx"
    bad.write_bytes(
        xlsx(
            [
                VPR_HEADERS,
                [cast.school_a.fis_oko_code, "", "", 5, "Математика", 20, 10, 40, 40, 10, 9],
                [cast.school_b.fis_oko_code, "", "", 5, "Математика", 20, "много", 40, 40, 10, 9],
            ]
        )
    )
    page.get_by_label("Оценочная процедура").select_option("vpr")
    page.get_by_label("Год проведения").fill("2026")
    page.get_by_label("Файл Excel (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Проверить файл").click()
    page.wait_for_load_state()
    assert page.get_by_text("Ничего не записано").first.is_visible()
    errors = page.get_by_role("table", name="Ошибки").inner_text()
    assert "3" in errors and "G «Доля «2», %»" in errors and "ожидается число" in errors, errors
    assert page.get_by_role("button", name="Подтвердить и записать").count() == 0
    browser.shot("import-errors")
    violations = browser.axe()
    assert not violations, violations
    assert not AssessmentResult.objects.exists()


def test_the_outcome_view_fits_a_phone(phone, cast):
    did_data(cast)
    phone.login_cookie(cast.regional)
    phone.goto(f"/outcomes/regions/{cast.region.pk}/")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
