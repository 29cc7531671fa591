"""Writes to events; each checks access and appends its audit record."""

from typing import Any

from collegium.core import access
from collegium.core.audit import audited
from collegium.core.exceptions import ValidationError

from .models import Event


def _set_fields(event: Event, data: dict[str, Any]) -> None:
    allowed = {f.name for f in Event._meta.concrete_fields} | {
        f.attname for f in Event._meta.concrete_fields
    }
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError({name: "unknown field" for name in unknown})
    for name, value in data.items():
        setattr(event, name, value)


def event_create(*, actor, data: dict[str, Any], organizers: list) -> Event:
    """Create an event organized by ``organizers`` (at least one)."""
    if not organizers:
        raise ValidationError({"organizers": "An event needs at least one organizer."})
    event = Event()
    _set_fields(event, data)
    if event.owner_id is None:
        raise ValidationError({"owner": "Choose the organization that owns this event."})
    access.require_role(actor, event.owner_id, "editor")
    event.full_clean()
    with audited(actor=actor, action="event.create", instance=event):
        event.save(force_insert=True)
        event.organizers.set(organizers)
    return event


def event_update(
    *, actor, event: Event, data: dict[str, Any], organizers: list | None = None
) -> Event:
    access.require_change(actor, event)
    with audited(actor=actor, action="event.update", instance=event):
        _set_fields(event, data)
        access.require_role(actor, event.owner_id, "editor")
        event.full_clean()
        event.save()
        if organizers is not None:
            if not organizers:
                raise ValidationError({"organizers": "An event needs at least one organizer."})
            event.organizers.set(organizers)
    return event
