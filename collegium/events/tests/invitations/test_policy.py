"""Who may move an invitation: the policy's truth table (role × side × move).

The organizer's secretariat owns the invitation; the invitee's secretariat
keeps the invited organization's record.  Editors and managers act, viewers
do not; a site administrator may do everything; nobody answers for a third
party.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from collegium.accounts.models import Role
from collegium.core.exceptions import PermissionDenied
from collegium.events.invitations import policy
from collegium.events.models import Event, Invitation, InvitationStatus

ORGANIZER_MOVES = [InvitationStatus.SENT, InvitationStatus.NO_REPLY, InvitationStatus.ATTENDED]
ANSWERS = [InvitationStatus.ACCEPTED, InvitationStatus.DECLINED]


@pytest.fixture
def sides(make_org, make_user, site_admin):
    """An invitation from the CSTO to the CIS, and a user of each role on each side."""
    organizer, invitee, third = make_org("csto"), make_org("cis"), make_org("sco")
    invitation = Invitation(owner=organizer, invitee_organization=invitee)
    users = {"anonymous": AnonymousUser(), "site admin": site_admin}
    for side, org in (("organizer", organizer), ("invitee", invitee), ("third", third)):
        for role in Role:
            users[f"{side} {role}"] = make_user(org, role)
    return invitation, users


ORGANIZER = {"organizer editor", "organizer manager", "site admin"}
# The site administrator keeps the records but answers for no organization.
INVITEE = {"invitee editor", "invitee manager"}
USERS = [
    "anonymous",
    "site admin",
    *(f"{side} {role}" for side in ("organizer", "invitee", "third") for role in Role),
]


@pytest.mark.parametrize("who", USERS)
def test_the_organizers_secretariat_sends_marks_no_reply_and_records_attendance(sides, who):
    invitation, users = sides
    for status in ORGANIZER_MOVES:
        decision = policy.can_move(users[who], invitation, status)
        assert decision.allowed == (who in ORGANIZER)
    assert policy.can_send(users[who], invitation).allowed == (who in ORGANIZER)
    assert policy.can_mark_no_reply(users[who], invitation).allowed == (who in ORGANIZER)
    assert policy.can_record_attendance(users[who], invitation).allowed == (who in ORGANIZER)


@pytest.mark.parametrize("who", USERS)
def test_the_invitee_answers_and_the_organizer_answers_on_its_behalf(sides, who):
    invitation, users = sides
    for status in ANSWERS:
        assert policy.can_move(users[who], invitation, status).allowed == (who in INVITEE)
        on_behalf = policy.can_move(users[who], invitation, status, on_behalf=True)
        assert on_behalf.allowed == (who in ORGANIZER)


def test_a_refusal_names_the_rule_and_the_service_raises_it(sides):
    invitation, users = sides
    decision = policy.can_answer(users["third editor"], invitation)
    assert not decision
    assert str(decision.reason) == (
        "Only the secretariat of CIS answers its invitation; a party does not answer for another."
    )
    with pytest.raises(PermissionDenied, match="Only the secretariat of CIS"):
        decision.enforce()
    assert str(policy.can_send(users["invitee manager"], invitation).reason) == (
        "Only editors or managers of the organizer's secretariat do this."
    )
    assert str(policy.can_answer(users["invitee editor"], invitation, on_behalf=True).reason) == (
        "Only the organizer's secretariat records an answer on behalf of the invitee."
    )
    policy.can_answer(users["invitee editor"], invitation).enforce()  # allowed: no error


@pytest.mark.parametrize("who", USERS)
def test_the_events_editors_generate_and_invite_ad_hoc(sides, who):
    invitation, users = sides
    event = Event(owner=invitation.owner)
    expected = who in ORGANIZER
    assert policy.can_generate(users[who], event).allowed == expected
    assert policy.can_create_ad_hoc(users[who], event).allowed == expected
