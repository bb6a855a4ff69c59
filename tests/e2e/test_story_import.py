"""Story: the administrator imports the school list from an .xlsx in the browser and sees the schools appear."""

from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.e2e

EXAMPLE = Path(settings.BASE_DIR) / "fixtures" / "smolensk_schools.xlsx"


def test_the_administrator_imports_schools_from_excel_and_sees_them(browser, cast, tasks):
    page = browser.page
    browser.login_cookie(cast.admin)
    browser.goto("/schools/import/")
    browser.shot("import-form")
    assert not browser.axe(), browser.axe()

    page.get_by_label("Школы", exact=False).first.check()
    page.get_by_label("Файл Excel (.xlsx)").set_input_files(str(EXAMPLE))
    page.get_by_label("Создавать новые муниципалитеты").check()
    page.get_by_role("button", name="Проверить файл").click()
    page.wait_for_load_state()

    confirm = page.get_by_role("button", name="Подтвердить и записать")
    confirm.wait_for(timeout=60_000)  # the check may run in the background; the page polls
    assert page.get_by_text("Что будет сделано").is_visible()
    browser.shot("checked-preview")
    assert not browser.axe(), browser.axe()
    confirm.click()
    page.wait_for_load_state()
    page.get_by_text("выполнен", exact=True).first.wait_for(timeout=60_000)
    assert page.get_by_text("Что сделано").is_visible()
    browser.shot("done")

    browser.goto("/schools/?q=СШ № 9")
    assert page.get_by_role("link", name="МБОУ «СШ № 9»").is_visible()
    browser.shot("school-appears-in-the-list")
