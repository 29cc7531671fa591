"""Execution endpoints: tasks, their moves and carry-over, progress reports (with an
uploaded evidence file as multipart), and the interim-results report of a meeting.

Reads are open to anonymous callers (public records only); a task the caller
may not see answers 404.  Only the managers of the document's parties create
and change tasks; only the responsible party (lead or co-executor) reports
progress (403 naming the rule).  A bad upload (too big, wrong type, empty)
answers 422 naming ``evidence_file``.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from collegium.accounts.api_auth import api_auth_required
from collegium.core.api.pagination import Pagination
from collegium.core.api.schemas import Text
from collegium.core.cache import cached_api_read
from collegium.core.exceptions import NotFound, ValidationError
from collegium.decisions.access import access_document_by_slug
from collegium.decisions.models import Document, DocumentNode
from collegium.events.calendar.access import access_event_by_slug
from collegium.execution import interim as interim_report
from collegium.execution import selectors, services
from collegium.execution.access import access_task_by_id
from collegium.execution.models import ProgressReport, Task
from collegium.execution.schemas import (
    CarryOverInputSchema,
    InterimQuerySchema,
    InterimSchema,
    ProgressReportFormSchema,
    ProgressReportSchema,
    TaskFilterSchema,
    TaskInputSchema,
    TaskMoveInputSchema,
    TaskPatchSchema,
    TaskSchema,
)
from collegium.registry.access import organization_for_field

router = Router(tags=["execution"])


def _document(user: Any, slug: str, field: str) -> Document:
    try:
        return access_document_by_slug(user, slug)
    except NotFound as exc:
        raise ValidationError({field: _("Unknown document: “%(key)s”.") % {"key": slug}}) from exc


def _node(document: Document, eid: str, field: str) -> DocumentNode:
    node = DocumentNode.objects.filter(document=document, eid=eid).select_related("parent").first()
    if node is None:
        raise ValidationError({field: _("Unknown provision: “%(key)s”.") % {"key": eid}})
    return node


def _parent(user: Any, pk: int | None) -> Task | None:
    if pk is None:
        return None
    task = selectors.visible_tasks(user).filter(pk=pk).first()
    if task is None:
        raise ValidationError({"parent": _("Unknown task: %(key)s.") % {"key": pk}})
    return task


@router.get("/tasks", response=list[TaskSchema], operation_id="execution_task_list")
@cached_api_read
@paginate(Pagination)
def task_list(request: HttpRequest, filters: Query[TaskFilterSchema]) -> QuerySet[Task]:
    """List the tasks the caller may see, with their progress (rolled up) and overdue flag."""
    user = request.user
    party = None
    if filters.party:
        party = organization_for_field(user, filters.party, "party")
    document = _document(user, filters.document, "document") if filters.document else None
    return selectors.task_list_visible_to(
        user=user,
        party=party,
        status=filters.status or "",
        overdue=filters.overdue,
        document=document,
    ).select_related("carried_into")


@router.get("/tasks/{task_id}", response=TaskSchema, operation_id="execution_task_retrieve")
@cached_api_read
def task_retrieve(request: HttpRequest, task_id: int) -> Task:
    return access_task_by_id(request.user, task_id)


@router.post(
    "/tasks", response={201: TaskSchema}, auth=api_auth_required,
    operation_id="execution_task_create",
)  # fmt: skip
def task_create(request: HttpRequest, payload: TaskInputSchema) -> Status:
    """Create a task from an operative provision (a manager of a party to the document)."""
    user = request.user
    data: dict[str, Any] = payload.model_dump()
    document = _document(user, data.pop("document"), "document")
    node = _node(document, data.pop("source"), "source")
    lead = organization_for_field(user, data.pop("lead"), "lead")
    co = [organization_for_field(user, slug, "co_executors") for slug in data.pop("co_executors")]
    data["parent"] = _parent(user, data.pop("parent"))
    task = services.task_create_from_node(
        actor=user, node=node, lead=lead, co_executors=co, data=data
    )
    return Status(201, access_task_by_id(user, task.pk))


@router.patch(
    "/tasks/{task_id}", response=TaskSchema, auth=api_auth_required,
    operation_id="execution_task_update",
)  # fmt: skip
def task_update(request: HttpRequest, task_id: int, payload: TaskPatchSchema) -> Task:
    """Change a task's terms or its weight in the roll-up."""
    user = request.user
    task = access_task_by_id(user, task_id)
    data = payload.model_dump(exclude_unset=True)
    co = None
    if "co_executors" in data:
        co = [
            organization_for_field(user, slug, "co_executors")
            for slug in data.pop("co_executors") or []
        ]
    if "lead" in data:
        data["lead"] = organization_for_field(user, data["lead"] or "", "lead")
    if "parent" in data:
        data["parent"] = _parent(user, data["parent"])
    services.task_update(actor=user, task=task, data=data, co_executors=co)
    return access_task_by_id(user, task_id)


@router.post(
    "/tasks/{task_id}/move", response=TaskSchema, auth=api_auth_required,
    operation_id="execution_task_move",
)  # fmt: skip
def task_move(request: HttpRequest, task_id: int, payload: TaskMoveInputSchema) -> Task:
    """Move a task: start, complete, cancel or reopen it."""
    task = access_task_by_id(request.user, task_id)
    services.task_move(actor=request.user, task=task, target=payload.status)
    return access_task_by_id(request.user, task_id)


@router.post(
    "/tasks/{task_id}/carry-over", response={201: TaskSchema}, auth=api_auth_required,
    operation_id="execution_task_carry_over",
)  # fmt: skip
def task_carry_over(request: HttpRequest, task_id: int, payload: CarryOverInputSchema) -> Status:
    """Carry an unfinished task into a provision of a later resolution."""
    user = request.user
    task = access_task_by_id(user, task_id)
    document = _document(user, payload.document, "document")
    node = _node(document, payload.source, "source")
    data = {"deadline": payload.deadline} if payload.deadline is not None else {}
    successor = services.task_carry_over(actor=user, task=task, into=node, data=data)
    return Status(201, access_task_by_id(user, successor.pk))


@router.get(
    "/tasks/{task_id}/reports", response=list[ProgressReportSchema],
    operation_id="execution_report_list",
)  # fmt: skip
@cached_api_read
@paginate(Pagination)
def report_list(request: HttpRequest, task_id: int) -> QuerySet[ProgressReport]:
    """List a task's progress reports, newest first."""
    return selectors.report_list_for(access_task_by_id(request.user, task_id))


@router.post(
    "/tasks/{task_id}/reports", response={201: ProgressReportSchema}, auth=api_auth_required,
    operation_id="execution_report_create",
)  # fmt: skip
def report_create(
    request: HttpRequest,
    task_id: int,
    payload: Form[ProgressReportFormSchema],
    evidence_file: UploadedFile | None = File(None),  # noqa: B008 (ninja's parameter marker)
) -> Status:
    """Report progress as multipart form data, with an optional evidence file (or link)."""
    task = access_task_by_id(request.user, task_id)
    data: dict[str, Any] = payload.model_dump()
    if data["date"] is None:
        data["date"] = timezone.localdate()
    report = services.progress_report_add(
        actor=request.user, task=task, data=data, evidence_file=evidence_file
    )
    return Status(201, report)


@router.get("/interim/{meeting}", response=InterimSchema, operation_id="execution_interim_retrieve")
@cached_api_read
def interim_retrieve(
    request: HttpRequest, meeting: Text, query: Query[InterimQuerySchema]
) -> dict[str, Any]:
    """Return the interim-results report of a meeting on a date."""
    user = request.user
    event = access_event_by_slug(user, meeting)  # the events' own door (invitees too)
    as_of = query.date or event.start_date or timezone.localdate()
    data = interim_report.interim_build(user=user, meeting=event, as_of=as_of)
    built = data.report
    return {
        "meeting": event.slug,
        "date": as_of,
        "resolution": data.resolution.slug if data.resolution is not None else None,
        "programmes": [programme.slug for programme in data.programmes],
        "items": [
            {
                "source": state.item.source, "section": state.item.section,
                "eid": state.item.eid, "num": state.item.num, "text": state.item.text,
                "state": state.state, "progress": state.progress,
                "narrative": state.narrative, "narrative_date": state.narrative_date,
            }
            for state in built.items
        ],
        "by_party": [{"name": name, **counts} for name, counts in built.by_party.items()],
        "by_section": [{"name": name, **counts} for name, counts in built.by_section.items()],
        "overdue": [
            {"party": party, "task": task.key, "title": task.title, "deadline": task.deadline}
            for party, tasks in built.overdue_by_party.items()
            for task in tasks
        ],
    }  # fmt: skip
