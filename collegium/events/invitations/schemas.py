"""API schemas of invitations."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from collegium.core.api.schemas import InputBase, Text
from collegium.core.models import Visibility
from collegium.events.models import (
    InvitationStatus,
)


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
