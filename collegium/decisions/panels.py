"""The document page's history (``core.history``), and a meeting's documents on its page."""

from dataclasses import replace
from typing import Any

from django.http import HttpRequest
from django.utils.translation import pgettext_lazy

from collegium.core.history import history_panel
from collegium.core.panels import register_panel
from collegium.decisions import selectors
from collegium.decisions.models import DocumentKind

# The documents' own steps, named as the history shows them (core.history names the rest).
ACTION_LABELS = {
    "document.node_add": pgettext_lazy("history", "part added"),
    "document.node_update": pgettext_lazy("history", "part changed"),
    "document.node_remove": pgettext_lazy("history", "part removed"),
    "document.node_move": pgettext_lazy("history", "part moved"),
    "document.agree": pgettext_lazy("history", "text agreed by a party"),
    "document.circulate": pgettext_lazy("history", "minutes circulated to the parties"),
    "document.comment": pgettext_lazy("history", "comment by a party"),
    "document.withdraw_agreement": pgettext_lazy("history", "agreement withdrawn"),
    "document.party_sign": pgettext_lazy("history", "signed for a party by its signatory"),
    "document.sign": pgettext_lazy("history", "signed"),
    "document.bring_into_force": pgettext_lazy("history", "brought into force"),
    "document.supersede": pgettext_lazy("history", "superseded by its amendment"),
    "document.expire": pgettext_lazy("history", "expired"),
    "document.amend": pgettext_lazy("history", "amendment drawn up"),
}


def document_history(request: HttpRequest, document: Any) -> dict[str, Any]:
    """Return the history panel's context, each document step under its own name."""
    context = history_panel(request, document)
    history = context["history"]
    if history is None:
        return context
    entries = [
        replace(entry, label=str(ACTION_LABELS[entry.action]))
        if entry.action in ACTION_LABELS
        else entry
        for entry in history.entries
    ]
    return {"history": replace(history, entries=entries)}


register_panel(
    page="decisions.document",
    name="history",
    template="core/_history.html",
    context=document_history,
    slot="wide",
    order=900,
    depends_on=("decisions",),
)


def meeting_documents(request: HttpRequest, event: Any) -> dict[str, Any]:
    """Return the documents of a joint meeting the user may see, its minutes aside."""
    if getattr(event, "kind", "") != "joint_collegium":
        return {"documents": []}
    # The minutes have their own panel, with their steps (meetings.panels).
    documents = selectors.document_list_visible_to(user=request.user, meeting_id=event.pk)
    return {"documents": list(documents.exclude(kind=DocumentKind.MINUTES))}


register_panel(
    page="events.event",
    name="documents",
    template="decisions/_meeting_documents.html",
    context=meeting_documents,
    depends_on=("decisions",),
)
