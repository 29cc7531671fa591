"""Notices: which are due for a moment, each created once under its key.

A notice's key names the moment, the record, the occasion (an answer is
told each time it changes) and the recipient, and is unique: asking twice
for the same notice (a signal received twice, the reminder scan run by the
worker and by the command at once) creates it once.  Queueing the created
notices for the worker is the caller's (``services``, ``tasks``).
"""

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from collegium.accounts.models import User
from collegium.events.invitations.selectors import invitations_visible_to
from collegium.events.models import CLOSED_EVENT_STATUSES, Invitation, InvitationStatus
from collegium.notifications.content import reply_date
from collegium.notifications.models import Moment, Notice
from collegium.notifications.selectors import recipients_for

# The letter asks for an answer at most this long before the event (``letters.data``).
_LONGEST_LEAD = dt.timedelta(days=30)


def notice_key(moment: str, object_id: int, occasion: str, user_id: int) -> str:
    return f"{moment}:{object_id}:{occasion}:{user_id}"


def notices_create(
    *,
    moment: str,
    object_id: int,
    organization_ids: set[int],
    occasion: str = "",
    actor: User | None = None,
    may_see: Callable[[User], bool] | None = None,
) -> list[Notice]:
    """Create the notices of ``moment`` for the recipients on behalf of the organizations.

    Return those created now; one that exists already (the same key) is left
    as it is, whatever its status.
    """
    created = []
    recipients = recipients_for(
        organization_ids=organization_ids, moment=moment, exclude=actor, may_see=may_see
    )
    for recipient in recipients:
        notice = Notice(
            key=notice_key(moment, object_id, occasion, recipient.user.pk),
            moment=moment,
            user=recipient.user,
            object_id=object_id,
            language=recipient.language,
        )
        try:
            with transaction.atomic():
                notice.save(force_insert=True)
        except IntegrityError:
            continue  # created before: never the same notice twice
        created.append(notice)
    return created


def invitations_awaiting_reminder(today: dt.date | None = None) -> list[Invitation]:
    """Return the sent, unanswered invitations whose reply date is near and not yet reminded of.

    Near: ``NOTIFY_REPLY_DUE_DAYS`` days before the reply date or closer, the
    event not started yet.  An invitation is reminded of once: one with a
    reminder notice is left out, whatever became of that notice.
    """
    today = today or timezone.localdate()
    days = dt.timedelta(days=settings.NOTIFY_REPLY_DUE_DAYS)
    reminded = Notice.objects.filter(moment=Moment.REPLY_DUE).values("object_id")
    candidates = (
        Invitation.objects.filter(
            status=InvitationStatus.SENT,
            event__start_date__gt=today,
            # The reply date lies at most a month before the event.
            event__start_date__lte=today + _LONGEST_LEAD + days,
        )
        .exclude(event__status__in=CLOSED_EVENT_STATUSES)
        .exclude(pk__in=reminded)
        .select_related("event", "invitee_organization")
        .order_by("event__start", "pk")
    )
    return [invitation for invitation in candidates if reply_date(invitation) - days <= today]


def invitation_visible_to(invitation: Invitation) -> Callable[[User], bool]:
    """Return whether a user may see the invitation (a notice names only what its reader may)."""

    def may_see(user: User) -> bool:
        return invitations_visible_to(user).filter(pk=invitation.pk).exists()

    return may_see


def invitee_secretariat(invitation: Invitation) -> set[int]:
    """Return the organization that speaks for the invitee: the keeper of its record."""
    organization = invitation.invitee_organization
    return {organization.owner_id or organization.pk}


def reminders_create(today: dt.date | None = None) -> list[Notice]:
    """Create the reminders of reply dates come near (``invitations_awaiting_reminder``)."""
    created = []
    for invitation in invitations_awaiting_reminder(today):
        created += notices_create(
            moment=Moment.REPLY_DUE,
            object_id=invitation.pk,
            organization_ids=invitee_secretariat(invitation),
            may_see=invitation_visible_to(invitation),
        )
    return created
