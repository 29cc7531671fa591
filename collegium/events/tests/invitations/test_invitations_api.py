"""Invitations over the API: list and filters, one invitation, ad hoc, generation, the moves."""

import datetime as dt
from functools import partial

import pytest
from django.test import Client

from collegium.core.models import AuditRecord, Visibility
from collegium.events.calendar import services as event_services
from collegium.events.invitations import services as invitation_services
from collegium.events.models import Invitation
from collegium.registry import services as registry
from collegium.testing.http import client_as, post

API = "/api/v1/events"


# These tests read the answers in English.
_as = partial(client_as, language="en")


@pytest.fixture
def summit(make_arrangement, make_event):
    """A CSTO summit under the three-party arrangement: invitations to the CIS and SCO heads."""
    make_arrangement()
    return make_event(slug="summit")


@pytest.fixture
def invitation(summit, world):
    """The summit's draft invitation to the head of the CIS body."""
    return Invitation.objects.get(event=summit, invitee_post=world["posts"]["cis"][0])


def _url(invitation, move=""):
    return f"{API}/invitations/{invitation.pk}" + (f"/{move}" if move else "")


# --- Reads ----------------------------------------------------------------------------------


def test_retrieve_names_everything_by_its_key(client, invitation):
    """An invitation names its event, arrangement, parties, post and who did each step."""
    item = client.get(_url(invitation)).json()
    assert item["id"] == invitation.pk
    assert item["event"] == "summit"
    assert item["event_start_date"] == "2025-11-27"
    assert item["arrangement"] == "cross"
    assert item["inviting_organization"] == "csto"
    assert item["invitee_organization"] == "cis"
    assert item["invitee_body"] == "cis-body"
    assert item["invitee_post"] == "cis-head"
    assert item["invitee_person"] is None
    assert item["status"] == "draft"
    assert item["sent_at"] is item["sent_by"] is item["answered_by"] is None
    assert item["answered_on_behalf"] is False
    assert item["owner"] == "csto"
    assert item["visibility"] == "public"


def test_list_filters_by_event_status_parties_and_dates(client, summit, make_event, world):
    later = make_event(
        slug="later",
        start=dt.datetime(2026, 3, 3, 10, 0),  # noqa: DTZ001 (local time)
        end=dt.datetime(2026, 3, 3, 12, 0),  # noqa: DTZ001 (local time)
    )
    invitation_services.invitation_send(
        actor=world["editors"]["csto"],
        invitation=Invitation.objects.get(event=later, invitee_organization__slug="sco"),
    )

    def listed(**params):
        response = client.get(f"{API}/invitations", params)
        assert response.status_code == 200, response.content
        return [(i["event"], i["invitee_organization"]) for i in response.json()["items"]]

    assert listed() == [("summit", "cis"), ("summit", "sco"), ("later", "cis"), ("later", "sco")]
    assert listed(event="later") == [("later", "cis"), ("later", "sco")]
    assert listed(status="sent") == [("later", "sco")]
    assert listed(invitee="cis") == [("summit", "cis"), ("later", "cis")]
    assert listed(inviting="csto", to="2025-12-31") == [("summit", "cis"), ("summit", "sco")]
    assert listed(**{"from": "2026-01-01"}) == [("later", "cis"), ("later", "sco")]
    assert listed(inviting="cis") == []
    assert listed(invitee="nobody") == listed(event="nothing") == []
    response = client.get(f"{API}/invitations", {"from": "2026-01-01", "to": "2025-01-01"})
    assert response.status_code == 422
    assert client.get(f"{API}/invitations", {"status": "maybe"}).status_code == 422


def test_hidden_invitations_are_not_listed_and_answer_404(client, make_arrangement, make_event):
    """An internal event's invitations are internal: outsiders neither list nor see them."""
    make_arrangement()
    event = make_event(slug="closed", visibility=Visibility.INTERNAL)
    hidden = Invitation.objects.filter(event=event).first()
    assert hidden is not None
    assert hidden.visibility == Visibility.INTERNAL
    assert client.get(f"{API}/invitations").json()["items"] == []
    assert client.get(_url(hidden)).status_code == 404
    assert client.get(f"{API}/invitations/999999").status_code == 404


def test_parties_see_their_invitations_outsiders_do_not(make_arrangement, make_event, world):
    """A "parties" invitation is seen by the inviting party, and by the invited one once sent.

    A draft is the organizer's own: it shows the invitee neither itself nor the
    event, which the invitee may not see otherwise.
    """
    make_arrangement()
    event = make_event(slug="parties", visibility=Visibility.PARTIES)
    to_cis = Invitation.objects.get(event=event, invitee_organization__slug="cis")
    to_sco = Invitation.objects.get(event=event, invitee_organization__slug="sco")
    assert _as(world["editors"]["cis"]).get(_url(to_cis)).status_code == 404
    assert _as(world["editors"]["sco"]).get(f"{API}/invitations").json()["items"] == []
    for invitation in (to_cis, to_sco):
        invitation_services.invitation_send(actor=world["editors"]["csto"], invitation=invitation)
    assert _as(world["editors"]["cis"]).get(_url(to_cis)).status_code == 200
    assert _as(world["editors"]["cis"]).get(_url(to_sco)).status_code == 404
    assert _as(world["editors"]["mfa-ru"]).get(_url(to_cis)).status_code == 404
    sco_sees = _as(world["editors"]["sco"]).get(f"{API}/invitations").json()["items"]
    assert [i["invitee_organization"] for i in sco_sees] == ["sco"]


def test_the_person_is_named_only_if_visible(client, summit, invitation, site_admin, world):
    """The holder's slug is left out for a caller who may not see the person's record."""
    cis = world["orgs"]["cis"]
    person = registry.person_create(
        actor=site_admin,
        data={"slug": "head", "name_ru": "Глава", "owner": cis, "visibility": "internal"},
    )
    registry.tenure_create(
        actor=site_admin,
        data={
            "person": person,
            "post": invitation.invitee_post,
            "owner": cis,
            "visibility": "internal",
        },
    )
    ad_hoc = invitation_services.invitation_create_ad_hoc(
        actor=site_admin, event=summit, post=invitation.invitee_post
    )
    assert ad_hoc.invitee_person == person
    assert client.get(_url(ad_hoc)).json()["invitee_person"] is None
    assert _as(world["editors"]["cis"]).get(_url(ad_hoc)).json()["invitee_person"] == "head"


def test_list_query_count_is_pinned(
    client, make_arrangement, make_event, django_assert_num_queries
):
    """Listing costs the same few queries whatever the number of invitations."""
    make_arrangement()
    for n in range(3):
        make_event(slug=f"summit-{n}")
    with django_assert_num_queries(2):  # count, page
        response = client.get(f"{API}/invitations")
    assert len(response.json()["items"]) == 6


# --- Ad hoc invitations and generation ----------------------------------------------------


def test_an_editor_of_the_event_invites_ad_hoc(summit, world):
    editor = _as(world["editors"]["csto"])
    url = f"{API}/events/summit/invitations"
    response = post(editor, url, {"post": "mfa-ru-head"})
    assert response.status_code == 201, response.content
    item = response.json()
    assert item["arrangement"] is None
    assert item["invitee_organization"] == "mfa-ru"
    assert item["invitee_post"] == "mfa-ru-head"
    again = post(editor, url, {"post": "mfa-ru-head"})
    assert again.status_code == 422
    assert again.json()["detail"][0]["loc"] == ["body", "invitee_post"]
    unknown = post(editor, url, {"post": "no-such-post"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "post"]
    refused = post(_as(world["editors"]["cis"]), url, {"post": "mfa-ru-deputy"})
    assert refused.status_code == 403
    assert post(editor, f"{API}/events/missing/invitations", {"post": "x"}).status_code == 404


def test_a_cancelled_event_gets_no_ad_hoc_invitation(summit, world, site_admin):
    event_services.event_cancel(actor=site_admin, event=summit)
    response = post(
        _as(world["editors"]["csto"]), f"{API}/events/summit/invitations", {"post": "mfa-ru-head"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "invitation_event_cancelled"


def test_generation_creates_the_missing_once(make_event, make_arrangement, world):
    """An event recorded before the arrangement gets its invitations on a manual run, once."""
    make_event(slug="summit")
    make_arrangement()  # in force since 2024, after the event was recorded: nothing generated
    assert not Invitation.objects.exists()
    editor = _as(world["editors"]["csto"])
    url = f"{API}/events/summit/invitations/generate"
    first = post(editor, url)
    assert first.status_code == 200, first.content
    assert [i["invitee_organization"] for i in first.json()["created"]] == ["cis", "sco"]
    assert first.json()["existing"] == []
    records = AuditRecord.objects.count()
    second = post(editor, url).json()
    assert second["created"] == []
    assert [i["id"] for i in second["existing"]] == [i["id"] for i in first.json()["created"]]
    assert AuditRecord.objects.count() == records
    assert post(_as(world["editors"]["cis"]), url).status_code == 403


# --- The moves ------------------------------------------------------------------------------


def test_send_answer_attend_record_who_and_when(invitation, world):
    organizer, invitee = _as(world["editors"]["csto"]), _as(world["editors"]["cis"])
    sent = post(organizer, _url(invitation, "send"))
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == "sent"
    assert sent.json()["sent_by"] == "csto-editor"
    assert sent.json()["sent_at"] is not None
    answered = post(invitee, _url(invitation, "answer"), {"status": "accepted"})
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "accepted"
    assert answered.json()["answered_by"] == "cis-editor"
    assert answered.json()["answered_on_behalf"] is False
    attended = post(organizer, _url(invitation, "attendance"), {"attended": False})
    assert attended.status_code == 200
    assert attended.json()["status"] == "absent"
    assert attended.json()["attendance_recorded_by"] == "csto-editor"
    assert attended.json()["attendance_recorded_at"] is not None


def test_the_side_that_answered_corrects_the_answer(invitation, world):
    organizer, invitee = _as(world["editors"]["csto"]), _as(world["editors"]["cis"])
    post(organizer, _url(invitation, "send"))
    post(invitee, _url(invitation, "answer"), {"status": "accepted"})
    refused = post(organizer, _url(invitation, "correct-answer"), {"status": "declined"})
    assert refused.status_code == 403
    corrected = post(invitee, _url(invitation, "correct-answer"), {"status": "declined"})
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["status"] == "declined"
    again = post(invitee, _url(invitation, "correct-answer"), {"status": "declined"})
    assert again.status_code == 409
    assert again.json()["code"] == "invitation_answer_unchanged"


def test_answering_an_invitation_never_sent_is_a_conflict_naming_the_rule(invitation, world):
    response = post(
        _as(world["editors"]["cis"]), _url(invitation, "answer"), {"status": "declined"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "invitation_draft_to_declined"
    assert "Only a sent invitation is answered." in response.json()["detail"]


def test_another_party_answering_is_forbidden_naming_the_rule(invitation, world):
    post(_as(world["editors"]["csto"]), _url(invitation, "send"))
    response = post(
        _as(world["editors"]["sco"]), _url(invitation, "answer"), {"status": "accepted"}
    )
    assert response.status_code == 403
    assert "a party does not answer for another" in response.json()["detail"]
    organizer = _as(world["editors"]["csto"])
    refused = post(organizer, _url(invitation, "answer"), {"status": "accepted"})
    assert refused.status_code == 403
    on_behalf = post(
        organizer, _url(invitation, "answer"), {"status": "declined", "on_behalf": True}
    )
    assert on_behalf.status_code == 200
    assert on_behalf.json()["status"] == "declined"
    assert on_behalf.json()["answered_on_behalf"] is True
    assert on_behalf.json()["answered_by"] == "csto-editor"


def test_no_reply_and_bad_bodies(invitation, world):
    organizer = _as(world["editors"]["csto"])
    post(organizer, _url(invitation, "send"))
    bad = post(organizer, _url(invitation, "answer"), {"status": "attended", "on_behalf": True})
    assert bad.status_code == 422
    assert post(organizer, _url(invitation, "attendance"), {}).status_code == 422
    assert post(_as(world["editors"]["cis"]), _url(invitation, "no-reply")).status_code == 403
    response = post(organizer, _url(invitation, "no-reply"))
    assert response.status_code == 200
    assert response.json()["status"] == "no_reply"
    assert response.json()["answered_by"] == "csto-editor"
    late = post(organizer, _url(invitation, "attendance"), {"attended": True})
    assert late.status_code == 409
    assert late.json()["code"] == "invitation_no_reply_to_attended"


def test_moves_on_a_hidden_invitation_answer_404(make_arrangement, make_event, world):
    make_arrangement()
    event = make_event(slug="closed", visibility=Visibility.INTERNAL)
    hidden = Invitation.objects.filter(event=event).first()
    cis = _as(world["editors"]["cis"])
    assert post(cis, _url(hidden, "send")).status_code == 404
    assert post(cis, _url(hidden, "answer"), {"status": "accepted"}).status_code == 404
    assert Client().post(_url(hidden, "send")).status_code == 401


def test_a_hidden_arrangement_is_not_named(client, make_arrangement, make_event, world):
    """A public event's invitation under an internal arrangement hides the arrangement's slug."""
    make_arrangement(visibility=Visibility.INTERNAL)
    invitation = Invitation.objects.filter(event=make_event(slug="summit")).first()
    item = client.get(_url(invitation)).json()
    assert item["arrangement"] is None
    assert item["ad_hoc"] is False
    owner = _as(world["editors"]["csto"]).get(_url(invitation)).json()
    assert owner["arrangement"] == "cross"
