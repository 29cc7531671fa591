"""What execution shows on other pages: the interim report on a joint meeting's page, and the
tasks of a resolution or programme on the document's page; the task's history."""

from typing import Any

from django.http import HttpRequest

from collegium.core.panels import register_panel
from collegium.execution import selectors


def meeting_interim(request: HttpRequest, event: Any) -> dict[str, Any]:
    """Offer the interim-results report on a joint meeting's page."""
    return {"meeting": event if getattr(event, "kind", "") == "joint_collegium" else None}


def document_tasks(request: HttpRequest, document: Any) -> dict[str, Any]:
    """Return the visible tasks of a resolution or a programme, with their progress."""
    if document.kind not in {"resolution", "programme"}:
        return {"document": None, "tasks": []}
    tasks = list(selectors.task_list_visible_to(user=request.user, document=document)[:50])
    return {"document": document, "tasks": tasks}


register_panel(
    page="events.event",
    name="interim-report",
    template="execution/_meeting_interim.html",
    context=meeting_interim,
    order=50,
    depends_on=("execution",),
)
register_panel(
    page="decisions.document",
    name="tasks",
    template="execution/_document_tasks.html",
    context=document_tasks,
    depends_on=("execution",),
)
