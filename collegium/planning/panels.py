"""The planning's panels: on the event page, the plan of consultations a round comes from; on
the document page, the plan whose text the document is."""

from django.http import HttpRequest

from collegium.core.panels import register_panel
from collegium.decisions.models import Document, DocumentKind
from collegium.events.models import Event, EventKind
from collegium.planning.access import visible_plans
from collegium.planning.models import ConsultationRequest


def plan_of_event(request: HttpRequest, event: Event) -> dict:
    """Return the approved plan (visible to the user) whose round this event is, if any."""
    if event.kind != EventKind.CONSULTATIONS:
        return {"show": False}
    found = (
        ConsultationRequest.objects.filter(
            event=event, plan__in=visible_plans(request.user).values("pk")
        )
        .select_related("plan")
        .first()
    )
    return {"show": found is not None, "round": found}


register_panel(
    page="events.event",
    name="plan-of-consultations",
    template="planning/_event_plan.html",
    context=plan_of_event,
    slot="main",
    order=4,
)


def plan_of_document(request: HttpRequest, document: Document) -> dict:
    """Return the plan of consultations (visible to the user) this document is the text of."""
    if document.kind != DocumentKind.PLAN:
        return {"show": False}
    plan = (
        visible_plans(request.user)
        .filter(document=document)
        .select_related("approved_version")
        .first()
    )
    return {"show": plan is not None, "plan": plan}


register_panel(
    page="decisions.document",
    name="plan-of-consultations",
    template="planning/_document_plan.html",
    context=plan_of_document,
    slot="wide",
    order=10,
)
