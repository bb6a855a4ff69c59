"""The Django admin accepts no password of its own: its login goes through allauth, so the same attempt
limits, two-factor authentication and audit apply everywhere a password is accepted (issue 16, item 1)."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import reverse

from audit.models import AuditEvent
from tests.conftest import PASSWORD


@pytest.fixture
def production_like(settings):
    settings.DEBUG = False
    settings.MFA_REQUIRED_FOR_COORDINATORS = True
    cache.clear()
    yield
    cache.clear()


def test_a_password_posted_to_the_admin_login_gives_no_session_to_a_totp_administrator(cast, client, production_like):
    response = client.post("/admin/login/?next=/admin/", {"username": cast.admin.email, "password": PASSWORD})
    assert SESSION_KEY not in client.session
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get("/admin/").status_code == 302
    assert client.get(reverse("audit:event_list")).status_code == 302


def test_the_admin_login_page_sends_the_visitor_to_the_portal_login_keeping_next(client, db, production_like):
    response = client.get("/admin/login/?next=/admin/schools/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2Fschools%2F"
    # The admin index itself, for an anonymous visitor, ends at the same place.
    assert client.get("/admin/", follow=True).redirect_chain[-1][0].startswith(reverse("account_login"))


def test_the_portal_login_asks_a_totp_administrator_for_the_code_before_the_admin_opens(cast, client, production_like):
    response = client.post(
        reverse("account_login") + "?next=/admin/", {"login": cast.admin.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 302


def test_wrong_passwords_for_the_administrator_are_limited_and_recorded_whichever_form_is_used(
    cast, client, production_like
):
    for _ in range(30):
        client.post("/admin/login/", {"username": cast.admin.email, "password": "wrong"})
        client.post(reverse("account_login"), {"login": cast.admin.email, "password": "wrong"})
    # allauth's limit (5 failures) stopped the portal form; the admin form never checked a password at all.
    assert AuditEvent.objects.filter(action="login_failed", actor=cast.admin).count() <= 5
    response = client.post(reverse("account_login"), {"login": cast.admin.email, "password": PASSWORD})
    assert response.status_code == 429 or SESSION_KEY not in client.session
