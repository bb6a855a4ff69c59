"""On PostgreSQL the database refuses TRUNCATE of the audit table as well (0002 covers UPDATE and DELETE).

TRUNCATE fires no row triggers, so this is a statement trigger using the same function. Emptying the table
now takes a deliberate act of a superuser (dropping the trigger, or `session_replication_role = replica`,
which is how the test suite flushes its database — tests/conftest.py).
"""

from django.db import migrations

CREATE = """
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
"""

# The application's role (deploy/db-init/app-role.psql) got UPDATE and DELETE on every table by default
# privileges; on the audit table no role but its owner keeps them.
REVOKE = """
DO $$
DECLARE grantee_name text;
BEGIN
    FOR grantee_name IN
        SELECT DISTINCT grantee FROM information_schema.role_table_grants
        WHERE table_schema = current_schema() AND table_name = 'audit_auditevent'
          AND privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE') AND grantee NOT IN (current_user, 'PUBLIC')
    LOOP
        EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditevent FROM ' || quote_ident(grantee_name);
    END LOOP;
END $$;
"""

DROP = "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        schema_editor.execute(REVOKE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [migrations.RunPython(forwards, backwards)]
