"""Notification writes: a user's choices, and the notices of each moment.

The events app sends its signals once its writes commit (``receivers``); the
functions here create the notices the moment calls for, each once, and queue
them for the task worker when their transaction commits.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access.rules import AnyUser
from collegium.accounts.models import User
from collegium.core.audit import audited
from collegium.core.exceptions import ValidationError
from collegium.events.arrangements.selectors import visible_arrangements
from collegium.events.models import Arrangement, Consent, Invitation
from collegium.notifications import policy
from collegium.notifications.models import Moment, Notice, NotificationPreferences
from collegium.notifications.notices import (
    invitation_visible_to,
    invitee_secretariat,
    notices_create,
    reminders_create,
)
from collegium.notifications.selectors import default_language
from collegium.notifications.tasks import notices_queue, scan_schedule

PREFERENCE_FIELDS = frozenset({*Moment.values, "language"})


def preferences_update(
    *,
    actor: AnyUser,
    user: User,
    data: dict[str, Any],
    interface_language: str | None = None,
) -> NotificationPreferences:
    """Set the user's choices: a moment on or off (``data[moment]``), the mail ``language``.

    The user's own choice only (``policy.can_change_preferences``).  The first
    save stores the defaults for what ``data`` leaves out: every moment on, the
    language of the interface the user chose it in (``interface_language``).
    Audited; a save that changes nothing writes nothing.
    """
    policy.can_change_preferences(actor, user).enforce()
    unknown = sorted(set(data) - PREFERENCE_FIELDS)
    if unknown:
        raise ValidationError(
            {
                name: _("Unknown setting; use one of: %(fields)s.")
                % {"fields": ", ".join(sorted(PREFERENCE_FIELDS))}
                for name in unknown
            }
        )
    for name in sorted(set(data) & set(Moment.values)):
        if not isinstance(data[name], bool):
            raise ValidationError({name: _("Answer true or false.")})
    with transaction.atomic():
        preferences = NotificationPreferences.objects.select_for_update().filter(user=user).first()
        if preferences is None:
            preferences = NotificationPreferences(
                user=user, language=default_language(interface_language)
            )
        elif all(getattr(preferences, name) == value for name, value in data.items()):
            return preferences
        for name, value in data.items():
            setattr(preferences, name, value)
        preferences.updated_at = timezone.now()
        preferences.full_clean()
        with audited(actor=actor, action="notification_preferences.update", instance=preferences):
            preferences.save()
    return preferences


def _actor(actor: AnyUser) -> User | None:
    return actor if isinstance(actor, User) else None


def invitation_sent_notify(*, actor: AnyUser, invitation: Invitation) -> list[Notice]:
    """Tell the invitee's secretariat of an invitation sent to it; start the reminder scan.

    An invitation entered after its event began (past correspondence) tells nobody.
    """
    if invitation.event.start <= timezone.now():
        return []
    with transaction.atomic():
        notices = notices_create(
            moment=Moment.INVITATION_SENT,
            object_id=invitation.pk,
            organization_ids=invitee_secretariat(invitation),
            actor=_actor(actor),
            may_see=invitation_visible_to(invitation),
        )
        notices_queue(notices)
        # Its reply date will come near: the periodic scan must be running.
        transaction.on_commit(scan_schedule)
    return notices


def invitation_answered_notify(*, actor: AnyUser, invitation: Invitation) -> list[Notice]:
    """Tell the organizer's secretariat (the invitation's owner) of the answer recorded.

    An answer entered after the event began (past correspondence) tells nobody.
    """
    if invitation.event.start <= timezone.now():
        return []
    occasion = f"{invitation.status}@{invitation.answered_at:%Y%m%dT%H%M%S.%f}"
    with transaction.atomic():
        notices = notices_create(
            moment=Moment.INVITATION_ANSWERED,
            object_id=invitation.pk,
            occasion=occasion,
            organization_ids={invitation.owner_id},
            actor=_actor(actor),
            may_see=invitation_visible_to(invitation),
        )
        notices_queue(notices)
    return notices


def consents_requested_notify(
    *, actor: AnyUser, arrangement: Arrangement, consents: list[Consent]
) -> list[Notice]:
    """Tell each party asked for its consent: the secretariat that keeps its record."""

    def may_see(user: User) -> bool:
        return visible_arrangements(user).filter(pk=arrangement.pk).exists()

    notices = []
    with transaction.atomic():
        for consent in consents:
            party = consent.party
            notices += notices_create(
                moment=Moment.CONSENT_REQUESTED,
                object_id=consent.pk,
                organization_ids={party.owner_id or party.pk},
                actor=_actor(actor),
                may_see=may_see,
            )
        notices_queue(notices)
    return notices


def reminders_send() -> list[Notice]:
    """Create and queue the reminders of reply dates come near; each invitation is reminded once."""
    with transaction.atomic():
        notices = reminders_create()
        notices_queue(notices)
    return notices
