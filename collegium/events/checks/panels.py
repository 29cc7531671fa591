"""The event page's protocol checks, in its main column."""

from collegium.core.panels import register_panel
from collegium.events.checks.selectors import protocol_checks_for_event
from collegium.events.invitations.views import event_invitation_list


def event_checks(request, event) -> dict:
    """Return the checks of the event that the user sees (its invitations read once with the
    invitations section's)."""
    return {
        "checks": protocol_checks_for_event(
            user=request.user, event=event, invitations=event_invitation_list(request, event)
        )
    }


register_panel(
    page="events.event",
    name="protocol-checks",
    template="events/_protocol_checks.html",
    context=event_checks,
    order=10,
)
