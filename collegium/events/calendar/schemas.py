"""API schemas of events."""

import datetime as dt
from typing import TYPE_CHECKING

from ninja import Field, Schema

from collegium.core.api.schemas import DateTime, InputBase, patch_schema
from collegium.core.models import Visibility
from collegium.events.models import (
    EventKind,
    EventStatus,
)

TIME_HELP = (
    "A naive local time (read in `timezone`, e.g. 2025-11-27T10:00) or a time with an offset."
)


class EventSchema(Schema):
    slug: str
    uid: str = Field(description="The event's UID in calendar feeds; never changes.")
    sequence: int = Field(
        description="Revision: raised on every change of title, time, place or status."
    )
    kind: EventKind
    status: EventStatus
    title: str = Field(description="The title in the language of the request.")
    title_ru: str
    title_en: str
    title_be: str
    organizers: list[str] = Field(description="Slugs of the organizing organizations.")
    body: str | None = Field(description="Slug of the body that meets.")
    host_state: str | None = Field(description="ISO code of the host state.")
    city: str = Field(description="The host city in the language of the request.")
    city_ru: str
    city_en: str
    city_be: str
    venue: str
    timezone: str = Field(description="The host's IANA time zone.")
    start: dt.datetime = Field(description="Start, in the host's zone.")
    end: dt.datetime = Field(description="End, in the host's zone.")
    start_date: dt.date = Field(description="The host's calendar day of the start.")
    end_date: dt.date = Field(description="The host's calendar day of the end.")
    summary: str
    is_illustrative: bool
    owner: str
    visibility: Visibility
    created_at: dt.datetime
    modified_at: dt.datetime

    @staticmethod
    def resolve_organizers(obj) -> list[str]:
        return sorted(organization.slug for organization in obj.organizers.all())

    @staticmethod
    def resolve_body(obj) -> str | None:
        return obj.body.slug if obj.body is not None else None

    @staticmethod
    def resolve_host_state(obj) -> str | None:
        return obj.host_state.code if obj.host_state is not None else None

    @staticmethod
    def resolve_start(obj) -> dt.datetime:
        return obj.local_start()

    @staticmethod
    def resolve_end(obj) -> dt.datetime:
        return obj.local_end()

    @staticmethod
    def resolve_owner(obj) -> str:
        return obj.owner.slug


class _EventFields(InputBase):
    """The fields a create and a patch share (all but the status)."""

    slug: str
    kind: EventKind
    title_ru: str
    title_en: str = ""
    title_be: str = ""
    organizers: list[str] = Field(
        min_length=1, description="Slugs of the organizing organizations (one or more)."
    )
    body: str | None = Field(None, description="Slug of the body that meets.")
    host_state: str | None = Field(None, description="ISO code of the host state.")
    city_ru: str = ""
    city_en: str = ""
    city_be: str = ""
    venue: str = ""
    timezone: str = Field("Europe/Moscow", description="The host's IANA time zone.")
    start: DateTime = Field(description=TIME_HELP)
    end: DateTime = Field(description=TIME_HELP)
    summary: str = ""
    is_illustrative: bool = False
    owner: str = Field(description="Slug of the owning organization.")
    visibility: Visibility = Visibility.PUBLIC


class EventInputSchema(_EventFields):
    status: EventStatus = Field(
        EventStatus.PLANNED,
        description="The status to record the event with; later it moves through the transitions.",
    )


# Built at run time; to the type checker, a request body read through model_dump().
if TYPE_CHECKING:

    class EventPatchSchema(InputBase): ...
else:
    EventPatchSchema = patch_schema(
        _EventFields,
        "EventPatchSchema",
        "Fields of an event to change; the status moves through the transition operations.",
        types={"owner": str, "organizers": list[str], "start": DateTime, "end": DateTime},
    )


class EventRescheduleSchema(InputBase):
    """New dates for a postponed event; left out, the old dates stand."""

    start: DateTime | None = Field(None, description=TIME_HELP)
    end: DateTime | None = Field(None, description=TIME_HELP)


# --- Arrangements -------------------------------------------------------------------
