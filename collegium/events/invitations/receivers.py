"""The invitations room follows the calendar and the arrangements (their signals).

Connected in ``EventsConfig.ready()``; the emitting rooms import nothing of
this one, so the dependency runs one way: invitations on events and arrangements.
"""

from django.dispatch import receiver

from collegium.events.arrangements.signals import arrangement_in_force, arrangement_party_withdrawn
from collegium.events.calendar.signals import event_changed
from collegium.events.invitations.services import (
    generate_for_arrangement,
    generate_for_event,
    generate_for_new_event,
    invitations_follow_event,
    withdraw_for_party,
)


@receiver(event_changed, dispatch_uid="invitations-follow-event")
def follow_event(sender, *, actor, event, created, **changes) -> None:
    """Re-address drafts and follow the visibility of a changed event; add what is missing.

    A new event gets its invitations on the bulk path (``generate_for_new_event``).
    """
    if created:
        generate_for_new_event(actor, event, organizers=changes.get("organizers"))
        return
    invitations_follow_event(
        actor,
        event,
        start_date=changes["previous_start_date"],
        visibility=changes["previous_visibility"],
    )
    generate_for_event(actor, event)


@receiver(arrangement_in_force, dispatch_uid="invitations-follow-arrangement")
def follow_arrangement(sender, *, actor, arrangement, **kwargs) -> None:
    """Invite to the parties' future events an arrangement in force now covers."""
    generate_for_arrangement(actor, arrangement)


@receiver(arrangement_party_withdrawn, dispatch_uid="invitations-follow-withdrawal")
def follow_withdrawal(sender, *, actor, arrangement, party, on, **kwargs) -> None:
    """Withdraw the party's draft invitations under the arrangement to events after it left."""
    withdraw_for_party(actor, arrangement, party, on=on)
