"""The audit trail (issue 16, item 6): TRUNCATE refused, a database role that can only add rows, failed TOTP
codes recorded, and rights granted by imports recorded per person."""

import io
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audit.models import AuditEvent
from schools import importing, mfa
from tests.conftest import PASSWORD
from tests.schools.xlsx import xlsx

APP_ROLE_SQL = Path(settings.BASE_DIR) / "deploy" / "db-init" / "app-role.psql"

postgresql_only = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="триггеры и роли — только в PostgreSQL",
)


def refused(sql: str) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError:
        return True
    return False


@postgresql_only
def test_the_database_refuses_truncate_of_the_audit_trail(cast):
    AuditEvent.objects.create(action="login")
    assert refused("TRUNCATE audit_auditevent")
    assert refused("TRUNCATE audit_auditevent CASCADE")
    assert AuditEvent.objects.filter(action="login").exists()


def _app_role_statements(role: str) -> list[str]:
    """deploy/db-init/app-role.psql with its psql variables filled in, one statement each."""
    text = "\n".join(line for line in APP_ROLE_SQL.read_text().splitlines() if not line.startswith("--"))
    text = (
        text.replace(':"app_role"', f'"{role}"')
        .replace(":'app_password'", "'test-only'")
        .replace(':"db"', f'"{connection.settings_dict["NAME"]}"')
    )
    return [s.strip() for s in text.split(";") if s.strip()]


@postgresql_only
def test_the_application_role_adds_rows_but_cannot_truncate_alter_or_touch_triggers(cast):
    role = f"medk_app_test_{int(time.time() * 1000) % 10**9}"
    # Everything here, the role included, is rolled back with the test's transaction.
    with connection.cursor() as cursor:
        for statement in _app_role_statements(role):
            cursor.execute(statement)
        # What audit migration 0003 does on a real installation for the role that existed when it ran.
        cursor.execute(f'REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditevent FROM "{role}"')
        cursor.execute(f'SET ROLE "{role}"')
    try:
        AuditEvent.objects.create(action="login")  # rows are added
        assert cast.school_a.__class__.objects.filter(pk=cast.school_a.pk).update(address="ул. Новая, 1") == 1
        assert refused("TRUNCATE audit_auditevent")
        assert refused("TRUNCATE schools_school CASCADE")
        assert refused("UPDATE audit_auditevent SET action = 'x'")
        assert refused("DELETE FROM audit_auditevent")
        assert refused("ALTER TABLE audit_auditevent DISABLE TRIGGER ALL")
        assert refused("DROP TRIGGER audit_event_append_only ON audit_auditevent")
        assert refused("ALTER TABLE schools_school ADD COLUMN x int")
        assert refused("CREATE TABLE evil (x int)")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def test_a_wrong_totp_code_is_recorded_against_the_account(cast, client):
    cache.clear()
    mfa.totp_activate(user=cast.regional)
    client.post(reverse("account_login"), {"login": cast.regional.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="mfa_failed")
    assert event.actor == cast.regional
    assert event.region_id == cast.region.pk
    assert event.details["type"] == "totp"
    cache.clear()


def test_roles_granted_by_an_import_are_recorded_per_person(cast):
    headers = ["ФИО", "E-mail", "Телефон", "Муниципалитет", "Регион"]
    rows = [
        ["Сидорова Ольга Ивановна", "sidorova@example.ru", "", "Сафоновский район", "Смоленская область"],
        ["Кротов Илья Маркович", "krotov@example.ru", "", "Краснинский район", "Смоленская область"],
    ]
    before = AuditEvent.objects.filter(action="role_grant").count()
    result = importing.run(kind="coordinators", file=io.BytesIO(xlsx([headers, *rows])), year=cast.year)
    assert result.applied
    events = AuditEvent.objects.filter(action="role_grant").order_by("pk")[before:]
    assert sorted(e.details["user"] for e in events) == ["krotov@example.ru", "sidorova@example.ru"]
    assert {e.region_id for e in events} == {cast.region.pk}
    # A re-import changes nothing and records nothing.
    importing.run(kind="coordinators", file=io.BytesIO(xlsx([headers, *rows])), year=cast.year)
    assert AuditEvent.objects.filter(action="role_grant").count() == before + 2


def test_school_rights_granted_by_an_import_are_recorded_per_person_and_school(cast):
    headers = ["ФИО куратора", "E-mail куратора", "ИНН школы", "Номер договора", "Дата договора"]
    rows = [
        ["Новикова Вера Павловна", "novikova@example.ru", cast.school_c.inn, "Д-17", "01.03.2026"],
        ["Новикова Вера Павловна", "novikova@example.ru", cast.foreign_school.inn, "Д-17", "01.03.2026"],
    ]
    result = importing.run(kind="curators", file=io.BytesIO(xlsx([headers, *rows])), year=cast.year)
    assert result.applied
    grants = AuditEvent.objects.filter(action="permission_grant", details__user="novikova@example.ru")
    assert {(e.school_id, e.region_id) for e in grants} == {
        (cast.school_c.pk, cast.region.pk),
        (cast.foreign_school.pk, cast.foreign_region.pk),
    }
    assert grants.count() == 2 * len({e.details["permission"] for e in grants})
