"""Reads of tasks: visible lists with their latest report, overdue flag and rolled-up progress.

The progress of a list is computed in SQL: the latest report of each task is a
subquery, and a parent's progress the weighted mean of its children's, a
subquery grouped by parent (``progress_expression``), so a list of parents
never loads their children.  ``engine.rollup`` is the same rule in Python.
"""

import datetime as dt
from typing import Any

from django.db.models import (
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.decisions.models import Document, DocumentParty
from collegium.execution.models import (
    ProgressReport,
    Task,
    TaskQuerySet,
    own_progress_expression,
)
from collegium.registry.models import Organization

# How many levels below a task the SQL roll-up reaches (services keep trees this deep).
ROLLUP_DEPTH = 2


def latest_report(field: str, *, on: dt.date | None = None) -> Subquery:
    """Return the subquery of ``field`` of the latest report of the task ``OuterRef('pk')``."""
    reports = ProgressReport.objects.filter(task=OuterRef("pk"))
    if on is not None:
        reports = reports.filter(date__lte=on)
    return Subquery(reports.order_by("-date", "-pk").values(field)[:1])


def progress_expression(depth: int = ROLLUP_DEPTH, *, on: dt.date | None = None) -> Any:
    """Return the SQL of a task's progress: the weighted mean of its children's, or its own."""
    own = own_progress_expression(latest_report("percent", on=on))
    if depth == 0:
        return own
    children = (
        Task.objects.filter(parent=OuterRef("pk"))
        .order_by()
        .annotate(child_progress=progress_expression(depth - 1, on=on))
        .values("parent")
        .annotate(
            mean=Sum(F("child_progress") * F("weight"), output_field=FloatField())
            / NullIf(Sum("weight"), Value(0), output_field=IntegerField())
        )
        .values("mean")
    )
    return Coalesce(Subquery(children, output_field=FloatField()), own)


def visible_tasks(user: AnyUser) -> TaskQuerySet:
    return Task.objects.filter(access.visible_row_q(Task, user))


def with_progress(tasks: QuerySet[Task], *, today: dt.date | None = None) -> Any:
    """Annotate the latest report (date, percent, narrative), the progress and ``is_overdue``."""
    today = today or timezone.localdate()
    if not isinstance(tasks, TaskQuerySet):
        raise TypeError(tasks)
    return tasks.with_overdue(today).annotate(
        latest_date=latest_report("date"),
        latest_percent=latest_report("percent"),
        latest_narrative_ru=latest_report("narrative_ru"),
        latest_narrative_en=latest_report("narrative_en"),
        latest_narrative_be=latest_report("narrative_be"),
        progress=progress_expression(),
    )


def task_list_visible_to(
    *,
    user: AnyUser,
    party: Organization | None = None,
    status: str = "",
    overdue: bool | None = None,
    document: Document | None = None,
    today: dt.date | None = None,
) -> QuerySet[Task]:
    """Return the visible tasks, filtered, with their progress, lead and source."""
    today = today or timezone.localdate()
    tasks = visible_tasks(user)
    if party is not None:
        tasks = tasks.filter(
            Q(lead=party) | Q(pk__in=Task.objects.filter(co_executors=party).values("pk"))
        )
    if status:
        tasks = tasks.filter(status=status)
    if overdue is True:
        tasks = tasks.overdue(today)
    elif overdue is False:
        tasks = tasks.exclude(pk__in=Task.objects.overdue(today).values("pk"))
    if document is not None:
        tasks = tasks.filter(document=document)
    return (
        with_progress(tasks, today=today)
        .select_related("lead", "source", "document", "parent", "carried_from")
        .prefetch_related("co_executors")
        .order_by("document_id", "source__position", "pk")
    )


def task_detail(task: Task) -> Task:
    """Return the task reloaded with its progress, reports, children and lineage."""
    return (
        with_progress(Task.objects.filter(pk=task.pk))
        .select_related(
            "lead",
            "source",
            "document",
            "parent",
            "carried_from__document",
            "carried_into__document",
        )
        .prefetch_related(
            "co_executors",
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.select_related("author", "organization"),
            ),
            Prefetch("children", queryset=with_progress(Task.objects.all()).select_related("lead")),
            Prefetch(
                "document__party_links",
                queryset=DocumentParty.objects.select_related("organization"),
            ),
        )
        .get()
    )


def report_list_for(task: Task) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(task=task).select_related("author", "organization")
