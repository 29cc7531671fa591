"""Make the audit table append-only in the database itself.

Triggers reject UPDATE and DELETE (and TRUNCATE on PostgreSQL) whatever the
client, so a bug or a careless query cannot rewrite history; tampering then
needs someone to drop the triggers first, which ``audit verify`` still detects.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE TRIGGER core_auditrecord_no_update BEFORE UPDATE ON core_auditrecord
    BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
    """,
    """
    CREATE TRIGGER core_auditrecord_no_delete BEFORE DELETE ON core_auditrecord
    BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_auditrecord_no_update;",
    "DROP TRIGGER IF EXISTS core_auditrecord_no_delete;",
]

POSTGRES_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION core_auditrecord_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit records are append-only' USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER core_auditrecord_no_update_delete
    BEFORE UPDATE OR DELETE ON core_auditrecord
    FOR EACH ROW EXECUTE FUNCTION core_auditrecord_append_only();
    """,
    """
    CREATE TRIGGER core_auditrecord_no_truncate
    BEFORE TRUNCATE ON core_auditrecord
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditrecord_append_only();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_auditrecord_no_truncate ON core_auditrecord;",
    "DROP TRIGGER IF EXISTS core_auditrecord_no_update_delete ON core_auditrecord;",
    "DROP FUNCTION IF EXISTS core_auditrecord_append_only();",
]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(
        schema_editor.connection.vendor
    )
    if statements is None:
        raise RuntimeError("the audit table needs append-only triggers: use SQLite or PostgreSQL")
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(
        schema_editor.connection.vendor, []
    )
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
