"""The event page's invitations, below its columns, with their moves and the generation button."""

from collegium.core.panels import register_panel
from collegium.events.invitations.views import event_invitations_context


def event_invitations(request, event) -> dict:
    """Return the invitations section of the event page."""
    return {"event": event, **event_invitations_context(request, event)}


register_panel(
    page="events.event",
    name="invitations",
    template="events/_event_invitations.html",
    context=event_invitations,
    slot="wide",
    order=20,
)
