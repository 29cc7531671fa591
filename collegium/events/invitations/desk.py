"""The desk's invitations: drafts to send, invitations to answer, answers overdue."""

import datetime as dt
from collections import Counter
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy, ngettext

from collegium.access.rules import own_organization_ids
from collegium.core.desk import DESK_LINKS, DeskItem, DeskLink, register_desk_item
from collegium.events.invitations.selectors import invitations_visible_to
from collegium.events.models import Event, EventStatus, Invitation, InvitationStatus

# No reply date is kept: an invitation sent and still unanswered this close to its
# event (or after it) is overdue.
ANSWER_DUE_DAYS = 14


def _list_url(direction: str, status: str) -> str:
    """Return the invitations list filtered as the item counts (the user's side, one status)."""
    query = urlencode({"direction": direction, "status": status})
    return f"{reverse('events:invitation-list')}?{query}"


def _by_event(invitations: QuerySet[Invitation]) -> tuple[int, list[DeskLink]]:
    """Return how many invitations there are, and their first events with a count each."""
    per_event = Counter(invitations.order_by().values_list("event_id", flat=True))
    events = Event.objects.filter(pk__in=list(per_event)).order_by("start", "pk")[:DESK_LINKS]
    links = [
        DeskLink(
            label=event.title,
            url=reverse("events:event-detail", args=[event.slug]),
            note=ngettext(
                "%(date)s, %(count)d invitation",
                "%(date)s, %(count)d invitations",
                per_event[event.pk],
            )
            % {"date": date_format(event.first_day, "DATE_FORMAT"), "count": per_event[event.pk]},
        )
        for event in events
    ]
    return sum(per_event.values()), links


def _item(
    request: HttpRequest, *, invitations: QuerySet[Invitation], url: str, title, hint
) -> DeskItem:
    count, links = _by_event(invitations)
    return DeskItem(title=title, count=count, url=url, hint=hint, links=links)


def invitations_to_send(request: HttpRequest) -> DeskItem | None:
    """Return the drafts the user's organizations own: their secretariat sends them."""
    own = own_organization_ids(request.user)
    if not own:
        return None
    drafts = invitations_visible_to(request.user).filter(
        status=InvitationStatus.DRAFT, owner_id__in=own
    )
    return _item(
        request,
        invitations=drafts,
        url=_list_url("outgoing", InvitationStatus.DRAFT),
        title=gettext_lazy("Invitations to send"),
        hint=gettext_lazy("Drafts your organization owns."),
    )


def invitations_to_answer(request: HttpRequest) -> DeskItem | None:
    """Return the invitations sent to the organizations the user speaks for, not yet answered."""
    own = own_organization_ids(request.user)
    if not own:
        return None
    waiting = (
        invitations_visible_to(request.user)
        .filter(status=InvitationStatus.SENT, invitee_organization__owner_id__in=own)
        # Past or cancelled events wait for no answer: their organizer marks them unanswered.
        .filter(event__end_date__gte=timezone.localdate())
        .exclude(event__status=EventStatus.CANCELLED)
    )
    return _item(
        request,
        invitations=waiting,
        url=_list_url("incoming", InvitationStatus.SENT),
        title=gettext_lazy("Invitations to answer"),
        hint=gettext_lazy("Sent to your organization and not answered yet."),
    )


def answers_overdue(request: HttpRequest) -> DeskItem | None:
    """Return the user's organizations' sent invitations still unanswered close to the event."""
    own = own_organization_ids(request.user)
    if not own:
        return None
    due = timezone.localdate() + dt.timedelta(days=ANSWER_DUE_DAYS)
    overdue = (
        invitations_visible_to(request.user)
        .filter(status=InvitationStatus.SENT, owner_id__in=own, event__start_date__lte=due)
        .exclude(event__status=EventStatus.CANCELLED)
    )
    return _item(
        request,
        invitations=overdue,
        url=_list_url("outgoing", InvitationStatus.SENT),
        title=gettext_lazy("Answers overdue"),
        hint=ngettext(
            "Sent by your organization, unanswered, the event within %(days)d day or past.",
            "Sent by your organization, unanswered, the event within %(days)d days or past.",
            ANSWER_DUE_DAYS,
        )
        % {"days": ANSWER_DUE_DAYS},
    )


register_desk_item(name="invitations-to-send", read=invitations_to_send, order=20)
register_desk_item(name="invitations-to-answer", read=invitations_to_answer, order=30)
register_desk_item(name="answers-overdue", read=answers_overdue, order=40)
