"""Schemas of the events API.

Related records are named by their stable keys: organizations by slug, the
host state by its ISO code.  Times: ``start`` and ``end`` are answered in the
host's zone with its offset (``2025-11-27T10:00:00+06:00``); in a request
they are either naive local times, read in ``timezone`` (the host's IANA
zone), or carry an offset.  The status is set on create only; later it moves
through the transition operations.
"""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from collegium.core.models import Visibility
from collegium.registry.schemas import InputBase, Text, _patch_schema

from .models import (
    AccessionStatus,
    ArrangementDirection,
    ArrangementStatus,
    ConsentState,
    EventKind,
    EventStatus,
    InvitationStatus,
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
        description="Slugs of the organizing organizations (one or more)."
    )
    body: str | None = Field(None, description="Slug of the body that meets.")
    host_state: str | None = Field(None, description="ISO code of the host state.")
    city_ru: str = ""
    city_en: str = ""
    city_be: str = ""
    venue: str = ""
    timezone: str = Field("Europe/Moscow", description="The host's IANA time zone.")
    start: dt.datetime = Field(description=TIME_HELP)
    end: dt.datetime = Field(description=TIME_HELP)
    summary: str = ""
    is_illustrative: bool = False
    owner: str = Field(description="Slug of the owning organization.")
    visibility: Visibility = Visibility.PUBLIC


class EventInputSchema(_EventFields):
    status: EventStatus = Field(
        EventStatus.PLANNED,
        description="The status to record the event with; later it moves through the transitions.",
    )


EventPatchSchema = _patch_schema(
    _EventFields,
    "EventPatchSchema",
    "Fields of an event to change; the status moves through the transition operations.",
    types={"owner": str, "organizers": list[str], "start": dt.datetime, "end": dt.datetime},
)


class EventRescheduleSchema(InputBase):
    """New dates for a postponed event; left out, the old dates stand."""

    start: dt.datetime | None = Field(None, description=TIME_HELP)
    end: dt.datetime | None = Field(None, description=TIME_HELP)


# --- Arrangements -------------------------------------------------------------------


class ArrangementPartySchema(Schema):
    organization: str = Field(description="Slug of the party.")
    executive_body: str = Field(description="Slug of its executive body, whose head is invited.")
    joined_on: dt.date | None
    left_on: dt.date | None

    @staticmethod
    def resolve_organization(obj) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_executive_body(obj) -> str:
        return obj.executive_body.slug


class ArrangementSchema(Schema):
    slug: str
    title: str = Field(description="The title in the language of the request.")
    title_ru: str
    title_en: str
    title_be: str
    description: str
    parties: list[ArrangementPartySchema]
    scope: list[EventKind] = Field(description="The kinds of the parties' events covered.")
    include_deputies: bool
    direction: ArrangementDirection
    inviting_party: str | None = Field(description="One-way: slug of the inviting party.")
    status: ArrangementStatus
    proposed_on: dt.date | None
    in_force_on: dt.date | None
    suspended_on: dt.date | None
    resumed_on: dt.date | None
    terminated_on: dt.date | None
    dates_approximate: bool
    owner: str
    visibility: Visibility

    @staticmethod
    def resolve_parties(obj) -> list:
        return list(obj.party_links.all())

    @staticmethod
    def resolve_inviting_party(obj) -> str | None:
        return obj.inviting_party.slug if obj.inviting_party is not None else None

    @staticmethod
    def resolve_owner(obj) -> str:
        return obj.owner.slug


class ArrangementPartyInputSchema(InputBase):
    organization: Text = Field(description="Slug of the party.")
    executive_body: Text = Field(
        description="Slug of its executive body (the party itself or one of its bodies)."
    )


class ArrangementInputSchema(InputBase):
    slug: str
    title_ru: str
    title_en: str = ""
    title_be: str = ""
    description: str = ""
    parties: list[ArrangementPartyInputSchema] = Field(description="Two or more parties.")
    scope: list[EventKind] = Field(description="The kinds of the parties' events covered.")
    include_deputies: bool = False
    direction: ArrangementDirection = ArrangementDirection.MUTUAL
    inviting_party: str | None = Field(None, description="One-way: slug of the inviting party.")
    dates_approximate: bool = False
    owner: str = Field(description="Slug of the owning organization.")
    visibility: Visibility = Visibility.PUBLIC


ArrangementPatchSchema = _patch_schema(
    ArrangementInputSchema,
    "ArrangementPatchSchema",
    "Fields of an arrangement to change; parties only while it is a draft or a proposal.",
    types={
        "owner": str,
        "parties": list[ArrangementPartyInputSchema],
        "scope": list[EventKind],
    },
)


class ArrangementMoveInputSchema(Schema):
    """The date of a status change (a query parameter); left out, today."""

    on: dt.date | None = Field(None, description="The date of the change; left out, today.")


class ConsentSchema(Schema):
    party: str = Field(description="Slug of the consenting party.")
    state: ConsentState
    note_reference: str = Field(description="The note that conveyed a consent given on behalf.")
    conditions: str
    recorded_by: str | None = Field(description="Username of who recorded it.")
    recorded_at: dt.datetime | None

    @staticmethod
    def resolve_party(obj) -> str:
        return obj.party.slug

    @staticmethod
    def resolve_recorded_by(obj) -> str | None:
        return obj.recorded_by.get_username() if obj.recorded_by is not None else None


class AccessionSchema(Schema):
    id: int
    arrangement: str
    organization: str = Field(description="Slug of the new party.")
    executive_body: str
    proposed_on: dt.date
    proposed_by: str
    note: str
    status: AccessionStatus
    decided_on: dt.date | None
    consents: list[ConsentSchema]

    @staticmethod
    def resolve_arrangement(obj) -> str:
        return obj.arrangement.slug

    @staticmethod
    def resolve_organization(obj) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_executive_body(obj) -> str:
        return obj.executive_body.slug

    @staticmethod
    def resolve_proposed_by(obj) -> str:
        return obj.proposed_by.slug

    @staticmethod
    def resolve_consents(obj) -> list:
        return list(obj.consents.all())


class AccessionInputSchema(InputBase):
    organization: Text = Field(description="Slug of the new party.")
    executive_body: Text = Field(description="Slug of its executive body.")
    proposed_by: Text = Field(description="Slug of the proposing organization.")
    proposed_on: dt.date | None = Field(None, description="Left out: today.")
    note: str = ""


class ConsentInputSchema(InputBase):
    party: Text = Field(description="Slug of the consenting party (yours).")
    state: ConsentState = Field(description="given, refused or given_on_behalf.")
    note_reference: str = Field("", max_length=200, description="Required for given_on_behalf.")
    conditions: str = ""


# --- Invitations ----------------------------------------------------------------------


def _username(user) -> str | None:
    return user.get_username() if user is not None else None


class InvitationSchema(Schema):
    id: int
    event: str = Field(description="Slug of the event.")
    event_title: str = Field(description="The event's title in the language of the request.")
    event_start_date: dt.date = Field(description="The host's calendar day the event starts.")
    arrangement: str | None = Field(
        description="Slug of the arrangement that requires it; null for an ad hoc invitation "
        "or an arrangement not visible to you."
    )
    ad_hoc: bool = Field(description="Made outside any arrangement.")
    inviting_organization: str = Field(description="Slug of the inviting party.")
    invitee_organization: str = Field(description="Slug of the invited party.")
    invitee_body: str = Field(description="Slug of the invited body (the post's organization).")
    invitee_post: str | None = Field(
        description="Slug of the invited post; null if its record is not visible to you."
    )
    invitee_person: str | None = Field(
        description="Slug of the post's holder it is addressed to; null if the post was vacant "
        "or the person's record is not visible to you."
    )
    status: InvitationStatus
    created_at: dt.datetime
    sent_at: dt.datetime | None
    sent_by: str | None = Field(description="Username of who sent it.")
    answered_at: dt.datetime | None
    answered_by: str | None = Field(
        description="Username of who recorded the answer (or that no reply came)."
    )
    answered_on_behalf: bool = Field(
        description="The organizer recorded the invitee's answer on its behalf."
    )
    attendance_recorded_at: dt.datetime | None
    attendance_recorded_by: str | None = Field(description="Username of who recorded attendance.")
    owner: str
    visibility: Visibility

    @staticmethod
    def resolve_event(obj) -> str:
        return obj.event.slug

    @staticmethod
    def resolve_event_title(obj) -> str:
        return obj.event.title

    @staticmethod
    def resolve_event_start_date(obj) -> dt.date:
        return obj.event.start_date

    @staticmethod
    def resolve_arrangement(obj) -> str | None:
        if obj.arrangement is None or not getattr(obj, "arrangement_visible", False):
            return None
        return obj.arrangement.slug

    @staticmethod
    def resolve_ad_hoc(obj) -> bool:
        return obj.arrangement_id is None

    @staticmethod
    def resolve_inviting_organization(obj) -> str:
        return obj.inviting_organization.slug

    @staticmethod
    def resolve_invitee_organization(obj) -> str:
        return obj.invitee_organization.slug

    @staticmethod
    def resolve_invitee_body(obj) -> str:
        return obj.invitee_body.slug

    @staticmethod
    def resolve_invitee_post(obj) -> str | None:
        return obj.invitee_post.slug if getattr(obj, "post_visible", False) else None

    @staticmethod
    def resolve_invitee_person(obj) -> str | None:
        if obj.invitee_person is None or not getattr(obj, "person_visible", False):
            return None
        return obj.invitee_person.slug

    @staticmethod
    def resolve_sent_by(obj) -> str | None:
        return _username(obj.sent_by)

    @staticmethod
    def resolve_answered_by(obj) -> str | None:
        return _username(obj.answered_by)

    @staticmethod
    def resolve_attendance_recorded_by(obj) -> str | None:
        return _username(obj.attendance_recorded_by)

    @staticmethod
    def resolve_owner(obj) -> str:
        return obj.owner.slug


class InvitationGeneratedSchema(Schema):
    """What a generation run found: the invitations it created and those that existed."""

    created: list[InvitationSchema]
    existing: list[InvitationSchema]


class InvitationInputSchema(InputBase):
    post: Text = Field(description="Slug of the post to invite (its holder on the event's day).")


class InvitationAnswerInputSchema(InputBase):
    status: Literal["accepted", "declined"]
    on_behalf: bool = Field(
        False,
        description="Recorded by the organizer's secretariat on behalf of the invitee "
        "(e.g. from its note); otherwise by the invitee's secretariat.",
    )


class InvitationAttendanceInputSchema(InputBase):
    attended: bool
