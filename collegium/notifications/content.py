"""What each notice says: the record of its moment, read in the recipient's language.

``notice_content(notice)`` loads the record the notice is about and returns
its subject, its sentences and the link to the record's page, all in the
active language (the caller switches to the recipient's), or None when the
record is gone or its moment has passed (an invitation answered before its
reminder went out): the notice is then dropped, not sent.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from collegium.events.letters.data import letter_date, reply_by
from collegium.events.models import (
    CLOSED_EVENT_STATUSES,
    Consent,
    ConsentState,
    Event,
    Invitation,
    InvitationStatus,
)
from collegium.notifications.models import Moment, Notice


@dataclass(frozen=True)
class Content:
    subject: str
    lines: list[str]
    url: str
    link_label: str


def absolute_url(path: str) -> str:
    """Return the address of a page of the site from ``SITE_URL`` (mail has no request)."""
    return settings.SITE_URL.rstrip("/") + path


def reply_date(invitation: Invitation) -> dt.date:
    """Return the day the invitee is asked to answer by: the letter's, else the event's first day.

    The letter asks for an answer a month before the event and at least a
    week after it is dated (``letters.data.reply_by``); when that leaves no day
    before the event, the answer is awaited until the event starts.
    """
    first_day = invitation.event.first_day
    return reply_by(first_day, letter_date(invitation)) or first_day


def _day(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _event_dates(event: Event) -> str:
    first, last = event.first_day, event.last_day
    return _day(first) if first == last else f"{_day(first)} – {_day(last)}"


def _event_line(event: Event) -> str:
    values = {"event": event.title, "dates": _event_dates(event), "place": event.place}
    if event.place:
        return _("Event: “%(event)s”, %(dates)s, %(place)s.") % values
    return _("Event: “%(event)s”, %(dates)s.") % values


def _parties_lines(invitation: Invitation) -> list[str]:
    post = invitation.invitee_post.label
    invitee = f"{post} ({invitation.invitee_person.name})" if invitation.invitee_person else post
    return [
        _("Inviting: %(inviter)s.") % {"inviter": invitation.inviting_organization.name},
        _("Addressed to: %(invitee)s, %(organization)s.")
        % {"invitee": invitee, "organization": invitation.invitee_organization.name},
    ]


def _invitation(notice: Notice) -> Invitation | None:
    return (
        Invitation.objects.select_related(
            "event",
            "event__host_state",
            "inviting_organization",
            "invitee_organization",
            "invitee_post",
            "invitee_person",
        )
        .filter(pk=notice.object_id)
        .first()
    )


def _event_url(invitation: Invitation) -> str:
    return absolute_url(reverse("events:event-detail", args=[invitation.event.slug]))


def invitation_sent(notice: Notice) -> Content | None:
    invitation = _invitation(notice)
    if invitation is None or invitation.status == InvitationStatus.DRAFT:
        return None
    event = invitation.event
    return Content(
        subject=_("Invitation to “%(event)s”") % {"event": event.title},
        lines=[
            _event_line(event),
            *_parties_lines(invitation),
            _("Please record the answer by %(date)s.") % {"date": _day(reply_date(invitation))},
        ],
        url=_event_url(invitation),
        link_label=_("Open the event and answer"),
    )


def invitation_answered(notice: Notice) -> Content | None:
    invitation = _invitation(notice)
    answers = {InvitationStatus.ACCEPTED, InvitationStatus.DECLINED}
    if invitation is None or invitation.status not in answers:
        return None
    event = invitation.event
    organization = {"organization": invitation.invitee_organization.name}
    if invitation.status == InvitationStatus.ACCEPTED:
        subject = _("Invitation to “%(event)s” accepted") % {"event": event.title}
        answer = _("Answer of %(organization)s: the invitation is accepted.") % organization
    else:
        subject = _("Invitation to “%(event)s” declined") % {"event": event.title}
        answer = _("Answer of %(organization)s: the invitation is declined.") % organization
    lines = [answer, _event_line(event), *_parties_lines(invitation)]
    if invitation.answered_on_behalf:
        lines.append(_("The answer was recorded by the organizer on the invitee's behalf."))
    return Content(
        subject=subject, lines=lines, url=_event_url(invitation), link_label=_("Open the event")
    )


def reply_due(notice: Notice) -> Content | None:
    invitation = _invitation(notice)
    if (
        invitation is None
        or invitation.status != InvitationStatus.SENT
        or invitation.event.status in CLOSED_EVENT_STATUSES
    ):
        return None
    event = invitation.event
    return Content(
        subject=_("Reply date near: invitation to “%(event)s”") % {"event": event.title},
        lines=[
            _("An answer is awaited by %(date)s.") % {"date": _day(reply_date(invitation))},
            _event_line(event),
            *_parties_lines(invitation),
        ],
        url=_event_url(invitation),
        link_label=_("Open the event and answer"),
    )


def consent_requested(notice: Notice) -> Content | None:
    consent = (
        Consent.objects.select_related(
            "party",
            "accession__arrangement",
            "accession__organization",
            "accession__proposed_by",
            "motion__arrangement",
            "motion__moved_by",
        )
        .filter(pk=notice.object_id)
        .first()
    )
    if consent is None or consent.state != ConsentState.PENDING:
        return None
    if consent.accession is not None:
        arrangement = consent.accession.arrangement
        question = _("Proposed accession of %(newcomer)s (proposed by %(proposer)s).") % {
            "newcomer": consent.accession.organization.name,
            "proposer": consent.accession.proposed_by.name,
        }
    else:
        assert consent.motion is not None  # noqa: S101 (the database's check constraint)
        arrangement = consent.motion.arrangement
        question = _("Motion: %(motion)s (moved by %(party)s).") % {
            "motion": consent.motion.get_kind_display(),
            "party": consent.motion.moved_by.name,
        }
    return Content(
        subject=_("Consent requested: %(party)s — “%(arrangement)s”")
        % {"party": consent.party.name, "arrangement": arrangement.title},
        lines=[
            _("Arrangement: “%(arrangement)s”.") % {"arrangement": arrangement.title},
            question,
            _("Consent awaited from: %(party)s.") % {"party": consent.party.name},
        ],
        url=absolute_url(reverse("arrangements:detail", args=[arrangement.slug])),
        link_label=_("Open the arrangement and record the consent"),
    )


READERS: dict[str, Callable[[Notice], Content | None]] = {
    Moment.INVITATION_SENT: invitation_sent,
    Moment.INVITATION_ANSWERED: invitation_answered,
    Moment.CONSENT_REQUESTED: consent_requested,
    Moment.REPLY_DUE: reply_due,
}


def notice_content(notice: Notice) -> Content | None:
    """Return what the notice says in the active language, or None if nothing is left to say."""
    return READERS[notice.moment](notice)
