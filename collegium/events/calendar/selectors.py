"""Calendar reads: the events a user may see."""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from collegium.access.rules import (
    filter_visible,
    is_site_admin,
    party_organization_ids,
    visible_row_q,
)
from collegium.core.i18n import CONTENT_LANGUAGES, FALLBACK_ORDER, active_content_language
from collegium.core.models import Visibility
from collegium.events.calendar.ical import FeedEvent
from collegium.events.models import INVITEE_SEES_EVENT_STATUSES, Event, Invitation
from collegium.registry.models import Organization


def invited_event_ids(user) -> QuerySet[Invitation, Any]:
    """Return the ids (``event_id``) of the events the user's organizations are invited to.

    An invitation counts once it has reached the invitee (its status is in
    ``INVITEE_SEES_EVENT_STATUSES``): a draft is the organizer's own.  The
    invited organization is a party (the CSTO); its secretariat's users act
    for it, as for the "parties" rule (``party_organization_ids``).
    """
    return Invitation.objects.filter(
        invitee_organization_id__in=party_organization_ids(user),
        status__in=INVITEE_SEES_EVENT_STATUSES,
    ).values("event_id")


def visible_event_q(user, *, prefix: str = "") -> Q:
    """Return the condition that keeps the events the user may see (``visible_events``).

    Conditions on the event's own row, reachable through ``prefix``
    (``"event__"`` from an invitation), and two small uncorrelated subqueries
    that read only the user's organizations' links: the events they organize
    (``access.rules.visible_row_q``) and those they are invited to.  So a
    lookup by key reads one event, and a filter over a few invitations needs
    no pass over every event.
    """
    q = visible_row_q(Event, user, prefix=prefix)
    if is_site_admin(user) or not party_organization_ids(user):
        return q
    return q | Q(**{f"{prefix}pk__in": invited_event_ids(user)})


def visible_events(user) -> QuerySet[Event]:
    """Return the events the user may see, each once.

    A member of organizations sees what the visibility rules allow
    (``access.rules``) and the events their organizations are invited to: one
    cannot answer an invitation to an event one may not see.  Plain
    conditions on the event's row (``visible_event_q``), so no event appears
    twice (and ``get()`` cannot fail) when two of the user's organizations
    organize it.
    """
    return Event.objects.filter(visible_event_q(user))


def event_seen_as_invitee(user, event: Event) -> bool:
    """Whether the user sees ``event`` (a visible one) only because they are invited to it."""
    # No query for a public event (most of them) or a reader who is no member.
    if event.visibility == Visibility.PUBLIC or not party_organization_ids(user):
        return False
    if is_site_admin(user):
        return False
    return not filter_visible(Event.objects.filter(pk=event.pk), user).exists()


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
    # What the calendar shows of each: the place (with the host state) and the
    # organizers' names; the body and the owner are not shown, so not loaded.
    return (
        events.select_related("host_state")
        .prefetch_related(
            Prefetch(
                "organizers",
                queryset=Organization.objects.only(
                    "slug",
                    "parent_id",
                    *(
                        f"{name}_{code}"
                        for name in ("name", "acronym")
                        for code in CONTENT_LANGUAGES
                    ),
                ),
            )
        )
        .order_by("start", "pk")
    )


FEED_FIELDS = (
    "pk",
    "slug",
    "uid",
    "sequence",
    "created_at",
    "modified_at",
    "start",
    "end",
    "timezone",
    "kind",
    "status",
    "visibility",
    "summary",
    "is_illustrative",
    "venue",
    *(f"{base}_{language}" for base in ("title", "city") for language in CONTENT_LANGUAGES),
    *(
        f"{rel}__name_{language}"
        for rel in ("host_state", "body")
        for language in CONTENT_LANGUAGES
    ),
)


def _translated(row: Mapping, base: str, order: Sequence[str]) -> str:
    """Return ``<base>_<language>`` of a row in the first language of ``order`` that has it."""
    for language in order:
        value = row[f"{base}_{language}"]
        if value:
            return value
    return ""


def event_feed_list_visible_to(*, user) -> list[FeedEvent]:
    """Return the visible events as the calendar feeds show them, by start, in 2 queries.

    Plain rows rather than models: a feed holds every event of the history.
    Texts are in the active language with the fallbacks of ``TranslatedField``.
    """
    events = visible_events(user)
    organizers: dict[int, list[str]] = {}
    language_order = FALLBACK_ORDER[active_content_language()]
    through = Event.organizers.through.objects.filter(event_id__in=events.values("pk"))
    names = [f"organization__name_{language}" for language in CONTENT_LANGUAGES]
    for event_id, *values in through.values_list("event_id", *names):
        row = dict(zip(names, values, strict=True))
        organizers.setdefault(event_id, []).append(
            _translated(row, "organization__name", language_order)
        )
    feed = []
    for row in events.order_by("start", "pk").values(*FEED_FIELDS):
        city = _translated(row, "city", language_order)
        state = _translated(row, "host_state__name", language_order)
        feed.append(
            FeedEvent(
                uid=row["uid"],
                sequence=row["sequence"],
                created_at=row["created_at"],
                modified_at=row["modified_at"],
                start=row["start"],
                end=row["end"],
                timezone=row["timezone"],
                title=_translated(row, "title", language_order),
                # As ``Event.place``: venue, city and host state, as far as known.
                place=", ".join(part for part in (row["venue"], city, state) if part),
                summary=row["summary"],
                kind=row["kind"],
                status=row["status"],
                visibility=row["visibility"],
                organizers=tuple(organizers.get(row["pk"], ())),
                body=_translated(row, "body__name", language_order),
                is_illustrative=row["is_illustrative"],
                slug=row["slug"],
            )
        )
    return feed


# --- Arrangements -------------------------------------------------------------------
