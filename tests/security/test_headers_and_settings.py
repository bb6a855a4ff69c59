"""Security headers, the production configuration (`check --deploy`), session expiry."""

import datetime
import os
import subprocess
import sys

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login


def test_every_page_has_a_strict_content_security_policy(cast):
    for client, url in (
        (login(cast.regional), reverse("home")),
        (login(cast.director), reverse("schools:school_detail", args=[cast.school_a.pk])),
    ):
        csp = client.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert directives["form-action"] == "'self'"
        assert directives["base-uri"] == "'self'"
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_the_login_page_has_the_security_headers(client):
    response = client.get(reverse("account_login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Content-Security-Policy" in response


def test_every_response_switches_off_camera_microphone_geolocation_and_the_rest(cast, client):
    for response in (
        client.get(reverse("account_login")),
        login(cast.director).get(reverse("schools:school_detail", args=[cast.school_a.pk])),
        client.get(reverse("surveys:respond_start")),
        client.get("/no-such-page/"),
    ):
        policy = dict(p.strip().split("=", 1) for p in response["Permissions-Policy"].split(","))
        for feature in ("camera", "microphone", "geolocation", "payment", "usb", "display-capture", "fullscreen"):
            assert policy[feature] == "()", feature


def test_the_session_cookie_is_http_only_and_expires(cast, client):
    from tests.conftest import PASSWORD

    response = client.post(reverse("account_login"), {"login": cast.director.email, "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    # Without «Запомнить меня» the session ends with the browser; with it, after SESSION_COOKIE_AGE at most.
    assert client.session.get_expire_at_browser_close()
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600


def test_an_expired_session_sends_the_user_back_to_the_login_page(cast):
    client = login(cast.regional)
    assert client.get(reverse("home")).status_code == 200
    # Move the clock past the session's end instead of waiting for it: the real session middleware then finds
    # no live session for the cookie the browser still sends.
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    ended = Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert ended == 1
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def _manage(*args: str, **extra_env: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | extra_env
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "test-check-deploy-" + "x9Qz" * 16,
    "ALLOWED_HOSTS": "medk.example.ru",
}


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_turn_on_https_only_cookies_hsts_and_required_totp():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.MFA_REQUIRED_FOR_COORDINATORS)"
    )
    result = _manage("shell", "--no-imports", "-c", code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "True", "True", "True", "True"]


def test_collectstatic_succeeds_with_the_production_manifest_storage(tmp_path):
    # A vendored file pointing at a missing source map once broke the Docker build here.
    code = (
        "import sys, django; django.setup(); from django.conf import settings; "
        "settings.STATIC_ROOT = sys.argv[1]; "
        # the manifest step is what breaks on bad references; whitenoise's compression only adds minutes
        "settings.STORAGES['staticfiles'] = "
        "{'BACKEND': 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'}; "
        "from django.core.management import call_command; "
        "call_command('collectstatic', interactive=False, verbosity=0); "
        "import json, pathlib; m = json.loads((pathlib.Path(sys.argv[1]) / 'staticfiles.json').read_text()); "
        "print('css/portal.css' in m['paths'])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | PRODUCTION
    env["DJANGO_SETTINGS_MODULE"] = "medk.settings"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, str(tmp_path / "static")],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "True"
