"""The desk's protocol checks: what is wrong with the invitations of the user's next events."""

import datetime as dt
from collections import Counter
from urllib.parse import urlencode

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy, ngettext

from collegium.access.rules import own_organization_ids, party_organization_ids
from collegium.core.desk import DESK_LINKS, DeskItem, DeskLink, register_desk_item
from collegium.events.calendar.selectors import event_list_visible_to
from collegium.events.checks.selectors import checks_for_events
from collegium.events.models import Event

# The desk looks this far ahead for the user's events.
CHECKS_AHEAD_DAYS = 30


def protocol_checks_ahead(request: HttpRequest) -> DeskItem | None:
    """Return the checks firing on the next events the user's organizations own or take part in.

    Taking part: an organizer, the body that meets, or an organizer's parent
    (as the calendar's organization filter reads it).
    """
    user = request.user
    own = own_organization_ids(user)
    if not own:
        return None
    parties = party_organization_ids(user)
    today = timezone.localdate()
    last_day = today + dt.timedelta(days=CHECKS_AHEAD_DAYS)
    involved = Event.objects.filter(
        Q(owner_id__in=own)
        | Q(organizers__in=parties)
        | Q(body_id__in=parties)
        | Q(organizers__parent_id__in=parties)
    ).values("pk")
    events = list(
        event_list_visible_to(user=user, first_day=today, last_day=last_day).filter(pk__in=involved)
    )
    checks = checks_for_events(user, events)
    per_event = Counter(check.event.pk for check in checks)
    links = [
        DeskLink(
            label=event.title,
            url=reverse("events:event-detail", args=[event.slug]),
            note=ngettext(
                "%(date)s, %(count)d check", "%(date)s, %(count)d checks", per_event[event.pk]
            )
            % {"date": date_format(event.first_day, "DATE_FORMAT"), "count": per_event[event.pk]},
        )
        for event in events
        if per_event[event.pk]
    ][:DESK_LINKS]
    query = urlencode({"from": today.isoformat(), "to": last_day.isoformat()})
    return DeskItem(
        title=gettext_lazy("Protocol checks"),
        count=len(checks),
        url=f"{reverse('events:checks')}?{query}",
        hint=ngettext(
            "On your organization's events in the next %(days)d day.",
            "On your organization's events in the next %(days)d days.",
            CHECKS_AHEAD_DAYS,
        )
        % {"days": CHECKS_AHEAD_DAYS},
        links=links,
    )


register_desk_item(name="protocol-checks", read=protocol_checks_ahead, order=50)
