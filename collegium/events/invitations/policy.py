"""Who may do what with invitations: the services enforce it, the pages offer the buttons by it.

The organizer's secretariat (the owner of the invitation) sends it, marks it
unanswered, records attendance and may record an answer on the invitee's
behalf; the invitee's secretariat answers it, and the answering side corrects
its answer.  The event's editors generate
invitations and make ad hoc ones.  Whether the invitation's status allows a
move now is the workflow's question (``Invitation.can_move_to``).
"""

from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.core.policy import ALLOWED, Decision, deny
from collegium.events.models import Event, Invitation, InvitationStatus


def can_act_for_organizer(user, invitation: Invitation) -> Decision:
    """Allow the editors of the organizer's secretariat: send, no reply, attendance."""
    if access.has_role(user, invitation.owner_id, "editor"):
        return ALLOWED
    return deny(_("Only editors or managers of the organizer's secretariat do this."))


can_send = can_mark_no_reply = can_record_attendance = can_act_for_organizer


def can_answer(user, invitation: Invitation, *, on_behalf: bool = False) -> Decision:
    """Allow the invitee's secretariat to answer, or the organizer's to answer on its behalf."""
    if on_behalf:
        # A correction is the answering side's: the organizer corrects only an answer it
        # recorded on the invitee's behalf, never one the invitee gave itself.
        answered = invitation.status in {InvitationStatus.ACCEPTED, InvitationStatus.DECLINED}
        if answered and not invitation.answered_on_behalf:
            return deny(_("The invitee gave this answer itself: only its secretariat corrects it."))
        if access.has_role(user, invitation.owner_id, "editor"):
            return ALLOWED
        return deny(
            _("Only the organizer's secretariat records an answer on behalf of the invitee.")
        )
    # The invitee's own staff: a site administrator keeps records but does not commit an
    # organization (``access.acts_for``); it records an answer conveyed by note on behalf.
    if access.acts_for(user, invitation.invitee_organization, "editor"):
        return ALLOWED
    return deny(
        _(
            "Only the secretariat of %(party)s answers its invitation; a party does not "
            "answer for another."
        )
        % {"party": invitation.invitee_organization}
    )


def can_correct_answer(user, invitation: Invitation, *, on_behalf: bool = False) -> Decision:
    """Allow the answering side to correct a recorded answer.

    The invitee's secretariat corrects any answer to its invitation (its own, or
    one the organizer recorded for it); the organizer's secretariat corrects only
    an answer it recorded on the invitee's behalf.
    """
    if on_behalf and not invitation.answered_on_behalf:
        return deny(
            _(
                "The organizer's secretariat corrects only an answer it recorded on behalf "
                "of the invitee."
            )
        )
    return can_answer(user, invitation, on_behalf=on_behalf)


def can_move(user, invitation: Invitation, status: str, *, on_behalf: bool = False) -> Decision:
    """Return the decision on the move of ``invitation`` to ``status`` (the service's check)."""
    if status in {InvitationStatus.ACCEPTED, InvitationStatus.DECLINED}:
        return can_answer(user, invitation, on_behalf=on_behalf)
    return can_act_for_organizer(user, invitation)


def can_generate(user, event: Event) -> Decision:
    """Allow the event's editors to create the invitations its arrangements require."""
    return access.can_change(user, event)


can_create_ad_hoc = can_generate
