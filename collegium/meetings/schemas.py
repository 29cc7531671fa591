"""The meetings API's bodies: agenda items, delegations and their members."""

import datetime as dt
from typing import TYPE_CHECKING

from ninja import Field, Schema

from collegium.core.api.schemas import InputBase, Text, patch_schema
from collegium.decisions.models import Document
from collegium.meetings.models import MAX_DURATION_MINUTES, AgendaItem, DelegationMember


class AgendaDocumentSchema(Schema):
    """A document attached to an agenda item (only those the caller may see are listed)."""

    slug: str = Field(description="Slug of the document (decisions).")
    kind: str
    status: str
    title_ru: str
    title_en: str
    title_be: str

    @staticmethod
    def resolve_kind(obj: Document) -> str:
        return str(obj.kind)

    @staticmethod
    def resolve_status(obj: Document) -> str:
        return str(obj.status)


class AgendaItemSchema(Schema):
    id: int
    meeting: str = Field(description="Slug of the meeting (an event).")
    order: int = Field(
        description="Position among the stored items, from 1.  When the meeting's agenda "
        "opens with the interim-results report (the meeting's ``report``), the item is shown "
        "as number ``order + 1``."
    )
    title_ru: str
    title_en: str
    title_be: str
    presenter_post: str | None = Field(
        description="Slug of the presenting post; its holder on the meeting's date presents."
    )
    presenter_person: str | None = Field(description="Slug of the presenting person.")
    duration_minutes: int | None
    notes: str
    is_illustrative: bool
    documents: list[AgendaDocumentSchema] = Field(
        description="The documents attached to the item that the caller may see, in order."
    )

    @staticmethod
    def resolve_meeting(obj: AgendaItem) -> str:
        return obj.meeting.slug

    @staticmethod
    def resolve_presenter_post(obj: AgendaItem) -> str | None:
        return obj.presenter_post.slug if obj.presenter_post else None

    @staticmethod
    def resolve_presenter_person(obj: AgendaItem) -> str | None:
        return obj.presenter_person.slug if obj.presenter_person else None


class AgendaItemInputSchema(InputBase):
    title_ru: str = Field(max_length=500)
    title_en: str = Field("", max_length=500)
    title_be: str = Field("", max_length=500)
    presenter_post: Text | None = Field(None, description="Slug of a post (or a person, not both).")
    presenter_person: Text | None = Field(None, description="Slug of a person.")
    duration_minutes: int | None = Field(None, ge=1, le=MAX_DURATION_MINUTES)
    notes: str = Field("", max_length=5000)
    is_illustrative: bool = False


class AgendaItemCreateSchema(AgendaItemInputSchema):
    position: int | None = Field(None, ge=1, description="Position from 1; last if left out.")


if TYPE_CHECKING:

    class AgendaItemPatchSchema(InputBase): ...
else:
    AgendaItemPatchSchema = patch_schema(
        AgendaItemInputSchema, "AgendaItemPatchSchema", "Fields of an agenda item to change."
    )


class AgendaDocumentInputSchema(InputBase):
    document: Text = Field(
        description="Slug of a document the caller sees that belongs to the meeting or has a "
        "party among its organizers (or their parent ministries)."
    )


class AgendaReportSchema(Schema):
    """The interim-results report that opens a joint collegium's agenda as its item 1.

    Derived, not stored: drawn up from the previous joint meeting's signed resolution and
    the programmes in force on the meeting's day, as the caller sees them; it cannot be
    changed, moved or deleted as an item.
    """

    title_ru: str
    title_en: str
    title_be: str
    documents: list[str] = Field(description="Slugs of the documents the report covers.")
    page: str = Field(description="Path of the report's page.")
    docx: str = Field(description="Path of the report as DOCX.")
    pdf: str = Field(description="Path of the report as PDF.")
    api: str = Field(description="Path of the report in this API.")


class AgendaMoveInputSchema(InputBase):
    position: int = Field(ge=1, description="The item's new position, from 1.")


class AgendaOrderInputSchema(InputBase):
    items: list[int] = Field(description="The ids of every item of the agenda, in the new order.")


class MemberSchema(Schema):
    id: int
    party: str = Field(description="Slug of the organization whose delegation this is.")
    person: str = Field(description="Slug of the person.")
    is_head: bool
    role_ru: str
    role_en: str
    role_be: str
    order: int

    @staticmethod
    def resolve_party(obj: DelegationMember) -> str:
        return obj.delegation.organization.slug

    @staticmethod
    def resolve_person(obj: DelegationMember) -> str:
        return obj.person.slug


class DelegationSchema(Schema):
    party: str = Field(description="Slug of the organization (an organizer of the meeting).")
    head: str | None = Field(description="Slug of the head of delegation, if set.")
    members: list[MemberSchema]


class MemberInputSchema(InputBase):
    party: Text = Field(description="Slug of the organizer whose delegation the person joins.")
    person: Text = Field(description="Slug of the person.")
    role_ru: str = Field("", max_length=300)
    role_en: str = Field("", max_length=300)
    role_be: str = Field("", max_length=300)
    order: int | None = Field(None, ge=0, le=10_000)


class MemberFieldsSchema(InputBase):
    role_ru: str = Field("", max_length=300)
    role_en: str = Field("", max_length=300)
    role_be: str = Field("", max_length=300)
    order: int = Field(1, ge=0, le=10_000)


if TYPE_CHECKING:

    class MemberPatchSchema(InputBase): ...
else:
    MemberPatchSchema = patch_schema(
        MemberFieldsSchema, "MemberPatchSchema", "Fields of a member of a delegation to change."
    )


class HeadInputSchema(InputBase):
    party: Text = Field(description="Slug of the organizer whose delegation it is.")
    person: Text = Field(description="Slug of the person who heads it.")


class MeetingSchema(Schema):
    slug: str
    kind: str
    title_ru: str
    start: dt.datetime
    previous: str | None = Field(description="Slug of the previous meeting of the same kind.")
    next: str | None = Field(description="Slug of the next meeting of the same kind.")
    report: AgendaReportSchema | None = Field(
        description="The interim-results report, the agenda's item 1 on a joint collegium "
        "with a resolution or programme to report on (null otherwise); the stored items follow."
    )
    agenda: list[AgendaItemSchema]
    delegations: list[DelegationSchema]
