"""Invitation reads."""

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Exists, OuterRef, Q, QuerySet

from collegium.access import rules as access
from collegium.access.rules import filter_visible
from collegium.events.arrangements.selectors import Coverage
from collegium.events.calendar.selectors import visible_event_q
from collegium.events.invitations.engine import CoverageInfo, PartyInfo, required_invitee_posts
from collegium.events.models import (
    INVITEE_SEES_EVENT_STATUSES,
    Arrangement,
    ArrangementParty,
    Event,
    Invitation,
)
from collegium.registry.models import Organization, Person, Post

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class VisibleFlags(TypedDict):
    """The flags ``visible_invitations`` annotates."""

    person_visible: bool
    post_visible: bool
    arrangement_visible: bool


# An invitation read through ``visible_invitations``.
type VisibleInvitation = WithAnnotations[Invitation, VisibleFlags]

INVITATION_RELATED = (
    "event",
    "arrangement",
    "inviting_organization",
    "invitee_organization",
    "invitee_body",
    "invitee_post",
    "invitee_person",
    "sent_by",
    "answered_by",
    "attendance_recorded_by",
    "owner",
)


def _party_info(link: ArrangementParty) -> PartyInfo:
    return PartyInfo(
        organization_id=link.organization_id,
        executive_body_id=link.executive_body_id,
        joined_on=link.joined_on,
        left_on=link.left_on,
    )


def coverage_info(coverage: Coverage) -> CoverageInfo:
    """Return the invitation engine's view of an arrangement covering an event.

    ``coverage`` comes from ``arrangements.selectors.coverages_among`` (the one
    coverage rule), with the arrangement's party links loaded.
    """
    return CoverageInfo(
        arrangement_id=coverage.arrangement.pk,
        covered=_party_info(coverage.covered),
        parties=tuple(_party_info(link) for link in coverage.arrangement.party_links.all()),
        include_deputies=coverage.arrangement.include_deputies,
    )


def invitations_visible_to(user) -> QuerySet[Invitation]:
    """Return the invitations the user may see: only ever to events the user may see.

    An invitation follows its own visibility (the event's, see
    ``services.invitations_follow_event``), and the invited organization's
    users see it once it has reached them (``INVITEE_SEES_EVENT_STATUSES``),
    whatever that visibility: they answer it.  A draft to an event the invitee
    may not see stays hidden from them with the event
    (``calendar.selectors.visible_events``).  Plain conditions on the
    invitation's row and its event's (``visible_event_q``).
    """
    if access.is_site_admin(user):
        return Invitation.objects.all()
    own = access.visible_q(Invitation, user)
    party_ids = access.party_organization_ids(user)
    if party_ids:
        own |= Q(invitee_organization_id__in=party_ids, status__in=INVITEE_SEES_EVENT_STATUSES)
    return Invitation.objects.filter(own, visible_event_q(user, prefix="event__"))


def visible_invitations(user) -> QuerySet[Invitation]:
    """Return the invitations the user may see, flagged whether its person and arrangement are.

    ``person_visible``, ``post_visible``, ``arrangement_visible``: an invitation
    may name a post, its holder or an arrangement whose record the user may not see;
    pages and the API then leave it out.
    """
    persons = filter_visible(Person.objects.all(), user).filter(pk=OuterRef("invitee_person_id"))
    posts = filter_visible(Post.objects.all(), user).filter(pk=OuterRef("invitee_post_id"))
    arrangements = filter_visible(Arrangement.objects.all(), user).filter(
        pk=OuterRef("arrangement_id")
    )
    return invitations_visible_to(user).annotate(
        person_visible=Exists(persons),
        post_visible=Exists(posts),
        arrangement_visible=Exists(arrangements),
    )


def invitation_list_visible_to(
    *,
    user,
    event: Event | None = None,
    status: str = "",
    inviting: Organization | None = None,
    invitee: Organization | None = None,
    party: Organization | None = None,
    inviting_in: Iterable[int] | None = None,
    invitee_in: Iterable[int] | None = None,
    first_day: dt.date | None = None,
    last_day: dt.date | None = None,
) -> QuerySet[Invitation]:
    """Return the visible invitations, filtered; ordered by the event's start.

    ``inviting`` and ``invitee`` keep those sent by or to an organization,
    ``party`` those sent by or to it; ``inviting_in`` and ``invitee_in`` those
    sent by or to any of the organizations with these ids (a user's own);
    ``first_day`` and ``last_day`` keep those to events touching that span.
    """
    invitations = visible_invitations(user)
    if event is not None:
        invitations = invitations.filter(event=event)
    if status:
        invitations = invitations.filter(status=status)
    if inviting is not None:
        invitations = invitations.filter(inviting_organization=inviting)
    if invitee is not None:
        invitations = invitations.filter(invitee_organization=invitee)
    if party is not None:
        invitations = invitations.filter(
            Q(inviting_organization=party) | Q(invitee_organization=party)
        )
    if inviting_in is not None:
        invitations = invitations.filter(inviting_organization__in=list(inviting_in))
    if invitee_in is not None:
        invitations = invitations.filter(invitee_organization__in=list(invitee_in))
    if first_day is not None:
        invitations = invitations.filter(event__end_date__gte=first_day)
    if last_day is not None:
        invitations = invitations.filter(event__start_date__lte=last_day)
    return invitations.select_related(*INVITATION_RELATED).order_by(
        "event__start", "event_id", "invitee_organization__slug", "pk"
    )


def invitee_posts_for(coverage: Coverage, *, on: dt.date) -> list[Post]:
    """Return the posts the arrangement requires to invite to the covered party's event."""
    others = coverage.other_parties(on)
    posts: dict[int, list[Post]] = {}
    for post in Post.objects.filter(
        organization_id__in=[link.executive_body_id for link in others]
    ).order_by("-is_head", "label_ru", "pk"):
        posts.setdefault(post.organization_id, []).append(post)
    return required_invitee_posts(
        others=others,
        posts_by_body=posts,
        include_deputies=coverage.arrangement.include_deputies,
    )
