"""One door per event: return it or raise ``NotFound``."""

from collegium.core.exceptions import NotFound
from collegium.events.calendar.selectors import visible_events
from collegium.events.models import Event


def access_event_by_slug(user, slug: str) -> Event:
    """Return the event the user may see, or raise ``NotFound`` (missing or hidden alike)."""
    event = (
        visible_events(user)
        .select_related("host_state", "body", "owner")
        .prefetch_related("organizers")
        .filter(slug=slug)
        .first()
    )
    if event is None:
        raise NotFound(Event._meta.verbose_name)
    return event
