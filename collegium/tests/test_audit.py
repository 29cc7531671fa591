import json
import os

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import DatabaseError, connection, transaction

from collegium.core import audit
from collegium.core.exceptions import UnauditedWrite
from collegium.core.models import AuditRecord
from collegium.registry.models import Organization
from collegium.registry.services import organization_update


@pytest.fixture
def chain(make_org):
    """A chain of a few records: three organizations created and one renamed."""
    a = make_org("alpha")
    make_org("beta")
    make_org("gamma")
    organization_update(actor=_admin(), organization=a, data={"name_en": "Alpha"})
    return AuditRecord.objects.count()


def _admin():
    from collegium.accounts.models import User

    return User.objects.get(username="root")


def _without_triggers():
    """Drop the append-only triggers inside the test transaction (rolled back after)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_delete")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_replace")
        else:
            cursor.execute("ALTER TABLE core_auditrecord DISABLE TRIGGER USER")


def test_every_service_write_appends_a_record(chain):
    """Creating three organizations and renaming one leaves a verified chain."""
    actions = list(AuditRecord.objects.values_list("action", flat=True))
    assert actions.count("organization.create") == 3
    assert actions[-1] == "organization.update"
    last = AuditRecord.objects.order_by("-seq").first()
    assert last.changes == {"before": {"name_en": "ALPHA"}, "after": {"name_en": "Alpha"}}
    assert audit.verify_chain().ok


def test_password_hash_never_enters_the_chain(site_admin):
    """User snapshots leave out the password hash."""
    record = AuditRecord.objects.get(action="user.create")
    assert "password" not in json.dumps(record.changes)


COLUMNS = (
    "seq, created_at, actor_id, actor, organization_id, organization, action, "
    "object_type, object_id, object_repr, changes, prev_hash, hash"
)
# Record #2 again with a forged description: written over the original it
# changes a row whose hash no longer covers it.
FORGED_2 = COLUMNS.replace("object_repr", "'forged'")
# Record #2 carrying the hash of record #3: it meets both rows.
TWO_ROWS = COLUMNS.replace(", hash", ", (SELECT hash FROM core_auditrecord WHERE seq = 3)")

# Every statement that could change or remove a row of the audit table.
REWRITES = {
    "sqlite": {
        "update": "UPDATE core_auditrecord SET action = 'x'",
        "update-or-replace": "UPDATE OR REPLACE core_auditrecord SET seq = 2 WHERE seq = 3",
        "delete": "DELETE FROM core_auditrecord",
        "replace": f"REPLACE INTO core_auditrecord ({COLUMNS}) "
        f"SELECT {FORGED_2} FROM core_auditrecord WHERE seq = 2",
        "replace-two-rows": f"REPLACE INTO core_auditrecord ({COLUMNS}) "
        f"SELECT {TWO_ROWS} FROM core_auditrecord WHERE seq = 2",
        "replace-rowid": f"REPLACE INTO core_auditrecord (rowid, {COLUMNS}) "
        f"SELECT rowid, seq + 1000, created_at, actor_id, actor, organization_id, "
        "organization, action, object_type, object_id, object_repr, changes, prev_hash, "
        "'f' || substr(hash, 2) FROM core_auditrecord WHERE seq = 2",
        "insert-or-replace": f"INSERT OR REPLACE INTO core_auditrecord ({COLUMNS}) "
        f"SELECT {FORGED_2} FROM core_auditrecord WHERE seq = 2",
        "upsert": f"INSERT INTO core_auditrecord ({COLUMNS}) "
        f"SELECT {COLUMNS} FROM core_auditrecord WHERE seq = 2 "
        "ON CONFLICT (seq) DO UPDATE SET object_repr = 'forged'",
        "upsert-hash": f"INSERT INTO core_auditrecord ({COLUMNS}) "
        f"SELECT seq + 1000, {COLUMNS.partition(', ')[2]} FROM core_auditrecord WHERE seq = 2 "
        "ON CONFLICT (hash) DO UPDATE SET object_repr = 'forged'",
    },
    "postgresql": {
        "update": "UPDATE core_auditrecord SET action = 'x'",
        "delete": "DELETE FROM core_auditrecord",
        "truncate": "TRUNCATE core_auditrecord",
        "upsert": f"INSERT INTO core_auditrecord ({COLUMNS}) "
        f"SELECT {COLUMNS} FROM core_auditrecord WHERE seq = 2 "
        "ON CONFLICT (seq) DO UPDATE SET object_repr = 'forged'",
        "upsert-hash": f"INSERT INTO core_auditrecord ({COLUMNS}) "
        f"SELECT seq + 1000, {COLUMNS.partition(', ')[2]} FROM core_auditrecord WHERE seq = 2 "
        "ON CONFLICT (hash) DO UPDATE SET object_repr = 'forged'",
        "merge-update": "MERGE INTO core_auditrecord AS a USING (SELECT 2 AS seq) AS s "
        "ON a.seq = s.seq WHEN MATCHED THEN UPDATE SET object_repr = 'forged'",
        "merge-delete": "MERGE INTO core_auditrecord AS a USING (SELECT 2 AS seq) AS s "
        "ON a.seq = s.seq WHEN MATCHED THEN DELETE",
    },
}


def _rows() -> list[tuple]:
    return list(AuditRecord.objects.order_by("seq").values_list())


@pytest.mark.parametrize(
    "name", sorted({name for statements in REWRITES.values() for name in statements})
)
def test_database_rejects_rewrites(chain, name):
    """The triggers refuse every statement that would change or remove a record."""
    statement = REWRITES[connection.vendor].get(name)
    if statement is None:
        pytest.skip(f"no {name} statement on {connection.vendor}")
    before = _rows()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert _rows() == before


def test_two_replaces_cannot_remove_the_head(chain):
    """The rewrite of issue 8: REPLACE the head's predecessor over the head, then restore it.

    Without the insert trigger the chain ends one record early and still
    verifies; with it the first REPLACE is refused.  (PostgreSQL has no REPLACE.)
    """
    if connection.vendor != "sqlite":
        pytest.skip("REPLACE is SQLite's")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {COLUMNS} FROM core_auditrecord WHERE seq = %s", [chain - 1])  # noqa: S608 (constant)
        predecessor = cursor.fetchone()

    def replace_the_head_away() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"REPLACE INTO core_auditrecord ({COLUMNS}) SELECT "  # noqa: S608 (constant)
                + COLUMNS.replace(", hash", ", (SELECT hash FROM core_auditrecord WHERE seq = %s)")
                + " FROM core_auditrecord WHERE seq = %s",
                [chain, chain - 1],
            )
            placeholders = ", ".join(["%s"] * len(predecessor))
            cursor.execute(
                f"REPLACE INTO core_auditrecord ({COLUMNS}) VALUES ({placeholders})", predecessor
            )

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        replace_the_head_away()
    assert AuditRecord.objects.count() == chain
    assert audit.verify_chain().head_seq == chain


def _tamper(sql: str, params=()):
    _without_triggers()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    ("tampering", "expected"),
    [
        ("UPDATE core_auditrecord SET object_repr = 'forged' WHERE seq = 3", 3),
        ("DELETE FROM core_auditrecord WHERE seq = 2", 2),
        ("UPDATE core_auditrecord SET seq = seq + 100 WHERE seq = 4", 4),
    ],
    ids=["edited", "deleted", "moved"],
)
def test_verify_finds_the_first_broken_record(chain, tampering, expected):
    _tamper(tampering)
    result = audit.verify_chain()
    assert not result.ok
    assert result.broken_seq == expected


def test_verify_finds_an_inserted_record(chain):
    """A forged row with a valid-looking hash but no link to its predecessor is caught."""
    record = AuditRecord.objects.get(seq=2)
    _tamper(
        "INSERT INTO core_auditrecord (seq, created_at, actor_id, actor, organization_id, organization, action, object_type, object_id, object_repr, changes, prev_hash, hash) "
        "SELECT seq + 1000, created_at, actor_id, actor, organization_id, organization, action, object_type, object_id, object_repr, changes, prev_hash, %s FROM core_auditrecord WHERE seq = 2",
        ["f" * 64],
    )
    result = audit.verify_chain()
    assert not result.ok
    assert result.broken_seq == chain + 1
    assert record.seq == 2


def test_swapped_records_are_detected(chain):
    """Reordering two records breaks the chain at the first of them."""
    _tamper("UPDATE core_auditrecord SET seq = -2 WHERE seq = 2")
    _tamper("UPDATE core_auditrecord SET seq = 2 WHERE seq = 3")
    _tamper("UPDATE core_auditrecord SET seq = 3 WHERE seq = -2")
    result = audit.verify_chain()
    assert result.broken_seq == 2


def test_bulk_update_outside_a_service_fails(chain):
    """QuerySet.update() on an audited model outside a service raises."""
    with pytest.raises(UnauditedWrite, match="outside a service"):
        Organization.objects.filter(slug="alpha").update(name_en="x")
    with pytest.raises(UnauditedWrite):
        Organization.objects.bulk_create([Organization(slug="z", kind="other", name_ru="z")])
    org = Organization.objects.get(slug="beta")
    org.name_en = "changed"
    with pytest.raises(UnauditedWrite):
        org.save()


def test_checkpoint_detects_truncation(chain, tmp_path, settings):
    settings.AUDIT_SIGNING_KEY_PATH = tmp_path / "key.pem"
    checkpoint = audit.checkpoint_create()
    audit.checkpoint_check(checkpoint)
    _tamper("DELETE FROM core_auditrecord WHERE seq >= %s", [chain])
    assert audit.verify_chain().ok  # the shortened chain is consistent in itself
    with pytest.raises(audit.CheckpointError, match="truncated"):
        audit.checkpoint_check(checkpoint)


def test_checkpoint_with_forged_signature_is_refused(chain, tmp_path, settings):
    settings.AUDIT_SIGNING_KEY_PATH = tmp_path / "key.pem"
    checkpoint = audit.checkpoint_create()
    checkpoint["statement"]["head_seq"] = 1
    with pytest.raises(audit.CheckpointError, match="signature"):
        audit.checkpoint_check(checkpoint)


def _raw_public(key) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def test_the_signing_key_is_created_once_whole_and_private(tmp_path):
    """Created on first use (mode 0600, nothing else left in its folder), then read back."""
    path = tmp_path / "keys" / "audit.pem"
    created = audit.load_signing_key(path, create=True)
    assert path.stat().st_mode & 0o777 == 0o600
    assert [entry.name for entry in path.parent.iterdir()] == ["audit.pem"]
    assert _raw_public(audit.load_signing_key(path)) == _raw_public(created)


def test_a_signing_key_another_process_created_meanwhile_is_the_one(tmp_path, monkeypatch):
    """Two processes creating the key at once: the second keeps the first's, not its own."""
    path = tmp_path / "audit.pem"
    theirs = Ed25519PrivateKey.generate()
    their_pem = theirs.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    real_link = os.link

    def link_after_the_other_process(source, target):
        path.write_bytes(their_pem)
        return real_link(source, target)

    monkeypatch.setattr(audit.os, "link", link_after_the_other_process)
    mine = audit.load_signing_key(path, create=True)
    assert _raw_public(mine) == _raw_public(theirs)
    assert path.read_bytes() == their_pem
    assert [entry.name for entry in tmp_path.iterdir()] == ["audit.pem"]


@pytest.mark.parametrize("value", [1e16, 2.5e-320, 0.1, -0.0])
def test_floats_hash_alike_on_every_database(db, value):
    """Floats are kept as text in the chain, so the stored row rehashes to the same value."""
    with transaction.atomic():
        audit.append(actor=None, action="test.float", object_type="test", changes={"v": value})
    assert audit.verify_chain().ok
    assert AuditRecord.objects.order_by("-seq").first().changes == {"v": repr(value)}


def _head_reads(queries) -> int:
    return sum("ORDER BY seq DESC LIMIT 1" in query["sql"] for query in queries)


def test_a_unit_reads_the_head_once_and_takes_the_lock_once(chain):
    """In a unit, each append links to the one before it without asking the database again."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries, audit.unit():
        audit.append(actor=None, action="test.one", object_type="core.test")
        audit.append_many(actor=None, entries=[audit.Entry("test.two", "core.test")] * 2)
        audit.append(actor=None, action="test.three", object_type="core.test")
    assert _head_reads(queries) == 1
    locks = sum("pg_advisory_xact_lock" in query["sql"] for query in queries)
    assert locks == (1 if connection.vendor == "postgresql" else 0)
    assert AuditRecord.objects.count() == chain + 4
    assert audit.verify_chain().ok


def test_a_unit_forgets_the_head_of_a_savepoint_rolled_back(chain):
    """A record appended in a savepoint that rolls back is gone: the next links to the one before."""
    with audit.unit():
        audit.append(actor=None, action="test.kept", object_type="core.test")
        try:
            with transaction.atomic():
                audit.append(actor=None, action="test.undone", object_type="core.test")
                raise RuntimeError
        except RuntimeError:
            pass
        audit.append(actor=None, action="test.after", object_type="core.test")
    actions = list(AuditRecord.objects.order_by("-seq").values_list("action", flat=True)[:2])
    assert actions == ["test.after", "test.kept"]
    assert audit.verify_chain().ok


def test_a_deferred_unit_inserts_its_records_together_when_it_ends(chain):
    """Held back until the block ends, then one insert and one cache version move; same chain."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries, audit.unit(deferred=True):
        audit.append(actor=None, action="test.one", object_type="core.test")
        audit.append_many(actor=None, entries=[audit.Entry("test.two", "registry.test")] * 2)
        assert AuditRecord.objects.count() == chain  # nothing written yet
        audit.append(actor=None, action="test.three", object_type="core.test")
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "core_auditrecord"')]
    moves = [q for q in queries if q["sql"].startswith('INSERT INTO "core_cacheversion"')]
    assert (len(inserts), len(moves)) == (1, 1)
    actions = list(AuditRecord.objects.order_by("-seq").values_list("action", flat=True)[:4])
    assert actions == ["test.three", "test.two", "test.two", "test.one"]
    assert audit.verify_chain().ok


def test_a_deferred_unit_that_fails_writes_nothing(chain):
    def fail():
        with audit.unit(deferred=True):
            audit.append(actor=None, action="test.undone", object_type="core.test")
            raise RuntimeError("undone")

    with pytest.raises(RuntimeError, match="undone"):
        fail()
    assert AuditRecord.objects.count() == chain
    with transaction.atomic():
        audit.append(actor=None, action="test.after", object_type="core.test")
    assert audit.verify_chain().ok


def test_a_deferred_unit_refuses_an_append_under_a_savepoint(chain):
    """A record held in memory could not follow a savepoint's rollback."""

    def nest():
        with audit.unit(deferred=True), transaction.atomic():
            audit.append(actor=None, action="test.nested", object_type="core.test")

    with pytest.raises(RuntimeError, match="savepoint"):
        nest()
    assert AuditRecord.objects.count() == chain
