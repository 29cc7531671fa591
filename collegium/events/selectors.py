"""Reads of events, filtered by what the user may see."""

from django.db.models import QuerySet

from collegium.core.access import filter_visible

from .models import Event


def event_list_visible_to(*, user) -> QuerySet[Event]:
    return (
        filter_visible(Event.objects.all(), user)
        .distinct()
        .select_related("host_state", "body")
        .prefetch_related("organizers")
    )
