"""Schemas of the accounts API: the signed-in user and personal API tokens."""

import datetime as dt

from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import ConfigDict

from collegium.accounts.models import Affiliation, Role, User


class AffiliationSchema(Schema):
    organization: str = Field(description="Slug of the organization.")
    organization_name: str = Field(description="Its name in the language of the request.")
    role: Role

    @staticmethod
    def resolve_organization(obj: Affiliation) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_organization_name(obj: Affiliation) -> str:
        return obj.organization.name


class UserSchema(Schema):
    username: str
    first_name: str
    last_name: str
    email: str
    is_site_admin: bool = Field(description="Site administrators see and change everything.")
    affiliations: list[AffiliationSchema]

    @staticmethod
    def resolve_is_site_admin(obj: User) -> bool:
        return obj.is_superuser

    @staticmethod
    def resolve_affiliations(obj: User) -> QuerySet[Affiliation]:
        return obj.affiliations.select_related("organization").order_by("organization__slug")


class ApiTokenSchema(Schema):
    id: int
    name: str
    prefix: str = Field(description="The start of the secret, to tell tokens apart.")
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    is_active: bool


class ApiTokenInputSchema(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(
        max_length=100,
        pattern=r"^[^\x00]*$",
        description="What the token is for, such as the script that uses it.",
    )


class ApiTokenCreatedSchema(Schema):
    token: ApiTokenSchema
    secret: str = Field(
        description="Send as 'Authorization: Bearer <secret>'. Shown this once only, never again."
    )
