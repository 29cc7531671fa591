"""The person page's unavailability periods, shown by the registry without importing events."""

from typing import Any

from django.http import HttpRequest

from collegium.core.panels import register_panel
from collegium.events.availability import policy
from collegium.events.availability.selectors import unavailability_list_visible_to
from collegium.registry.models import Person


def person_unavailability(request: HttpRequest, person: Person) -> dict[str, Any]:
    """Return the person's known absences, which the protocol checks compare with invitations."""
    user = request.user
    periods = unavailability_list_visible_to(user=user, person=person)
    signed_in = user.is_authenticated
    return {
        "person": person,
        "unavailabilities": [
            {"period": period, "can_change": signed_in and bool(policy.can_change(user, period))}
            for period in periods
        ],
        "can_add": signed_in and bool(policy.can_create(user)),
    }


register_panel(
    page="registry.person",
    name="unavailability",
    template="events/_person_unavailability.html",
    context=person_unavailability,
    depends_on=("events",),
)
