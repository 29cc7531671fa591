"""Reads of the registry, time-aware and filtered by what the user may see."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from collegium.access.rules import AnyUser, filter_visible
from collegium.registry.models import (
    Membership,
    Organization,
    Period,
    Person,
    Post,
    State,
    Tenure,
    normalize_search,
)


def _today() -> dt.date:
    return timezone.localdate()


def head_of(
    organization: Organization, *, on: dt.date | None = None, user: AnyUser = None
) -> Tenure | None:
    """Return the tenure of the head of ``organization`` on the date (today by default).

    A substantive holder wins over an acting one.
    """
    on = on or _today()
    tenures = Tenure.objects.filter(
        Period.on_q(on), post__organization=organization, post__is_head=True
    ).select_related("person", "post")
    if user is not None:
        tenures = filter_visible(tenures, user)
    return tenures.order_by("acting", "-start_date").first()


def members_of(
    organization: Organization, *, on: dt.date | None = None, user: AnyUser = None
) -> QuerySet[Membership]:
    """Return the memberships of ``organization`` in force on the date (today by default)."""
    on = on or _today()
    memberships = Membership.objects.filter(Period.on_q(on), organization=organization)
    if user is not None:
        memberships = filter_visible(memberships, user)
    return memberships.select_related("member_state", "member_organization")


def tenures_of(person: Person, *, user: AnyUser = None) -> QuerySet[Tenure]:
    """Return every tenure of ``person``, newest first."""
    tenures = Tenure.objects.filter(person=person)
    if user is not None:
        tenures = filter_visible(tenures, user)
    return tenures.select_related("post", "post__organization").order_by("-start_date", "-pk")


def organization_list_visible_to(
    *, user: AnyUser, q: str = "", kind: str = "", parent: Organization | None = None
) -> QuerySet[Organization]:
    organizations = filter_visible(Organization.objects.all(), user)
    if q:
        organizations = organizations.filter(search_text__contains=normalize_search(q))
    if kind:
        organizations = organizations.filter(kind=kind)
    if parent is not None:
        organizations = organizations.filter(parent=parent)
    return organizations.select_related("parent", "seat_state")


def person_list_visible_to(*, user: AnyUser, q: str = "") -> QuerySet[Person]:
    persons = filter_visible(Person.objects.all(), user)
    if q:
        persons = persons.filter(search_text__contains=normalize_search(q))
    return persons


def state_list_visible_to(*, user: AnyUser, q: str = "") -> QuerySet[State]:
    states = filter_visible(State.objects.all(), user)
    if q:
        states = states.filter(search_text__contains=normalize_search(q))
    return states


def post_list_visible_to(
    *, user: AnyUser, organization: Organization | None = None
) -> QuerySet[Post]:
    posts = filter_visible(Post.objects.all(), user)
    if organization is not None:
        posts = posts.filter(organization=organization)
    return posts.select_related("organization")


def membership_list_visible_to(
    *, user: AnyUser, organization: Organization | None = None, on: dt.date | None = None
) -> QuerySet[Membership]:
    memberships = filter_visible(Membership.objects.all(), user)
    if organization is not None:
        memberships = memberships.filter(organization=organization)
    if on is not None:
        memberships = memberships.filter(Period.on_q(on))
    return memberships.select_related("organization", "member_state", "member_organization")


def tenure_list_visible_to(
    *,
    user: AnyUser,
    post: Post | None = None,
    person: Person | None = None,
    on: dt.date | None = None,
) -> QuerySet[Tenure]:
    tenures = filter_visible(Tenure.objects.all(), user)
    if post is not None:
        tenures = tenures.filter(post=post)
    if person is not None:
        tenures = tenures.filter(person=person)
    if on is not None:
        tenures = tenures.filter(Period.on_q(on))
    return tenures.select_related("person", "post", "post__organization")


def visible_organization(user: AnyUser, slug: str) -> Organization | None:
    """Return the organization with ``slug`` if the user may see it, else None.

    The one lookup of an organization by slug: the door
    ``access.access_organization_by_slug`` and the API's filters ask it.
    """
    organizations = Organization.objects.select_related("parent", "seat_state")
    return filter_visible(organizations, user).filter(slug=slug).first()
