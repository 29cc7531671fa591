"""Template helpers of the calendar: an event's time in its host's zone, its status badge."""

import datetime as dt
import zoneinfo

from django import template
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from collegium.events.models import Event, EventStatus

register = template.Library()

# Keyed by the stored value: ``event.status`` is a plain string.
STATUS_BADGES: dict[str, str] = {
    EventStatus.PLANNED: "badge--outline",
    EventStatus.CONFIRMED: "badge--navy",
    EventStatus.HELD: "badge--ok",
    EventStatus.POSTPONED: "badge--warn",
    EventStatus.CANCELLED: "badge--danger",
}


def utc_offset(value: dt.datetime) -> str:
    """Return the offset of an aware datetime as ``UTC+06:00``."""
    offset = value.strftime("%z")  # +0600
    return f"UTC{offset[:3]}:{offset[3:]}"


def _span(start: dt.datetime, end: dt.datetime) -> str:
    if start.date() == end.date():
        return _("%(date)s, %(start)s–%(end)s") % {
            "date": date_format(start, "DATE_FORMAT"),
            "start": time_format(start, "H:i"),
            "end": time_format(end, "H:i"),
        }
    return _("%(start_date)s, %(start)s – %(end_date)s, %(end)s") % {
        "start_date": date_format(start, "DATE_FORMAT"),
        "start": time_format(start, "H:i"),
        "end_date": date_format(end, "DATE_FORMAT"),
        "end": time_format(end, "H:i"),
    }


@register.simple_tag
def event_when(event: Event, zone_name: str | None = None) -> str:
    """Return the event's dates and times in the host's zone (or ``zone_name``), zone named.

    ``formats.date_format`` does not convert to the active time zone, so the
    datetimes are shown in the zone they were converted to here.
    """
    zone = zoneinfo.ZoneInfo(zone_name or event.timezone)
    start, end = event.start.astimezone(zone), event.end.astimezone(zone)
    return _("%(span)s (%(zone)s, %(offset)s)") % {
        "span": _span(start, end),
        "zone": zone.key,
        "offset": utc_offset(start),
    }


@register.simple_tag
def event_local_time(event: Event) -> str:
    """Return the start time in the host's zone, e.g. ``10:00``."""
    return time_format(event.local_start(), "H:i")


@register.simple_tag
def status_badge(event: Event) -> str:
    return format_html(
        '<span class="badge {}">{}</span>',
        STATUS_BADGES.get(event.status, "badge--outline"),
        event.get_status_display(),
    )


ARRANGEMENT_BADGES = {
    "draft": "badge--outline",
    "proposed": "badge--navy",
    "in_force": "badge--ok",
    "suspended": "badge--warn",
    "terminated": "badge--danger",
    # accessions and consents
    "pending": "badge--outline",
    "given": "badge--ok",
    "given_on_behalf": "badge--ok",
    "refused": "badge--danger",
    "withdrawn": "badge--warn",
    # invitations
    "sent": "badge--navy",
    "accepted": "badge--ok",
    "declined": "badge--danger",
    "no_reply": "badge--warn",
    "attended": "badge--ok",
    "absent": "badge--warn",
}


@register.simple_tag
def state_badge(value: str, label: str) -> str:
    """Return a badge for an arrangement, accession, consent or invitation state."""
    return format_html(
        '<span class="badge {}">{}</span>', ARRANGEMENT_BADGES.get(value, "badge--outline"), label
    )
