"""One door per unavailability period."""

from collegium.access.rules import AnyUser, filter_visible
from collegium.core.exceptions import NotFound
from collegium.events.models import Unavailability


def access_unavailability_by_id(user: AnyUser, unavailability_id: int) -> Unavailability:
    """Return the period the user may see, or raise ``NotFound`` (missing or hidden alike)."""
    found = (
        filter_visible(Unavailability.objects.all(), user)
        .select_related("person", "owner")
        .filter(pk=unavailability_id)
        .first()
    )
    if found is None:
        raise NotFound(Unavailability._meta.verbose_name)
    return found
