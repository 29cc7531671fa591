"""Due dates of one-off and periodic tasks, overdue, and the reminders a day calls for."""

import calendar
import datetime as dt
from collections.abc import Iterable

ONCE, MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY = "", "monthly", "quarterly", "half_yearly", "yearly"
MONTHS = {MONTHLY: 1, QUARTERLY: 3, HALF_YEARLY: 6, YEARLY: 12}
OPEN_STATUSES = frozenset({"not_started", "in_progress"})
DEFAULT_REMINDER_DAYS = (14, 3)
OVERDUE = "overdue"


def add_months(day: dt.date, months: int) -> dt.date:
    """Return ``day`` moved by ``months``, kept at the month's last day when it has fewer days."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due(
    *, deadline: dt.date | None, periodicity: str, start: dt.date | None, today: dt.date
) -> dt.date | None:
    """Return the date the task is next due on ``today``.

    A one-off task is due on its deadline.  A periodic one is due at the end of
    each period counted from ``start``: the first such date on or after
    ``today``, but never after the deadline (its last period).  Once every
    period has passed the deadline itself is the due date (and it is overdue).
    """
    if not periodicity:
        return deadline
    if start is None:
        return deadline
    step = MONTHS[periodicity]
    k = 1
    due = add_months(start, step)
    while due < today:
        k += 1
        due = add_months(start, step * k)
    if deadline is not None and due > deadline:
        return deadline
    return due


def is_overdue(*, status: str, due: dt.date | None, today: dt.date) -> bool:
    """Return whether an open task's due date has passed (a closed task is never overdue)."""
    return status in OPEN_STATUSES and due is not None and due < today


def reminder_kind(days: int) -> str:
    return f"before_{days}"


def reminders_due(
    *, status: str, due: dt.date | None, today: dt.date, days: Iterable[int] = DEFAULT_REMINDER_DAYS
) -> list[tuple[str, dt.date]]:
    """Return the reminders ``(kind, due date)`` an open task calls for on ``today``.

    ``before_<n>`` once ``today`` is within ``n`` days of the due date (only
    the nearest threshold reached, so a task created three days before its
    deadline gets one reminder, not two); ``overdue`` once it has passed.
    """
    if status not in OPEN_STATUSES or due is None:
        return []
    if due < today:
        return [(OVERDUE, due)]
    left = (due - today).days
    reached = sorted(n for n in days if left <= n)
    return [(reminder_kind(reached[0]), due)] if reached else []
