"""Correcting an answer: the answering side changes accepted to declined or back, audited."""

import pytest

from collegium.accounts.models import Role
from collegium.core.audit import verify_chain
from collegium.core.exceptions import PermissionDenied, TransitionError, ValidationError
from collegium.events.invitations import policy
from collegium.events.invitations import services as invitation_services
from collegium.events.models import Invitation, InvitationStatus
from collegium.events.tests.pages import audit_actions


@pytest.fixture
def answered(make_arrangement, make_event, world):
    """A CSTO summit's invitation to the head of the CIS body, sent and accepted by the CIS."""
    make_arrangement()
    event = make_event()
    invitation = Invitation.objects.get(event=event, invitee_post=world["posts"]["cis"][0])
    invitation_services.invitation_send(actor=world["editors"]["csto"], invitation=invitation)
    invitation_services.invitation_answer(
        actor=world["editors"]["cis"], invitation=invitation, status=InvitationStatus.ACCEPTED
    )
    return invitation


def test_the_invitee_corrects_its_answer_and_the_correction_is_audited(answered, world):
    invitation_services.invitation_correct_answer(
        actor=world["managers"]["cis"], invitation=answered, status=InvitationStatus.DECLINED
    )
    assert answered.status == InvitationStatus.DECLINED
    assert answered.answered_by == world["managers"]["cis"]
    assert not answered.answered_on_behalf
    invitation_services.invitation_correct_answer(
        actor=world["editors"]["cis"], invitation=answered, status=InvitationStatus.ACCEPTED
    )
    assert answered.status == InvitationStatus.ACCEPTED
    assert audit_actions(answered)[-3:] == [
        "invitation.accepted",
        "invitation.correct_answer",
        "invitation.correct_answer",
    ]
    verify_chain()


def test_the_organizer_corrects_only_an_answer_it_recorded_on_behalf(answered, world):
    organizer = world["editors"]["csto"]
    with pytest.raises(PermissionDenied, match="on behalf"):
        invitation_services.invitation_correct_answer(
            actor=organizer,
            invitation=answered,
            status=InvitationStatus.DECLINED,
            on_behalf=True,
        )
    to_sco = Invitation.objects.get(event=answered.event, invitee_post=world["posts"]["sco"][0])
    invitation_services.invitation_send(actor=organizer, invitation=to_sco)
    invitation_services.invitation_answer(
        actor=organizer, invitation=to_sco, status=InvitationStatus.ACCEPTED, on_behalf=True
    )
    invitation_services.invitation_correct_answer(
        actor=organizer, invitation=to_sco, status=InvitationStatus.DECLINED, on_behalf=True
    )
    assert to_sco.status == InvitationStatus.DECLINED
    assert to_sco.answered_on_behalf
    # The invitee may correct what the organizer recorded for it; it is then its own answer.
    invitation_services.invitation_correct_answer(
        actor=world["editors"]["sco"], invitation=to_sco, status=InvitationStatus.ACCEPTED
    )
    assert to_sco.status == InvitationStatus.ACCEPTED
    assert not to_sco.answered_on_behalf


@pytest.mark.parametrize("party", ["sco", "csto"])
def test_no_other_party_corrects_the_answer(answered, world, party):
    with pytest.raises(PermissionDenied):
        invitation_services.invitation_correct_answer(
            actor=world["editors"][party], invitation=answered, status=InvitationStatus.DECLINED
        )
    answered.refresh_from_db()
    assert answered.status == InvitationStatus.ACCEPTED


def test_a_correction_needs_a_recorded_answer_and_a_new_one(answered, world):
    cis = world["editors"]["cis"]
    with pytest.raises(TransitionError) as excinfo:
        invitation_services.invitation_correct_answer(
            actor=cis, invitation=answered, status=InvitationStatus.ACCEPTED
        )
    assert excinfo.value.code == "invitation_answer_unchanged"
    with pytest.raises(ValidationError):
        invitation_services.invitation_correct_answer(
            actor=cis, invitation=answered, status=InvitationStatus.ATTENDED
        )
    invitation_services.invitation_record_attendance(
        actor=world["editors"]["csto"], invitation=answered, attended=True
    )
    with pytest.raises(TransitionError) as excinfo:
        invitation_services.invitation_correct_answer(
            actor=cis, invitation=answered, status=InvitationStatus.DECLINED
        )
    assert excinfo.value.code == "invitation_answer_not_correctable"
    assert audit_actions(answered)[-1] == "invitation.attended"


def test_the_policy_lets_the_invitee_and_never_a_third_party_correct(answered, world, make_user):
    assert policy.can_correct_answer(world["editors"]["cis"], answered)
    assert not policy.can_correct_answer(make_user(world["orgs"]["cis"], Role.VIEWER), answered)
    assert not policy.can_correct_answer(world["editors"]["sco"], answered)
    assert not policy.can_correct_answer(world["editors"]["csto"], answered, on_behalf=True)
