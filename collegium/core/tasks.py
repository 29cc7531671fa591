"""Background tasks of the core, run by the task worker (``collegium db_worker``).

``audit_checkpoint_refresh`` keeps a signed checkpoint of the audit chain's
head in ``settings.AUDIT_CHECKPOINT_PATH``.  Every audited write leaves
``checkpoint_refresh_queue`` to run once its transaction commits (see
``audit._refresh_checkpoint_after_commit``), so the file follows the chain a
worker poll behind, and a truncation of the chain after it is caught by
``collegium audit verify``, which reads it by default.
"""

import datetime as dt
import fcntl
import json
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from collegium.core import audit

logger = logging.getLogger("collegium.audit")


@task
def audit_checkpoint_refresh() -> dict | None:
    """Write a signed checkpoint of the chain head to ``AUDIT_CHECKPOINT_PATH``.

    Return the signed statement (kept as the task's result), or None when the
    setting is empty.  The checkpoint written before must still match the
    chain: if it does not (a truncated chain, another key), raise
    ``CheckpointError`` and keep it, since it is the evidence.
    """
    path = settings.AUDIT_CHECKPOINT_PATH
    if path is None:
        return None
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # One refresh at a time, so an older head never replaces a newer one.
    with _exclusive(path.with_name(f".{path.name}.lock")):
        previous = _read_checkpoint(path)
        try:
            checkpoint = audit.checkpoint_create(previous=previous)
        except audit.CheckpointError as exc:
            raise audit.CheckpointError(
                f"{exc}; {path} is kept unchanged (move it away once investigated)"
            ) from exc
        _write_atomically(path, json.dumps(checkpoint, indent=2, ensure_ascii=False) + "\n")
    statement = checkpoint["statement"]
    logger.info("audit checkpoint of record #%s written to %s", statement["head_seq"], path)
    return statement


# When the refresh this process queued last will start, at the earliest (monotonic clock).
_queued_starts_at: float | None = None
# A write committed this close to that start may be read by a refresh already running.
_QUEUE_MARGIN = 0.25


def checkpoint_refresh_queue() -> None:
    """Queue ``audit_checkpoint_refresh`` unless one is waiting to start already.

    A waiting refresh reads the chain after this write committed, so it covers
    it; one already running may have read the head before, so it does not.
    Two writers may both queue one; the second refresh is then merely early.

    A refresh is queued to start ``AUDIT_CHECKPOINT_DELAY`` seconds later, so
    this process's writes committed before then know it waits without asking
    the database, which is most writes of a busy process.
    """
    global _queued_starts_at
    if settings.AUDIT_CHECKPOINT_PATH is None:
        return
    now = time.monotonic()
    if _queued_starts_at is not None and now < _queued_starts_at - _QUEUE_MARGIN:
        return
    refresh = audit_checkpoint_refresh
    backend = refresh.get_backend()
    delay = settings.AUDIT_CHECKPOINT_DELAY
    if isinstance(backend, DatabaseBackend):
        waiting = (
            DBTaskResult.objects.filter(
                status=TaskResultStatus.READY,
                task_path=refresh.module_path,
                backend_name=backend.alias,
            )
            .order_by("run_after")  # the first to start; one queued without a delay last
            .values_list("run_after", flat=True)
            .first()
        )
        if waiting is not None:
            # Another writer's, maybe, and deferred: note when it starts as well.  One
            # that may start at any moment (its time come, or queued without a delay,
            # which the backend stores as the latest date) is not noted.
            starts_in = (waiting - timezone.now()).total_seconds()
            if 0 < starts_in <= delay:
                _queued_starts_at = now + starts_in
            return
    if delay > 0 and backend.supports_defer:
        refresh.using(run_after=timezone.now() + dt.timedelta(seconds=delay)).enqueue()
        _queued_starts_at = now + delay
    else:
        refresh.enqueue()


def _read_checkpoint(path: Path) -> dict | None:
    try:
        text = path.read_text()
    except FileNotFoundError:
        return None
    try:
        checkpoint = json.loads(text)
    except ValueError as exc:
        raise audit.CheckpointError(f"cannot read the latest checkpoint {path}: {exc}") from exc
    if not isinstance(checkpoint, dict):
        raise audit.CheckpointError(f"{path} is not a checkpoint file")
    return checkpoint


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` in one step: a reader sees the old file or the new one, whole."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)  # noqa: S103 (a checkpoint is public; the key is not)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
