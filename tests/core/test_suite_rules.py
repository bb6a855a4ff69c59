"""The suite's own rules (tests/conftest.py), checked on a throw-away test module run by a child pytest:
a test that leaks global state fails, and with CI=true a skipped test fails with its reason."""

import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import pytest
from django.conf import settings
from django.utils import translation

from medk.celery import app


def test_leaks_celery_conf():
    app.conf.task_always_eager = False


def test_leaks_a_setting():
    settings.LANGUAGES.append(("en", "English"))  # in place: no fixture can undo it


def test_leaks_the_language():
    translation.activate("en")


def test_restores_through_fixtures(settings, celery_task_mode):
    settings.UPLOAD_MAX_BYTES = 1
    celery_task_mode.CELERY_TASK_ALWAYS_EAGER = False


def test_skips():
    pytest.skip("нет браузера")
"""


def run_probe(tmp_path, ci: bool) -> str:
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nDJANGO_SETTINGS_MODULE = medk.settings\n", encoding="utf-8")
    (tmp_path / "conftest.py").write_text(  # the project's conftest, fixtures and hooks, for the probe module
        "from tests import conftest\nglobals().update({k: v for k, v in vars(conftest).items() if k[:2] != '__'})\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "CI", "MEDK_"))}
    env |= {"CI": "true"} if ci else {}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pytest", "-c", str(tmp_path / "pytest.ini")]
        + ["-p", "no:randomly", "-p", "no:cacheprovider", "-rA", "-q", str(tmp_path / "test_probe.py")],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env=env,
        timeout=300,
        check=False,
    )
    return result.stdout + result.stderr


def test_a_test_that_leaks_celery_conf_settings_or_language_fails_and_one_using_fixtures_passes(tmp_path):
    out = run_probe(tmp_path, ci=False)
    leaked = "Тест оставил изменённое глобальное состояние"
    for name in ("test_leaks_celery_conf", "test_leaks_a_setting", "test_leaks_the_language"):
        assert f"ERROR at teardown of {name}" in out
    assert f"{leaked}: Celery conf" in out
    assert f"{leaked}: Django settings: LANGUAGES" in out
    assert f"{leaked}: language: 'ru' → 'en'" in out
    assert "PASSED" in out and "test_probe.py::test_restores_through_fixtures" in out
    assert "SKIPPED" in out and "нет браузера" in out


def test_in_ci_a_skipped_test_fails_with_its_reason(tmp_path):
    out = run_probe(tmp_path, ci=True)
    assert "FAILED" in out and "пропуск запрещён" in out and "нет браузера" in out
    assert "SKIPPED" not in out
