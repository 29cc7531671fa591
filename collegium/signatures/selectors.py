"""Reads: who signs for an organization on a date, its keys and signatures."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from collegium.registry.models import Organization, Person, Post, Tenure
from collegium.signatures.models import SignatoryDesignation, Signature, SigningAuthority


@dataclass(frozen=True)
class Signatory:
    """The person who signs for an organization on a date, and the post they hold."""

    person: Person
    post: Post
    tenure: Tenure


def designated_post(organization: Organization) -> Post | None:
    """Return the post the organization designates as its signatory, if any."""
    designation = (
        SignatoryDesignation.objects.select_related("post")
        .filter(organization=organization)
        .first()
    )
    return designation.post if designation is not None else None


def authorized_signatory(organization: Organization, on_date: dt.date) -> Signatory | None:
    """Return the holder, on ``on_date``, of the post the organization designates.

    A substantive holder comes before an acting one; nobody is returned when the
    organization designates no post or nobody holds it that day.
    """
    post = designated_post(organization)
    return holder_of_post(post, on_date) if post is not None else None


def holder_of_post(post: Post, on_date: dt.date) -> Signatory | None:
    """Return who holds ``post`` on ``on_date``: a substantive holder before an acting one."""
    tenure = (
        Tenure.objects.select_related("person")
        .filter(post=post)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=on_date))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on_date))
        .order_by("acting", "-start_date", "pk")
        .first()
    )
    if tenure is None:
        return None
    return Signatory(person=tenure.person, post=post, tenure=tenure)


def current_authority() -> SigningAuthority | None:
    return SigningAuthority.objects.filter(retired_at__isnull=True).first()


def signature_list_for_subject(subject: str) -> list[Signature]:
    """Return the signatures of ``subject`` with their signatory, party, post and key."""
    return list(
        Signature.objects.filter(subject=subject).select_related(
            "signatory", "organization", "post", "key", "key__authority"
        )
    )
