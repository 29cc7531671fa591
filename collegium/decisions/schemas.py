"""API schemas of documents, their parts, revisions, diffs and agreements."""

import datetime as dt
from typing import TYPE_CHECKING

from ninja import Field, Schema

from collegium.core.api.schemas import Date, InputBase, Text, patch_schema
from collegium.core.models import Visibility
from collegium.decisions.models import (
    COMMENT_MAX_LENGTH,
    Document,
    DocumentKind,
    DocumentParty,
    DocumentStatus,
    Language,
    NodeKind,
    ParagraphComment,
    PartyRole,
)


class DocumentPartySchema(Schema):
    organization: str = Field(description="Slug of the party.")
    role: PartyRole
    agreed_at: dt.datetime | None
    agreed_by: str | None = Field(description="Username of the manager who agreed the text.")
    agreed_revision: int | None = Field(description="The number of the revision agreed.")

    @staticmethod
    def resolve_organization(obj: DocumentParty) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_agreed_by(obj: DocumentParty) -> str | None:
        return obj.agreed_by.get_username() if obj.agreed_by is not None else None

    @staticmethod
    def resolve_agreed_revision(obj: DocumentParty) -> int | None:
        return obj.agreed_revision.number if obj.agreed_revision is not None else None


class DocumentSchema(Schema):
    slug: str
    kind: DocumentKind
    title: str = Field(description="The title in the language of the request.")
    title_ru: str
    title_en: str
    title_be: str
    meeting: str | None = Field(description="Slug of the joint meeting it belongs to.")
    authentic_language: Language
    dated: dt.date | None
    status: DocumentStatus
    agreed_on: dt.date | None
    signed_on: dt.date | None
    in_force_on: dt.date | None
    superseded_on: dt.date | None
    expired_on: dt.date | None
    amends: str | None = Field(description="Slug of the signed document this one replaces.")
    is_illustrative: bool
    note: str
    signature_note: str
    revision: int = Field(description="The number of the current revision.")
    parties: list[DocumentPartySchema]
    owner: str
    visibility: Visibility

    @staticmethod
    def resolve_meeting(obj: Document) -> str | None:
        return obj.meeting.slug if obj.meeting is not None else None

    @staticmethod
    def resolve_amends(obj: Document) -> str | None:
        return obj.amends.slug if obj.amends is not None else None

    @staticmethod
    def resolve_revision(obj: Document) -> int:
        return obj.revision_number

    @staticmethod
    def resolve_parties(obj: Document) -> list[DocumentParty]:
        return list(obj.party_links.all())

    @staticmethod
    def resolve_owner(obj: Document) -> str:
        return obj.owner.slug


class DocumentPartyInputSchema(InputBase):
    organization: Text = Field(description="Slug of the party.")
    role: PartyRole = PartyRole.PARTY


class DocumentInputSchema(InputBase):
    slug: str = Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=120)
    kind: DocumentKind
    title_ru: str = Field(min_length=1, max_length=400)
    title_en: str = Field("", max_length=400)
    title_be: str = Field("", max_length=400)
    meeting: Text | None = Field(None, description="Slug of a joint meeting of collegia.")
    authentic_language: Language = Language.RU
    dated: Date | None = None
    is_illustrative: bool = False
    note: str = ""
    parties: list[DocumentPartyInputSchema] = Field(min_length=1)
    owner: Text | None = Field(None, description="Slug of the owning party (default: the first).")
    visibility: Visibility = Visibility.PUBLIC


class _DocumentEditable(InputBase):
    title_ru: str = Field(min_length=1, max_length=400)
    title_en: str = Field("", max_length=400)
    title_be: str = Field("", max_length=400)
    meeting: Text | None = None
    authentic_language: Language = Language.RU
    dated: Date | None = None
    is_illustrative: bool = False
    note: str = ""
    visibility: Visibility = Visibility.PUBLIC


# Built at run time; to the type checker, a request body read through model_dump().
if TYPE_CHECKING:

    class DocumentPatchSchema(InputBase): ...

    class NodePatchSchema(InputBase): ...
else:
    DocumentPatchSchema = patch_schema(
        _DocumentEditable,
        "DocumentPatchSchema",
        "Change a draft's metadata; fields left out keep their value.",
        types={"meeting": Text | None, "dated": Date | None},
    )


class NodeSchema(Schema):
    eid: str = Field(description="The Akoma Ntoso identifier: stable, never reused.")
    kind: NodeKind
    parent: str | None = Field(description="The parent part's eid; null in the body.")
    position: int
    num: str
    depth: int
    heading_ru: str
    heading_be: str
    heading_en: str
    text_ru: str
    text_be: str
    text_en: str
    missing_languages: list[Language] = Field(
        description="Languages the part is missing in, when written in another."
    )


class _Wording(InputBase):
    heading_ru: str = Field("", max_length=400)
    heading_be: str = Field("", max_length=400)
    heading_en: str = Field("", max_length=400)
    text_ru: str = Field("", max_length=20000)
    text_be: str = Field("", max_length=20000)
    text_en: str = Field("", max_length=20000)


class NodeInputSchema(_Wording):
    kind: NodeKind
    parent: Text | None = Field(None, description="The eid of the parent part; null: the body.")
    position: int | None = Field(None, ge=1, description="Place among the siblings; default last.")


if not TYPE_CHECKING:
    NodePatchSchema = patch_schema(
        _Wording, "NodePatchSchema", "Change a part's wording; languages left out keep theirs."
    )


class NodeMoveInputSchema(InputBase):
    position: int = Field(ge=1, le=10000, description="The new place among its siblings.")


class RevisionSchema(Schema):
    number: int
    digest: str = Field(description="SHA-256 of the revision's canonical bytes.")
    author: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_author(obj) -> str | None:
        return obj.author.get_username() if obj.author is not None else None


class DiffPieceSchema(Schema):
    op: str = Field(description="equal, insert or delete.")
    text: str


class PartChangeSchema(Schema):
    eid: str
    kind: NodeKind
    change: str = Field(description="added, removed, changed or unchanged.")
    num_before: str
    num_after: str
    pieces: list[DiffPieceSchema]


class DiffSchema(Schema):
    from_revision: int
    to_revision: int
    language: Language
    changes: list[PartChangeSchema]


class DiffQuerySchema(Schema):
    from_revision: int | None = Field(
        None, ge=1, le=1_000_000, description="Default: the revision before ``to_revision``."
    )
    to_revision: int | None = Field(
        None, ge=1, le=1_000_000, description="Default: the current revision."
    )
    language: Language = Language.RU


class GapSchema(Schema):
    eid: str
    kind: NodeKind
    num: str
    missing: list[Language]


class PartyInputSchema(InputBase):
    party: Text = Field(description="Slug of the party the manager acts for.")


class MoveInputSchema(InputBase):
    on: Date | None = Field(None, description="The date of the step (today by default).")


class AmendInputSchema(InputBase):
    slug: str = Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=120)
    title_ru: str | None = Field(None, min_length=1, max_length=400)


class DocumentFilterSchema(Schema):
    kind: DocumentKind | None = None
    status: DocumentStatus | None = None


class SignInputSchema(InputBase):
    party: Text = Field(description="Slug of the party the authorized signatory signs for.")
    on_date: Date | None = Field(
        None, description="The date of the signature (today by default; never later)."
    )


class SignatureSchema(Schema):
    party: str = Field(description="Slug of the party signed for.")
    signatory: str = Field(description="The person who signed.")
    post: str = Field(description="The post they held that day.")
    signed_on: dt.date
    signed_at: dt.datetime
    fingerprint: str = Field(description="SHA-256 fingerprint of the signing key.")
    verified: bool = Field(description="The signature checks out against the stored text now.")
    reason: str = Field(description="Why it is green or red.")


class SignaturesSchema(Schema):
    status: DocumentStatus
    verified: bool = Field(description="Every party signed and every signature verifies now.")
    items: list[SignatureSchema]


class ExportQuerySchema(Schema):
    languages: str = Field(
        "ru", description="One language, or two side by side separated by a comma: ru,be."
    )


class CommentSchema(Schema):
    id: int
    eid: str = Field(description="The part commented on (its stable identifier).")
    revision: int = Field(description="The revision the comment was written on.")
    party: str = Field(description="Slug of the party in whose name it was written.")
    author: str = Field(description="Username of the author.")
    reply_to: int | None = Field(description="The comment it answers; null for a first comment.")
    text: str
    is_illustrative: bool
    created_at: dt.datetime

    @staticmethod
    def resolve_revision(obj: ParagraphComment) -> int:
        return obj.revision_number

    @staticmethod
    def resolve_party(obj: ParagraphComment) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_author(obj: ParagraphComment) -> str:
        return obj.author.get_username()

    @staticmethod
    def resolve_reply_to(obj: ParagraphComment) -> int | None:
        return obj.parent_id


class CommentInputSchema(InputBase):
    party: Text = Field(description="Slug of the party the author comments for.")
    eid: str = Field(
        "", max_length=200, description="The part commented on; a reply may leave it empty."
    )
    reply_to: int | None = Field(
        None, ge=1, le=2**31 - 1, description="The comment answered (a reply stays on its part)."
    )
    text: str = Field(min_length=1, max_length=COMMENT_MAX_LENGTH)
