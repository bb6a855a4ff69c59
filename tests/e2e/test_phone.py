"""At 390 px (a common phone): no page of the director or of a respondent is wider than the screen, the menu
folds behind an accessible «Меню» button, and a wide table scrolls inside its box with a hint above it."""

import pytest

from tests.surveys import helpers as survey_helpers

from .conftest import Browser

pytestmark = pytest.mark.e2e

WIDTH = 390


@pytest.fixture
def phone390(_chromium, live_server, request):
    b = Browser(_chromium, live_server, request, viewport={"width": WIDTH, "height": 844})
    yield b
    b.close()


def overflow(b: Browser) -> str:
    """'' when the page fits; otherwise the widths and the elements that stick out, for the failure message."""
    return b.page.evaluate(
        """() => {
        const d = document.documentElement;
        if (d.scrollWidth <= d.clientWidth) return '';
        const out = [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > d.clientWidth + 1)
          .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className);
        return `${d.scrollWidth} > ${d.clientWidth}: ${out.join(', ')}`;
    }"""
    )


def director_pages(cast) -> list[str]:
    s = cast.school_a.pk
    return [
        "/",
        f"/schools/{s}/",
        f"/roadmaps/schools/{s}/documents/",
        f"/roadmaps/schools/{s}/roadmap/",
        f"/surveys/school/{s}/",
        f"/monitoring/schools/{s}/monitoring/",
        f"/curators/schools/{s}/visits/",
        "/notifications/",
        "/accounts/2fa/",
    ]


def test_no_page_of_the_director_is_wider_than_a_phone(phone390, cast):
    from roadmaps.models import Document

    Document.objects.create(school=cast.school_a, year=cast.year, kind="concept", title="Концепция")
    phone390.login_cookie(cast.director)
    failures = []
    for path in director_pages(cast):
        response = phone390.goto(path)
        assert response.status in (200, 404), f"{path}: {response.status}"
        if response.status == 404:  # a roadmap not started yet: the error page must fit the phone too
            assert "Страница не найдена" in phone390.page.content()
        if problem := overflow(phone390):
            failures.append((path, problem))
            phone390.shot(path.strip("/").replace("/", "-") or "cabinet")
    assert not failures, f"страницы шире экрана {WIDTH} px: {failures}"


def test_the_respondents_pages_fit_a_phone(phone390, cast):
    survey_helpers.setup(cast)
    link = survey_helpers.link(cast)
    for path in ("/surveys/r/", f"/surveys/r/{link.token}/"):
        response = phone390.goto(path)
        assert response.status == 200, path
        assert not overflow(phone390), f"{path}: {overflow(phone390)}"
    phone390.shot("questionnaire")


def test_the_menu_folds_behind_an_accessible_button_on_a_phone(phone390, cast):
    phone390.login_cookie(cast.director)
    phone390.goto(f"/schools/{cast.school_a.pk}/")
    page = phone390.page
    toggle = page.get_by_role("button", name="Меню")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    menu = page.locator("#main-menu")
    assert not menu.is_visible(), "на телефоне меню свёрнуто"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu.is_visible()
    phone390.shot("menu-open")
    toggle.press("Enter")  # the keyboard folds it again
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()


def test_the_menu_stays_open_on_a_wide_screen(browser, cast):
    browser.login_cookie(cast.director)
    browser.goto(f"/schools/{cast.school_a.pk}/")
    assert browser.page.locator("#main-menu").is_visible()
    assert not browser.page.get_by_role("button", name="Меню").is_visible()


def test_a_wide_table_scrolls_in_its_box_with_a_hint_and_a_sticky_first_column(phone390, cast):
    from yearcalendar.services import calendar_create_default

    calendar_create_default(year=cast.year)
    phone390.login_cookie(cast.regional)
    phone390.goto("/monitoring/calendar/")
    page = phone390.page
    box = page.locator(".table-wrap.is-scrollable").first
    assert box.count() == 1, "таблица календаря на телефоне шире экрана и прокручивается в своей рамке"
    assert page.locator(".table-hint").first.is_visible()
    assert "прокрутите" in page.locator(".table-hint").first.inner_text()
    assert box.get_attribute("tabindex") == "0", "прокрутку можно сделать и с клавиатуры"
    first = box.locator("tbody tr").first.locator(":scope > *").first
    before = first.bounding_box()["x"]
    box.evaluate("b => b.scrollLeft = 200")
    assert abs(first.bounding_box()["x"] - before) < 2, "первый столбец остаётся на месте при прокрутке"
    assert not overflow(phone390)
    phone390.shot("calendar-table")
    assert not phone390.axe()
