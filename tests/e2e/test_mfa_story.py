"""Story: a regional coordinator without two-factor protection is made to activate TOTP, then signs in with it."""

import re
import time

import pytest

from schools import mfa

pytestmark = pytest.mark.e2e


def totp_now(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_coordinator_must_activate_totp_and_then_signs_in_with_a_code(browser, cast, settings):
    settings.MFA_REQUIRED_FOR_COORDINATORS = True
    mfa.totp_remove(user=cast.regional)  # the cast's coordinators have TOTP; this one starts without
    page = browser.page
    browser.login_form(cast.regional)
    # allauth asks for the password once more before a security change (secure default, kept).
    assert "/accounts/reauthenticate/" in page.url and "totp" in page.url, page.url
    browser.shot("forced-to-activate-reauthenticate")
    assert page.get_by_text("необходимо включить двухфакторную защиту").is_visible()
    _assert_axe_clean(browser)
    page.get_by_label("Пароль").fill("pass-Word-123")
    page.get_by_role("button", name=re.compile("Подтвердить|Продолжить|Войти", re.I)).click()
    page.wait_for_load_state()
    assert "/accounts/2fa/totp/activate" in page.url, page.url
    browser.shot("activate")
    _assert_axe_clean(browser)

    # Any other page sends the coordinator back here until TOTP is on.
    browser.goto(f"/schools/regions/{cast.region.pk}/")
    assert "/accounts/2fa/totp/activate" in page.url

    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}=*", secret)
    page.get_by_label("Код из приложения").fill(totp_now(secret))
    page.get_by_role("button", name="Включить").click()
    page.wait_for_load_state()
    browser.shot("activated")
    browser.goto(f"/schools/regions/{cast.region.pk}/")
    assert page.url.endswith(f"/schools/regions/{cast.region.pk}/")

    # Next sign-in asks for the code after the password.
    page.get_by_role("button", name="Выйти").click()
    page.wait_for_load_state()
    browser.login_form(cast.regional)
    assert "/accounts/2fa/authenticate" in page.url, page.url
    browser.shot("asks-for-code")
    _assert_axe_clean(browser)
    page.get_by_label(re.compile("код", re.I)).fill(totp_now(secret))
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()
    assert "/accounts/" not in page.url, page.url
    browser.shot("signed-in")


def _assert_axe_clean(browser):
    violations = browser.axe()
    assert not violations, violations
