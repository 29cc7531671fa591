"""The protocol checks engine: what is wrong with an event's invitations, over plain data.

A selector (``check_selectors``) loads the events, their invitations, the
invitations the arrangements require, the posts' holders and the persons'
unavailability periods, turns them into the dataclasses below and calls
``protocol_checks``.  No database here.

The kinds:

- ``missing_invitation``: an in-force arrangement requires an invitation to a
  not-cancelled event and there is none;
- ``post_changed_hands``: an invitation went out (and is not closed) but the
  holder of its post on the event's first day is now another person, or
  nobody, or somebody where the post was vacant;
- ``overlapping_events``: a person expected at the event (an invitation not
  declined, unanswered or missed) is expected at another not-cancelled event
  at the same time;
- ``outside_availability``: such a person is unavailable on a day of the event;
- ``no_answer_recorded``: the event has been held and a sent invitation to it
  still has no answer (nor "no reply") recorded.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class CheckKind(StrEnum):
    MISSING_INVITATION = "missing_invitation"
    POST_CHANGED_HANDS = "post_changed_hands"
    OVERLAPPING_EVENTS = "overlapping_events"
    OUTSIDE_AVAILABILITY = "outside_availability"
    NO_ANSWER_RECORDED = "no_answer_recorded"


CHECK_KIND_LABELS = {
    CheckKind.MISSING_INVITATION: gettext_lazy("Required invitation missing"),
    CheckKind.POST_CHANGED_HANDS: gettext_lazy("Post changed hands after sending"),
    CheckKind.OVERLAPPING_EVENTS: gettext_lazy("Expected at overlapping events"),
    CheckKind.OUTSIDE_AVAILABILITY: gettext_lazy("Outside the invitee’s availability"),
    CheckKind.NO_ANSWER_RECORDED: gettext_lazy("No answer recorded for a held event"),
}


class Severity(StrEnum):
    WARNING = "warning"
    ERROR = "error"


SEVERITY_LABELS = {
    Severity.WARNING: gettext_lazy("Warning"),
    Severity.ERROR: gettext_lazy("Error"),
}

# Invitation statuses (values of ``InvitationStatus``), kept as plain strings here.
# A person is no longer expected once the invitation is declined, unanswered or missed.
NOT_EXPECTED = frozenset({"declined", "no_reply", "absent"})
# A sent invitation still waiting for the event: a change of holder matters.
OPEN_SENT = frozenset({"sent", "accepted"})
# Both invitees said yes (or went): the clash is certain.
CONFIRMED = frozenset({"accepted", "attended"})
CANCELLED = "cancelled"
HELD = "held"


@dataclass(frozen=True)
class CheckEvent:
    """An event: its instants, its host's first and last days, its status."""

    pk: int
    slug: str
    title: str
    start: dt.datetime
    end: dt.datetime
    first_day: dt.date
    last_day: dt.date
    status: str = "planned"

    def overlaps(self, other: "CheckEvent") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class CheckPerson:
    pk: int
    name: str


@dataclass(frozen=True)
class CheckInvitation:
    """An invitation: its event, post, the person it is addressed to, its status and sending."""

    pk: int
    event_id: int
    post_id: int
    post_label: str
    person: CheckPerson | None
    status: str
    sent_at: dt.datetime | None = None
    arrangement_id: int | None = None


@dataclass(frozen=True)
class CheckRequired:
    """An invitation an arrangement requires for an event, with the names for the message."""

    event_id: int
    arrangement_id: int
    arrangement_title: str
    post_id: int
    post_label: str
    organization_name: str


@dataclass(frozen=True)
class CheckUnavailability:
    pk: int
    person_id: int
    first_day: dt.date
    last_day: dt.date
    reason: str = ""


@dataclass(frozen=True)
class Check:
    kind: CheckKind
    severity: Severity
    event: CheckEvent
    message: str
    invitation: CheckInvitation | None = None
    other_event: CheckEvent | None = None

    @property
    def kind_label(self) -> str:
        return str(CHECK_KIND_LABELS[self.kind])

    @property
    def severity_label(self) -> str:
        return str(SEVERITY_LABELS[self.severity])


@dataclass
class CheckData:
    """Everything the engine reads.

    ``events`` are the events checked.  ``invitations`` are the invitations
    to them and, for the overlap check, the invitations of the same persons
    to other events, which ``other_events`` describe.  ``existing`` holds
    ``(event id, arrangement id, post id)`` of every invitation made under an
    arrangement, seen or not, so a hidden one is never reported missing.
    ``holders`` maps ``(post id, day)`` to the post's holder on that day (None:
    vacant) for the posts of the sent invitations.
    """

    events: Sequence[CheckEvent]
    invitations: Sequence[CheckInvitation] = ()
    required: Sequence[CheckRequired] = ()
    existing: frozenset[tuple[int, int, int]] = frozenset()
    holders: Mapping[tuple[int, dt.date], CheckPerson | None] = field(default_factory=dict)
    unavailabilities: Sequence[CheckUnavailability] = ()
    other_events: Sequence[CheckEvent] = ()


def _day(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _days(first: dt.date, last: dt.date) -> str:
    if first == last:
        return _day(first)
    return _("%(first)s–%(last)s") % {"first": _day(first), "last": _day(last)}


def _person_name(person: CheckPerson | None) -> str:
    return person.name if person is not None else _("nobody (the post is vacant)")


def _missing(data: CheckData, events: Mapping[int, CheckEvent]) -> list[Check]:
    checks = []
    for required in data.required:
        event = events.get(required.event_id)
        if event is None or event.status == CANCELLED:
            continue
        key = (required.event_id, required.arrangement_id, required.post_id)
        if key in data.existing:
            continue
        checks.append(
            Check(
                kind=CheckKind.MISSING_INVITATION,
                severity=Severity.ERROR,
                event=event,
                message=_(
                    "No invitation to %(post)s (%(organization)s), which the arrangement "
                    "“%(arrangement)s” requires."
                )
                % {
                    "post": required.post_label,
                    "organization": required.organization_name,
                    "arrangement": required.arrangement_title,
                },
            )
        )
    return checks


def _changed_hands(data: CheckData, events: Mapping[int, CheckEvent]) -> list[Check]:
    checks = []
    for invitation in data.invitations:
        event = events.get(invitation.event_id)
        if (
            event is None
            or event.status == CANCELLED
            or invitation.sent_at is None
            or invitation.status not in OPEN_SENT
        ):
            continue
        key = (invitation.post_id, event.first_day)
        if key not in data.holders:
            continue  # the holder was not looked up: nothing to compare with
        holder = data.holders[key]
        addressed = invitation.person
        if (holder.pk if holder else None) == (addressed.pk if addressed else None):
            continue
        checks.append(
            Check(
                kind=CheckKind.POST_CHANGED_HANDS,
                severity=Severity.ERROR,
                event=event,
                invitation=invitation,
                message=_(
                    "The invitation to %(post)s was sent on %(sent)s to %(addressed)s; "
                    "on %(day)s the post is held by %(holder)s."
                )
                % {
                    "post": invitation.post_label,
                    "sent": _day(invitation.sent_at.date()),
                    "addressed": _person_name(addressed),
                    "day": _day(event.first_day),
                    "holder": _person_name(holder),
                },
            )
        )
    return checks


def _expected(invitation: CheckInvitation) -> CheckPerson | None:
    """Return the person expected at the invitation's event, or None if no one is."""
    return invitation.person if invitation.status not in NOT_EXPECTED else None


def _overlapping(
    data: CheckData, events: Mapping[int, CheckEvent], all_events: Mapping[int, CheckEvent]
) -> list[Check]:
    by_person: dict[int, list[CheckInvitation]] = {}
    for invitation in data.invitations:
        event = all_events.get(invitation.event_id)
        person = _expected(invitation)
        if person is not None and event is not None and event.status != CANCELLED:
            by_person.setdefault(person.pk, []).append(invitation)
    checks = []
    seen: set[tuple[int, int, int]] = set()
    for invitation in data.invitations:
        event = events.get(invitation.event_id)
        person = _expected(invitation)
        if event is None or event.status == CANCELLED or person is None:
            continue
        for other in by_person.get(person.pk, ()):
            other_event = all_events[other.event_id]
            key = (event.pk, person.pk, other_event.pk)
            if other_event.pk == event.pk or key in seen or not event.overlaps(other_event):
                continue
            seen.add(key)
            both = invitation.status in CONFIRMED and other.status in CONFIRMED
            checks.append(
                Check(
                    kind=CheckKind.OVERLAPPING_EVENTS,
                    severity=Severity.ERROR if both else Severity.WARNING,
                    event=event,
                    invitation=invitation,
                    other_event=other_event,
                    message=_(
                        "%(person)s is expected at “%(other)s” (%(other_days)s) "
                        "at the same time as this event (%(days)s)."
                    )
                    % {
                        "person": person.name,
                        "other": other_event.title,
                        "other_days": _days(other_event.first_day, other_event.last_day),
                        "days": _days(event.first_day, event.last_day),
                    },
                )
            )
    return checks


def _outside_availability(data: CheckData, events: Mapping[int, CheckEvent]) -> list[Check]:
    periods: dict[int, list[CheckUnavailability]] = {}
    for period in data.unavailabilities:
        periods.setdefault(period.person_id, []).append(period)
    checks = []
    for invitation in data.invitations:
        event = events.get(invitation.event_id)
        person = _expected(invitation)
        if event is None or event.status == CANCELLED or person is None:
            continue
        for period in periods.get(person.pk, ()):
            if period.first_day > event.last_day or period.last_day < event.first_day:
                continue
            values = {
                "person": person.name,
                "days": _days(period.first_day, period.last_day),
                "reason": period.reason,
            }
            checks.append(
                Check(
                    kind=CheckKind.OUTSIDE_AVAILABILITY,
                    severity=Severity.WARNING,
                    event=event,
                    invitation=invitation,
                    message=(
                        _("%(person)s is unavailable on %(days)s: %(reason)s.") % values
                        if period.reason
                        else _("%(person)s is unavailable on %(days)s.") % values
                    ),
                )
            )
    return checks


def _no_answer(data: CheckData, events: Mapping[int, CheckEvent]) -> list[Check]:
    checks = []
    for invitation in data.invitations:
        event = events.get(invitation.event_id)
        if event is None or event.status != HELD or invitation.status != "sent":
            continue
        checks.append(
            Check(
                kind=CheckKind.NO_ANSWER_RECORDED,
                severity=Severity.WARNING,
                event=event,
                invitation=invitation,
                message=_(
                    "The event has been held, and no answer to the invitation to %(post)s is "
                    "recorded: record the answer and attendance, or “no reply”."
                )
                % {"post": invitation.post_label},
            )
        )
    return checks


ORDER = {kind: n for n, kind in enumerate(CheckKind)}


def protocol_checks(data: CheckData) -> list[Check]:
    """Return the checks of ``data.events``: by event start, then kind, then invitation."""
    events = {event.pk: event for event in data.events}
    all_events = {**{event.pk: event for event in data.other_events}, **events}
    checks = [
        *_missing(data, events),
        *_changed_hands(data, events),
        *_overlapping(data, events, all_events),
        *_outside_availability(data, events),
        *_no_answer(data, events),
    ]
    return sorted(
        checks,
        key=lambda check: (
            check.event.start,
            check.event.pk,
            ORDER[check.kind],
            check.invitation.pk if check.invitation else 0,
            check.other_event.start if check.other_event else check.event.start,
        ),
    )
