"""The one cast of users every test module shares.

Two regions: «home» with two municipalities (mun_a with schools school_a and school_b, mun_b with
school_c) and a «foreign» region with foreign_school. The curator curates school_a and school_b; the
director runs school_a; the outsider is the director of foreign_school.
"""

import json
import re
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from schools import mfa, services
from schools.models import RoleAssignment, SchoolStaff

from . import factories as f

PASSWORD = "pass-Word-123"


@dataclass
class Cast:
    year: object
    region: object
    mun_a: object
    mun_b: object
    school_a: object
    school_b: object
    school_c: object
    foreign_region: object
    foreign_school: object
    admin: object
    federal: object
    regional: object
    municipal: object
    curator: object
    director: object
    delegate: object
    outsider: object

    def users(self) -> dict:
        return {
            "admin": self.admin,
            "federal": self.federal,
            "regional": self.regional,
            "municipal": self.municipal,
            "curator": self.curator,
            "director": self.director,
            "outsider": self.outsider,
        }


@pytest.fixture
def cast(db) -> Cast:
    year = f.ProjectYearFactory(year=2026, is_current=True)
    region = f.RegionFactory(name="Смоленская область", code="67")
    mun_a = f.MunicipalityFactory(region=region, name="Краснинский район")
    mun_b = f.MunicipalityFactory(region=region, name="Сафоновский район")
    school_a = f.SchoolFactory(municipality=mun_a, short_name="МБОУ «Гусинская СШ»")
    school_b = f.SchoolFactory(municipality=mun_a, short_name="МБОУ «Мерлинская школа»")
    school_c = f.SchoolFactory(municipality=mun_b, short_name="МКОУ «Барановская СОШ»")
    foreign_region = f.RegionFactory(name="Ярославская область", code="76")
    foreign_mun = f.MunicipalityFactory(region=foreign_region, name="Угличский район")
    foreign_school = f.SchoolFactory(municipality=foreign_mun, short_name="МОУ «Чужая СОШ»")
    for s in (school_a, school_b, school_c, foreign_school):
        f.ParticipationFactory(school=s, year=year)

    admin = f.UserFactory(email="admin@example.ru", is_staff=True, is_superuser=True)
    federal = f.UserFactory(email="federal@example.ru")
    RoleAssignment.objects.create(user=federal, kind="federal", year=year)
    regional = f.UserFactory(email="regional@example.ru")
    RoleAssignment.objects.create(user=regional, kind="regional", year=year, region=region)
    municipal = f.UserFactory(email="municipal@example.ru")
    RoleAssignment.objects.create(user=municipal, kind="municipal", year=year, region=region, municipality=mun_a)
    curator = f.UserFactory(email="curator@example.ru")
    services.curator_assign(school=school_a, year=year, curator=curator, contract_number="К-1")
    services.curator_assign(school=school_b, year=year, curator=curator, contract_number="К-1")
    director = f.UserFactory(email="director@example.ru")
    services.staff_attach(school=school_a, user=director)
    delegate = f.UserFactory(email="delegate@example.ru")
    services.staff_attach(school=school_a, user=delegate, kind=SchoolStaff.Kind.DELEGATE)
    outsider = f.UserFactory(email="outsider@example.ru")
    services.staff_attach(school=foreign_school, user=outsider)
    # Coordinators and administrators must have two-factor protection (the suite runs with it required).
    for user in (admin, federal, regional, municipal):
        mfa.totp_activate(user=user)
    return Cast(
        year=year,
        region=region,
        mun_a=mun_a,
        mun_b=mun_b,
        school_a=school_a,
        school_b=school_b,
        school_c=school_c,
        foreign_region=foreign_region,
        foreign_school=foreign_school,
        admin=admin,
        federal=federal,
        regional=regional,
        municipal=municipal,
        curator=curator,
        director=director,
        delegate=delegate,
        outsider=outsider,
    )


# --- Skips: counted and explained locally, failures in CI ---------------------------------------------------------


def _in_ci() -> bool:
    import os

    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(config, items):
    # A test that drives the browser is a browser story, whatever folder it sits in; one that starts a worker
    # says so. `make test` runs these two kinds serially after the parallel part.
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & {"browser", "phone", "_chromium"} and not item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.e2e)
        if "celery_worker" in names and not item.get_closest_marker("celery_worker"):
            item.add_marker(pytest.mark.celery_worker)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.skipped and _in_ci() and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"В CI (CI=true) пропуск запрещён — тест должен выполниться. Причина пропуска: {reason}"
    return report


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Appends this run's skips (reason, test) to $MEDK_SKIP_LOG: `make test` prints their count and reasons last."""
    import os

    path = os.environ.get("MEDK_SKIP_LOG")
    if not path or hasattr(config, "workerinput"):
        return
    with open(path, "a", encoding="utf-8") as log:
        for report in terminalreporter.stats.get("skipped", []):
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            log.write(f"{reason.removeprefix('Skipped: ')}\t{report.nodeid}\n")


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# A GET never writes: no INSERT, UPDATE or DELETE while a GET is served (a SELECT … FOR UPDATE is a read too).
# The one exception is the audit trail, which records who downloaded what (a log, not the portal's state).
WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)
WRITE_ALLOWED_ON_GET = {"audit_auditevent"}


def writes_in(queries: list[dict]) -> list[str]:
    """The writing statements among `queries` (CaptureQueriesContext.captured_queries), but the audit log's."""
    found = []
    for q in queries:
        match = WRITE.match(q["sql"])
        if match and match.group(2).lower() not in WRITE_ALLOWED_ON_GET:
            found.append(q["sql"][:160])
    return found


def get_writing_nothing(client: Client, url: str):
    """GETs `url` and fails if serving it wrote to the database."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert not writes_in(captured.captured_queries), writes_in(captured.captured_queries)
    return response


READ_MARK = re.compile(r"<div hidden hx-post=\"([^\"]+)\"[^>]*data-read-mark\s+hx-vals='([^']+)'")


def open_page(client: Client, url: str):
    """GETs `url` as a browser would, then sends the page's «seen» report (its htmx POST on load), if it has one."""
    response = client.get(url)
    match = READ_MARK.search(response.content.decode())
    if match:
        posted = client.post(match.group(1), json.loads(match.group(2)))
        assert posted.status_code == 204, posted.content.decode()
    return response


@pytest.fixture
def client_for():
    return login


@pytest.fixture(scope="session", autouse=True)
def _flush_past_the_audit_trigger():
    """Tests with a real transaction (transactional_db: the Celery worker, the browser) end with Django's
    flush, a TRUNCATE of every table — which the audit trail refuses on PostgreSQL (audit migration 0003).
    The test database's superuser flushes in `session_replication_role = replica`, where ordinary triggers
    do not fire; the application itself never does (and its production role could not)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        return original(self, ["SET LOCAL session_replication_role = replica", *sql_list])

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = original


@pytest.fixture(autouse=True)
def _fast_password_hasher(_global_state_guard, settings):
    # PBKDF2 is deliberately slow; tests hash many passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _mfa_required(_global_state_guard, settings):
    # As in production: coordinators and administrators without TOTP are sent to set it up.
    settings.MFA_REQUIRED_FOR_COORDINATORS = True


# --- Global state: one owner of Celery's task mode, and a guard that no test leaks a change ----------------------


def cache_keys() -> set:
    """The keys of the default cache that belong to this test process (LocMem or Redis with our key prefix)."""
    from django.core.cache import cache

    if hasattr(cache, "own_keys"):  # medk.lib.cache.TolerantRedisCache
        try:
            return set(cache.own_keys())
        except Exception:  # noqa: BLE001 — Redis down (the outage tests): nothing to compare
            return set()
    return set(getattr(cache, "_cache", {}))


# Changed once per session by pytest-django itself (the test database's name, the live server's host).
_SESSION_OWNED = {"DATABASES", "ALLOWED_HOSTS"}


def _state() -> dict:
    import warnings

    from django.conf import settings
    from django.utils import translation

    from medk.celery import app

    with warnings.catch_warnings():  # reading a deprecated setting (EMAIL_USE_TLS…) warns
        warnings.simplefilter("ignore")
        django_settings = {
            name: repr(getattr(settings, name))
            for name in dir(settings)
            if name.isupper() and name not in _SESSION_OWNED
        }
    return {
        "Django settings": django_settings,
        "Celery conf": repr(sorted(app.conf.changes.items(), key=lambda kv: kv[0])),
        "cache": sorted(map(str, cache_keys())),
        "language": translation.get_language(),
    }


@pytest.fixture(autouse=True)
def _global_state_guard(_session_start):
    """Fails a test that leaves Django settings, Celery's configuration, the cache or the active language changed.
    Change them only through fixtures that restore them: pytest-django's `settings`, `celery_task_mode`;
    the cache is emptied after every test by `_cache_emptied_after`."""
    before = _state()
    yield
    after = _state()
    changed = []
    for what, value in before.items():
        if after[what] == value:
            continue
        if isinstance(value, dict):
            names = sorted(k for k in value.keys() | after[what].keys() if value.get(k) != after[what].get(k))
            changed.append(f"{what}: {', '.join(names)}")
        elif isinstance(value, list):
            changed.append(f"{what}: {sorted(set(after[what]) ^ set(value))[:10]}")
        else:
            changed.append(f"{what}: {value!r} → {after[what]!r}")
    if changed:
        pytest.fail("Тест оставил изменённое глобальное состояние: " + "; ".join(changed), pytrace=False)


@pytest.fixture(scope="session", autouse=True)
def _session_start(django_test_environment):
    from django.core.cache import cache

    from medk.celery import app

    assert app.conf.task_acks_late  # Celery reads its configuration now, not in the middle of the first test
    cache.clear()  # only this process's keys (medk/lib/cache.py), whatever an interrupted run left behind


@pytest.fixture(autouse=True)
def _cache_emptied_after(_global_state_guard):
    """Tests write counters to the cache (login rate limits, the questionnaire flood guard, used TOTP codes), and
    a process remembers intake links and the refreshes it scheduled: each test ends with all of them empty again,
    so nothing carries over into another test, whatever the order."""
    from django.core.cache import cache

    from monitoring.services import readmodel
    from surveys.selectors import respondents

    yield cache
    cache.clear()
    respondents.forget_intakes()  # the intake's per-process memory of links (INTAKE_SECONDS)
    readmodel.forget_scheduled()  # and of the answers' deferred refreshes it scheduled


@pytest.fixture(autouse=True)
def celery_task_mode(_global_state_guard, settings):
    """The one owner of Celery's task mode. Every test runs its tasks eagerly in the test process (errors
    propagate), whatever REDIS_URL says; a test that asks for `celery_worker` gets a real worker instead.
    Celery reads CELERY_* from Django settings, so pytest-django's `settings` fixture restores it."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return settings


class Worker:
    """A real Celery worker process started by a test (see `start_worker`)."""

    def __init__(self, proc, hostname: str, task_log):
        self.proc, self.hostname, self.task_log = proc, hostname, task_log

    @property
    def pid(self) -> int:
        return self.proc.pid

    def runs(self, task_name: str | None = None) -> list[dict]:
        import json

        if not self.task_log.exists():
            return []
        lines = [json.loads(line) for line in self.task_log.read_text(encoding="utf-8").splitlines() if line]
        return [r for r in lines if task_name is None or r["task"] == task_name]

    def assert_ran(self, task_name: str) -> None:
        """The task finished in this worker process: not in the test process, not in another worker."""
        import os

        def finished_runs():
            return [r for r in self.runs(task_name) if r["event"] == "finished"]

        try:  # the test saw the task's effect; the task itself may still be finishing
            finished = wait_for(finished_runs, timeout=30)
        except AssertionError:
            finished = []
        assert finished, f"задача {task_name} не выполнялась в worker {self.hostname}: {self.runs()}"
        for record in finished:
            assert record["pid"] == self.pid != os.getpid(), record
            assert record["hostname"] == self.hostname, record

    def stop(self, kill: bool = False) -> None:
        import os
        import signal
        import subprocess

        if self.proc.poll() is not None:
            return
        if kill:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=20)
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=20)


def require_worker_services() -> None:
    import os

    from django.db import connection

    if not os.environ.get("REDIS_URL"):
        pytest.skip("Нужен REDIS_URL (реальный Redis): тест запускает настоящий Celery worker")
    if connection.vendor != "postgresql":
        pytest.skip("Нужна PostgreSQL: worker работает в отдельном процессе с той же тестовой базой")


def start_worker(task_log, name: str, extra_env: dict | None = None) -> Worker:
    """Starts `celery worker` in its own process group, on the test database and the test's Redis, with
    tests.worker_probe loaded so it logs every task it runs to `task_log`; returns once it answers a ping."""
    import os
    import subprocess
    import sys
    import time

    from django.conf import settings
    from django.db import connection

    from medk.celery import app

    s = connection.settings_dict
    db_url = (
        f"postgres://{s['USER']}:{s.get('PASSWORD') or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    )
    hostname = f"{name}-{os.getpid()}@localhost"
    env = os.environ | {
        "DATABASE_URL": db_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "MEDK_TEST_TASK_LOG": str(task_log),
        # Files the worker writes go where this test reads them (tests point MEDIA_ROOT at their own folder).
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **(extra_env or {}),
    }
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "medk", "worker", "--include", "tests.worker_probe"]
        + ["--pool=solo", "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat"]
        + ["-l", "warning", "-n", hostname],
        env=env,
        cwd=settings.BASE_DIR,
        start_new_session=True,  # its own process group: a test can SIGKILL the worker with all it started
    )
    worker = Worker(proc, hostname, task_log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(destination=[hostname], timeout=0.5):
            return worker
        if proc.poll() is not None:
            pytest.fail("Celery worker завершился при запуске")
    worker.stop(kill=True)
    pytest.fail("Celery worker не ответил за 60 с")


@pytest.fixture
def celery_worker(transactional_db, celery_task_mode, tmp_path):
    """A real Celery worker process on the real Redis broker, using the test database; this test's tasks go to
    it, never run in the test process (checked at the end). Tests that use it commit their data
    (transactional_db), wait for the task's status record and call `celery_worker.assert_ran(task_name)`.
    Without REDIS_URL and PostgreSQL (the embedded default) it skips and says why — in CI that is a failure."""
    from celery.signals import task_prerun

    from medk.celery import app

    require_worker_services()
    celery_task_mode.CELERY_TASK_ALWAYS_EAGER = False
    in_process: list[str] = []

    def ran_here(sender=None, task=None, **kwargs):
        in_process.append(task.name)

    task_prerun.connect(ran_here, weak=False)
    app.control.purge()
    # Letters the worker sends land as files here (one file per mail connection), for the test to read.
    mail_dir = tmp_path / "mail"
    worker = start_worker(tmp_path / "tasks.jsonl", "test", extra_env={"EMAIL_FILE_PATH": str(mail_dir)})
    worker.mail_dir = mail_dir
    try:
        yield worker
    finally:
        worker.stop()
        task_prerun.disconnect(ran_here)
    assert not in_process, f"задачи выполнились в процессе теста, а не в worker: {in_process}"


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.2):
    """Polls until predicate() is truthy (for work done by the worker process)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("условие не выполнилось за отведённое время")
