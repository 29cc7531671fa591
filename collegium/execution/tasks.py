"""Background tasks of execution, run by the task worker (``collegium db_worker``)."""

from django.tasks import task

from collegium.execution.reminders import reminder_deliver


@task
def reminder_send(reminder_id: int) -> str:
    """Send the reminder ``reminder_id`` (see ``reminders.reminder_deliver``)."""
    return reminder_deliver(reminder_id)
