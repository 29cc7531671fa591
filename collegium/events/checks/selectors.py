"""Reads behind the protocol checks: load what ``checks.protocol_checks`` needs, in bulk.

The same few queries serve one event or a year of them: the events, their
organizations' parents, the in-force arrangements, the executive bodies'
posts, the invitations, the holders of the sent invitations' posts, the
persons' other invitations at the same time and their unavailability periods.

Only what the user may see: the checked events and the other events of an
overlap are visible events; the invitations, arrangements and unavailability
periods behind a check are visible to the user; a new holder the user may
not see is not named.  What is *required* and who *holds* a post are facts
computed over all records (as invitation generation does), so a hidden
invitation is never reported missing.
"""

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _

from collegium.access.rules import filter_visible, is_visible
from collegium.events.arrangements.selectors import (
    coverages_among,
    party_links_prefetch,
)
from collegium.events.calendar.selectors import event_list_visible_to
from collegium.events.checks.engine import (
    NOT_EXPECTED,
    OPEN_SENT,
    Check,
    CheckData,
    CheckEvent,
    CheckInvitation,
    CheckPerson,
    CheckRequired,
    CheckUnavailability,
    protocol_checks,
)
from collegium.events.invitations.engine import (
    GenerationEvent,
    PostInfo,
    holder_on,
    required_invitations,
)
from collegium.events.invitations.selectors import coverage_info, invitations_visible_to
from collegium.events.models import (
    Arrangement,
    ArrangementParty,
    ArrangementStatus,
    Event,
    EventStatus,
    Invitation,
    Unavailability,
)
from collegium.registry.models import Organization, Person, Post, Tenure


def _check_event(event: Event) -> CheckEvent:
    return CheckEvent(
        pk=event.pk,
        slug=event.slug,
        title=event.title,
        start=event.start,
        end=event.end,
        first_day=event.first_day,
        last_day=event.last_day,
        status=event.status,
    )


def _organization_ids(events: Sequence[Event]) -> dict[int, set[int]]:
    """Return {event id: its organizers, body and their parents}, in at most one query.

    The parents of organizations already loaded with the events (the
    prefetched organizers, a body read with ``select_related``) are known;
    only the others' are read.
    """
    direct: dict[int, set[int]] = {}
    parents: dict[int, int | None] = {}
    for event in events:
        loaded = list(event.organizers.all())
        if event.body_id is not None and Event.body.is_cached(event) and event.body is not None:
            loaded.append(event.body)
        for organization in loaded:
            if "parent_id" not in organization.get_deferred_fields():
                parents[organization.pk] = organization.parent_id
        ids = {organization.pk for organization in loaded}
        if event.body_id is not None:
            ids.add(event.body_id)
        direct[event.pk] = ids
    unknown = set().union(*direct.values()) - parents.keys() if direct else set()
    if unknown:
        parents.update(Organization.objects.filter(pk__in=unknown).values_list("pk", "parent_id"))
    return {
        pk: ids | {parent for org in ids if (parent := parents.get(org)) is not None}
        for pk, ids in direct.items()
    }


def required_invitations_by_event(events: Sequence[Event]):
    """Return ({event id: [RequiredInvitation]}, arrangements by id, posts by id), in 3-4 queries.

    The same rule as invitation generation (``services._required_for``) for
    many events at once; the events' organizers must be prefetched.
    """
    organization_ids = _organization_ids(events)
    every = set().union(*organization_ids.values()) if organization_ids else set()
    arrangements = list(
        Arrangement.objects.filter(
            status=ArrangementStatus.IN_FORCE,
            pk__in=ArrangementParty.objects.filter(organization_id__in=every).values(
                "arrangement_id"
            ),
        )
        .prefetch_related(party_links_prefetch())
        .order_by("pk")
    )
    bodies = {link.executive_body_id for a in arrangements for link in a.party_links.all()}
    posts = list(
        Post.objects.filter(organization_id__in=bodies).order_by("-is_head", "label_ru", "pk")
    )
    posts_by_body: dict[int, list[PostInfo]] = {}
    for post in posts:
        posts_by_body.setdefault(post.organization_id, []).append(
            PostInfo(post.pk, post.organization_id, post.is_head)
        )
    required = {}
    for event in events:
        on = event.first_day
        coverages = coverages_among(
            arrangements, kind=event.kind, on=on, organization_ids=organization_ids[event.pk]
        )
        info = GenerationEvent(on=on, organization_ids=frozenset(organization_ids[event.pk]))
        required[event.pk] = required_invitations(
            info, [coverage_info(c) for c in coverages], posts_by_body
        )
    return (
        required,
        {arrangement.pk: arrangement for arrangement in arrangements},
        {post.pk: post for post in posts},
    )


def _required(user, events: Sequence[Event]) -> tuple[list[CheckRequired], frozenset]:
    """Return the required invitations under visible arrangements, and the existing keys."""
    required, arrangements, posts = required_invitations_by_event(events)
    if not any(required.values()):
        return [], frozenset()
    # Decided on the loaded records (the arrangements with their party links): no query.
    seen_arrangements = {pk for pk, item in arrangements.items() if is_visible(user, item)}
    seen_posts = {pk for pk, post in posts.items() if is_visible(user, post)}
    existing = frozenset(
        Invitation.objects.filter(
            event_id__in=[event.pk for event in events], arrangement__isnull=False
        ).values_list("event_id", "arrangement_id", "invitee_post_id")
    )
    checks = []
    for event_id, items in required.items():
        for item in items:
            if item.arrangement_id not in seen_arrangements:
                continue
            arrangement = arrangements[item.arrangement_id]
            link = next(
                link
                for link in arrangement.party_links.all()
                if link.organization_id == item.invitee_organization_id
            )
            post = posts[item.invitee_post_id]
            checks.append(
                CheckRequired(
                    event_id=event_id,
                    arrangement_id=arrangement.pk,
                    arrangement_title=arrangement.title,
                    post_id=post.pk,
                    post_label=(
                        post.label
                        if post.pk in seen_posts
                        else _("a post of %(body)s") % {"body": link.executive_body}
                    ),
                    organization_name=str(link.organization),
                )
            )
    return checks, existing


def _check_invitation(
    invitation: Invitation, seen_persons: set, seen_posts: set
) -> CheckInvitation:
    """Return the engine's view of an invitation; a person or post the reader may not see
    keeps its id (so matches still work) but is not named."""
    invitee = invitation.invitee_person
    person: CheckPerson | None = None
    if invitee is not None:
        name = invitee.name if invitee.pk in seen_persons else _("a person not shown to you")
        person = CheckPerson(invitee.pk, name)
    post = invitation.invitee_post
    return CheckInvitation(
        pk=invitation.pk,
        event_id=invitation.event_id,
        post_id=post.pk,
        post_label=post.label if post.pk in seen_posts else _("a post not shown to you"),
        person=person,
        status=invitation.status,
        sent_at=invitation.sent_at,
        arrangement_id=invitation.arrangement_id,
    )


def _holders(
    user, invitations: Sequence[Invitation], events: dict[int, CheckEvent]
) -> dict[tuple[int, dt.date], CheckPerson | None]:
    """Return {(post id, day): holder} for the posts of open sent invitations, in 2 queries."""
    wanted = {
        (invitation.invitee_post_id, events[invitation.event_id].first_day)
        for invitation in invitations
        if invitation.sent_at is not None and invitation.status in OPEN_SENT
    }
    if not wanted:
        return {}
    tenures = list(
        Tenure.objects.filter(post_id__in={post for post, _day in wanted})
        .order_by("pk")
        .values_list("post_id", "person_id", "acting", "start_date", "end_date")
    )
    by_day = {day: holder_on(tenures, day) for day in {day for _post, day in wanted}}
    person_ids = {
        person_id for post, day in wanted if (person_id := by_day[day].get(post)) is not None
    }
    seen = {
        person.pk: CheckPerson(person.pk, person.name)
        for person in Person.objects.filter(pk__in=person_ids)
        if is_visible(user, person)
    }
    hidden = _("a person not shown to you")
    holders: dict[tuple[int, dt.date], CheckPerson | None] = {}
    for post, day in wanted:
        person_id = by_day[day].get(post)
        if person_id is None:
            holders[(post, day)] = None
        else:
            holders[(post, day)] = seen.get(person_id) or CheckPerson(person_id, hidden)
    return holders


def checks_for_events(
    user, events: Sequence[Event], *, invitations: Sequence[Invitation] | None = None
) -> list[Check]:
    """Return the protocol checks of ``events`` (visible to ``user``, organizers prefetched).

    ``invitations``: the events' invitations that the user may see, with their
    invitee persons and posts, when the caller has read them already (the
    event page's invitations panel); else they are read here.
    """
    if not events:
        return []
    targets = {event.pk: _check_event(event) for event in events}
    required, existing = _required(user, events)
    if invitations is not None:
        invitations = sorted(
            invitations, key=lambda invitation: (invitation.event_id, invitation.pk)
        )
    else:
        invitations = list(
            invitations_visible_to(user)
            .filter(event_id__in=list(targets))
            .select_related("invitee_person", "invitee_post")
            .order_by("event_id", "pk")
        )
    persons = {
        invitation.invitee_person_id
        for invitation in invitations
        if invitation.invitee_person_id is not None and invitation.status not in NOT_EXPECTED
    }
    live = [event for event in targets.values() if event.status != EventStatus.CANCELLED]
    others: list[Invitation] = []
    periods: list[CheckUnavailability] = []
    if persons and live:
        earliest, latest = min(e.start for e in live), max(e.end for e in live)
        # Only invitations to events the user may see (the rule of ``invitations_visible_to``).
        others = list(
            invitations_visible_to(user)
            .filter(
                invitee_person_id__in=persons,
                event__start__lt=latest,
                event__end__gt=earliest,
            )
            .exclude(event_id__in=list(targets))
            .exclude(event__status=EventStatus.CANCELLED)
            .exclude(status__in=NOT_EXPECTED)
            .select_related("event", "invitee_person", "invitee_post")
            .order_by("event__start", "pk")
        )
        first, last = min(e.first_day for e in live), max(e.last_day for e in live)
        periods = [
            CheckUnavailability(p.pk, p.person_id, p.start_date, p.end_date, p.reason)
            for p in filter_visible(
                Unavailability.objects.filter(
                    person_id__in=persons, start_date__lte=last, end_date__gte=first
                ),
                user,
            ).order_by("start_date", "pk")
        ]
    other_events = {invitation.event_id: _check_event(invitation.event) for invitation in others}
    # The persons and posts came with the invitations: decided on them, no query.
    every = (*invitations, *others)
    seen_persons = {
        i.invitee_person_id
        for i in every
        if i.invitee_person is not None and is_visible(user, i.invitee_person)
    }
    seen_posts = {i.invitee_post_id for i in every if is_visible(user, i.invitee_post)}
    data = CheckData(
        events=list(targets.values()),
        invitations=[
            _check_invitation(i, seen_persons, seen_posts) for i in (*invitations, *others)
        ],
        required=required,
        existing=existing,
        holders=_holders(user, invitations, targets),
        unavailabilities=periods,
        other_events=list(other_events.values()),
    )
    return protocol_checks(data)


def protocol_checks_for_event(
    *, user, event: Event, invitations: Sequence[Invitation] | None = None
) -> list[Check]:
    """Return the checks of one event the user sees (from ``access_event_by_slug``).

    ``invitations``: its invitations the user may see, if already read (see
    ``checks_for_events``).
    """
    return checks_for_events(user, [event], invitations=invitations)


def protocol_checks_visible_to(
    *,
    user,
    first_day: dt.date | None = None,
    last_day: dt.date | None = None,
    organization=None,
    kind: str = "",
) -> list[Check]:
    """Return the checks of the visible events touching the period, of one kind if given."""
    events = list(
        event_list_visible_to(
            user=user, organization=organization, first_day=first_day, last_day=last_day
        )
    )
    checks = checks_for_events(user, events)
    if kind:
        checks = [check for check in checks if check.kind == kind]
    return checks


# The checks list looks this far ahead of its first day unless told otherwise.
DEFAULT_PERIOD = dt.timedelta(days=365)


def period_end(first_day: dt.date) -> dt.date:
    """Return the default end of a checks period: a year on, or the calendar's last day."""
    try:
        return first_day + DEFAULT_PERIOD
    except OverflowError:
        return dt.date.max


# A longer period is loaded in one request: refuse it rather than strain the server.
MAX_PERIOD = dt.timedelta(days=5 * 366)


def period_error(first_day: dt.date, last_day: dt.date) -> str:
    """Return what is wrong with a checks period ("" if nothing): at most five years."""
    if last_day - first_day > MAX_PERIOD:
        return _("Choose a period of at most five years.")
    return ""
