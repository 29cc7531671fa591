"""Calendar reads: the events a user may see."""

import datetime as dt

from django.db.models import Q, QuerySet

from collegium.access.rules import filter_visible
from collegium.events.models import (
    Event,
)


def visible_events(user) -> QuerySet[Event]:
    """Return the events the user may see, each once.

    The visibility filter joins the organizers; matching the primary keys in
    a subquery keeps an event with two of the user's organizations as
    organizers from appearing twice (and ``get()`` from failing).
    """
    return Event.objects.filter(pk__in=filter_visible(Event.objects.all(), user).values("pk"))


def event_list_visible_to(
    *,
    user,
    organization=None,
    kind: str = "",
    status: str = "",
    first_day: dt.date | None = None,
    last_day: dt.date | None = None,
) -> QuerySet[Event]:
    """Return the visible events, filtered; ordered by start.

    ``organization`` keeps the events it organizes, whose body it is, or
    organized by one of its bodies.  ``first_day`` and ``last_day`` keep the
    events that touch that span of days, counted in each host's time zone.
    """
    events = visible_events(user)
    if organization is not None:
        involved = Event.objects.filter(
            Q(organizers=organization) | Q(body=organization) | Q(organizers__parent=organization)
        )
        events = events.filter(pk__in=involved.values("pk"))
    if kind:
        events = events.filter(kind=kind)
    if status:
        events = events.filter(status=status)
    if first_day is not None:
        events = events.filter(end_date__gte=first_day)
    if last_day is not None:
        events = events.filter(start_date__lte=last_day)
    return (
        events.select_related("host_state", "body", "owner")
        .prefetch_related("organizers")
        .order_by("start", "pk")
    )


# --- Arrangements -------------------------------------------------------------------
