"""API schemas of arrangements, accessions and consents."""

import datetime as dt
from typing import TYPE_CHECKING

from ninja import Field, Schema

from collegium.core.api.schemas import Date, InputBase, Text, patch_schema
from collegium.core.models import Visibility
from collegium.events.models import (
    Accession,
    AccessionStatus,
    Arrangement,
    ArrangementDirection,
    ArrangementMotion,
    ArrangementParty,
    ArrangementStatus,
    Consent,
    ConsentState,
    EventKind,
    MotionKind,
    MotionStatus,
)


class ArrangementPartySchema(Schema):
    organization: str = Field(description="Slug of the party.")
    executive_body: str = Field(description="Slug of its executive body, whose head is invited.")
    joined_on: dt.date | None
    left_on: dt.date | None

    @staticmethod
    def resolve_organization(obj: ArrangementParty) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_executive_body(obj: ArrangementParty) -> str:
        return obj.executive_body.slug


class ArrangementSchema(Schema):
    slug: str
    title: str = Field(description="The title in the language of the request.")
    title_ru: str
    title_en: str
    title_be: str
    description: str
    parties: list[ArrangementPartySchema]
    scope: list[EventKind] = Field(
        min_length=1, description="The kinds of the parties' events covered."
    )
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
    def resolve_parties(obj: Arrangement) -> list[ArrangementParty]:
        return list(obj.party_links.all())

    @staticmethod
    def resolve_inviting_party(obj: Arrangement) -> str | None:
        return obj.inviting_party.slug if obj.inviting_party is not None else None

    @staticmethod
    def resolve_owner(obj: Arrangement) -> str:
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
    parties: list[ArrangementPartyInputSchema] = Field(
        min_length=2, description="Two or more parties."
    )
    scope: list[EventKind] = Field(
        min_length=1, description="The kinds of the parties' events covered."
    )
    include_deputies: bool = False
    direction: ArrangementDirection = ArrangementDirection.MUTUAL
    inviting_party: str | None = Field(None, description="One-way: slug of the inviting party.")
    dates_approximate: bool = False
    owner: str = Field(description="Slug of the owning organization.")
    visibility: Visibility = Visibility.PUBLIC


# Built at run time; to the type checker, a request body read through model_dump().
if TYPE_CHECKING:

    class ArrangementPatchSchema(InputBase): ...
else:
    ArrangementPatchSchema = patch_schema(
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

    on: Date | None = Field(None, description="The date of the change; left out, today.")


class MotionInputSchema(InputBase):
    moved_by: Text = Field(description="Slug of the party in whose name the motion is put (yours).")
    on: Date | None = Field(None, description="The date the motion is put; left out, today.")
    note: str = ""


class PartyWithdrawalInputSchema(InputBase):
    party: Text = Field(description="Slug of the withdrawing party (yours).")
    on: Date | None = Field(
        None, description="The last day it is bound (no later than today); left out, today."
    )


class ConsentSchema(Schema):
    party: str = Field(description="Slug of the consenting party.")
    state: ConsentState
    note_reference: str = Field(description="The note that conveyed a consent given on behalf.")
    conditions: str
    recorded_by: str | None = Field(description="Username of who recorded it.")
    recorded_at: dt.datetime | None
    given_on: dt.date | None = Field(description="The date the party answered.")

    @staticmethod
    def resolve_party(obj: Consent) -> str:
        return obj.party.slug

    @staticmethod
    def resolve_recorded_by(obj: Consent) -> str | None:
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
    def resolve_arrangement(obj: Accession) -> str:
        return obj.arrangement.slug

    @staticmethod
    def resolve_organization(obj: Accession) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_executive_body(obj: Accession) -> str:
        return obj.executive_body.slug

    @staticmethod
    def resolve_proposed_by(obj: Accession) -> str:
        return obj.proposed_by.slug

    @staticmethod
    def resolve_consents(obj: Accession) -> list[Consent]:
        return list(obj.consents.all())


class MotionSchema(Schema):
    id: int
    arrangement: str
    kind: MotionKind
    moved_by: str = Field(description="Slug of the party that put the motion.")
    moved_on: dt.date
    note: str
    status: MotionStatus
    decided_on: dt.date | None
    consents: list[ConsentSchema] = Field(description="Each bound party's answer.")

    @staticmethod
    def resolve_arrangement(obj: ArrangementMotion) -> str:
        return obj.arrangement.slug

    @staticmethod
    def resolve_moved_by(obj: ArrangementMotion) -> str:
        return obj.moved_by.slug

    @staticmethod
    def resolve_consents(obj: ArrangementMotion) -> list[Consent]:
        return list(obj.consents.all())


class AccessionInputSchema(InputBase):
    organization: Text = Field(description="Slug of the new party.")
    executive_body: Text = Field(description="Slug of its executive body.")
    proposed_by: Text = Field(description="Slug of the proposing organization.")
    proposed_on: Date | None = Field(None, description="Left out: today.")
    note: str = ""


class ConsentInputSchema(InputBase):
    party: Text = Field(description="Slug of the consenting party (yours).")
    state: ConsentState = Field(description="given, refused or given_on_behalf.")
    note_reference: str = Field("", max_length=200, description="Required for given_on_behalf.")
    conditions: str = ""
    given_on: Date | None = Field(
        None, description="The date the party answered (no later than today); left out, today."
    )


# --- Invitations ----------------------------------------------------------------------
