"""The signatures' API schemas."""

import datetime as dt

from ninja import Schema


class AuthoritySchema(Schema):
    """The installation's certificate authority: what a PDF validator is told to trust."""

    name: str
    fingerprint: str
    certificate: str
    created_at: dt.datetime


class SignatoryPostSchema(Schema):
    slug: str
    label: str


class SignatoryPersonSchema(Schema):
    slug: str
    name: str


class SignatorySchema(Schema):
    """Who signs for an organization on a date, and whether the caller may."""

    organization: str
    on: dt.date
    post: SignatoryPostSchema | None
    person: SignatoryPersonSchema | None
    can_sign: bool
    reason: str
