"""Background tasks of execution, run by the task worker (``collegium db_worker``)."""

from collegium.execution.reminders import reminder_send

__all__ = ["reminder_send"]
