"""The person page's unavailability periods, shown by the registry without importing events."""

from typing import Any

from django.http import HttpRequest

from collegium.core.panels import register_panel
from collegium.events.availability.selectors import unavailability_list_visible_to
from collegium.registry.models import Person


def person_unavailability(request: HttpRequest, person: Person) -> dict[str, Any]:
    """Return the person's known absences, which the protocol checks compare with invitations."""
    periods = unavailability_list_visible_to(user=request.user, person=person)
    return {"unavailabilities": list(periods)}


register_panel(
    page="registry.person",
    name="unavailability",
    template="events/_person_unavailability.html",
    context=person_unavailability,
    depends_on=("events",),
)
