"""The person page's unavailability periods, shown by the registry without importing events."""

from collegium.core.panels import register_panel
from collegium.events.availability.selectors import unavailability_list_visible_to


def person_unavailability(request, person) -> dict:
    """Return the person's known absences, which the protocol checks compare with invitations."""
    periods = unavailability_list_visible_to(user=request.user, person=person)
    return {"unavailabilities": list(periods)}


register_panel(
    page="registry.person",
    name="unavailability",
    template="events/_person_unavailability.html",
    context=person_unavailability,
)
