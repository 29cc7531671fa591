"""Refuse on SQLite the inserts that replace audit records.

SQLite resolves a ``REPLACE`` (``INSERT OR REPLACE``, ``REPLACE INTO``) that
meets an existing sequence number, hash or rowid by deleting the old row, and
fires no DELETE trigger for it (unless ``recursive_triggers`` is on), so the
triggers of 0002 let it rewrite or remove records.  A BEFORE INSERT trigger
runs before the conflict is resolved: it aborts any insert whose sequence
number, hash or explicit rowid is taken already, which a genuine append never
does.  (``NEW.rowid`` is -1 when the statement leaves it out, never a row's.)

PostgreSQL needs nothing new: ``INSERT … ON CONFLICT DO UPDATE`` and
``MERGE`` fire the UPDATE and DELETE row triggers of 0002.
"""

from django.db import migrations

SQLITE_FORWARD = """
    CREATE TRIGGER core_auditrecord_no_replace BEFORE INSERT ON core_auditrecord
    WHEN EXISTS (SELECT 1 FROM core_auditrecord WHERE seq = NEW.seq)
      OR EXISTS (SELECT 1 FROM core_auditrecord WHERE hash = NEW.hash)
      OR EXISTS (SELECT 1 FROM core_auditrecord WHERE rowid = NEW.rowid)
    BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS core_auditrecord_no_replace;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_cache_versions")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
