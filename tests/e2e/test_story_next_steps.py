"""Stories: the director, the curator and the regional coordinator start from their cabinets and follow
«Что сделать сейчас» — the main button or the first line leads to the right page."""

import pytest
from django.utils import timezone

from surveys.models import Questionnaire, Response, RiskProfile, SchoolHeadcount
from yearcalendar.services import calendar_create_default

pytestmark = pytest.mark.e2e


def _clean(browser, what: str) -> None:
    violations = browser.axe()
    assert not violations, f"{what}: {violations}"


def test_the_director_follows_the_steps_from_the_cabinet(browser, cast):
    calendar_create_default(year=cast.year)
    page = browser.page
    browser.login_cookie(cast.director)
    browser.goto("/")
    steps = page.get_by_role("list", name="Шаги года: выполнено 0 из 7")
    current = steps.locator('[aria-current="step"]')
    assert "Анкетирование" in current.inner_text()
    browser.shot("director-cabinet")
    _clean(browser, "кабинет директора")
    page.get_by_role("link", name="Заполнить анкету директора").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/surveys/school/{cast.school_a.pk}/director/")

    # Later the questionnaires are complete and the profile is published, but the curator has not checked it:
    # the cabinet says whom we wait for, and the one button leads to what the school can do meanwhile.
    director_q = Questionnaire.objects.create(year=cast.year, group="director", title="Анкета директора", checksum="d")
    Response.objects.create(questionnaire=director_q, year=cast.year, group="director", school=cast.school_a)
    SchoolHeadcount.objects.create(school=cast.school_a, year=cast.year)
    RiskProfile.objects.create(school=cast.school_a, year=cast.year, method_version="1", published_at=timezone.now())
    browser.goto("/")
    waiting = f"Ждём, когда куратор {cast.curator.short_name} проверит рисковый профиль"
    assert page.get_by_text(waiting).first.is_visible()
    browser.shot("director-waits-for-curator")
    page.locator(".btn-main").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/roadmaps/schools/{cast.school_a.pk}/documents/")

    # The menu has the school's own sections.
    for section in ("Школа", "Анкеты и РПШ", "Документы", "Дорожная карта", "Мониторинг"):
        assert page.locator(".main-nav").get_by_role("link", name=section, exact=True).is_visible(), section


def test_the_curator_starts_the_day_from_the_work_list(browser, cast):
    calendar_create_default(year=cast.year)
    RiskProfile.objects.create(school=cast.school_a, year=cast.year, method_version="1", published_at=timezone.now())
    page = browser.page
    browser.login_cookie(cast.curator)
    browser.goto("/")
    assert page.get_by_role("heading", name="Что сделать сейчас: работа куратора").is_visible()
    _clean(browser, "кабинет куратора")
    browser.shot("curator-cabinet")
    page.get_by_role("link", name=f"Проверить рисковый профиль: {cast.school_a.short_name}").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/surveys/school/{cast.school_a.pk}/profile/verify/")


def test_the_regional_coordinator_sees_whats_late_and_whose_first(browser, cast):
    calendar_create_default(year=cast.year)
    page = browser.page
    browser.login_cookie(cast.regional)
    browser.goto("/")
    attention = page.locator(
        "section", has=page.get_by_role("heading", name="Что требует внимания: Смоленская область")
    )
    assert attention.is_visible()
    # The year 2026's deadlines have passed and school_c has no curator: named, with the missing curator said.
    line = attention.locator("li", has_text="Доля ОО, в которых назначены кураторы")
    assert "МКОУ «Барановская СОШ» (куратор не назначен)" in line.inner_text()
    _clean(browser, "кабинет регионального координатора")
    browser.shot("regional-cabinet")
    line.get_by_role("link", name="Доля ОО, в которых назначены кураторы").click()
    page.wait_for_load_state()
    assert f"/monitoring/indicators/curators/region/{cast.region.pk}/" in page.url
    assert page.locator("table").get_by_role("link", name=cast.school_c.short_name).is_visible()

    # The long menu is grouped; a group opens and closes from the keyboard.
    browser.goto("/")
    summary = page.locator(".main-nav summary", has_text="Мониторинг")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(".main-nav").get_by_role("link", name="Календарь").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator(".main-nav").get_by_role("link", name="Календарь").is_visible()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"


def test_the_directors_steps_and_the_grouped_menu_fit_a_phone(phone, cast):
    calendar_create_default(year=cast.year)
    for user in (cast.director, cast.federal):
        phone.login_cookie(user)
        phone.goto("/")
        assert phone.page.evaluate("document.documentElement.scrollWidth") <= 375 + 1, user
    phone.shot("federal-cabinet-on-phone")
