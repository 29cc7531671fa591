"""iCalendar (RFC 5545) feeds of events, written with the ``icalendar`` package.

A pure engine: it gets events already loaded (with organizers, body and host
state) and returns the bytes; it runs no query of its own.  Texts are in the
active language.

Each event keeps its UID for life and carries SEQUENCE (raised on every change
of title, time, place or status), so a calendar client updates its copy
instead of adding a second one; a cancelled event stays in the feed with
STATUS:CANCELLED, which makes clients remove or strike it.  Times carry the
host's TZID with a VTIMEZONE for each zone used.  DTSTAMP is the event's last
revision (the calendar has no METHOD, RFC 5545 3.8.7.2), so a feed that did
not change is byte for byte the same.
"""

import datetime as dt
from collections.abc import Callable, Iterable

import icalendar
from django.utils.translation import gettext as _

from collegium.events.models import Event, EventStatus

PRODID = "-//Collegium//Calendar//EN"

ICAL_STATUS = {
    EventStatus.PLANNED: "TENTATIVE",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CONFIRMED: "CONFIRMED",
    EventStatus.HELD: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
}
ICAL_CLASS = {"public": "PUBLIC", "parties": "PRIVATE", "internal": "CONFIDENTIAL"}


def _description(event: Event) -> str:
    lines = []
    if event.summary:
        lines += [event.summary, ""]
    lines.append(_("Kind: %(kind)s") % {"kind": event.get_kind_display()})
    lines.append(_("Status: %(status)s") % {"status": event.get_status_display()})
    organizers = ", ".join(sorted(str(o.name) for o in event.organizers.all()))
    lines.append(_("Organizers: %(organizers)s") % {"organizers": organizers})
    if event.body is not None:
        lines.append(_("Body: %(body)s") % {"body": event.body.name})
    if event.is_illustrative:
        lines.append(_("Illustrative record: not taken from an official source."))
    return "\n".join(lines)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def calendar_feed(events: Iterable[Event], *, name: str, url_for: Callable[[Event], str]) -> bytes:
    """Return the events as one VCALENDAR; ``url_for`` gives each event's page address."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    events = list(events)
    if events:
        # Zone rules from a year before the first event to a year after the last,
        # one VTIMEZONE per zone in name order: the feed is the same on every request.
        years = [year for event in events for year in (event.start.year, event.end.year)]
        # Clamped: the zone's transitions are listed a year either side, within date's range.
        first_date = dt.date(max(min(years) - 1, dt.MINYEAR), 1, 1)
        last_date = dt.date(min(max(years) + 2, dt.MAXYEAR), 1, 1)
        for zone in sorted({event.timezone for event in events}):
            calendar.add_component(
                icalendar.Timezone.from_tzid(zone, first_date=first_date, last_date=last_date)
            )
    for event in events:
        component = icalendar.Event()
        component.add("uid", event.uid)
        component.add("sequence", event.sequence)
        component.add("dtstamp", _utc(event.modified_at))
        component.add("created", _utc(event.created_at))
        component.add("last-modified", _utc(event.modified_at))
        component.add("dtstart", event.local_start())
        component.add("dtend", event.local_end())
        component.add("summary", event.title)
        if event.place:
            component.add("location", event.place)
        component.add("description", _description(event))
        component.add("url", url_for(event))
        component.add("status", ICAL_STATUS[event.status])
        component.add("class", ICAL_CLASS.get(event.visibility, "PRIVATE"))
        component.add("categories", [event.get_kind_display()])
        calendar.add_component(component)
    return calendar.to_ical()
