"""Reminders of deadlines: which are due (``engine.schedule``), their records and the e-mail.

``reminder_plan`` records each reminder a day calls for once (the key task,
kind, due date is unique, so none is sent twice) and queues the sending for
the worker when the transaction commits; it queues again every reminder not
sent yet, so a failed send is retried and never lost.  The notifications app's
notices are tied to the events' moments, so this sends its own e-mail, through
Django's default mailer (``MAILERS``), to the responsible secretariat's editors
and managers.
"""

import datetime as dt
import functools
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.tasks import task as background_task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from collegium.accounts.models import Affiliation
from collegium.core.audit import audited
from collegium.execution.engine import schedule
from collegium.execution.models import OPEN_STATUSES, ReminderStatus, Task, TaskReminder

logger = logging.getLogger("collegium.execution")


def _days() -> tuple[int, ...]:
    return tuple(getattr(settings, "EXECUTION_REMINDER_DAYS", schedule.DEFAULT_REMINDER_DAYS))


def secretariat_emails(task: Task) -> list[str]:
    """Return the e-mail addresses of the lead organization's secretariat (editors, managers)."""
    secretariat = task.lead.owner_id
    if secretariat is None:
        return []
    return sorted(
        set(
            Affiliation.objects.filter(organization__pk=secretariat, role__in=("editor", "manager"))
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def reminder_plan(*, today: dt.date | None = None) -> list[TaskReminder]:
    """Record the reminders due on ``today`` and queue every reminder not sent yet.

    Return the reminders created now.
    """
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=max(_days(), default=0))
    tasks = Task.objects.filter(status__in=OPEN_STATUSES, deadline__isnull=False).filter(
        deadline__lte=horizon
    )
    existing = set(
        TaskReminder.objects.filter(task__in=tasks).values_list("task_id", "kind", "due")
    )
    created = []
    for task in tasks.select_related("lead"):
        due = task.next_due(today)
        for kind, when in schedule.reminders_due(
            status=task.status, due=due, today=today, days=_days()
        ):
            if (task.pk, kind, when) in existing:
                continue
            reminder = TaskReminder(task=task, kind=kind, due=when, created_at=timezone.now())
            try:
                with audited(
                    actor=None, action="task_reminder.create", instance=reminder,
                    organization=task.lead,
                ):  # fmt: skip
                    reminder.save(force_insert=True)
            except IntegrityError:  # another run recorded it meanwhile
                continue
            created.append(reminder)
    # A task done, cancelled or carried over since needs no reminder any more.
    unsent = list(
        TaskReminder.objects.exclude(status=ReminderStatus.SENT)
        .filter(task__status__in=OPEN_STATUSES)
        .values_list("pk", flat=True)
    )
    for pk in unsent:
        transaction.on_commit(functools.partial(reminder_send.enqueue, pk))
    return created


def _message(reminder: TaskReminder, recipients: list[str]) -> EmailMessage:
    task = reminder.task
    with translation.override("ru"):
        if reminder.kind == schedule.OVERDUE:
            subject = _("Overdue task: %(title)s") % {"title": task.title_ru[:120]}
            body = _("The task “%(title)s” was due on %(due)s and is not done.")
        else:
            subject = _("Deadline approaching: %(title)s") % {"title": task.title_ru[:120]}
            body = _("The task “%(title)s” is due on %(due)s.")
        body = body % {"title": task.title_ru, "due": reminder.due.strftime("%d.%m.%Y")}
    return EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=recipients
    )


def reminder_deliver(reminder_id: int) -> str:
    """Send one reminder unless it was sent; record the outcome. Raise if the send fails.

    The row is locked while the message goes out, so two workers never both
    send it; a failure is recorded (attempts, error) in its own transaction
    and the reminder stays to be queued again.
    """
    try:
        with transaction.atomic():
            reminder = (
                TaskReminder.objects.select_for_update()
                .select_related("task__lead")
                .get(pk=reminder_id)
            )
            if reminder.status == ReminderStatus.SENT:
                return "already sent"
            if reminder.task.status not in OPEN_STATUSES:
                return "task closed"
            recipients = secretariat_emails(reminder.task)
            with audited(actor=None, action="task_reminder.send", instance=reminder):
                reminder.recipients = recipients
                reminder.attempts += 1
                reminder.status = ReminderStatus.SENT
                reminder.sent_at = timezone.now()
                reminder.last_error = ""
                reminder.save()
                if recipients:
                    _message(reminder, recipients).send()
            return "sent"
    except Exception as exc:
        with transaction.atomic():
            reminder = TaskReminder.objects.select_for_update().get(pk=reminder_id)
            with audited(actor=None, action="task_reminder.fail", instance=reminder):
                reminder.attempts += 1
                reminder.status = ReminderStatus.FAILED
                reminder.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                reminder.save()
        logger.warning("reminder %s not sent: %s", reminder_id, exc)
        raise


@background_task
def reminder_send(reminder_id: int) -> str:
    """Send the reminder ``reminder_id`` (the worker's task; see ``reminder_deliver``)."""
    return reminder_deliver(reminder_id)
