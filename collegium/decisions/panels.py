"""The document page's history (``core.history``), and a meeting's documents on its page."""

from typing import Any

from django.http import HttpRequest

from collegium.core.history import register_history_panel
from collegium.core.panels import register_panel
from collegium.decisions import selectors

register_history_panel(page="decisions.document")


def meeting_documents(request: HttpRequest, event: Any) -> dict[str, Any]:
    """Return the documents of a joint meeting the user may see."""
    if getattr(event, "kind", "") != "joint_collegium":
        return {"documents": []}
    return {
        "documents": list(
            selectors.document_list_visible_to(user=request.user, meeting_id=event.pk)
        )
    }


register_panel(
    page="events.event",
    name="documents",
    template="decisions/_meeting_documents.html",
    context=meeting_documents,
    depends_on=("decisions",),
)
