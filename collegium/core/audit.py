"""The audit chain: every service write appends a hash-linked record.

Each record's hash is SHA-256 over the previous record's hash and the
canonical JSON of the record itself, so editing, deleting, inserting or
reordering any row breaks the chain from that row on.  ``verify_chain`` finds
the first broken sequence number; a signed checkpoint of the head, kept
outside the database, also reveals a chain truncated after it.

Appending also moves the read cache's version of the record's namespace, the
app label that starts its ``object_type`` (``core.cache``), in the same
transaction: the record and the new version commit or roll back together.
"""

import base64
import datetime as dt
import decimal
import hashlib
import json
import os
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any, TypedDict

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from collegium.core.audit_guard import Actor, writes_allowed
from collegium.core.cache import cache_versions_move
from collegium.core.models import AuditRecord

GENESIS_HASH = "0" * 64
# Any constant works; it only has to be the same for every writer.
_PG_CHAIN_LOCK_KEY = 7_290_411


def _jsonable(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, FieldFile):  # the stored file's name, not its bytes
        return value.name or ""
    return value


def snapshot(
    instance: models.Model, *, relations: dict[str, Iterable[models.Model]] | None = None
) -> dict[str, Any]:
    """Return the concrete field values of ``instance`` as JSON-ready data.

    Secrets named in the model's ``audit_exclude`` (password hashes, token
    digests) never enter the chain.  ``relations`` gives the records of
    many-to-many fields the caller has just set, which are then not read back.
    """
    relations = relations or {}
    excluded = getattr(instance, "audit_exclude", ())
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.attname in excluded:
            continue
        data[field.attname] = _jsonable(field.value_from_object(instance))
    if instance.pk is not None:
        for field in instance._meta.many_to_many:
            if field.name in relations:
                data[field.name] = sorted({related.pk for related in relations[field.name]})
                continue
            data[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    return data


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    """Return ``{"before": ..., "after": ...}`` restricted to the fields that changed."""
    if before is None or after is None:
        return {"before": before, "after": after}
    changed = sorted(k for k in after.keys() | before.keys() if before.get(k) != after.get(k))
    return {
        "before": {k: before.get(k) for k in changed},
        "after": {k: after.get(k) for k in changed},
    }


def _without_floats(value: object) -> object:
    """Return ``value`` with every float written as its shortest decimal string.

    PostgreSQL's jsonb hands numbers back in its own notation, so a hash over
    a float could not be recomputed from the stored row; text always can.
    """
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {str(key): _without_floats(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_without_floats(item) for item in value]
    return value


def canonical_json(data: object) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class RecordPayload(TypedDict):
    """What a record's hash covers: every column but the links of the chain."""

    seq: int
    at: str
    actor_id: int | None
    actor: str
    organization_id: int | None
    organization: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: Any


def record_payload(record: AuditRecord) -> RecordPayload:
    return {
        "seq": record.seq,
        "at": record.created_at.astimezone(dt.UTC).isoformat(),
        "actor_id": record.actor_id,
        "actor": record.actor,
        "organization_id": record.organization_id,
        "organization": record.organization,
        "action": record.action,
        "object_type": record.object_type,
        "object_id": record.object_id,
        "object_repr": record.object_repr,
        "changes": record.changes,
    }


def compute_hash(prev_hash: str, payload: RecordPayload) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical_json(payload)}".encode()).hexdigest()


@dataclass
class _Unit:
    """What a unit of work (``unit``) knows of the chain: the lock held, the head.

    Each fact is kept with the savepoints open when it was learnt; it holds
    while they all are (a savepoint rolled back takes the lock taken and the
    records appended inside it with it; one released merely makes the fact
    read again).  Savepoint ids are never reused on a connection.
    """

    locked_at: tuple[str, ...] | None = None
    head: tuple[int, str] | None = None
    head_at: tuple[str, ...] = ()
    # A deferred unit's records, written in one statement when it ends (see ``unit``).
    deferred_at: tuple[str, ...] | None = None
    pending: list[AuditRecord] = dataclass_field(default_factory=list)
    pending_namespaces: set[str] = dataclass_field(default_factory=set)


def _current_unit() -> tuple[_Unit | None, tuple[str, ...]]:
    """Return the connection's open unit of work, if any, and its open savepoints.

    An atomic block without a savepoint stands in the list as ``None``: an
    error in it dooms the transaction around it, so it is left out.
    """
    conn = transaction.get_connection()
    savepoints = tuple(sid for sid in conn.savepoint_ids if sid is not None)
    return getattr(conn, "_collegium_audit_unit", None), savepoints


def _holds(learnt_at: tuple[str, ...] | None, savepoints: tuple[str, ...]) -> bool:
    """Whether a fact learnt with ``learnt_at`` savepoints open still holds."""
    return learnt_at is not None and savepoints[: len(learnt_at)] == learnt_at


@contextmanager
def unit(*, deferred: bool = False) -> Iterator[None]:
    """Run the block in a transaction whose audited writes share the chain lock and head.

    Inside it the chain lock is taken once and the head read once: each
    append links to the record the previous one wrote, which no other writer
    can change while the lock is held, and only ``core.audit`` writes the
    chain.  For a service that appends several records in one transaction (an
    event and its generated invitations).

    ``deferred``: the records are inserted together when the block ends, with
    one move of the read cache's versions, instead of one statement each as
    they come.  Only for a block that opens no savepoint: a record kept back
    in memory could not follow a savepoint's rollback, so an append under one
    is refused (a programming error, not a user's).
    """
    conn = transaction.get_connection()
    with transaction.atomic():
        outer = getattr(conn, "_collegium_audit_unit", None)
        current = conn._collegium_audit_unit = _Unit()
        if deferred:
            current.deferred_at = _current_unit()[1]
        try:
            yield
            _write_pending(current)
        finally:
            conn._collegium_audit_unit = outer


def _write_pending(current: _Unit) -> None:
    """Insert a deferred unit's records and move their namespaces' versions, once each."""
    if not current.pending:
        return
    AuditRecord.objects.bulk_create(current.pending)
    cache_versions_move(current.pending_namespaces)
    current.pending, current.pending_namespaces = [], set()
    _queue_after_commit()


def _lock_chain() -> None:
    current, savepoints = _current_unit()
    if current is not None and _holds(current.locked_at, savepoints):
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_CHAIN_LOCK_KEY])
    # SQLite: transactions start IMMEDIATE (see settings), which already
    # serializes writers before they read the chain head.
    if current is not None:
        current.locked_at = savepoints


# For bulk writers: take the chain lock before the row writes, as ``audited`` does.
lock_chain = _lock_chain


def _namespace(object_type: str) -> str:
    """Return the read cache namespace of a record: the app label of ``app.model``."""
    return object_type.partition(".")[0]


def _actor_fields(actor: Actor) -> tuple[int | None, str]:
    """Return the id and the name under which the chain records ``actor``."""
    if actor is not None and actor.is_authenticated:
        return actor.pk, actor.get_username()
    return None, str(actor) if actor else "system"


def append(
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    organization: models.Model | None = None,
) -> AuditRecord:
    """Append one record to the chain; must run inside the writing transaction.

    ``object_type`` starts with the label of the app whose data changed
    (``registry.organization``): the read cache moves that namespace.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.append() must run inside the transaction it records")
    _lock_chain()
    return _append_locked(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        changes=changes,
        organization=organization,
    )


def _chain_head() -> tuple[int, str]:
    """Return the sequence number and hash of the head of the chain (0 and the genesis hash).

    Plain SQL: every audited write reads it, and building the ORM query costs
    more than running it.  Inside a ``unit`` that appended already, the head
    it wrote.
    """
    current, savepoints = _current_unit()
    if current is not None and current.head is not None and _holds(current.head_at, savepoints):
        return current.head
    table = connection.ops.quote_name(AuditRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, hash FROM {table} ORDER BY seq DESC LIMIT 1")  # noqa: S608 (no input)
        head = cursor.fetchone()
    return (head[0], head[1]) if head is not None else (0, GENESIS_HASH)


def _new_head(record: AuditRecord) -> None:
    """Note ``record`` as the head of the chain in the open ``unit``, if any."""
    current, savepoints = _current_unit()
    if current is not None:
        current.head, current.head_at = (record.seq, record.hash), savepoints


def _append_locked(
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    organization: models.Model | None = None,
) -> AuditRecord:
    """Append one record, the chain lock being held already."""
    head_seq, head_hash = _chain_head()
    actor_id, actor_name = _actor_fields(actor)
    record = AuditRecord(
        seq=head_seq + 1,
        created_at=timezone.now(),
        actor_id=actor_id,
        actor=actor_name,
        organization_id=organization.pk if organization is not None else None,
        organization=getattr(organization, "slug", "") if organization is not None else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=str(object_repr)[:300],
        changes=json.loads(canonical_json(_without_floats(changes or {}))),
        prev_hash=head_hash,
    )
    # Hash what the database will give back: microseconds are kept by both backends.
    record.hash = compute_hash(record.prev_hash, record_payload(record))
    if _defer([record]):
        return record
    record.save(force_insert=True)
    _new_head(record)
    cache_versions_move([_namespace(object_type)])
    _queue_after_commit()
    return record


def _defer(records: list[AuditRecord]) -> bool:
    """Keep ``records`` for the open deferred unit to write; False when there is none."""
    current, savepoints = _current_unit()
    if current is None or current.deferred_at is None:
        return False
    if savepoints != current.deferred_at:
        raise RuntimeError("a deferred audit unit cannot hold a savepoint: use audit.unit()")
    current.pending.extend(records)
    current.pending_namespaces.update(_namespace(record.object_type) for record in records)
    _new_head(records[-1])
    return True


# Called once per transaction that appends records, after it commits (see
# ``on_commit_of_appends``); the task worker's checkpoint refresh registers here.
_after_commit: list[Callable[[], None]] = []


def on_commit_of_appends(callback: Callable[[], None]) -> None:
    """Call ``callback`` after each transaction that appended audit records commits.

    Registered once per transaction however many records it appends; the
    callback runs after the commit, never under the chain lock, and a failure
    in it is logged without undoing the write (``robust``).
    """
    if callback not in _after_commit:
        _after_commit.append(callback)


def _queue_after_commit() -> None:
    """Queue the after-commit callbacks of this transaction, once each."""
    if not _after_commit:
        return
    pending = {callback for _, callback, _ in transaction.get_connection().run_on_commit}
    for callback in _after_commit:
        if callback not in pending:
            transaction.on_commit(callback, robust=True)


@dataclass(frozen=True)
class Entry:
    """One record to append with ``append_many``: the arguments of ``append``.

    ``organization_id`` and ``organization`` (its slug) are given as plain
    values, so a caller writing thousands of records loads them in one query.
    """

    action: str
    object_type: str
    object_id: str = ""
    object_repr: str = ""
    changes: dict[str, Any] | None = None
    organization_id: int | None = None
    organization: str = ""


def creation_entry(
    instance: models.Model, *, action: str, organization_id: int | None, organization: str
) -> Entry:
    """Return the entry ``audited`` writes for creating ``instance`` (saved already).

    ``organization_id`` and ``organization`` name the instance's owner, as
    ``audited`` would find it.
    """
    return Entry(
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance),
        changes=diff(None, snapshot(instance)),
        organization_id=organization_id,
        organization=organization,
    )


def append_many(*, actor: Actor, entries: list[Entry], batch_size: int = 1000) -> list[AuditRecord]:
    """Append ``entries`` to the chain in order, with one head read and batched inserts.

    The bulk path of ``append``: the same records, links and hashes as appending
    them one by one, so ``verify_chain`` cannot tell the two apart.  Must run
    inside the writing transaction.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.append_many() must run inside the transaction it records")
    if not entries:
        return []
    _lock_chain()
    seq, prev_hash = _chain_head()
    actor_id, actor_name = _actor_fields(actor)
    now = timezone.now()
    records = []
    for entry in entries:
        seq += 1
        record = AuditRecord(
            seq=seq,
            created_at=now,
            actor_id=actor_id,
            actor=actor_name,
            organization_id=entry.organization_id,
            organization=entry.organization,
            action=entry.action,
            object_type=entry.object_type,
            object_id=str(entry.object_id),
            object_repr=str(entry.object_repr)[:300],
            changes=json.loads(canonical_json(_without_floats(entry.changes or {}))),
            prev_hash=prev_hash,
        )
        record.hash = prev_hash = compute_hash(record.prev_hash, record_payload(record))
        records.append(record)
    if _defer(records):
        return records
    created = AuditRecord.objects.bulk_create(records, batch_size=batch_size)
    _new_head(records[-1])
    # One statement for the batch, whatever its size.
    cache_versions_move({_namespace(entry.object_type) for entry in entries})
    _queue_after_commit()
    return created


@contextmanager
def audited(
    *,
    actor: Actor,
    action: str,
    instance: models.Model,
    organization: models.Model | None = None,
    savepoint: bool = True,
    relations: dict[str, Iterable[models.Model]] | None = None,
) -> Iterator[None]:
    """Run the block as one audited write of ``instance``.

    Opens a transaction, lets the block save or delete the instance, then
    appends a record with the before/after difference.  ``organization``
    defaults to the instance's owner when it has one.  Inside a caller's
    transaction that an error rolls back whole anyway, ``savepoint=False``
    spares the savepoint's two statements.  ``relations``: the records the
    block sets as many-to-many fields, for the record (see ``snapshot``).
    """
    with transaction.atomic(savepoint=savepoint):
        # Take the chain lock before the row writes, so two transactions never
        # hold row locks the other needs while waiting for the chain.
        _lock_chain()
        before = snapshot(instance) if instance.pk is not None else None
        object_id = instance.pk
        with writes_allowed():
            yield
        after = snapshot(instance, relations=relations) if instance.pk is not None else None
        if organization is None:
            organization = getattr(instance, "owner", None)
        _append_locked(  # the chain is locked above, for the whole transaction
            actor=actor,
            action=action,
            object_type=instance._meta.label_lower,
            object_id=instance.pk if instance.pk is not None else object_id,
            object_repr=str(instance),
            changes=diff(before, after),
            organization=organization,
        )


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    count: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    reason: str = ""


def verify_chain(
    *, batch_size: int = 2000, after_seq: int = 0, after_hash: str = GENESIS_HASH
) -> VerifyResult:
    """Walk the chain in order and return the first break, if any.

    ``after_seq`` and ``after_hash`` start the walk after a record verified
    earlier (a checkpoint's head), whose hash the next record must link to;
    ``count`` then counts the records walked.
    """
    prev_hash = after_hash
    expected_seq = after_seq + 1
    count = 0
    records = AuditRecord.objects.filter(seq__gt=after_seq).order_by("seq")
    for record in records.iterator(chunk_size=batch_size):
        count += 1
        if record.seq != expected_seq:
            reason = "missing records" if record.seq > expected_seq else "out of order"
            return VerifyResult(False, count, expected_seq - 1, prev_hash, expected_seq, reason)
        if record.prev_hash != prev_hash:
            return VerifyResult(False, count, record.seq - 1, prev_hash, record.seq, "link broken")
        if compute_hash(prev_hash, record_payload(record)) != record.hash:
            return VerifyResult(
                False, count, record.seq - 1, prev_hash, record.seq, "content changed"
            )
        prev_hash = record.hash
        expected_seq += 1
    return VerifyResult(True, count, expected_seq - 1, prev_hash)


# --- Signed checkpoints ---------------------------------------------------


def load_signing_key(path: Path | None = None, *, create: bool = False) -> Ed25519PrivateKey:
    path = Path(path or settings.AUDIT_SIGNING_KEY_PATH)
    if not path.exists():
        if not create:
            raise FileNotFoundError(f"audit signing key not found: {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        # Written whole beside it, then linked into place, which fails if the file exists:
        # two processes creating it at once keep one key, and no one reads half of it.
        descriptor, written = tempfile.mkstemp(dir=path.parent, prefix=".audit-key-")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(pem)
            try:
                os.link(written, path)
            except FileExistsError:
                pass  # another process was first: its key is the one
            else:
                return key
        finally:
            os.unlink(written)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return loaded


def public_key_b64(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


class CheckpointError(Exception):
    """A checkpoint cannot be written or does not match the chain."""


class ChainTruncated(CheckpointError):
    """The chain ends before the head a checkpoint signed: records were removed."""

    def __init__(self, *, head_seq: int, last_seq: int) -> None:
        self.head_seq = head_seq
        self.last_seq = last_seq
        super().__init__(
            f"chain truncated: it ends at record #{last_seq}, "
            f"before record #{head_seq}, the checkpoint's head"
        )


def checkpoint_create(*, key_path: Path | None = None, previous: dict | None = None) -> dict:
    """Return a signed statement of the current chain head.

    With ``previous``, a checkpoint signed earlier with the same key, the
    chain must still hold its head, and only the records after it are
    verified again: a refresh costs the records added since, not the chain.
    Raise ``CheckpointError`` when the chain is broken or no longer matches
    ``previous`` (signing the truncated chain would bury the evidence).
    """
    key = load_signing_key(key_path, create=True)
    after_seq, after_hash = 0, GENESIS_HASH
    if previous is not None:
        checkpoint_check(previous, key_path=key_path)
        after_seq = int(previous["statement"]["head_seq"])
        after_hash = str(previous["statement"]["head_hash"])
    result = verify_chain(after_seq=after_seq, after_hash=after_hash)
    if not result.ok:
        raise CheckpointError(f"chain is broken at #{result.broken_seq}; refusing to sign it")
    statement = {
        "type": "collegium-audit-checkpoint",
        "version": 1,
        "head_seq": result.head_seq,
        "head_hash": result.head_hash,
        "signed_at": timezone.now().astimezone(dt.UTC).isoformat(),
    }
    signature = key.sign(canonical_json(statement).encode())
    return {
        "statement": statement,
        "public_key": public_key_b64(key.public_key()),
        "signature": base64.b64encode(signature).decode(),
    }


def load_public_key(path: Path) -> Ed25519PublicKey:
    """Read an Ed25519 public key (PEM, or a PEM private key whose public half is used)."""
    data = Path(path).read_bytes()
    key: object
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        try:
            key = serialization.load_pem_private_key(data, password=None).public_key()
        except (ValueError, TypeError):
            # Name what was asked for: the private-key parser's complaint would mislead.
            key = None
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"{path} is not an Ed25519 public key (PEM)")
    return key


def public_key_pem(key: Ed25519PrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def checkpoint_check(
    checkpoint: dict, *, key_path: Path | None = None, public_key_path: Path | None = None
) -> None:
    """Check the checkpoint's signature and its head against the chain.

    The signature is checked with ``public_key_path`` when given (a public key
    kept apart from the database host, so whoever controls the host cannot
    sign a forged checkpoint); else with the public half of the signing key.
    The public key inside the checkpoint is informative and never trusted.
    Raise ``CheckpointError`` naming the problem.
    """
    try:
        statement = checkpoint["statement"]
        signature = base64.b64decode(checkpoint["signature"])
        head_seq = int(statement["head_seq"])
        head_hash = str(statement["head_hash"])
    except (KeyError, TypeError, ValueError) as exc:
        raise CheckpointError(f"not a checkpoint file: {exc}") from exc
    if public_key_path is not None:
        public_key = load_public_key(public_key_path)
    else:
        public_key = load_signing_key(key_path).public_key()
    try:
        public_key.verify(signature, canonical_json(statement).encode())
    except InvalidSignature as exc:
        raise CheckpointError("checkpoint signature does not match the audit key") from exc
    if head_seq == 0:
        return
    record = AuditRecord.objects.filter(seq=head_seq).first()
    if record is None:
        last = AuditRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        if last < head_seq:
            raise ChainTruncated(head_seq=head_seq, last_seq=last)
        raise CheckpointError(f"record #{head_seq}, the checkpoint's head, is missing")
    if record.hash != head_hash:
        raise CheckpointError(f"record #{head_seq} differs from the checkpoint")
