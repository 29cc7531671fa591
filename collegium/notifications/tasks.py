"""The notifications' background tasks, run by the task worker (``collegium db_worker``).

``notice_send`` delivers one notice; it is queued when the notice's
transaction commits, and again, later, after a failed attempt.
``notifications_scan`` runs every ``NOTIFY_SCAN_INTERVAL`` seconds and queues
itself again each time: it creates the reminders of reply dates come near and
queues again any notice whose attempt was lost (a worker stopped mid-way).
The first scan is queued when an invitation is sent (only a sent invitation
has a reply date to remind of) or by ``collegium notifications remind``.
"""

import datetime as dt
import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from collegium.notifications.models import Notice
from collegium.notifications.notices import reminders_create
from collegium.notifications.sending import notice_deliver, notices_overdue

logger = logging.getLogger("collegium.notifications")


@task
def notice_send(notice_id: int) -> dict:
    """Deliver one notice; after a failure queue the next attempt at its time."""
    outcome = notice_deliver(notice_id=notice_id)
    if outcome.retry_at is not None:
        _enqueue_send(notice_id, run_after=outcome.retry_at)
    return outcome.as_dict()


def _enqueue_send(notice_id: int, *, run_after: dt.datetime | None = None) -> None:
    if run_after is not None and notice_send.get_backend().supports_defer:
        notice_send.using(run_after=run_after).enqueue(notice_id)
    else:
        notice_send.enqueue(notice_id)


def notices_queue(notices: Iterable[Notice]) -> None:
    """Queue the notices for the worker once the current transaction commits."""
    for notice in notices:
        transaction.on_commit(partial(_enqueue_send, notice.pk))


@task
def notifications_scan() -> dict:
    """Create the reminders due, queue again the notices whose attempt was lost; run again later."""
    try:
        reminders = reminders_create()
        notices_queue(reminders)
        lost = notices_overdue()
        for notice_id in lost:
            _enqueue_send(notice_id)
    finally:
        scan_schedule(delay=settings.NOTIFY_SCAN_INTERVAL)
    if reminders or lost:
        logger.info(
            "scan: %s reminders created, %s notices queued again", len(reminders), len(lost)
        )
    return {"reminders": len(reminders), "requeued": len(lost)}


def scan_schedule(*, delay: float = 0) -> bool:
    """Queue the periodic scan unless one waits already; return whether one was queued."""
    backend = notifications_scan.get_backend()
    if isinstance(backend, DatabaseBackend):
        waiting = DBTaskResult.objects.filter(
            status=TaskResultStatus.READY,
            task_path=notifications_scan.module_path,
            backend_name=backend.alias,
        ).exists()
        if waiting:
            return False
    if delay > 0 and backend.supports_defer:
        run_after = timezone.now() + dt.timedelta(seconds=delay)
        notifications_scan.using(run_after=run_after).enqueue()
    else:
        notifications_scan.enqueue()
    return True
