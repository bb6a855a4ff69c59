"""Two-factor authentication: available to everyone, required for coordinators and administrators."""

import time

import pytest
from django.urls import reverse

from schools import mfa
from tests.conftest import login

COORDINATORS = ("admin", "federal", "regional", "municipal")
OTHERS = ("curator", "director", "delegate", "outsider")


@pytest.fixture
def required(settings, cast):
    """The requirement on, and the cast's coordinators without TOTP (whatever tests/conftest.py gives them)."""
    settings.MFA_REQUIRED_FOR_COORDINATORS = True
    for who in COORDINATORS:
        mfa.totp_remove(user=getattr(cast, who))


def totp_now(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.parametrize("who", COORDINATORS)
def test_a_coordinator_without_totp_is_sent_to_its_activation_page(cast, required, who):
    client = login(getattr(cast, who))
    for url in (
        reverse("home"),
        reverse("schools:school_list"),
        reverse("schools:region_detail", args=[cast.region.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp")


def test_the_admin_site_is_behind_the_same_requirement(cast, required):
    response = login(cast.admin).get("/admin/")
    assert response["Location"] == reverse("mfa_activate_totp")


def test_an_htmx_request_of_a_coordinator_without_totp_is_redirected_by_htmx(cast, required):
    response = login(cast.regional).get(reverse("home"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("who", COORDINATORS)
def test_a_coordinator_may_still_open_the_two_factor_pages_and_log_out(cast, required, who):
    client = login(getattr(cast, who))
    assert client.get(reverse("mfa_index")).status_code == 200
    # Activation asks for the password once more (allauth's reauthentication), which is also allowed.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(reverse("account_reauthenticate")).status_code == 200
    assert client.post(reverse("accessibility_toggle"), {"next": "/"}).status_code == 302
    assert client.post(reverse("account_logout")).status_code == 302


@pytest.mark.parametrize("who", COORDINATORS)
def test_a_coordinator_with_totp_works_normally(cast, required, who):
    user = getattr(cast, who)
    mfa.totp_activate(user=user)
    assert login(user).get(reverse("home")).status_code == 200


@pytest.mark.parametrize("who", OTHERS)
def test_curators_and_school_staff_are_not_forced_but_may_turn_totp_on(cast, required, who):
    client = login(getattr(cast, who))
    response = client.get(reverse("home"))
    assert response.status_code in (200, 302)
    assert response.get("Location", "") != reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_index")).status_code == 200


def test_the_requirement_can_be_switched_off(cast, settings):
    settings.MFA_REQUIRED_FOR_COORDINATORS = False
    assert login(cast.regional).get(reverse("home")).status_code == 200


def test_the_two_factor_page_is_in_the_menu_of_every_user(cast):
    for who in (*COORDINATORS, "curator"):
        user = getattr(cast, who)
        if who in COORDINATORS:
            mfa.totp_activate(user=user)
        html = login(user).get(reverse("home")).content.decode()
        assert reverse("mfa_index") in html, who


def test_a_whole_totp_activation_through_the_pages_then_login_asks_for_the_code(cast, required, client):
    from tests.conftest import PASSWORD

    client.post(reverse("account_login"), {"login": cast.regional.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_now(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert mfa.has_totp(cast.regional)
    assert client.get(reverse("home")).status_code == 200

    client.post(reverse("account_logout"))
    response = client.post(reverse("account_login"), {"login": cast.regional.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302  # not signed in until the code is given


def test_the_cabinet_shows_the_state_of_two_factor_protection(cast):
    html = login(cast.curator).get(reverse("home")).content.decode()
    assert "Безопасность входа" in html and "не включена" in html
    mfa.totp_activate(user=cast.curator)
    html = login(cast.curator).get(reverse("home")).content.decode()
    assert "Вход защищён кодом" in html
