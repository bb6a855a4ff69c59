"""WCAG 2.1 AA on the main pages (axe-core in the real browser), keyboard use, the low-vision mode, and
that every page runs under the strict CSP without a single violation."""

import pytest

pytestmark = pytest.mark.e2e

ROLES = ("admin", "federal", "regional", "municipal", "curator", "director", "delegate")


def _pages(cast) -> list[tuple[str, str]]:
    """(who, path) for the main pages; extended as features land."""
    return [
        ("admin", "/"),
        ("federal", "/"),
        ("regional", "/"),
        ("municipal", "/"),
        ("curator", "/"),
        ("director", "/"),
        ("director", f"/schools/{cast.school_a.pk}/"),
        ("delegate", "/"),
        ("director", "/help/"),
        ("federal", "/help/"),
        ("regional", "/schools/"),
        ("regional", f"/schools/regions/{cast.region.pk}/"),
        ("municipal", f"/schools/municipalities/{cast.mun_a.pk}/"),
        ("curator", f"/schools/{cast.school_b.pk}/"),
        ("federal", "/audit/"),
        ("director", "/accounts/2fa/"),
        # the other apps' main pages
        ("admin", "/schools/import/"),
        ("federal", "/monitoring/dashboard/"),
        ("regional", f"/monitoring/dashboard/region/{cast.region.pk}/"),
        ("municipal", f"/monitoring/dashboard/municipality/{cast.mun_a.pk}/"),
        ("regional", "/monitoring/calendar/"),
        ("regional", "/notifications/"),
        ("director", f"/roadmaps/schools/{cast.school_a.pk}/documents/"),
        ("director", f"/roadmaps/schools/{cast.school_a.pk}/roadmap/"),
        ("curator", "/roadmaps/review/"),
        ("director", f"/surveys/school/{cast.school_a.pk}/"),
        ("federal", "/surveys/year/"),
        ("regional", f"/surveys/region/{cast.region.pk}/"),
        ("director", f"/monitoring/schools/{cast.school_a.pk}/monitoring/"),
        ("curator", f"/curators/schools/{cast.school_a.pk}/visits/"),
        ("regional", f"/outcomes/regions/{cast.region.pk}/"),
        ("federal", "/outcomes/federal/"),
        ("director", f"/outcomes/schools/{cast.school_a.pk}/"),
        ("regional", "/outcomes/import/"),
    ]


def _assert_clean(browser, what: str) -> None:
    violations = browser.axe()
    assert not violations, f"{what}: нарушения доступности {violations}"
    csp = [e for e in browser.console_errors if "Content Security Policy" in e]
    assert not csp, f"{what}: нарушения CSP {csp}"


def test_the_public_questionnaire_code_page_has_no_serious_accessibility_violations(phone, cast):
    phone.goto("/surveys/r/")
    phone.shot("respondent-code-on-phone")
    _assert_clean(phone, "ввод кода анкеты")


def test_login_page_has_no_serious_accessibility_violations(browser, cast):
    browser.goto("/accounts/login/")
    browser.shot("login")
    _assert_clean(browser, "вход")


def test_login_page_with_errors_has_no_serious_accessibility_violations(browser, cast):
    browser.goto("/accounts/login/")
    browser.page.get_by_label("E-mail").fill(cast.director.email)
    browser.page.get_by_label("Пароль").fill("неверный пароль")
    browser.page.get_by_role("button", name="Войти").click()
    browser.page.wait_for_load_state()
    assert browser.page.get_by_role("alert").count() >= 1
    browser.shot("login-error")
    _assert_clean(browser, "вход с ошибкой")


def test_main_pages_have_no_serious_accessibility_violations(browser, cast):
    failures = []
    for who, path in _pages(cast):
        browser.console_errors.clear()
        browser.login_cookie(getattr(cast, who))
        response = browser.goto(path)
        assert response.status == 200, f"{who} {path}: {response.status}"
        browser.shot(f"{who}-{path.strip('/').replace('/', '-') or 'cabinet'}")
        violations = browser.axe()
        csp = [e for e in browser.console_errors if "Content Security Policy" in e]
        if violations or csp:
            failures.append((who, path, violations, csp))
    assert not failures, failures


def test_main_pages_in_low_vision_mode_have_no_serious_accessibility_violations(browser, cast):
    browser.login_cookie(cast.regional)
    browser.context.add_cookies([{"name": "low_vision", "value": "1", "url": browser.base}])
    failures = []
    for who, path in _pages(cast):
        browser.login_cookie(getattr(cast, who))
        browser.context.add_cookies([{"name": "low_vision", "value": "1", "url": browser.base}])
        browser.goto(path)
        assert "low-vision" in (browser.page.locator("html").get_attribute("class") or "")
        violations = browser.axe()
        if violations:
            failures.append((who, path, violations))
    browser.shot("low-vision-last-page")
    assert not failures, failures


def test_keyboard_reaches_the_skip_link_first_and_then_the_low_vision_switch(browser, cast):
    browser.login_cookie(cast.regional)
    browser.goto("/")
    page = browser.page
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Перейти к содержанию"
    assert page.locator(".skip-link").is_visible(), "ссылка «Перейти к содержанию» видна при фокусе"
    browser.shot("skip-link-focused")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    browser.goto("/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Версия для слабовидящих":
            break
    else:
        pytest.fail("переключатель версии для слабовидящих не достижим с клавиатуры")
    browser.shot("low-vision-switch-focused")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "low-vision" in (page.locator("html").get_attribute("class") or "")


def test_focus_is_visible_on_links_and_buttons(browser, cast):
    browser.login_cookie(cast.regional)
    browser.goto("/")
    page = browser.page
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


def test_low_vision_mode_is_switchable_on_every_main_page_and_remembered(browser, cast):
    page = browser.page
    for who, path in _pages(cast):
        browser.login_cookie(getattr(cast, who))
        browser.goto(path)
        assert "low-vision" not in (page.locator("html").get_attribute("class") or ""), path
        page.get_by_role("button", name="Версия для слабовидящих").click()
        page.wait_for_load_state()
        assert page.url.endswith(path), f"после переключения остаёмся на {path}, а не на {page.url}"
        assert "low-vision" in (page.locator("html").get_attribute("class") or ""), path
        # Remembered: a fresh navigation keeps the mode.
        browser.goto("/")
        assert "low-vision" in (page.locator("html").get_attribute("class") or "")
        browser.goto(path)
        button = page.get_by_role("button", name="Обычная версия")
        assert button.get_attribute("aria-pressed") == "true"
        button.click()
        page.wait_for_load_state()
        assert "low-vision" not in (page.locator("html").get_attribute("class") or ""), path
    browser.shot("normal-again")


def test_low_vision_mode_enlarges_type_and_hides_images(browser, cast):
    browser.login_cookie(cast.regional)
    browser.goto("/")
    page = browser.page
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.get_by_role("button", name="Версия для слабовидящих").click()
    page.wait_for_load_state()
    large = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert large >= normal * 1.3
    page.evaluate(
        "() => { const i = document.createElement('img'); i.alt = ''; i.id = 'probe'; "
        "i.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw='; document.querySelector('main').append(i); }"
    )
    assert page.evaluate("getComputedStyle(document.getElementById('probe')).display") == "none"
    browser.shot("low-vision")


def test_cabinet_works_on_a_phone_sized_screen_without_horizontal_scrolling(phone, cast):
    phone.login_cookie(cast.regional)
    phone.goto(f"/schools/regions/{cast.region.pk}/")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1
    phone.shot("region-on-phone")


KEYBOARD_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_signing_in_and_reaching_a_school_works_with_the_keyboard_alone(browser, cast):
    from schools import mfa

    from .test_mfa_story import totp_now

    mfa.totp_remove(user=cast.regional)
    mfa.totp_activate(user=cast.regional, secret=KEYBOARD_SECRET)
    page = browser.page
    browser.goto("/accounts/login/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand link
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_login":
            break
    else:
        pytest.fail("поле e-mail не достижимо с клавиатуры")
    page.keyboard.type(cast.regional.email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type("pass-Word-123")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/login/" not in page.url
    # Coordinators sign in with a second factor: the code field is reachable and submits with Enter.
    for _ in range(10):
        if page.evaluate("document.activeElement.name") == "code":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("поле кода двухфакторной защиты не достижимо с клавиатуры")
    page.keyboard.type(totp_now(KEYBOARD_SECRET))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/2fa/" not in page.url, page.url
    # From the cabinet, tab to the region link and open it with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == cast.region.name:
            break
    else:
        pytest.fail("ссылка на регион в кабинете не достижима с клавиатуры")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/schools/regions/{cast.region.pk}/")
    browser.shot("region-by-keyboard")
