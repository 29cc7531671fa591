"""A sent invitation shows its invitee the event and itself, whatever the event's visibility.

The invited organization sees the event once the invitation has reached it
(sent, or any status after); a draft shows it nothing.  Seeing its own
invitation does not show it the others': an internal event's other
invitations stay the organizer's.  The invitation keeps showing the event
after an answer and after the event's cancellation, so the invitee learns of
it; there is no move that withdraws a sent invitation.
"""

import pytest

from collegium.core.models import Visibility
from collegium.events.calendar.services import event_cancel
from collegium.events.invitations import services
from collegium.events.models import Invitation
from collegium.testing.http import client_as

API = "/api/v1/events"


@pytest.fixture
def closed(make_arrangement, make_event, world):
    """An internal CSTO summit under the three-party arrangement; its draft invitations."""
    make_arrangement()
    event = make_event(slug="closed", visibility=Visibility.INTERNAL)
    invitations = {
        slug: Invitation.objects.get(event=event, invitee_organization__slug=slug)
        for slug in ("cis", "sco")
    }
    return event, invitations


def _sees(user, url: str) -> bool:
    return client_as(user).get(url).status_code == 200


def test_an_internal_events_sent_invitation_shows_the_invitee_it_and_the_event(closed, world):
    """The CIS sees the event and its own invitation, not the SCO's draft; the SCO nothing."""
    event, invitations = closed
    cis, sco = world["editors"]["cis"], world["editors"]["sco"]
    assert not _sees(cis, f"{API}/events/{event.slug}")
    assert not _sees(cis, f"{API}/invitations/{invitations['cis'].pk}")
    services.invitation_send(actor=world["editors"]["csto"], invitation=invitations["cis"])
    assert _sees(cis, f"{API}/events/{event.slug}")
    assert _sees(cis, f"{API}/invitations/{invitations['cis'].pk}")
    assert not _sees(cis, f"{API}/invitations/{invitations['sco'].pk}")
    listed = client_as(cis).get(f"{API}/invitations", {"event": event.slug}).json()["items"]
    assert [item["invitee_organization"] for item in listed] == ["cis"]
    assert not _sees(sco, f"{API}/events/{event.slug}")
    assert not _sees(sco, f"{API}/invitations/{invitations['sco'].pk}")
    assert not _sees(world["editors"]["mfa-ru"], f"{API}/events/{event.slug}")


def test_the_invitee_keeps_seeing_a_declined_invitation_and_a_cancelled_event(closed, world):
    """An answer or a cancellation withdraws nothing: the invitee learns the event is off."""
    event, invitations = closed
    cis = world["editors"]["cis"]
    services.invitation_send(actor=world["editors"]["csto"], invitation=invitations["cis"])
    services.invitation_answer(actor=cis, invitation=invitations["cis"], status="declined")
    event_cancel(actor=world["editors"]["csto"], event=event)
    body = client_as(cis).get(f"{API}/events/{event.slug}").json()
    assert body["status"] == "cancelled"
    assert _sees(cis, f"{API}/invitations/{invitations['cis'].pk}")
