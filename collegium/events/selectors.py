"""Reads of events, filtered by what the user may see."""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from collegium.core.access import filter_visible
from collegium.registry.models import Organization, Person, Post

from .models import (
    Accession,
    Arrangement,
    ArrangementDirection,
    ArrangementParty,
    ArrangementStatus,
    Consent,
    Event,
    Invitation,
)


def visible_events(user) -> QuerySet[Event]:
    """Return the events the user may see, each once.

    The visibility filter joins the organizers; matching the primary keys in
    a subquery keeps an event with two of the user's organizations as
    organizers from appearing twice (and ``get()`` from failing).
    """
    return Event.objects.filter(pk__in=filter_visible(Event.objects.all(), user).values("pk"))


def event_list_visible_to(
    *,
    user,
    organization=None,
    kind: str = "",
    status: str = "",
    first_day: dt.date | None = None,
    last_day: dt.date | None = None,
) -> QuerySet[Event]:
    """Return the visible events, filtered; ordered by start.

    ``organization`` keeps the events it organizes, whose body it is, or
    organized by one of its bodies.  ``first_day`` and ``last_day`` keep the
    events that touch that span of days, counted in each host's time zone.
    """
    events = visible_events(user)
    if organization is not None:
        involved = Event.objects.filter(
            Q(organizers=organization) | Q(body=organization) | Q(organizers__parent=organization)
        )
        events = events.filter(pk__in=involved.values("pk"))
    if kind:
        events = events.filter(kind=kind)
    if status:
        events = events.filter(status=status)
    if first_day is not None:
        events = events.filter(end_date__gte=first_day)
    if last_day is not None:
        events = events.filter(start_date__lte=last_day)
    return (
        events.select_related("host_state", "body", "owner")
        .prefetch_related("organizers")
        .order_by("start", "pk")
    )


# --- Arrangements -------------------------------------------------------------------


def visible_arrangements(user) -> QuerySet[Arrangement]:
    """Return the arrangements the user may see, each once (the party join could repeat one)."""
    return Arrangement.objects.filter(
        pk__in=filter_visible(Arrangement.objects.all(), user).values("pk")
    )


def party_links_prefetch() -> Prefetch:
    """Prefetch the party links with their organizations and bodies, in one query."""
    return Prefetch(
        "party_links",
        queryset=ArrangementParty.objects.select_related("organization", "executive_body").order_by(
            "pk"
        ),
    )


def arrangement_list_visible_to(*, user, status: str = "") -> QuerySet[Arrangement]:
    """Return the visible arrangements with their parties, by title."""
    arrangements = visible_arrangements(user)
    if status:
        arrangements = arrangements.filter(status=status)
    return (
        arrangements.select_related("owner", "inviting_party")
        .prefetch_related(party_links_prefetch())
        .order_by("title_ru", "pk")
    )


def accessions_of(arrangement: Arrangement) -> QuerySet[Accession]:
    """Return the accessions of an arrangement with their consents, oldest first."""
    return (
        Accession.objects.filter(arrangement=arrangement)
        .select_related("organization", "executive_body", "proposed_by")
        .prefetch_related(
            Prefetch(
                "consents",
                queryset=Consent.objects.select_related("party", "recorded_by").order_by("pk"),
            )
        )
        .order_by("proposed_on", "pk")
    )


@dataclass(frozen=True)
class Coverage:
    """An in-force arrangement that covers an event, and the party whose event it is."""

    arrangement: Arrangement
    covered: ArrangementParty

    def other_parties(self, on: dt.date) -> list[ArrangementParty]:
        """Return the parties (current on ``on``) whose executive bodies' heads are invited."""
        return [
            link
            for link in self.arrangement.party_links.all()
            if link.pk != self.covered.pk and link.is_current(on)
        ]


def event_organization_ids(event: Event) -> set[int]:
    """Return the organizations an event belongs to: organizers, body, and their parents."""
    direct = {organization.pk for organization in event.organizers.all()}
    if event.body_id is not None:
        direct.add(event.body_id)
    parents = Organization.objects.filter(pk__in=direct, parent__isnull=False).values_list(
        "parent_id", flat=True
    )
    return direct | set(parents)


def arrangements_covering(event: Event) -> list[Coverage]:
    """Return the in-force arrangements that cover ``event``, each with the covered party.

    An arrangement covers an event when the event's kind is in its scope, the
    arrangement was in force by the event's first day, and the event is
    organized by a party current on that day (or by one of its bodies, or
    held by such a body); a one-way arrangement covers its inviting party's
    events only.  Not filtered by any user: invitations are the system's work.
    """
    on = event.start_date or event.local_start().date()
    organization_ids = event_organization_ids(event)
    arrangements = (
        Arrangement.objects.filter(status=ArrangementStatus.IN_FORCE)
        .filter(Q(in_force_on__isnull=True) | Q(in_force_on__lte=on))
        .filter(party_links__organization_id__in=organization_ids)
        .distinct()
        .prefetch_related(party_links_prefetch())
        .order_by("pk")
    )
    return coverages_among(arrangements, kind=event.kind, on=on, organization_ids=organization_ids)


def coverages_among(
    arrangements: Iterable[Arrangement], *, kind: str, on: dt.date, organization_ids: set[int]
) -> list[Coverage]:
    """Return which of the in-force ``arrangements`` (party links loaded) cover such an event.

    Pure over loaded records: the rule of ``arrangements_covering`` for an
    event of ``kind`` on the day ``on`` that belongs to ``organization_ids``.
    """
    found = []
    for arrangement in arrangements:
        if (
            arrangement.status != ArrangementStatus.IN_FORCE
            or (arrangement.in_force_on is not None and arrangement.in_force_on > on)
            or kind not in arrangement.scope
        ):
            continue
        for link in arrangement.party_links.all():
            if link.organization_id not in organization_ids or not link.is_current(on):
                continue
            if (
                arrangement.direction == ArrangementDirection.ONE_WAY
                and link.organization_id != arrangement.inviting_party_id
            ):
                continue
            found.append(Coverage(arrangement, link))
    return found


def required_invitee_posts(
    *,
    others: Iterable[ArrangementParty],
    posts_by_body: Mapping[int, Sequence[Post]],
    include_deputies: bool = False,
) -> list[Post]:
    """Return the posts to invite: the head post of each other party's executive body.

    Pure: ``posts_by_body`` maps an executive body's id to its posts.  With
    ``include_deputies`` the body's other posts are added after its head (the
    registry has no deputy flag; an executive body's posts besides the head
    are its deputies).  A body without a head post adds nothing.
    """
    invited: list[Post] = []
    for link in others:
        posts = posts_by_body.get(link.executive_body_id, ())
        invited += [post for post in posts if post.is_head]
        if include_deputies:
            invited += [post for post in posts if not post.is_head]
    return invited


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


# --- Invitations ----------------------------------------------------------------------


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
    return filter_visible(Invitation.objects.all(), user).annotate(
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
