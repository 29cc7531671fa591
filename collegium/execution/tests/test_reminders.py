"""Reminders through a real SMTP server on loopback: sent once, a failed send retried."""

import asyncio
import datetime as dt
import socket
from contextlib import contextmanager
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from collegium.accounts.services import user_update
from collegium.execution import services
from collegium.execution.engine import schedule
from collegium.execution.models import ReminderStatus, TaskReminder, TaskStatus
from collegium.execution.tasks import reminder_send

pytestmark = pytest.mark.django_db


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def use_smtp(settings, port: int) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


@contextmanager
def smtp_server(port: int):
    """Run a real SMTP server on loopback ``port``; yield its inbox."""
    inbox = Inbox()
    loop = asyncio.new_event_loop()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, loop=loop)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
        loop.close()


@pytest.fixture
def smtp(settings):
    port = _free_port()
    use_smtp(settings, port)
    with smtp_server(port) as inbox:
        yield None, inbox


def commit():
    pending = [callback for _, callback, _ in connection.run_on_commit]
    connection.run_on_commit.clear()
    for callback in pending:
        callback()


def run_queued():
    """Run the queued sends as the worker does, in this process and transaction.

    Each queued result is run once and marked, a failure kept rather than raised
    (the worker itself, ``collegium db_worker``, closes the test's connection).
    """
    queued = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=reminder_send.module_path
    ).order_by("enqueued_at")
    for result in queued:
        try:
            reminder_send.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        except ConnectionError:
            outcome = TaskResultStatus.FAILED
        else:
            outcome = TaskResultStatus.SUCCESSFUL
        DBTaskResult.objects.filter(pk=result.pk).update(status=outcome)


@pytest.fixture
def task(make_task, ru_editor, site_admin):
    user_update(actor=site_admin, user=ru_editor, data={"email": "secretariat@mfa-ru.test"})
    return make_task(deadline=dt.date(2025, 6, 30))


def test_the_engine_picks_the_nearest_threshold():
    due = dt.date(2025, 6, 30)
    assert schedule.reminders_due(status="in_progress", due=due, today=dt.date(2025, 6, 1)) == []
    assert schedule.reminders_due(status="in_progress", due=due, today=dt.date(2025, 6, 16)) == [
        ("before_14", due)
    ]
    assert schedule.reminders_due(status="not_started", due=due, today=dt.date(2025, 6, 28)) == [
        ("before_3", due)
    ]
    assert schedule.reminders_due(status="in_progress", due=due, today=dt.date(2025, 7, 1)) == [
        ("overdue", due)
    ]
    assert schedule.reminders_due(status="done", due=due, today=dt.date(2025, 7, 1)) == []


def test_quarterly_next_due():
    start = dt.date(2025, 1, 1)
    today = dt.date(2025, 5, 2)
    assert schedule.next_due(
        deadline=dt.date(2026, 12, 31), periodicity="quarterly", start=start, today=today
    ) == dt.date(2025, 7, 1)


def test_a_reminder_reaches_the_secretariat_once(smtp, task):
    """Before the deadline the lead's secretariat gets one e-mail, however often the run is."""
    _controller, inbox = smtp
    for _ in range(2):
        call_command("execution", "remind", "--today", "2025-06-17", verbosity=0)
        commit()
        run_queued()
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "secretariat@mfa-ru.test"
    assert "Пункт 1" in str(make_header(decode_header(message["Subject"])))
    reminder = TaskReminder.objects.get()
    assert (reminder.kind, reminder.status) == ("before_14", ReminderStatus.SENT)
    # Sending it again by hand sends nothing.
    assert reminder_send.call(reminder.pk) == "already sent"
    assert len(inbox.messages) == 1


def test_overdue_reminder(smtp, task):
    _controller, inbox = smtp
    call_command("execution", "remind", "--today", "2025-07-02", verbosity=0)
    commit()
    run_queued()
    assert TaskReminder.objects.get().kind == "overdue"
    assert "30.06.2025" in inbox.messages[0].get_payload(decode=True).decode()


def test_a_failed_send_is_retried_and_never_lost(settings, task):
    """With the server down the reminder is kept as failed; the next run sends it."""
    port = _free_port()
    use_smtp(settings, port)
    call_command("execution", "remind", "--today", "2025-06-28", verbosity=0)
    commit()
    run_queued()
    reminder = TaskReminder.objects.get()
    assert reminder.status == ReminderStatus.FAILED
    assert reminder.attempts == 1
    assert "Connection" in reminder.last_error or "refused" in reminder.last_error
    with smtp_server(port) as inbox:
        call_command("execution", "remind", "--today", "2025-06-28", verbosity=0)
        commit()
        run_queued()
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT
    assert reminder.attempts == 2
    assert len(inbox.messages) == 1
    assert TaskReminder.objects.count() == 1


def test_a_task_closed_before_its_reminder_goes_out_gets_none(smtp, task, ru_manager):
    """A reminder recorded while the task was open is not sent once the task is done."""
    _controller, inbox = smtp
    call_command("execution", "remind", "--today", "2025-06-17", verbosity=0)
    reminder = TaskReminder.objects.get()
    services.task_move(actor=ru_manager, task=task, target=TaskStatus.CANCELLED)
    commit()
    run_queued()
    assert inbox.messages == []
    assert reminder_send.call(reminder.pk) == "task closed"
