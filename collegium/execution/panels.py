"""What execution shows on other pages: the tasks of a resolution or programme on the document's
page.  The interim report is offered on a joint meeting's page as the first item of its agenda
(``meetings.panels``, through ``interim.meeting_report``), not by a panel of its own."""

from typing import Any

from django.http import HttpRequest

from collegium.core.panels import register_panel
from collegium.execution import selectors


def document_tasks(request: HttpRequest, document: Any) -> dict[str, Any]:
    """Return the visible tasks of a resolution or a programme, with their progress."""
    if document.kind not in {"resolution", "programme"}:
        return {"document": None, "tasks": []}
    tasks = list(selectors.task_list_visible_to(user=request.user, document=document)[:50])
    return {"document": document, "tasks": tasks}


register_panel(
    page="decisions.document",
    name="tasks",
    template="execution/_document_tasks.html",
    context=document_tasks,
    depends_on=("execution",),
)
