"""The one cast of users every test module shares.

Two regions: «home» with two municipalities (mun_a with schools school_a and school_b, mun_b with
school_c) and a «foreign» region with foreign_school. The curator curates school_a and school_b; the
director runs school_a; the outsider is the director of foreign_school.
"""

from dataclasses import dataclass

import pytest
from django.test import Client

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


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


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
def _fast_password_hasher(settings):
    # PBKDF2 is deliberately slow; tests hash many passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    # As in production: coordinators and administrators without TOTP are sent to set it up.
    settings.MFA_REQUIRED_FOR_COORDINATORS = True


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker process on the real Redis broker, using the test database.

    Tests that use it must commit their data (transactional_db) and wait for the task's
    status record. Without REDIS_URL and PostgreSQL (the embedded default) it skips and says why.
    """
    import os
    import subprocess
    import sys
    import time

    from django.db import connection

    from medk.celery import app

    if not os.environ.get("REDIS_URL"):
        pytest.skip("Нужен REDIS_URL (реальный Redis): тест запускает настоящий Celery worker")
    if connection.vendor != "postgresql":
        pytest.skip("Нужна PostgreSQL: worker работает в отдельном процессе с той же тестовой базой")
    s = connection.settings_dict
    db_url = (
        f"postgres://{s['USER']}:{s.get('PASSWORD') or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    )
    env = os.environ | {"DATABASE_URL": db_url, "CELERY_TASK_ALWAYS_EAGER": "0"}
    app.control.purge()
    proc = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "medk",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "warning",
            "-n",
            f"test{os.getpid()}@%h",
        ],
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if app.control.ping(timeout=0.5):
                break
            if proc.poll() is not None:
                pytest.fail("Celery worker завершился при запуске")
        else:
            pytest.fail("Celery worker не ответил за 60 с")
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


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
