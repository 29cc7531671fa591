"""E-mail follows the events: their signals, sent once the writes commit.

Connected in ``NotificationsConfig.ready()``; the events app imports nothing
of this one.  A receiver that fails is logged and leaves the event's write as
it was: it committed before the signal was sent.
"""

import logging

from django.dispatch import receiver

from collegium.events.arrangements.signals import consents_requested
from collegium.events.invitations.signals import invitation_answered, invitation_sent
from collegium.notifications import services

logger = logging.getLogger("collegium.notifications")


@receiver(invitation_sent, dispatch_uid="notifications-invitation-sent")
def on_invitation_sent(sender, *, actor, invitation, **kwargs) -> None:
    try:
        services.invitation_sent_notify(actor=actor, invitation=invitation)
    except Exception:
        logger.exception("notices of invitation %s sent were not created", invitation.pk)


@receiver(invitation_answered, dispatch_uid="notifications-invitation-answered")
def on_invitation_answered(sender, *, actor, invitation, **kwargs) -> None:
    try:
        services.invitation_answered_notify(actor=actor, invitation=invitation)
    except Exception:
        logger.exception("notices of invitation %s answered were not created", invitation.pk)


@receiver(consents_requested, dispatch_uid="notifications-consents-requested")
def on_consents_requested(sender, *, actor, arrangement, consents, **kwargs) -> None:
    try:
        services.consents_requested_notify(actor=actor, arrangement=arrangement, consents=consents)
    except Exception:
        logger.exception("notices of consents on arrangement %s were not created", arrangement.pk)
