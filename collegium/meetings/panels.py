"""The meeting's panels on the event page (``core.panels``): the previous and next meetings,
the ordered agenda and the delegations side by side, with the forms the policy allows.

A joint collegium's agenda opens with the interim-results report (derived from the
documents it covers, never stored; ``execution.interim.meeting_report``), and each
item lists its documents the reader may see.

A fixed number of queries for any agenda and delegations: the items, their
documents, their presenters' tenures on the meeting's date, the delegations,
their members, the previous and the next meeting; for a joint collegium, the
report's previous meeting, its resolution and the programmes; for a manager,
the documents the items may carry.  The organizers and their parents come
loaded with the event.
"""

from django.http import HttpRequest

from collegium.core.panels import register_panel
from collegium.decisions import selectors as decisions_selectors
from collegium.decisions.models import DocumentKind
from collegium.events.models import Event
from collegium.meetings import policy, selectors
from collegium.meetings.forms import AgendaItemForm

NOT_A_MEETING: dict = {"show": False}


def _signed_in(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated)


def meeting_neighbours(request: HttpRequest, event: Event) -> dict:
    """Return the previous and the next meeting of the same kind among the same organizers."""
    if not policy.has_agenda(event):
        return NOT_A_MEETING
    previous, following = selectors.meeting_neighbours(event, user=request.user)
    return {"show": bool(previous or following), "previous": previous, "next": following}


def meeting_agenda(request: HttpRequest, event: Event) -> dict:
    """Return the ordered agenda, its presenters resolved, and its forms if the user may edit."""
    if not policy.has_agenda(event):
        return NOT_A_MEETING
    can_edit = _signed_in(request) and bool(policy.can_edit_agenda(request.user, event))
    report = selectors.agenda_report(event, user=request.user)
    rows = selectors.agenda_of(event, user=request.user, first=2 if report else 1)
    total = sum(row.item.duration_minutes or 0 for row in rows)
    attachable = list(selectors.attachable_documents(event, user=request.user)) if can_edit else []
    lines = [
        (row, [doc for doc in attachable if all(doc.pk != d.pk for d in row.documents)])
        for row in rows
    ]
    context = {
        "show": True,
        "event": event,
        "report": report,
        "lines": lines,
        "total": total,
        "can_edit": can_edit,
    }
    if can_edit:
        context["form"] = AgendaItemForm(user=request.user, meeting=event)
    return context


def meeting_delegations(request: HttpRequest, event: Event) -> dict:
    """Return one column per party: its delegation, head first, and its forms if allowed."""
    if not policy.has_agenda(event):
        return NOT_A_MEETING
    signed_in = _signed_in(request)
    parties = [
        {
            "view": view,
            "can_edit": signed_in
            and bool(policy.can_edit_delegation(request.user, event, view.organization)),
        }
        for view in selectors.delegations_by_party(event, user=request.user)
    ]
    return {"show": True, "event": event, "parties": parties}


def meeting_minutes(request: HttpRequest, event: Event) -> dict:
    """Return the meeting's minutes the user may see, and whether they may draw them up."""
    if event.kind != "joint_collegium":
        return NOT_A_MEETING
    minutes = list(
        decisions_selectors.document_list_visible_to(
            user=request.user, kind=DocumentKind.MINUTES, meeting_id=event.pk
        )
    )
    can_create = (
        not minutes
        and _signed_in(request)
        and bool(policy.can_draw_up_minutes(request.user, event))
    )
    return {"show": True, "event": event, "minutes": minutes, "can_create": can_create}


register_panel(
    page="events.event",
    name="meeting-minutes",
    template="meetings/_minutes.html",
    context=meeting_minutes,
    slot="wide",
    order=7,
    depends_on=("meetings", "decisions"),
)
register_panel(
    page="events.event",
    name="meeting-neighbours",
    template="meetings/_neighbours.html",
    context=meeting_neighbours,
    slot="main",
    order=5,
    depends_on=("meetings",),
)
register_panel(
    page="events.event",
    name="meeting-agenda",
    template="meetings/_agenda.html",
    context=meeting_agenda,
    slot="wide",
    order=5,
    # The items' documents and the interim report are the decisions' records.
    depends_on=("meetings", "decisions"),
)
register_panel(
    page="events.event",
    name="meeting-delegations",
    template="meetings/_delegations.html",
    context=meeting_delegations,
    slot="wide",
    order=6,
    depends_on=("meetings",),
)
