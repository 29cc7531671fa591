"""Task writes: tasks from provisions, their changes and moves, progress reports, carry-over.

Every service asks the policy (``policy.py``, 403 naming the rule), checks
what the task's status allows (``TASK_WORKFLOW``, 409), validates (422
naming the field) and writes in one transaction with its audit record.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access.rules import AnyUser
from collegium.core.audit import audited
from collegium.core.exceptions import TransitionError, ValidationError
from collegium.core.services import assign_fields, loaded_relations
from collegium.decisions.models import DocumentKind, DocumentNode, NodeKind
from collegium.execution import evidence, policy
from collegium.execution.models import ProgressReport, Task, TaskStatus
from collegium.execution.selectors import ROLLUP_DEPTH
from collegium.registry.models import Organization

TASK_MANAGED_FIELDS = frozenset(
    {"id", "status", "document", "document_id", "source", "source_id", "carried_from",
     "carried_from_id", "created_at", "owner", "owner_id", "visibility"}
)  # fmt: skip
TASK_SOURCE_KINDS = {DocumentKind.RESOLUTION, DocumentKind.PROGRAMME}
REPORT_STATUSES = {TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.DONE}
REPORT_FIELDS = frozenset(
    {"date", "status", "percent", "narrative_ru", "narrative_en", "narrative_be", "evidence_url"}
)


def _check_source(node: DocumentNode, field: str = "source") -> None:
    """Refuse a part that is not an operative provision of a resolution or a programme item."""
    document = node.document
    if document.kind not in TASK_SOURCE_KINDS:
        raise ValidationError(
            {field: _("Tasks come from resolutions and programmes, not from %(kind)s.")
             % {"kind": document.get_kind_display()}}
        )  # fmt: skip
    parent = node.parent if node.parent_id is not None else None
    in_preamble = node.kind == NodeKind.PREAMBLE or (
        parent is not None and parent.kind == NodeKind.PREAMBLE
    )
    if node.kind not in {NodeKind.PARAGRAPH, NodeKind.SUBPARAGRAPH} or in_preamble:
        message = _("A task comes from an operative paragraph or sub-paragraph, not from %(eid)s.")
        raise ValidationError({field: message % {"eid": node.eid}})


def _check_parties(lead: Organization, co_executors: list[Organization]) -> None:
    if any(party.pk == lead.pk for party in co_executors):
        raise ValidationError(
            {"co_executors": _("The lead organization is not also a co-executor.")}
        )
    if len({party.pk for party in co_executors}) != len(co_executors):
        raise ValidationError({"co_executors": _("A co-executor is named twice.")})


def _check_parent(task: Task) -> None:
    """Refuse a parent of another document, a cycle, or a tree deeper than the roll-up reaches."""
    parent = task.parent if task.parent_id is not None else None
    depth = 0
    while parent is not None:
        if parent.pk == task.pk:
            raise ValidationError({"parent": _("A task is not its own ancestor.")})
        if parent.document_id != task.document_id:
            raise ValidationError({"parent": _("A parent task comes from the same document.")})
        depth += 1
        parent = parent.parent if parent.parent_id is not None else None
    if depth > ROLLUP_DEPTH:
        message = _("Tasks nest at most %(levels)s levels deep.")
        raise ValidationError({"parent": message % {"levels": ROLLUP_DEPTH + 1}})


def task_create_from_node(
    *,
    actor: AnyUser,
    node: DocumentNode,
    lead: Organization,
    co_executors: Iterable[Organization] = (),
    data: dict[str, Any] | None = None,
    carried_from: Task | None = None,
) -> Task:
    """Create a task executing the provision ``node`` (a manager for a party of its document)."""
    document = node.document
    policy.can_create(actor, document).enforce()
    _check_source(node)
    co = list(co_executors)
    _check_parties(lead, co)
    task = Task(source=node, document=document, lead=lead, carried_from=carried_from)
    assign_fields(task, data or {}, managed=TASK_MANAGED_FIELDS)
    if not task.title_ru:
        task.title_ru = (node.text_ru or node.heading_ru)[:400]
        task.title_be = task.title_be or (node.text_be or node.heading_be)[:400]
        task.title_en = task.title_en or (node.text_en or node.heading_en)[:400]
    task.owner_id = document.owner_id
    task.visibility = document.visibility
    task.status = TaskStatus.NOT_STARTED
    task.created_at = timezone.now()
    task.full_clean(exclude=loaded_relations(task))
    _check_parent(task)
    with audited(
        actor=actor, action="task.create", instance=task, organization=lead,
        relations={"co_executors": co},
    ):  # fmt: skip
        task.save(force_insert=True)
        task.co_executors.set(co)
    return task


def task_update(
    *,
    actor: AnyUser,
    task: Task,
    data: dict[str, Any],
    co_executors: Iterable[Organization] | None = None,
) -> Task:
    """Change a task's titles, parties, dates, periodicity, weight or parent."""
    policy.can_edit(actor, task).enforce()
    if not task.is_open and set(data) - {"weight"}:
        raise TransitionError(
            _("A closed task keeps its terms; only its weight in the roll-up changes."),
            code="task_closed_keeps_its_terms",
        )
    co = list(co_executors) if co_executors is not None else list(task.co_executors.all())
    with audited(
        actor=actor, action="task.update", instance=task, organization=task.lead,
        relations={"co_executors": co},
    ):  # fmt: skip
        assign_fields(task, data, managed=TASK_MANAGED_FIELDS)
        _check_parties(task.lead, co)
        task.full_clean(exclude=loaded_relations(task))
        _check_parent(task)
        task.save()
        if co_executors is not None:
            task.co_executors.set(co)
    return task


def task_move(*, actor: AnyUser, task: Task, target: str) -> Task:
    """Move a task to ``target`` (start, complete, cancel, reopen); carry-over has its service."""
    policy.can_edit(actor, task).enforce()
    if target == TaskStatus.CARRIED_OVER:
        raise TransitionError(
            _("A task is carried over into a provision of the next resolution (task_carry_over)."),
            code="task_carry_over_needs_a_provision",
        )
    task.check_transition(target)
    with audited(actor=actor, action="task.move", instance=task, organization=task.lead):
        task.status = target
        task.save(update_fields=["status"])
    return task


def task_carry_over(
    *, actor: AnyUser, task: Task, into: DocumentNode, data: dict[str, Any] | None = None
) -> Task:
    """Carry an unfinished task into a provision of a later resolution; return the new task.

    The task becomes "carried over"; the new one keeps its parties and points
    back to it (``carried_from``), so the lineage shows both ways.
    """
    policy.can_edit(actor, task).enforce()
    task.check_transition(TaskStatus.CARRIED_OVER, via="carry_over")
    if into.document_id == task.document_id or into.document.kind != DocumentKind.RESOLUTION:
        raise ValidationError(
            {"into": _("A task is carried over into a provision of another resolution.")}
        )
    co = list(task.co_executors.all())
    values = {
        "title_ru": task.title_ru, "title_be": task.title_be, "title_en": task.title_en,
        "weight": task.weight, "is_illustrative": task.is_illustrative,
    }  # fmt: skip
    values.update(data or {})
    with audited(actor=actor, action="task.carry_over", instance=task, organization=task.lead):
        task.status = TaskStatus.CARRIED_OVER
        task.save(update_fields=["status"])
        successor = task_create_from_node(
            actor=actor, node=into, lead=task.lead, co_executors=co, data=values, carried_from=task
        )
    return successor


def _report_move(task: Task, status: str) -> str | None:
    """Return the task status a report of ``status`` leads to, or None if it stays."""
    if status == task.status:
        return None
    if status == TaskStatus.NOT_STARTED:
        raise ValidationError(
            {"status": _("A task already started is not reported as not started.")}
        )
    if task.status == TaskStatus.NOT_STARTED and status == TaskStatus.DONE:
        return TaskStatus.DONE
    task.check_transition(status)
    return status


def progress_report_add(
    *,
    actor: AnyUser,
    task: Task,
    data: dict[str, Any],
    evidence_file: UploadedFile | None = None,
) -> ProgressReport:
    """Add a progress report by the responsible party; the task takes the reported status.

    Only the lead organization or a co-executing one reports (403 naming the
    rule); a closed task takes no report (409); evidence is a file (checked by
    ``evidence.check_upload``) or a link.
    """
    party = policy.reporting_party(actor, task)
    if party is None:
        policy.can_report(actor, task).enforce()  # refuses, naming the rule (403)
    if task.status in {TaskStatus.CANCELLED, TaskStatus.CARRIED_OVER}:
        raise TransitionError(
            _("A cancelled or carried-over task takes no more reports."),
            code="task_closed_takes_no_reports",
        )
    unknown = sorted(set(data) - REPORT_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in unknown})
    report = ProgressReport(task=task, organization=party, created_at=timezone.now())
    if actor is not None and actor.is_authenticated:
        report.author = actor
    for name, value in data.items():
        setattr(report, name, value)
    if report.date is None:
        report.date = timezone.localdate()
    if report.status not in REPORT_STATUSES:
        raise ValidationError(
            {"status": _("A report gives the status not started, in progress or done.")}
        )
    if report.status == TaskStatus.DONE and report.percent != 100:
        raise ValidationError({"percent": _("A task reported done is 100% done.")})
    if evidence_file is not None:
        if report.evidence_url:
            raise ValidationError({"evidence_url": _("Evidence is a file or a link, not both.")})
        evidence.check_upload(evidence_file)
    if isinstance(report.date, dt.date) and report.date > timezone.localdate():
        raise ValidationError({"date": _("A report is not dated in the future.")})
    report.full_clean(exclude=[*loaded_relations(report), "evidence_file"])
    target = _report_move(task, report.status)
    with audited(actor=actor, action="progress_report.create", instance=report, organization=party):
        if evidence_file is not None:
            report.evidence_file.save(evidence_file.name or "evidence", evidence_file, save=False)
        report.save(force_insert=True)
        if target is not None:
            task.status = target
            task.save(update_fields=["status"])
    return report
