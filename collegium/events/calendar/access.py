"""One door per event: return it or raise ``NotFound``."""

from collegium.core.exceptions import NotFound
from collegium.events.calendar.selectors import visible_events
from collegium.events.models import Event


def access_event_by_slug(user, slug: str) -> Event:
    """Return the event the user may see, or raise ``NotFound`` (missing or hidden alike)."""
    # get(), not first(): the slug is unique, and an ORDER BY over the related rows'
    # columns costs Django more to write than the query costs to run.
    try:
        return (
            visible_events(user)
            .select_related("host_state", "body", "owner")
            .prefetch_related("organizers")
            .get(slug=slug)
        )
    except Event.DoesNotExist as exc:
        raise NotFound(Event._meta.verbose_name) from exc
