"""The event page's protocol checks, in its main column."""

from collegium.core.panels import register_panel
from collegium.events.checks.selectors import protocol_checks_for_event


def event_checks(request, event) -> dict:
    """Return the checks of the event that the user sees."""
    return {"checks": protocol_checks_for_event(user=request.user, event=event)}


register_panel(
    page="events.event",
    name="protocol-checks",
    template="events/_protocol_checks.html",
    context=event_checks,
    order=10,
)
