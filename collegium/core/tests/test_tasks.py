"""The checkpoint refresh: queued after an audited write commits, run by the task worker.

Here the task runs in the test process; ``test_worker.py`` runs it in a real
worker.  A test's writes share one transaction that never commits, so the
``commit`` fixture plays the commit: it runs the on-commit callbacks queued so
far and drops them, as Django does after a real COMMIT.
"""

import datetime as dt
import json
import stat

import pytest
from django.db import connection, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from collegium.core import audit
from collegium.core.models import AuditRecord
from collegium.core.tasks import audit_checkpoint_refresh, checkpoint_refresh_queue


@pytest.fixture
def commit(db):
    """Return a function that runs and drops the pending on-commit callbacks, like a COMMIT."""

    def run() -> list:
        # django-stubs has 2-tuples; Django keeps (savepoint ids, callback, robust).
        pending = [callback for _, callback, _ in connection.run_on_commit]  # type: ignore[misc]
        connection.run_on_commit.clear()
        for callback in pending:
            callback()
        return pending

    # What the fixtures wrote is the starting point: committed, nothing queued for it.
    connection.run_on_commit.clear()
    return run


@pytest.fixture
def key(settings, tmp_path):
    settings.AUDIT_SIGNING_KEY_PATH = tmp_path / "audit.pem"
    return settings.AUDIT_SIGNING_KEY_PATH


def _write(count: int = 1) -> AuditRecord:
    """Append ``count`` records in one transaction, as a service does; return the last."""
    with transaction.atomic():
        for n in range(count):
            record = audit.append(
                actor=None, action="test.write", object_type="test", object_id=str(n)
            )
    return record


def _refreshes(status=TaskResultStatus.READY) -> int:
    return DBTaskResult.objects.filter(
        status=status, task_path=audit_checkpoint_refresh.module_path
    ).count()


def _tamper(sql: str, params=()):
    """Run ``sql`` on the audit table with its append-only triggers dropped (rolled back after)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_delete")
        else:
            cursor.execute("ALTER TABLE core_auditrecord DISABLE TRIGGER USER")
        cursor.execute(sql, params)


# --- Queueing ------------------------------------------------------------------------------


def test_a_service_write_queues_a_refresh_when_it_commits(make_org, commit):
    """Creating an organization leaves one refresh waiting for the worker, once committed."""
    make_org("csto")
    assert _refreshes() == 0  # nothing before the commit
    assert commit() == [checkpoint_refresh_queue]
    assert _refreshes() == 1
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "collegium.core.tasks.audit_checkpoint_refresh"
    assert queued.backend_name == "default"


def test_a_transaction_queues_one_refresh_however_many_records(commit):
    with transaction.atomic():
        _write(3)
        audit.append_many(actor=None, entries=[audit.Entry(action="a", object_type="t")] * 4)
        _write(2)
    assert commit() == [checkpoint_refresh_queue]
    assert AuditRecord.objects.count() == 9
    assert _refreshes() == 1


def test_a_bulk_append_queues_a_refresh(commit):
    with transaction.atomic():
        audit.append_many(actor=None, entries=[audit.Entry(action="a", object_type="t")] * 4)
    assert commit() == [checkpoint_refresh_queue]
    assert _refreshes() == 1


def _write_then_fail():
    with transaction.atomic():
        _write()
        raise RuntimeError("rolled back")


def test_a_write_that_rolls_back_queues_nothing(commit):
    with pytest.raises(RuntimeError, match="rolled back"):
        _write_then_fail()
    assert commit() == []
    assert _refreshes() == 0


def test_a_waiting_refresh_covers_the_next_writes(commit):
    """Writes committed while a refresh waits for the worker add no second one."""
    _write()
    commit()
    _write()
    commit()
    assert _refreshes() == 1


def test_a_refresh_already_running_does_not_cover_the_next_write(commit):
    """A running refresh may have read the head before the write: another one is queued."""
    _write()
    commit()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE django_tasks_database_dbtaskresult SET status = %s",
            [TaskResultStatus.RUNNING],
        )
    _write()
    commit()
    assert _refreshes(TaskResultStatus.RUNNING) == 1
    assert _refreshes(TaskResultStatus.READY) == 1


@pytest.fixture
def delayed(settings, monkeypatch):
    """Queue refreshes five seconds ahead, as a served site does (the base settings: one)."""
    from collegium.core import tasks

    settings.AUDIT_CHECKPOINT_DELAY = 5.0
    monkeypatch.setattr(tasks, "_queued_starts_at", None)


def test_a_delayed_refresh_spares_the_next_writes_a_query(
    commit, delayed, django_assert_num_queries
):
    """The refresh waits its delay; writes committed before it starts need not ask the database."""
    _write()
    before = timezone.now()
    commit()
    queued = DBTaskResult.objects.get()
    assert queued.run_after >= before + dt.timedelta(seconds=4)
    _write()
    with django_assert_num_queries(0):
        assert commit() == [checkpoint_refresh_queue]
    assert _refreshes() == 1


def test_a_refresh_another_process_delayed_is_noted_as_well(
    commit, delayed, django_assert_num_queries
):
    audit_checkpoint_refresh.using(run_after=timezone.now() + dt.timedelta(seconds=3)).enqueue()
    _write()
    commit()  # asks, finds it waiting
    _write()
    with django_assert_num_queries(0):
        commit()
    assert _refreshes() == 1


def test_a_refresh_that_may_start_at_once_is_not_noted(commit, delayed):
    """One queued without a delay (or whose time has come) may be running by the next write."""
    audit_checkpoint_refresh.enqueue()
    _write()
    commit()
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)
    _write()
    commit()  # asks again, and queues one of its own
    assert _refreshes(TaskResultStatus.READY) == 1


def test_a_failure_to_queue_cannot_fail_the_committed_write(commit):
    """The refresh is registered as robust: an error queueing it is logged, never raised."""
    _write()
    assert [
        robust
        for _, callback, robust in connection.run_on_commit
        if callback is checkpoint_refresh_queue
    ] == [True]


def test_no_refresh_without_a_checkpoint_path(commit, settings):
    settings.AUDIT_CHECKPOINT_PATH = None
    _write()
    commit()  # the callbacks run, and queue nothing
    assert _refreshes() == 0


# --- The task ------------------------------------------------------------------------------


def test_the_refresh_writes_a_signed_checkpoint_of_the_head(db, key, settings):
    path = settings.AUDIT_CHECKPOINT_PATH
    head = _write(3)
    statement = audit_checkpoint_refresh.call()
    checkpoint = json.loads(path.read_text())
    assert checkpoint["statement"] == statement
    assert statement["head_seq"] == head.seq
    assert statement["head_hash"] == head.hash
    audit.checkpoint_check(checkpoint)  # signed with the site's key
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert sorted(p.name for p in path.parent.iterdir()) == [".latest.json.lock", "latest.json"]


def test_the_refresh_follows_the_chain(db, key, settings):
    _write(2)
    audit_checkpoint_refresh.call()
    head = _write(2)
    assert audit_checkpoint_refresh.call()["head_seq"] == head.seq
    audit.checkpoint_check(json.loads(settings.AUDIT_CHECKPOINT_PATH.read_text()))


def test_the_refresh_keeps_a_checkpoint_the_chain_has_lost(db, key, settings):
    """A chain cut short after the latest checkpoint is not signed over: the file is the evidence."""
    path = settings.AUDIT_CHECKPOINT_PATH
    head = _write(3)
    audit_checkpoint_refresh.call()
    kept = path.read_text()
    _tamper("DELETE FROM core_auditrecord WHERE seq = %s", [head.seq])
    _write()  # a new record #head.seq, linked to the record before the deleted one
    with pytest.raises(audit.CheckpointError, match=f"record #{head.seq} differs.*kept unchanged"):
        audit_checkpoint_refresh.call()
    assert path.read_text() == kept


def test_the_refresh_checks_the_records_added_since(db, key, settings):
    """A record changed after the latest checkpoint's head is refused; the file stays."""
    path = settings.AUDIT_CHECKPOINT_PATH
    _write(2)
    audit_checkpoint_refresh.call()
    kept = path.read_text()
    later = _write(2)
    _tamper("UPDATE core_auditrecord SET object_repr = 'forged' WHERE seq = %s", [later.seq])
    with pytest.raises(audit.CheckpointError, match=f"broken at #{later.seq}"):
        audit_checkpoint_refresh.call()
    assert path.read_text() == kept


def test_the_refresh_refuses_an_unreadable_checkpoint(db, key, settings):
    path = settings.AUDIT_CHECKPOINT_PATH
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    _write()
    with pytest.raises(audit.CheckpointError, match="cannot read the latest checkpoint"):
        audit_checkpoint_refresh.call()
    assert path.read_text() == "{not json"


def test_verify_from_a_head_walks_only_the_records_after_it(db):
    """``verify_chain(after_seq=...)`` starts at a verified head: what is before is not read."""
    first = _write(3)
    _write(2)
    _tamper("UPDATE core_auditrecord SET object_repr = 'forged' WHERE seq = 1")
    assert audit.verify_chain().broken_seq == 1
    result = audit.verify_chain(after_seq=first.seq, after_hash=first.hash)
    assert result.ok
    assert result.count == 2
    assert result.head_seq == first.seq + 2
    wrong_link = audit.verify_chain(after_seq=first.seq, after_hash="0" * 64)
    assert wrong_link.broken_seq == first.seq + 1
    assert wrong_link.reason == "link broken"
