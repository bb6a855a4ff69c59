"""Login by e-mail (allauth), no sign-up, password reset by e-mail, rate limit after repeated failures."""

import random
import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from schools.models import User
from tests.conftest import PASSWORD


def client_from_own_ip() -> Client:
    # allauth counts failures per IP in the (real, shared) cache: a fresh IP keeps tests independent.
    return Client(REMOTE_ADDR=f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}")


def test_a_user_logs_in_with_e_mail_and_password_and_lands_in_the_cabinet(cast):
    client = client_from_own_ip()
    response = client.post(reverse("account_login"), {"login": "Director@Example.ru", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    # A director's cabinet opens on what to do now, with a link to the school's page.
    page = client.get(reverse("home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Что сделать сейчас" in html
    assert reverse("schools:school_detail", args=[cast.school_a.pk]) in html


def test_a_wrong_password_does_not_log_in(cast):
    client = client_from_own_ip()
    response = client.post(reverse("account_login"), {"login": cast.regional.email, "password": "wrong-password"})
    assert response.status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_there_is_no_open_sign_up(db):
    client = client_from_own_ip()
    page = client.get(reverse("account_signup"))
    assert "Регистрация закрыта" in page.content.decode()
    client.post(
        reverse("account_signup"),
        {"email": "new@example.ru", "password1": "x-Very-long-1", "password2": "x-Very-long-1"},
    )
    assert not User.objects.filter(email="new@example.ru").exists()
    login_page = client.get(reverse("account_login")).content.decode()
    assert reverse("account_signup") not in login_page


def test_password_reset_sends_a_working_link(cast):
    client = client_from_own_ip()
    response = client.post(reverse("account_reset_password"), {"email": cast.director.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.director.email]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0] if form.redirect_chain else link
    done = client.post(set_url, {"password1": "Brand-New-pass-42", "password2": "Brand-New-pass-42"})
    assert done.status_code == 302

    cast.director.refresh_from_db()
    assert cast.director.check_password("Brand-New-pass-42")
    fresh = client_from_own_ip()
    ok = fresh.post(reverse("account_login"), {"login": cast.director.email, "password": "Brand-New-pass-42"})
    assert ok.status_code == 302


def test_password_reset_for_an_unknown_e_mail_reveals_nothing(db):
    response = client_from_own_ip().post(reverse("account_reset_password"), {"email": "nobody@example.ru"})
    assert response.status_code == 302
    assert all("nobody@example.ru" not in m.to for m in mail.outbox if "password/reset/key" in m.body)


def test_repeated_failed_logins_are_rate_limited_even_with_the_right_password(db):
    from tests.factories import UserFactory

    user = UserFactory(email=f"limited{random.randint(0, 10**9)}@example.ru")  # its own rate-limit key
    client = client_from_own_ip()
    for _ in range(5):
        failed = client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})
        assert failed.status_code == 200
    blocked = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert blocked.status_code in (200, 429)
    assert "Слишком много неудачных попыток" in blocked.content.decode()
    assert client.get(reverse("home")).status_code == 302  # still not logged in
