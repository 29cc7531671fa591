"""Schemas of the registry API.

Related records are named by their stable keys (an organization's slug, a
state's ISO code, a person's or post's slug), never by database ids, so a
client can write ``{"parent": "csto", "owner": "csto-secretariat"}``.
Memberships and tenures have no natural key and are addressed by id.

``<Entity>InputSchema`` is the body of a create, ``<Entity>PatchSchema`` of a
partial update: the same fields, all optional; a field left out keeps its
value.  Unknown fields are refused (422) rather than silently ignored.
``patch_schema`` builds the patch schemas at run time; to the type checker each
is a request body (``InputBase``) that the API reads only through
``model_dump(exclude_unset=True)``.
"""

import datetime as dt
from typing import TYPE_CHECKING, Literal, cast

from ninja import Field, Schema

from collegium.core.api.schemas import Date, InputBase, patch_schema
from collegium.core.models import Visibility
from collegium.registry.models import (
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
    OrganizationKind,
    Person,
    Post,
    State,
    Tenure,
)


def _slug(obj: Organization | None) -> str | None:
    return obj.slug if obj is not None else None


OtherNames = list[dict[str, str]]
OTHER_NAMES_HELP = (
    'Alternative names: [{"name": "Белоруссия", "lang": "ru", "note": "historical"}, ...]; '
    "keys: name, lang, note, start_date, end_date."
)


# --- States -----------------------------------------------------------------


class StateSchema(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 code in lower case.")
    name: str = Field(description="The name in the language of the request.")
    name_ru: str
    name_en: str
    name_be: str
    other_names: OtherNames
    owner: str = Field(description="Slug of the organization that owns the record.")
    visibility: Visibility

    @staticmethod
    def resolve_owner(obj: State) -> str:
        return obj.owner.slug


class StateInputSchema(InputBase):
    code: str = Field(description="ISO 3166-1 alpha-2 code in lower case, e.g. 'by'.")
    name_ru: str
    name_en: str = ""
    name_be: str = ""
    other_names: OtherNames = Field(default_factory=list, description=OTHER_NAMES_HELP)
    owner: str = Field(description="Slug of the owning organization.")
    visibility: Visibility = Visibility.PUBLIC


if TYPE_CHECKING:

    class StatePatchSchema(InputBase): ...
else:
    StatePatchSchema = patch_schema(
        StateInputSchema, "StatePatchSchema", "Fields of a state to change."
    )


# --- Organizations --------------------------------------------------------------


class OrganizationSchema(Schema):
    slug: str
    kind: OrganizationKind
    parent: str | None = Field(description="Slug of the parent organization of a body.")
    name: str = Field(description="The name in the language of the request.")
    name_ru: str
    name_en: str
    name_be: str
    acronym: str
    acronym_ru: str
    acronym_en: str
    acronym_be: str
    seat_state: str | None = Field(description="ISO code of the state of the seat.")
    seat_city_ru: str
    seat_city_en: str
    seat_city_be: str
    founding_date: dt.date | None
    dissolution_date: dt.date | None
    other_names: OtherNames
    owner: str
    visibility: Visibility

    @staticmethod
    def resolve_parent(obj: Organization) -> str | None:
        return _slug(obj.parent)

    @staticmethod
    def resolve_seat_state(obj: Organization) -> str | None:
        return obj.seat_state.code if obj.seat_state is not None else None

    @staticmethod
    def resolve_owner(obj: Organization) -> str:
        # Only an organization being created lacks an owner; a stored one never does.
        return cast(Organization, obj.owner).slug


class OrganizationInputSchema(InputBase):
    slug: str
    kind: OrganizationKind
    parent: str | None = Field(None, description="Slug of the parent organization.")
    name_ru: str
    name_en: str = ""
    name_be: str = ""
    acronym_ru: str = ""
    acronym_en: str = ""
    acronym_be: str = ""
    seat_state: str | None = Field(None, description="ISO code of the state of the seat.")
    seat_city_ru: str = ""
    seat_city_en: str = ""
    seat_city_be: str = ""
    founding_date: Date | None = None
    dissolution_date: Date | None = None
    other_names: OtherNames = Field(default_factory=list, description=OTHER_NAMES_HELP)
    owner: str | None = Field(
        None,
        description=(
            "Slug of the owning organization. Left out, the organization owns its own "
            "record (site administrators only)."
        ),
    )
    visibility: Visibility = Visibility.PUBLIC


if TYPE_CHECKING:

    class OrganizationPatchSchema(InputBase): ...
else:
    OrganizationPatchSchema = patch_schema(
        OrganizationInputSchema,
        "OrganizationPatchSchema",
        "Fields of an organization to change.",
        # Every organization has an owner once created: it can move, not vanish.
        types={"owner": str},
    )


# --- Memberships --------------------------------------------------------------


class MembershipSchema(Schema):
    id: int
    organization: str = Field(description="Slug of the organization joined.")
    member_state: str | None = Field(description="ISO code of the member state.")
    member_organization: str | None = Field(description="Slug of the member organization.")
    role: MembershipRole
    status: MembershipStatus
    start_date: dt.date | None
    end_date: dt.date | None
    dates_approximate: bool
    note: str
    owner: str
    visibility: Visibility

    @staticmethod
    def resolve_organization(obj: Membership) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_member_state(obj: Membership) -> str | None:
        return obj.member_state.code if obj.member_state is not None else None

    @staticmethod
    def resolve_member_organization(obj: Membership) -> str | None:
        return _slug(obj.member_organization)

    @staticmethod
    def resolve_owner(obj: Membership) -> str:
        return obj.owner.slug


class MembershipInputSchema(InputBase):
    organization: str = Field(description="Slug of the organization joined.")
    member_state: str | None = Field(None, description="ISO code; give this or the next.")
    member_organization: str | None = Field(None, description="Slug of a member organization.")
    role: MembershipRole = MembershipRole.MEMBER
    status: MembershipStatus = MembershipStatus.ACTIVE
    start_date: Date | None = None
    end_date: Date | None = None
    dates_approximate: bool = False
    note: str = ""
    owner: str
    visibility: Visibility = Visibility.PUBLIC


if TYPE_CHECKING:

    class MembershipPatchSchema(InputBase): ...
else:
    MembershipPatchSchema = patch_schema(
        MembershipInputSchema, "MembershipPatchSchema", "Fields of a membership to change."
    )


# --- Posts --------------------------------------------------------------------

# The forms invitation letters print (events/letter_data.py); grammar is stored, not derived.
LABEL_RU_DATIVE_HELP = (
    "The full title addressed in a letter, in the dative: "
    "“Генеральному секретарю Шанхайской организации сотрудничества”."
)
LETTER_LABEL_RU_HELP = "The full title above a signature; empty: label_ru."
LETTER_LABEL_EN_HELP = (
    "The full title in an address or above a signature: "
    "“Secretary-General of the Shanghai Cooperation Organisation”; empty: label_en."
)
ADDRESS_TITLE_RU_HELP = (
    "The title in the salutation: “Генеральный секретарь” "
    "(“Уважаемый господин Генеральный секретарь!”)."
)
ADDRESS_TITLE_EN_HELP = (
    "The title in the salutation: “Secretary-General” (“Dear Mr Secretary-General,”)."
)


class PostSchema(Schema):
    slug: str
    organization: str
    label: str = Field(description="The title in the language of the request.")
    label_ru: str
    label_en: str
    label_be: str
    is_head: bool
    label_ru_dative: str = Field(description=LABEL_RU_DATIVE_HELP)
    letter_label_ru: str = Field(description=LETTER_LABEL_RU_HELP)
    letter_label_en: str = Field(description=LETTER_LABEL_EN_HELP)
    address_title_ru: str = Field(description=ADDRESS_TITLE_RU_HELP)
    address_title_en: str = Field(description=ADDRESS_TITLE_EN_HELP)
    owner: str
    visibility: Visibility

    @staticmethod
    def resolve_organization(obj: Post) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_owner(obj: Post) -> str:
        return obj.owner.slug


class PostInputSchema(InputBase):
    slug: str
    organization: str = Field(description="Slug of the organization the post belongs to.")
    label_ru: str
    label_en: str = ""
    label_be: str = ""
    is_head: bool = False
    label_ru_dative: str = Field("", description=LABEL_RU_DATIVE_HELP)
    letter_label_ru: str = Field("", description=LETTER_LABEL_RU_HELP)
    letter_label_en: str = Field("", description=LETTER_LABEL_EN_HELP)
    address_title_ru: str = Field("", description=ADDRESS_TITLE_RU_HELP)
    address_title_en: str = Field("", description=ADDRESS_TITLE_EN_HELP)
    owner: str
    visibility: Visibility = Visibility.PUBLIC


if TYPE_CHECKING:

    class PostPatchSchema(InputBase): ...
else:
    PostPatchSchema = patch_schema(
        PostInputSchema, "PostPatchSchema", "Fields of a post to change."
    )


# --- Persons ------------------------------------------------------------------

# ``Gender`` and empty (not recorded); one Literal keeps a refusal's ``loc`` on the field.
GenderChoice = Literal["", "female", "male"]
GENDER_HELP = "Chooses the form of address in letters (Mr/Ms, г-ну/г-же); empty: not recorded."
HONORIFIC_HELP = "Printed before the name in English letters, e.g. “H.E.”."
NAME_RU_DATIVE_HELP = "Initials and surname as addressed in a letter: “Н.Б. Ермекбаеву”."
NAME_RU_SHORT_HELP = "Initials and surname under a signature: “Н.Б. Ермекбаев”; empty: name_ru."


class PersonSchema(Schema):
    slug: str
    name: str = Field(description="The name in the language of the request.")
    name_ru: str
    name_en: str
    name_be: str
    birth_date: dt.date | None
    other_names: OtherNames
    gender: GenderChoice = Field(description=GENDER_HELP)
    honorific_prefix: str = Field(description=HONORIFIC_HELP)
    name_ru_dative: str = Field(description=NAME_RU_DATIVE_HELP)
    name_ru_short: str = Field(description=NAME_RU_SHORT_HELP)
    owner: str
    visibility: Visibility

    @staticmethod
    def resolve_owner(obj: Person) -> str:
        return obj.owner.slug


class PersonInputSchema(InputBase):
    slug: str
    name_ru: str
    name_en: str = ""
    name_be: str = ""
    birth_date: Date | None = None
    other_names: OtherNames = Field(default_factory=list, description=OTHER_NAMES_HELP)
    gender: GenderChoice = Field("", description=GENDER_HELP)
    honorific_prefix: str = Field("", description=HONORIFIC_HELP)
    name_ru_dative: str = Field("", description=NAME_RU_DATIVE_HELP)
    name_ru_short: str = Field("", description=NAME_RU_SHORT_HELP)
    owner: str
    visibility: Visibility = Visibility.PUBLIC


if TYPE_CHECKING:

    class PersonPatchSchema(InputBase): ...
else:
    PersonPatchSchema = patch_schema(
        PersonInputSchema, "PersonPatchSchema", "Fields of a person to change."
    )


# --- Tenures ------------------------------------------------------------------


class TenureSchema(Schema):
    id: int
    person: str = Field(description="Slug of the person.")
    post: str = Field(description="Slug of the post.")
    organization: str = Field(description="Slug of the post's organization (read only).")
    acting: bool
    start_date: dt.date | None
    end_date: dt.date | None
    dates_approximate: bool
    note: str
    owner: str
    visibility: Visibility

    @staticmethod
    def resolve_person(obj: Tenure) -> str:
        return obj.person.slug

    @staticmethod
    def resolve_post(obj: Tenure) -> str:
        return obj.post.slug

    @staticmethod
    def resolve_organization(obj: Tenure) -> str:
        return obj.post.organization.slug

    @staticmethod
    def resolve_owner(obj: Tenure) -> str:
        return obj.owner.slug


class TenureInputSchema(InputBase):
    person: str = Field(description="Slug of the person.")
    post: str = Field(description="Slug of the post.")
    acting: bool = False
    start_date: Date | None = None
    end_date: Date | None = None
    dates_approximate: bool = False
    note: str = ""
    owner: str
    visibility: Visibility = Visibility.PUBLIC


if TYPE_CHECKING:

    class TenurePatchSchema(InputBase): ...
else:
    TenurePatchSchema = patch_schema(
        TenureInputSchema, "TenurePatchSchema", "Fields of a tenure to change."
    )


# --- Time-aware reads and Popolo ------------------------------------------------


class HeadSchema(Schema):
    organization: str = Field(description="Slug of the organization.")
    on: dt.date = Field(description="The date asked about.")
    tenure: TenureSchema | None = Field(description="The head's tenure on that date, if any.")


class PopoloImportResultSchema(Schema):
    """Counts of the records an import created, updated or left unchanged, per kind."""

    created: dict[str, int] = Field(description='Per kind, e.g. {"persons": 2, "states": 0, ...}.')
    updated: dict[str, int]
    unchanged: dict[str, int]
