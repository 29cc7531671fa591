"""Unavailability reads."""

import datetime as dt

from django.db.models import QuerySet

from collegium.access.rules import AnyUser, filter_visible
from collegium.events.models import Unavailability
from collegium.registry.models import Person


def unavailability_list_visible_to(
    *,
    user: AnyUser,
    person: Person | None = None,
    first_day: dt.date | None = None,
    last_day: dt.date | None = None,
) -> QuerySet[Unavailability]:
    """Return the visible periods, optionally of one person and touching a span of days."""
    periods = filter_visible(Unavailability.objects.all(), user)
    if person is not None:
        periods = periods.filter(person=person)
    if first_day is not None:
        periods = periods.filter(end_date__gte=first_day)
    if last_day is not None:
        periods = periods.filter(start_date__lte=last_day)
    return periods.select_related("person", "owner").order_by("start_date", "pk")
