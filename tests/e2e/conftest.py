"""Browser harness: Playwright drives Debian's chromium (never a downloaded browser) against live_server.

Without chromium the stories skip and say so plainly. Screenshots go to $E2E_ARTIFACTS
(default artifacts/e2e/), one folder per test, so CI can keep them as artefacts.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_PATH = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", "artifacts/e2e"))
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="session", autouse=True)
def _live_server_without_media():
    """MEDIA_URL is None on purpose (uploads are never public), but Django's live server wraps the app in a
    media handler that needs a URL prefix. Give that handler a prefix no page links to, so it serves nothing."""
    from django.test import testcases

    mp = pytest.MonkeyPatch()
    mp.setattr(testcases._MediaFilesHandler, "get_base_url", lambda self: "/__uploads-are-never-public__/")
    yield
    mp.undo()


_shared: dict = {}  # one Playwright and one chromium per test process, whichever module asks first


def _launch():
    from playwright.sync_api import sync_playwright

    if "browser" not in _shared:
        # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test itself
        # stay synchronous and safe.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        pw = sync_playwright().start()
        # launch() gives chromium a fresh temporary profile of its own (Playwright refuses --user-data-dir
        # here) and removes it on close; each test then gets its own isolated context.
        _shared["pw"] = pw
        _shared["browser"] = pw.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True)
    return _shared["browser"]


def _shutdown() -> None:
    browser, pw = _shared.pop("browser", None), _shared.pop("pw", None)
    if browser is not None:
        browser.close()
    if pw is not None:
        pw.stop()


@pytest.fixture(scope="session")
def _chromium():
    """The shared browser. Other test folders may import this fixture (and `browser`, `tasks`); they all
    get the same chromium, because Playwright's sync API can run only once per thread."""
    if not (os.path.exists(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK)):
        pytest.skip(
            f"Chromium не найден по пути {CHROMIUM_PATH}: браузерные сценарии НЕ запускались "
            "(установите: apt-get install chromium, или задайте CHROMIUM_PATH)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("Пакет playwright не установлен: браузерные сценарии НЕ запускались")
    yield _launch()
    _shutdown()


class Browser:
    """One browser context for one test: a page, a screenshot folder, helpers to log in and check a11y."""

    def __init__(self, browser, live_server, request, viewport=None):
        self.base = live_server.url
        self.context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 900}, locale="ru-RU", accept_downloads=True
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.shots = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
        self.shots.mkdir(parents=True, exist_ok=True)
        self._n = 0

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def goto(self, path: str):
        return self.page.goto(self.url(path))

    def shot(self, name: str) -> Path:
        self._n += 1
        target = self.shots / f"{self._n:02d}-{name}.png"
        self.page.screenshot(path=str(target), full_page=True)
        return target

    def login_form(self, user, password: str = "pass-Word-123") -> None:
        """Signs in through the real login page."""
        self.goto("/accounts/login/")
        self.page.get_by_label("E-mail").fill(user.email)
        self.page.get_by_label("Пароль").fill(password)
        self.page.get_by_role("button", name="Войти").click()
        self.page.wait_for_load_state()

    def login_cookie(self, user) -> None:
        """Signs in by planting a real session cookie (fast; the login form has its own story).

        Coordinators and administrators get a TOTP authenticator first when the portal requires one."""
        from schools import mfa

        if mfa.mfa_required(user) and not mfa.has_totp(user):
            mfa.totp_activate(user=user)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        self.context.clear_cookies()
        self.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": self.base}])

    def axe(self, include_moderate: bool = False) -> list[dict]:
        """Runs axe-core (WCAG 2.1 A/AA rules) and returns the serious and critical violations."""
        # add_script_tag would insert an inline <script>, which our strict CSP rightly blocks; evaluating
        # through the DevTools protocol is not subject to the page's CSP.
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.evaluate(AXE_PATH.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                resultTypes: ['violations']})"""
        )
        levels = {"serious", "critical"} | ({"moderate"} if include_moderate else set())
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
            if v["impact"] in levels
        ]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def browser(_chromium, live_server, request):
    b = Browser(_chromium, live_server, request)
    yield b
    b.close()


@pytest.fixture
def tasks(request, transactional_db):
    """Background tasks run for real: eagerly in the embedded default, or by a real Celery worker when
    REDIS_URL is set (CI), since the page polls for the task's result."""
    if os.environ.get("REDIS_URL"):
        return request.getfixturevalue("celery_worker")
    return None


@pytest.fixture
def phone(_chromium, live_server, request):
    b = Browser(_chromium, live_server, request, viewport=PHONE)
    yield b
    b.close()
