"""The interim-results report: the state of every provision and programme item on a date.

Plain rows in (``Item``, ``TaskRow``), a ``Report`` out: each item's state,
the counts of tasks done / in progress / overdue / carried over per party and
per section, the latest narrative per item, and the overdue tasks by party.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

DONE, IN_PROGRESS, OVERDUE, CARRIED_OVER = "done", "in_progress", "overdue", "carried_over"
NOT_STARTED, CANCELLED, NO_TASKS = "not_started", "cancelled", "no_tasks"
# The buckets of the counts, in the order the report and its charts show them.
BUCKETS = (DONE, IN_PROGRESS, OVERDUE, CARRIED_OVER, NOT_STARTED, CANCELLED)


@dataclass(frozen=True)
class Item:
    """A provision of the previous resolution or an item of a programme."""

    key: int
    source: str  # "resolution" or "programme"
    section: str
    num: str
    eid: str
    text: str


@dataclass(frozen=True)
class TaskRow:
    key: int
    item: int
    title: str
    lead: str
    status: str  # the task's status on the report's date
    deadline: dt.date | None
    percent: int | None = None
    narrative: str = ""
    narrative_date: dt.date | None = None
    carried_into: str = ""


@dataclass
class ItemState:
    item: Item
    state: str
    progress: float
    narrative: str
    narrative_date: dt.date | None
    tasks: list[tuple[TaskRow, str]]


@dataclass
class Report:
    as_of: dt.date
    items: list[ItemState]
    by_party: dict[str, Counter]
    by_section: dict[str, Counter]
    overdue_by_party: dict[str, list[TaskRow]]
    totals: Counter = field(default_factory=Counter)


def bucket(task: TaskRow, as_of: dt.date) -> str:
    """Return the bucket of a task on ``as_of``: overdue when open past its deadline."""
    if task.status in {DONE, CANCELLED, CARRIED_OVER}:
        return task.status
    if task.deadline is not None and task.deadline < as_of:
        return OVERDUE
    return IN_PROGRESS if task.status == IN_PROGRESS else NOT_STARTED


def item_state(buckets: Sequence[str]) -> str:
    """Return an item's state from its tasks' buckets (the most pressing one first)."""
    if not buckets:
        return NO_TASKS
    present = set(buckets)
    if present <= {DONE, CANCELLED}:
        return DONE if DONE in present else CANCELLED
    for state in (OVERDUE, IN_PROGRESS, NOT_STARTED):
        if state in present:
            return state
    return CARRIED_OVER


def _progress(task: TaskRow) -> float:
    return 100.0 if task.status == DONE else float(task.percent or 0)


def build(items: Iterable[Item], tasks: Iterable[TaskRow], *, as_of: dt.date) -> Report:
    """Return the report of ``items`` and their ``tasks`` on ``as_of``."""
    by_item: dict[int, list[TaskRow]] = {}
    for task in tasks:
        by_item.setdefault(task.item, []).append(task)
    states = []
    by_party: dict[str, Counter] = {}
    by_section: dict[str, Counter] = {}
    overdue: dict[str, list[TaskRow]] = {}
    totals: Counter = Counter()
    for item in items:
        rows = [(task, bucket(task, as_of)) for task in by_item.get(item.key, [])]
        counted = [row for row in rows if row[1] != CANCELLED]
        progress = sum(_progress(task) for task, _b in counted) / len(counted) if counted else 0.0
        latest = max(
            (task for task, _b in rows if task.narrative),
            key=lambda task: (task.narrative_date or dt.date.min, task.key),
            default=None,
        )
        states.append(
            ItemState(
                item=item,
                state=item_state([b for _t, b in rows]),
                progress=progress,
                narrative=latest.narrative if latest else "",
                narrative_date=latest.narrative_date if latest else None,
                tasks=rows,
            )
        )
        for task, b in rows:
            by_party.setdefault(task.lead, Counter())[b] += 1
            by_section.setdefault(item.section, Counter())[b] += 1
            totals[b] += 1
            if b == OVERDUE:
                overdue.setdefault(task.lead, []).append(task)
    return Report(
        as_of=as_of,
        items=states,
        by_party=dict(sorted(by_party.items())),
        by_section=by_section,
        overdue_by_party=dict(sorted(overdue.items())),
        totals=totals,
    )
