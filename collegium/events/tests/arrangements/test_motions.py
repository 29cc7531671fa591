"""Motions and consents: nothing binds a party without its consent.

The regression of issue 8, section 1 (one organization binding two others), the
collective steps (one refusal blocks, the last consent moves), a party's own
withdrawal, and the generation guard (no invitation onto an event the acting
user may not see).
"""

import datetime as dt

import pytest
from django.utils import timezone

from collegium.core.audit import verify_chain
from collegium.core.exceptions import PermissionDenied, TransitionError, ValidationError
from collegium.core.models import AuditRecord, Visibility
from collegium.events.arrangements import services
from collegium.events.calendar import services as event_services
from collegium.events.models import (
    AccessionStatus,
    Arrangement,
    ArrangementStatus,
    ConsentState,
    Invitation,
    InvitationStatus,
    MotionStatus,
)
from collegium.events.tests.arrangements.arrangement_fixtures import (
    consent_all,
    pending_motion,
    propose,
)
from collegium.testing.http import client_as, post


def _client(user):
    client = client_as(user)
    client.cookies["django_language"] = "en"
    return client


API = "/api/v1/events"


def _future(days=60):
    start = timezone.localtime().replace(microsecond=0) + dt.timedelta(days=days)
    return {"start": start, "end": start + dt.timedelta(hours=4)}


def _consent(world, motion, slug, state=ConsentState.GIVEN, **extra):
    return services.motion_consent_record(
        actor=world["managers"][slug],
        motion=motion,
        party=world["orgs"][slug],
        state=state,
        **extra,
    )


# --- The attack of issue 8, section 1 ---------------------------------------------------------


ATTACK = {
    "slug": "csto-binds-cis-sco",
    "title_ru": "…",
    "parties": [
        {"organization": "cis", "executive_body": "cis-body"},
        {"organization": "sco", "executive_body": "sco-body"},
    ],
    "scope": ["summit"],
    "owner": "csto",
    "visibility": "public",
}


def test_an_organization_cannot_own_an_arrangement_among_others(world, site_admin):
    """The owner must be a party: the attack's first step is a 422 on ``owner``, for anyone."""
    for user in (world["editors"]["csto"], site_admin):
        response = post(_client(user), f"{API}/arrangements", ATTACK)
        assert response.status_code == 422, response.content
        assert response.json()["detail"][0]["loc"][-1] == "owner"
        assert "must be one of its parties" in response.json()["detail"][0]["msg"]
    assert not Arrangement.objects.filter(slug=ATTACK["slug"]).exists()


def test_an_owner_cannot_move_a_party_out_of_its_arrangement(make_arrangement, world):
    """Nor make itself owner of another's arrangement by a change, nor drop itself."""
    arrangement = make_arrangement(status="draft")
    client = _client(world["editors"]["csto"])
    parties = [p for p in ATTACK["parties"]]
    response = client.patch(
        f"{API}/arrangements/{arrangement.slug}",
        {"parties": parties},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "owner"


def test_the_attack_fails_at_every_step(make_arrangement, make_event, world):
    """CSTO, owner and a party, cannot bring CIS and SCO in, nor act in their name."""
    cis, csto = world["orgs"]["cis"], world["orgs"]["csto"]
    internal = make_event(
        slug="cis-internal", owner=cis, visibility=Visibility.INTERNAL, **_future()
    )
    make_arrangement(slug="binds", status="draft")
    client = _client(world["managers"]["csto"])
    assert post(client, f"{API}/arrangements/binds/propose").status_code == 200
    # No shortcut: the endpoint is gone, the status machine only moves by consents.
    assert post(client, f"{API}/arrangements/binds/bring-into-force").status_code == 404
    [motion] = client.get(f"{API}/arrangements/binds/motions").json()
    url = f"{API}/motions/{motion['id']}/consents"
    for party in ("cis", "sco"):
        for state in ("given", "given_on_behalf"):
            response = post(client, url, {"party": party, "state": state, "note_reference": "1"})
            assert response.status_code == 403
            assert "does not consent for another" in response.json()["detail"]
    assert post(client, url, {"party": "csto", "state": "given"}).status_code == 200
    arrangement = Arrangement.objects.get(slug="binds")
    assert arrangement.status == ArrangementStatus.PROPOSED
    assert not Invitation.objects.filter(arrangement=arrangement).exists()
    assert not Invitation.objects.filter(event=internal).exists()
    # The others consent; CSTO alone then cannot suspend, end, or withdraw another.
    _consent(world, pending_motion(arrangement), "cis")
    _consent(world, pending_motion(arrangement), "sco")
    arrangement.refresh_from_db()
    assert arrangement.status == ArrangementStatus.IN_FORCE
    for move in ("suspend", "terminate"):
        response = post(client, f"{API}/arrangements/binds/{move}", {"moved_by": "csto"})
        assert response.status_code == 201
        assert response.json()["status"] == "pending"
        arrangement.refresh_from_db()
        assert arrangement.status == ArrangementStatus.IN_FORCE
        response = post(client, f"{API}/motions/{response.json()['id']}/withdraw")
        assert response.status_code == 200
    response = post(client, f"{API}/arrangements/binds/withdraw", {"party": "cis"})
    assert response.status_code == 403
    assert "does not withdraw another" in response.json()["detail"]
    for slug in ("cis", "sco"):
        response = post(client, f"{API}/arrangements/binds/suspend", {"moved_by": slug})
        assert response.status_code == 403
    assert csto.pk in {link.organization_id for link in arrangement.party_links.all()}
    assert verify_chain().ok


def test_the_owner_alone_does_not_withdraw_anothers_accession(accession, world):
    """The owner's editors no longer withdraw the newcomer's accession: parties refuse instead."""
    response = post(_client(world["editors"]["csto"]), f"{API}/accessions/{accession.pk}/withdraw")
    assert response.status_code == 403
    assert "a party that objects refuses its consent" in response.json()["detail"]
    response = post(
        _client(world["editors"]["union-state"]), f"{API}/accessions/{accession.pk}/withdraw"
    )
    assert response.status_code == 200
    assert response.json()["status"] == AccessionStatus.WITHDRAWN


def test_the_site_administrator_does_not_act_for_an_organization(
    make_arrangement, world, site_admin
):
    arrangement = make_arrangement(status="draft")
    with pytest.raises(PermissionDenied):
        services.arrangement_propose(actor=site_admin, arrangement=arrangement)
    motion = propose(arrangement)
    before = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied):
        services.motion_consent_record(
            actor=site_admin, motion=motion, party=world["orgs"]["cis"], state=ConsentState.GIVEN
        )
    assert AuditRecord.objects.count() == before


# --- Collective steps ------------------------------------------------------------------------


def test_proposing_opens_a_consent_per_party_and_the_last_brings_into_force(
    make_arrangement, world
):
    arrangement = make_arrangement(status="draft")
    motion = propose(arrangement, on=dt.date(2025, 3, 1))
    assert {c.party.slug: c.state for c in motion.consents.all()} == {
        "csto": "pending",
        "cis": "pending",
        "sco": "pending",
    }
    _consent(world, motion, "csto", given_on=dt.date(2025, 3, 2))
    _consent(
        world,
        motion,
        "sco",
        ConsentState.GIVEN_ON_BEHALF,
        note_reference="Note 12/345",
        given_on=dt.date(2025, 3, 20),
    )
    arrangement.refresh_from_db()
    assert arrangement.status == ArrangementStatus.PROPOSED
    _consent(world, motion, "cis", given_on=dt.date(2025, 3, 10))
    arrangement.refresh_from_db()
    motion.refresh_from_db()
    assert (motion.status, motion.decided_on) == (MotionStatus.ADOPTED, dt.date(2025, 3, 20))
    assert (arrangement.status, arrangement.in_force_on) == (
        ArrangementStatus.IN_FORCE,
        dt.date(2025, 3, 20),
    )
    with pytest.raises(TransitionError) as excinfo:
        _consent(world, motion, "csto")
    assert excinfo.value.code == "motion_not_pending"


def test_one_refusal_blocks_a_proposal_and_returns_it_to_draft(make_arrangement, world):
    arrangement = make_arrangement(status="draft")
    motion = propose(arrangement)
    _consent(world, motion, "csto")
    _consent(world, motion, "cis", ConsentState.REFUSED)
    motion.refresh_from_db()
    arrangement.refresh_from_db()
    assert motion.status == MotionStatus.REFUSED
    assert arrangement.status == ArrangementStatus.DRAFT
    with pytest.raises(TransitionError):
        _consent(world, motion, "sco")
    # Amended in draft, it is put again.
    services.arrangement_update(
        actor=world["editors"]["csto"],
        arrangement=arrangement,
        data={"scope": ["council_of_ministers"]},
    )
    consent_all(propose(arrangement))
    arrangement.refresh_from_db()
    assert arrangement.status == ArrangementStatus.IN_FORCE


def test_one_refusal_blocks_a_suspension(make_arrangement, world):
    arrangement = make_arrangement()
    motion = services.arrangement_suspend(
        actor=world["editors"]["cis"], arrangement=arrangement, party=world["orgs"]["cis"]
    )
    with pytest.raises(TransitionError) as excinfo:
        services.arrangement_terminate(
            actor=world["editors"]["sco"], arrangement=arrangement, party=world["orgs"]["sco"]
        )
    assert excinfo.value.code == "motion_pending_already"
    _consent(world, motion, "cis")
    _consent(world, motion, "sco", ConsentState.REFUSED)
    arrangement.refresh_from_db()
    assert arrangement.status == ArrangementStatus.IN_FORCE
    assert pending_motion_count(arrangement) == 0


def pending_motion_count(arrangement):
    return arrangement.motions.filter(status=MotionStatus.PENDING).count()


def test_the_terms_change_only_in_a_draft(make_arrangement, world):
    """Scope and parties are what the parties consented to: an owner does not change them after."""
    arrangement = make_arrangement()
    with pytest.raises(TransitionError) as excinfo:
        services.arrangement_update(
            actor=world["editors"]["csto"],
            arrangement=arrangement,
            data={"scope": ["council_of_ministers"]},
        )
    assert excinfo.value.code == "arrangement_terms_by_consent"
    services.arrangement_update(
        actor=world["editors"]["csto"], arrangement=arrangement, data={"title_en": "Renamed"}
    )


def test_an_owner_ends_its_own_draft_at_once(make_arrangement, world):
    arrangement = make_arrangement(status="proposed")
    with pytest.raises(PermissionDenied):
        services.arrangement_terminate(
            actor=world["editors"]["cis"], arrangement=arrangement, party=world["orgs"]["cis"]
        )
    motion = services.arrangement_terminate(
        actor=world["editors"]["csto"], arrangement=arrangement, party=world["orgs"]["csto"]
    )
    arrangement.refresh_from_db()
    assert motion.status == MotionStatus.ADOPTED
    assert arrangement.status == ArrangementStatus.TERMINATED
    assert list(arrangement.motions.values_list("kind", "status")) == [
        ("bring_into_force", "withdrawn"),
        ("terminate", "adopted"),
    ]


# --- A party withdraws ---------------------------------------------------------------------


def test_a_party_withdraws_itself_and_its_draft_invitations_stop(
    make_arrangement, make_event, world
):
    """The CIS leaves: no more invitations to or from it; the CSTO and the SCO continue."""
    orgs = world["orgs"]
    arrangement = make_arrangement()
    csto_summit = make_event(slug="csto-next", **_future())
    cis_summit = make_event(slug="cis-next", owner=orgs["cis"], **_future(90))
    assert {i.invitee_organization.slug for i in Invitation.objects.filter(event=csto_summit)} == {
        "cis",
        "sco",
    }
    assert Invitation.objects.filter(event=cis_summit).count() == 2
    with pytest.raises(PermissionDenied):
        services.arrangement_withdraw_party(
            actor=world["managers"]["csto"], arrangement=arrangement, party=orgs["cis"]
        )
    with pytest.raises(PermissionDenied):
        services.arrangement_withdraw_party(
            actor=world["editors"]["cis"], arrangement=arrangement, party=orgs["cis"]
        )
    services.arrangement_withdraw_party(
        actor=world["managers"]["cis"], arrangement=arrangement, party=orgs["cis"]
    )
    link = arrangement.party_links.get(organization=orgs["cis"])
    assert link.left_on == timezone.localdate()
    assert {i.invitee_organization.slug for i in Invitation.objects.filter(event=csto_summit)} == {
        "sco"
    }
    assert not Invitation.objects.filter(event=cis_summit).exists()
    # The CSTO's to the CIS head, and the CIS's two to the CSTO and SCO heads.
    assert AuditRecord.objects.filter(action="invitation.withdraw").count() == 3
    # A new CSTO summit invites the SCO only; a new CIS summit is not covered.
    later = make_event(slug="csto-later", **_future(120))
    assert {i.invitee_organization.slug for i in Invitation.objects.filter(event=later)} == {"sco"}
    arrangement.refresh_from_db()
    assert arrangement.status == ArrangementStatus.IN_FORCE
    assert verify_chain().ok


def test_a_sent_invitation_stays_when_its_party_withdraws(make_arrangement, make_event, world):
    from collegium.events.invitations import services as invitation_services

    make_arrangement()
    summit = make_event(slug="csto-next", **_future())
    sent = Invitation.objects.get(event=summit, invitee_organization=world["orgs"]["cis"])
    invitation_services.invitation_send(actor=world["editors"]["csto"], invitation=sent)
    services.arrangement_withdraw_party(
        actor=world["managers"]["cis"],
        arrangement=sent.arrangement,
        party=world["orgs"]["cis"],
    )
    sent.refresh_from_db()
    assert sent.status == InvitationStatus.SENT


def test_the_owners_withdrawal_hands_the_record_over_and_its_consents_lapse(
    make_arrangement, world
):
    orgs = world["orgs"]
    arrangement = make_arrangement()
    motion = services.arrangement_suspend(
        actor=world["editors"]["sco"], arrangement=arrangement, party=orgs["sco"]
    )
    _consent(world, motion, "cis")
    _consent(world, motion, "sco")
    services.arrangement_withdraw_party(
        actor=world["managers"]["csto"], arrangement=arrangement, party=orgs["csto"]
    )
    arrangement.refresh_from_db()
    motion.refresh_from_db()
    # The CSTO's pending consent lapsed: the others had all consented, so it is adopted.
    assert motion.status == MotionStatus.ADOPTED
    assert arrangement.status == ArrangementStatus.SUSPENDED
    assert arrangement.owner == orgs["cis"]


def test_an_arrangement_left_with_one_party_ends(make_arrangement, world):
    orgs = world["orgs"]
    arrangement = make_arrangement(parties=("csto", "cis"))
    services.arrangement_withdraw_party(
        actor=world["managers"]["cis"], arrangement=arrangement, party=orgs["cis"]
    )
    arrangement.refresh_from_db()
    assert arrangement.status == ArrangementStatus.TERMINATED
    with pytest.raises(ValidationError):
        services.arrangement_withdraw_party(
            actor=world["managers"]["cis"],
            arrangement=make_arrangement(slug="again"),
            party=orgs["cis"],
            on=timezone.localdate() + dt.timedelta(days=1),
        )


# --- The generation guard ------------------------------------------------------------------


def test_generation_writes_nothing_onto_an_event_hidden_from_its_actor(
    make_arrangement, make_event, world
):
    """The CSTO's consent, the last, brings the arrangement into force: it cannot see the CIS's
    internal summit, so that summit gets no invitation from its run; the public ones do.
    """
    orgs = world["orgs"]
    internal = make_event(
        slug="cis-internal", owner=orgs["cis"], visibility=Visibility.INTERNAL, **_future()
    )
    public = make_event(slug="cis-public", owner=orgs["cis"], **_future(70))
    arrangement = make_arrangement(status="draft")
    motion = propose(arrangement)
    _consent(world, motion, "cis")
    _consent(world, motion, "sco")
    _consent(world, motion, "csto")
    arrangement.refresh_from_db()
    assert arrangement.status == ArrangementStatus.IN_FORCE
    assert not Invitation.objects.filter(event=internal).exists()
    assert Invitation.objects.filter(event=public).count() == 2
    # Its own secretariat's next save of the event adds them.
    event_services.event_update(
        actor=world["editors"]["cis"], event=internal, data={"title_en": "CIS summit"}
    )
    assert Invitation.objects.filter(event=internal).count() == 2


def test_a_consent_note_number_with_control_characters_is_refused(make_arrangement, world):
    """The consent form once stored "□□" in a note number: the model's text rule refuses it."""
    motion = propose(make_arrangement(status="draft"))
    with pytest.raises(ValidationError) as excinfo:
        _consent(world, motion, "sco", ConsentState.GIVEN_ON_BEHALF, note_reference="12/\x02\x03")
    assert "control characters" in excinfo.value.message_dict["note_reference"][0]
    assert motion.consents.get(party=world["orgs"]["sco"]).state == ConsentState.PENDING


def test_after_a_refusal_the_page_shows_the_others_closed_and_offers_a_new_proposal(
    make_arrangement, world
):
    """The SCO's consent was never given when the CIS refused: it is closed, not awaited; the
    owner's editor, back in draft, is offered to put the arrangement to the parties again."""
    from django.urls import reverse

    arrangement = make_arrangement(status="draft")
    motion = propose(arrangement)
    _consent(world, motion, "csto")
    _consent(world, motion, "cis", ConsentState.REFUSED)
    response = _client(world["editors"]["csto"]).get(
        reverse("arrangements:detail", args=[arrangement.slug])
    )
    [row] = response.context["motions"]
    states = {item["consent"].party.slug: item["closed"] for item in row["consents"]}
    assert states == {"csto": False, "cis": False, "sco": True}
    html = response.content.decode()
    assert "Closed: no longer asked" in html
    assert "Pending" not in html.split('id="motion-')[1]
    assert [move["step"] for move in response.context["moves"]] == ["propose", "terminate"]
