"""Story: a real installation from an empty database (after `migrate` and `createsuperuser` only), in the browser:
the administrator creates the first project year from the federal template and makes it current, imports the
regional coordinators; the Smolensk regional coordinator imports the region's schools, appoints a municipal
coordinator and imports the curators (one per school, as in the seed 004 roster)."""

from pathlib import Path

import pytest
from django.conf import settings

from schools import demo_data as d
from schools import regions
from schools.models import CuratorAssignment, Participation, ProjectYear, Region, RoleAssignment, User
from surveys.models import Questionnaire
from tests.schools.xlsx import xlsx
from yearcalendar.models import Milestone
from yearcalendar.services import DEFAULT_CALENDAR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCHOOLS = Path(settings.BASE_DIR) / "fixtures" / "smolensk_schools.xlsx"


def _import(browser, kind_label: str, path: Path, *, municipalities: bool = False) -> None:
    page = browser.page
    browser.goto("/schools/import/")
    page.get_by_label(kind_label, exact=True).check()
    page.get_by_label("Файл Excel (.xlsx)").set_input_files(str(path))
    if municipalities:
        page.get_by_label("Создавать новые муниципалитеты").check()
    page.get_by_role("button", name="Проверить файл").click()
    page.wait_for_load_state()
    confirm = page.get_by_role("button", name="Подтвердить и записать")
    confirm.wait_for(timeout=60_000)
    browser.shot(f"preview-{path.stem}")
    confirm.click()
    page.wait_for_load_state()
    page.get_by_text("выполнен", exact=True).first.wait_for(timeout=60_000)


def test_the_first_year_is_set_up_in_the_browser_on_an_empty_database(browser, tasks, tmp_path):
    # After `migrate` the regions are there (tests/schools/test_commands.py runs the data migration); an earlier
    # browser test's flush empties the table in this process, so the same catalogue is put back first.
    regions.regions_load()
    assert Region.objects.filter(code="67").exists()
    assert not ProjectYear.objects.exists()
    admin = User.objects.create_superuser("root@example.ru", "pass-Word-123")  # `createsuperuser`
    page = browser.page

    # 1. The year from the federal template, made current.
    browser.login_cookie(admin)
    browser.goto("/")
    group = page.locator("nav.main-nav summary", has_text="Настройки")
    if group.count():  # the grouped menu (several settings pages) opens first
        group.first.click()
    page.get_by_role("link", name="Годы проекта").first.click()
    page.get_by_role("link", name="Новый год проекта").click()
    page.get_by_label("Год проекта").fill("2026")
    page.get_by_label("Основа").select_option(label="Встроенный федеральный шаблон")
    browser.shot("new-year")
    assert not browser.axe(), browser.axe()
    page.get_by_role("button", name="Создать год").click()
    page.wait_for_load_state()
    assert page.get_by_role("cell", name="подготовка").is_visible()
    page.get_by_role("button", name="Сделать текущим 2026").click()
    page.wait_for_load_state()
    assert page.get_by_role("cell", name="текущий").is_visible()
    page.get_by_role("link", name="Даты федерального календаря 2026").click()
    assert not browser.axe(), browser.axe()
    browser.shot("calendar")

    # 2. The regional coordinators, from Excel.
    regional_file = tmp_path / "regional.xlsx"
    regional_file.write_bytes(
        xlsx([["Регион", "ФИО", "E-mail"], ["Смоленская область", "Кузнецова Ирина Павловна", "regional@example.ru"]])
    )
    _import(browser, "Региональные координаторы", regional_file)

    # 3. The regional coordinator imports the region's schools, appoints a municipal coordinator, imports curators.
    regional = User.objects.get(email="regional@example.ru")
    browser.login_cookie(regional)
    _import(browser, "Школы года проекта", SCHOOLS, municipalities=True)
    browser.goto(f"/schools/regions/{Region.objects.get(code='67').pk}/")
    page.get_by_role("combobox", name="Муниципалитет").select_option(label="Краснинский район")
    page.get_by_role("textbox", name="E-mail").fill("municipal@example.ru")
    page.get_by_role("textbox", name="Фамилия").fill("Лебедева")
    page.get_by_role("textbox", name="Имя", exact=True).fill("Анна")
    page.get_by_role("button", name="Назначить муниципального координатора").click()
    page.wait_for_load_state()
    assert page.get_by_text("муниципальный координатор (Краснинский район)").first.is_visible()
    assert not browser.axe(), browser.axe()
    browser.shot("region")
    curators_file = tmp_path / "curators.xlsx"
    rows = [["ФИО куратора", "E-mail куратора", "ИНН школы"]]
    rows += [[" ".join(c[1]), f"{c[0]}@example.ru", d.SMOLENSK_SCHOOLS[n].inn] for n, c in enumerate(d.CURATORS[:9])]
    curators_file.write_bytes(xlsx(rows))
    _import(browser, "Кураторы и их школы", curators_file)

    year = ProjectYear.objects.get(is_current=True)
    assert year.year == 2026
    assert Milestone.objects.filter(year=year).count() == len(DEFAULT_CALENDAR)
    assert Questionnaire.objects.filter(year=year, is_active=True).count() == 6
    assert Participation.objects.filter(year=year).count() == 9
    assert RoleAssignment.objects.filter(year=year, kind="municipal", user__email="municipal@example.ru").exists()
    assert CuratorAssignment.objects.filter(year=year).values("curator").distinct().count() == 9
