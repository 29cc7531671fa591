"""iCalendar (RFC 5545) feeds of events, written straight to text.

A pure engine: it gets the events as ``FeedEvent`` rows (texts already in the
active language, read by ``selectors.event_feed_list_visible_to``) and returns
the bytes; it runs no query of its own.

Each event keeps its UID for life and carries SEQUENCE (raised on every change
of title, time, place or status), so a calendar client updates its copy
instead of adding a second one; a cancelled event stays in the feed with
STATUS:CANCELLED, which makes clients remove or strike it.  Times carry the
host's TZID with a VTIMEZONE for each zone used.  DTSTAMP is the event's last
revision (the calendar has no METHOD, RFC 5545 3.8.7.2), so a feed that did
not change is byte for byte the same.

Speed: a feed holds every event of fifteen years, so no object tree is built
per line.  Each event is written as escaped (3.3.11), folded (3.1: at most 75
octets a line, never inside a UTF-8 character) content lines, the same text
the ``icalendar`` package writes for it (a test holds the two together).  The
VTIMEZONE blocks are built by ``icalendar`` from the zone rules, once per
process for each zone and span of years, and reused as text: their rules do
not change while the process runs.
"""

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import icalendar
from django.utils.translation import gettext as _

from collegium.events.models import EventKind, EventStatus

PRODID = "-//Collegium//Calendar//EN"

ICAL_STATUS: dict[str, str] = {
    EventStatus.PLANNED: "TENTATIVE",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CONFIRMED: "CONFIRMED",
    EventStatus.HELD: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
}
ICAL_CLASS = {"public": "PUBLIC", "parties": "PRIVATE", "internal": "CONFIDENTIAL"}

CRLF = b"\r\n"
# A content line holds at most 75 octets; ``icalendar`` folds before the 75th.
FOLD_OCTETS = 74
FOLD = b"\r\n "
# Escaped in TEXT values (3.3.11), and the control characters no content line
# may hold (3.1; TAB is allowed): an older record may still carry one, and a
# strict client would refuse the whole feed for it, so they are left out.
_TEXT_SPECIALS = re.compile(r"[\\;,\n\x00-\x08\x0b-\x1f\x7f]")
_ESCAPES = {"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"}


@dataclass(frozen=True, slots=True)
class FeedEvent:
    """One event as the feeds show it, its texts in the active language."""

    uid: str
    sequence: int
    created_at: dt.datetime
    modified_at: dt.datetime
    start: dt.datetime
    end: dt.datetime
    timezone: str
    title: str
    place: str
    summary: str
    kind: str
    status: str
    visibility: str
    organizers: tuple[str, ...]
    body: str
    is_illustrative: bool
    slug: str


def escape_text(value: str) -> str:
    """Return a TEXT value escaped (RFC 5545 3.3.11); CRLF, LF or CR is one line break."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _TEXT_SPECIALS.search(value) is None:
        return value
    return _TEXT_SPECIALS.sub(lambda match: _ESCAPES.get(match.group(), ""), value)


def fold(line: bytes) -> bytes:
    """Fold a content line into physical lines of at most 75 octets (RFC 5545 3.1).

    A line is cut before the 75th octet, never inside a UTF-8 character, and
    not just after a backslash (as ``icalendar`` does, for clients that
    unfold escapes badly); continuation lines start with a space.
    """
    if len(line) <= FOLD_OCTETS:
        return line
    parts = []
    start, length = 0, len(line)
    while length - start > FOLD_OCTETS:
        cut = start + FOLD_OCTETS
        while line[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to the character
            cut -= 1
        if line[cut - 1] in b"\\^" and cut - 1 > start:
            cut -= 1
        parts.append(line[start:cut])
        start = cut
    parts.append(line[start:])
    return FOLD.join(parts)


def _content_line(name: str, value: str) -> bytes:
    return fold(f"{name}:{value}".encode()) + CRLF


def _utc_stamp(value: dt.datetime) -> str:
    value = value.astimezone(dt.UTC)
    return (
        f"{value.year:04}{value.month:02}{value.day:02}"
        f"T{value.hour:02}{value.minute:02}{value.second:02}Z"
    )


def _local_stamp(value: dt.datetime) -> str:
    return (
        f"{value.year:04}{value.month:02}{value.day:02}"
        f"T{value.hour:02}{value.minute:02}{value.second:02}"
    )


@functools.lru_cache(maxsize=512)
def vtimezone(zone: str, first_year: int, last_year: int) -> bytes:
    """Return the VTIMEZONE block of ``zone`` valid from ``first_year`` to ``last_year``.

    Built by ``icalendar`` from the zone's rules, which takes tens of
    milliseconds a zone, so it is kept for the life of the process.
    """
    first_date = dt.date(max(first_year, dt.MINYEAR), 1, 1)
    last_date = dt.date(min(last_year, dt.MAXYEAR), 1, 1)
    return icalendar.Timezone.from_tzid(zone, first_date=first_date, last_date=last_date).to_ical()


class _Labels:
    """The labels of kinds and statuses in the active language, each looked up once."""

    def __init__(self) -> None:
        self.kinds: dict[str, str] = {}
        self.statuses: dict[str, str] = {}

    def kind(self, value: str) -> str:
        if value not in self.kinds:
            self.kinds[value] = str(EventKind(value).label)
        return self.kinds[value]

    def status(self, value: str) -> str:
        if value not in self.statuses:
            self.statuses[value] = str(EventStatus(value).label)
        return self.statuses[value]


def _description(event: FeedEvent, labels: _Labels, texts: dict[str, str]) -> str:
    lines = []
    if event.summary:
        lines += [event.summary, ""]
    lines.append(texts["kind"] % {"kind": labels.kind(event.kind)})
    lines.append(texts["status"] % {"status": labels.status(event.status)})
    organizers = ", ".join(sorted(event.organizers))
    lines.append(texts["organizers"] % {"organizers": organizers})
    if event.body:
        lines.append(texts["body"] % {"body": event.body})
    if event.is_illustrative:
        lines.append(texts["illustrative"])
    return "\n".join(lines)


def _vevent(
    event: FeedEvent,
    url: str,
    labels: _Labels,
    texts: dict[str, str],
    zones: dict[str, zoneinfo.ZoneInfo],
) -> bytes:
    zone = zones.get(event.timezone)
    if zone is None:
        zone = zones[event.timezone] = zoneinfo.ZoneInfo(event.timezone)
    tzid = f";TZID={event.timezone}:"
    kind = labels.kind(event.kind)
    modified = _utc_stamp(event.modified_at)
    # The properties in the order ``icalendar`` writes them (its canonical ones, then by name).
    lines = [
        b"BEGIN:VEVENT\r\n",
        _content_line("SUMMARY", escape_text(event.title)),
        fold(f"DTSTART{tzid}{_local_stamp(event.start.astimezone(zone))}".encode()) + CRLF,
        fold(f"DTEND{tzid}{_local_stamp(event.end.astimezone(zone))}".encode()) + CRLF,
        f"DTSTAMP:{modified}\r\n".encode(),
        _content_line("UID", escape_text(event.uid)),
        f"SEQUENCE:{event.sequence}\r\n".encode(),
        _content_line("CATEGORIES", escape_text(kind)),
        f"CLASS:{ICAL_CLASS.get(event.visibility, 'PRIVATE')}\r\n".encode(),
        f"CREATED:{_utc_stamp(event.created_at)}\r\n".encode(),
        _content_line("DESCRIPTION", escape_text(_description(event, labels, texts))),
        f"LAST-MODIFIED:{modified}\r\n".encode(),
    ]
    if event.place:
        lines.append(_content_line("LOCATION", escape_text(event.place)))
    lines += [
        f"STATUS:{ICAL_STATUS[event.status]}\r\n".encode(),
        _content_line("URL", url),
        b"END:VEVENT\r\n",
    ]
    return b"".join(lines)


def calendar_feed(
    events: Iterable[FeedEvent], *, name: str, url_for: Callable[[str], str]
) -> bytes:
    """Return the events as one VCALENDAR; ``url_for(slug)`` gives an event's page address."""
    events = list(events)
    out = [
        b"BEGIN:VCALENDAR\r\n",
        b"VERSION:2.0\r\n",
        _content_line("PRODID", escape_text(PRODID)),
        b"CALSCALE:GREGORIAN\r\n",
        _content_line("X-WR-CALNAME", escape_text(name)),
    ]
    if events:
        # Zone rules from a year before the first event to a year after the last,
        # one VTIMEZONE per zone in name order: the feed is the same on every request.
        years = [year for event in events for year in (event.start.year, event.end.year)]
        first_year, last_year = min(years) - 1, max(years) + 2
        for zone in sorted({event.timezone for event in events}):
            out.append(vtimezone(zone, first_year, last_year))
    texts = {
        "kind": _("Kind: %(kind)s"),
        "status": _("Status: %(status)s"),
        "organizers": _("Organizers: %(organizers)s"),
        "body": _("Body: %(body)s"),
        "illustrative": _("Illustrative record: not taken from an official source."),
    }
    labels = _Labels()
    zones: dict[str, zoneinfo.ZoneInfo] = {}
    out += [_vevent(event, url_for(event.slug), labels, texts, zones) for event in events]
    out.append(b"END:VCALENDAR\r\n")
    return b"".join(out)
