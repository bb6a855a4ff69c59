"""Story: the regional coordinator opens the dashboard, drills down into a lagging indicator and downloads
the PDF report of the region."""

import pytest

from yearcalendar.services import calendar_create_default

pytestmark = pytest.mark.e2e


def test_the_regional_coordinator_drills_down_and_downloads_the_pdf_report(browser, cast, tasks, tmp_path):
    # Curators are appointed in school_a and school_b but not in school_c: 2 of 3, and the deadline has passed.
    calendar_create_default(year=cast.year)
    page = browser.page
    browser.login_cookie(cast.regional)
    browser.goto("/")
    # The regional coordinator's long menu is grouped: open «Мониторинг», then its first item.
    page.locator(".main-nav summary", has_text="Мониторинг").click()
    page.get_by_role("link", name="Мониторинг", exact=True).first.click()
    page.wait_for_load_state()
    if f"/monitoring/dashboard/region/{cast.region.pk}/" not in page.url:
        browser.goto(f"/monitoring/dashboard/region/{cast.region.pk}/")
    assert page.get_by_role("heading", name=f"Мониторинг: {cast.region.name}").is_visible()
    browser.shot("region-dashboard")
    violations = browser.axe()
    assert not violations, violations

    tile = page.locator(".tile", has_text="Доля ОО, в которых назначены кураторы")
    assert "срок пропущен" in tile.inner_text(), tile.inner_text()  # 2 of 3 and the 15.02 deadline has passed
    tile.get_by_role("link", name="2 из 3").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Доля ОО, в которых назначены кураторы").is_visible()
    page.get_by_role("link", name="Не выполнили").click()
    page.wait_for_load_state()
    table = page.locator("table")
    assert table.get_by_role("link", name=cast.school_c.short_name).is_visible()
    assert table.get_by_role("link", name=cast.school_a.short_name).count() == 0
    browser.shot("lagging-schools")
    violations = browser.axe()
    assert not violations, violations

    browser.goto(f"/monitoring/dashboard/region/{cast.region.pk}/")
    page.get_by_role("button", name="Отчёт по региону (PDF)").click()
    page.wait_for_load_state()
    download_link = page.get_by_role("link", name="Скачать отчёт")
    download_link.wait_for(timeout=90_000)  # the report is built in the background; the page polls
    browser.shot("report-ready")
    with page.expect_download() as info:
        download_link.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.suffix == ".pdf"
    assert target.read_bytes().startswith(b"%PDF-")
