"""Invitations: the engine, generation from arrangements, the lifecycle and who moves it."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from collegium.accounts.models import User
from collegium.core.audit import verify_chain
from collegium.core.exceptions import PermissionDenied, TransitionError, ValidationError
from collegium.core.models import AuditRecord
from collegium.events.arrangements import services as arrangement_services
from collegium.events.calendar import services as event_services
from collegium.events.invitations import services as invitation_services
from collegium.events.invitations.engine import (
    CoverageInfo,
    GenerationEvent,
    PartyInfo,
    PostInfo,
    RequiredInvitation,
    required_invitations,
)
from collegium.events.models import (
    Accession,
    ConsentState,
    Event,
    Invitation,
    InvitationStatus,
)
from collegium.events.tests.arrangements.arrangement_fixtures import (
    NEWCOMER,
    PARTIES,
    consent_all,
    pending_motion,
)
from collegium.registry import services as registry
from collegium.registry.models import Organization, Person

# The chain's head is read once, and the event's and invitations' audit records are
# inserted together with one move of the events' cache version (``audit.unit``, deferred);
# the slug is the database's to check.  PostgreSQL adds the chain lock, taken once.
QUERIES_OF_EVENT_CREATE = {"sqlite": 12, "postgresql": 13}


def _future(days=60):
    start = timezone.localtime().replace(microsecond=0) + dt.timedelta(days=days)
    return {"start": start, "end": start + dt.timedelta(hours=4)}


def _invitees(event):
    return sorted(
        (i.invitee_organization.slug, i.invitee_post.slug, i.invitee_person_id)
        for i in Invitation.objects.filter(event=event).select_related(
            "invitee_organization", "invitee_post"
        )
    )


# --- The engine ------------------------------------------------------------------------


def test_engine_invites_the_other_current_parties_heads_on_plain_data():
    """The covered party invites each other current party's head; deputies only on request."""
    csto, cis, sco, gone = (
        PartyInfo(1, 11),
        PartyInfo(2, 12),
        PartyInfo(3, 13),
        PartyInfo(4, 14, left_on=dt.date(2024, 1, 1)),
    )
    holders = {
        12: [PostInfo(120, 12, True), PostInfo(121, 12, False)],
        13: [PostInfo(130, 13, True)],
        14: [PostInfo(140, 14, True)],
    }
    coverage = CoverageInfo(arrangement_id=7, covered=csto, parties=(csto, cis, sco, gone))
    event = GenerationEvent(on=dt.date(2025, 11, 27), organization_ids=frozenset({1}))
    assert required_invitations(event, [coverage], holders) == [
        RequiredInvitation(7, 1, 2, 12, 120),
        RequiredInvitation(7, 1, 3, 13, 130),
    ]
    with_deputies = CoverageInfo(7, csto, (csto, cis), include_deputies=True)
    assert [r.invitee_post_id for r in required_invitations(event, [with_deputies], holders)] == [
        120,
        121,
    ]


def test_engine_invites_no_party_the_event_belongs_to_and_each_post_once():
    """A co-organizer is not invited to its own event; two coverages ask for a post once."""
    a, b, c = PartyInfo(1, 11), PartyInfo(2, 12), PartyInfo(3, 13)
    holders = {11: [PostInfo(110, 11, True)], 12: [PostInfo(120, 12, True)]}
    holders[13] = [PostInfo(130, 13, True)]
    event = GenerationEvent(on=dt.date(2025, 1, 1), organization_ids=frozenset({1, 2}))
    coverages = [CoverageInfo(7, a, (a, b, c)), CoverageInfo(7, b, (a, b, c))]
    assert required_invitations(event, coverages, holders) == [RequiredInvitation(7, 1, 3, 13, 130)]


# --- The demo ------------------------------------------------------------------------------


@pytest.fixture
def demo(db):
    class _Sink:
        def write(self, s):
            pass

        def flush(self):
            pass

    call_command("demo", stdout=_Sink())
    return User.objects.get(username="admin")


def test_the_bishkek_summit_invites_the_cis_and_sco_heads_not_the_csto(demo):
    """The demo's CSTO summit requires Lebedev and Yermekbayev; generating again adds nothing."""
    summit = Event.objects.get(slug="csto-summit-2025-bishkek")
    created, existing = invitation_services.invitations_generate_for_event(actor=demo, event=summit)
    invitations = {i.invitee_organization.slug: i for i in [*created, *existing]}
    assert set(invitations) == {"cis", "sco"}
    assert invitations["cis"].invitee_body.slug == "cis-executive-committee"
    assert invitations["sco"].invitee_body.slug == "sco-secretariat"
    assert invitations["cis"].invitee_person.slug == "sergey-lebedev"
    assert invitations["sco"].invitee_person.slug == "nurlan-yermekbayev"
    assert all(i.invitee_post.is_head for i in invitations.values())
    assert {i.inviting_organization.slug for i in invitations.values()} == {"csto"}
    assert {i.owner.slug for i in invitations.values()} == {"csto-secretariat"}
    # The summit is held: the demo records its invitations as sent by the CSTO Secretariat
    # (on an illustrative date before it), then accepted and attended (illustrative too).
    for invitation in invitations.values():
        assert invitation.status == InvitationStatus.ATTENDED
        assert invitation.sent_by.username == "csto-secretariat"
        assert invitation.sent_at < summit.start
    assert not Invitation.objects.filter(event=summit, invitee_organization__slug="csto").exists()

    records = AuditRecord.objects.count()
    again_created, again_existing = invitation_services.invitations_generate_for_event(
        actor=demo, event=summit
    )
    assert again_created == []
    assert {i.pk for i in again_existing} == {i.pk for i in invitations.values()}
    assert AuditRecord.objects.count() == records


def test_the_union_state_accession_invites_the_state_secretary_to_the_next_summits(demo):
    """All consents put the accession in force; a future summit then invites Glazyev."""
    orgs = {o.slug: o for o in Organization.objects.all()}
    summit = event_services.event_create(
        actor=demo,
        data={
            "slug": "csto-summit-next",
            "kind": "summit",
            "title_ru": "Сессия СКБ ОДКБ",
            "timezone": "Europe/Moscow",
            "owner": orgs["csto-secretariat"],
            "body": orgs["csto-csc"],
            **_future(),
        },
        organizers=[orgs["csto"]],
    )
    assert [slug for slug, _post, _person in _invitees(summit)] == ["cis", "sco"]

    accession = Accession.objects.get(organization=orgs["union-state"])
    managers = {
        "csto": "csto-secretariat",
        "cis": "cis-executive-committee",
        "sco": "sco-secretariat",
        "union-state": "union-state-standing-committee",
    }
    for party, username in managers.items():
        arrangement_services.consent_record(
            actor=User.objects.get(username=username),
            accession=accession,
            party=orgs[party],
            state=ConsentState.GIVEN,
        )
    glazyev = Person.objects.get(slug="sergey-glazyev")
    invitation = Invitation.objects.get(event=summit, invitee_organization=orgs["union-state"])
    assert invitation.invitee_post.slug == "union-state-state-secretary"
    assert invitation.invitee_person == glazyev
    assert invitation.invitee_body.slug == "union-state-standing-committee"
    assert verify_chain().ok


# --- Generation on the test world ----------------------------------------------------------


def test_creating_an_event_generates_its_invitations(make_arrangement, make_event, world):
    """A covered summit gets draft invitations to the other parties' heads, visible as the event."""
    make_arrangement()
    summit = make_event(owner=world["orgs"]["csto"], visibility="parties")
    assert _invitees(summit) == [("cis", "cis-head", None), ("sco", "sco-head", None)]
    assert set(Invitation.objects.filter(event=summit).values_list("visibility", flat=True)) == {
        "parties"
    }


@pytest.mark.parametrize("include_deputies", [False, True])
def test_creating_an_event_costs_the_same_queries_however_many_invitations(
    make_arrangement, world, include_deputies, django_assert_num_queries
):
    """Two invitations or four: the same queries, each invitation with its own audit record,
    after the event's, and the chain verifies."""
    make_arrangement(include_deputies=include_deputies)
    csto = world["orgs"]["csto"]
    head = AuditRecord.objects.order_by("-seq").first()
    # The editor's roles, the slug (the owner's key is not asked again: it came
    # loaded), the event, its organizers (not read back) and audit record, the
    # arrangements' party links with their arrangements, the posts, the holders, the
    # owners, the invitations and their audit records.
    with django_assert_num_queries(QUERIES_OF_EVENT_CREATE[connection.vendor]):
        event = event_services.event_create(
            actor=world["editors"]["csto"],
            data={
                "slug": "summit",
                "kind": "summit",
                "title_ru": "Саммит",
                "owner": csto,
                "timezone": "Europe/Moscow",
                "start": dt.datetime(2026, 6, 1, 10, 0),  # noqa: DTZ001 (local time)
                "end": dt.datetime(2026, 6, 1, 16, 0),  # noqa: DTZ001 (local time)
            },
            organizers=[csto],
        )
    invitations = list(Invitation.objects.filter(event=event).order_by("pk"))
    assert len(invitations) == (4 if include_deputies else 2)
    records = list(AuditRecord.objects.filter(seq__gt=head.seq).order_by("seq"))
    assert [r.action for r in records] == ["event.create"] + ["invitation.generate"] * len(
        invitations
    )
    assert [r.object_id for r in records[1:]] == [str(i.pk) for i in invitations]
    assert all(r.organization_id == csto.pk for r in records)
    assert verify_chain().ok


def test_the_person_is_resolved_on_the_event_date(make_arrangement, make_event, site_admin, world):
    """The holder of the post on the event's first day is invited; a vacant post has no one."""
    make_arrangement()
    cis = world["orgs"]["cis"]
    head = world["posts"]["cis"][0]
    people = [
        registry.person_create(actor=site_admin, data={"slug": slug, "name_ru": slug, "owner": cis})
        for slug in ("first-head", "second-head")
    ]
    for person, start, end in (
        (people[0], dt.date(2020, 1, 1), dt.date(2025, 6, 30)),
        (people[1], dt.date(2025, 7, 1), None),
    ):
        registry.tenure_create(
            actor=site_admin,
            data={
                "person": person,
                "post": head,
                "start_date": start,
                "end_date": end,
                "owner": cis,
            },
        )

    def summit(day):
        start = dt.datetime.combine(day, dt.time(10))
        return make_event(start=start, end=start + dt.timedelta(hours=4))

    before, after = summit(dt.date(2025, 6, 30)), summit(dt.date(2025, 7, 1))
    assert Invitation.objects.get(event=before, invitee_post=head).invitee_person == people[0]
    assert Invitation.objects.get(event=after, invitee_post=head).invitee_person == people[1]
    sco_head = world["posts"]["sco"][0]
    assert Invitation.objects.get(event=after, invitee_post=sco_head).invitee_person is None


def test_moving_an_event_into_the_arrangement_generates_what_is_missing(
    make_arrangement, make_event, site_admin, world
):
    """An event before the arrangement's force has none; moved into it, it gets them, once."""
    make_arrangement()
    early = make_event(
        start=dt.datetime(2023, 5, 1, 10, 0),  # noqa: DTZ001 (local time)
        end=dt.datetime(2023, 5, 1, 12, 0),  # noqa: DTZ001 (local time)
    )
    assert _invitees(early) == []
    event_services.event_update(
        actor=site_admin,
        event=early,
        data={
            "start": dt.datetime(2025, 5, 1, 10, 0),  # noqa: DTZ001 (local time)
            "end": dt.datetime(2025, 5, 1, 12, 0),  # noqa: DTZ001 (local time)
        },
    )
    assert len(_invitees(early)) == 2
    records = AuditRecord.objects.count()
    event_services.event_update(actor=site_admin, event=early, data={"venue": "Ала-Арча"})
    assert len(_invitees(early)) == 2
    assert AuditRecord.objects.filter(action="invitation.generate").count() == 2
    assert AuditRecord.objects.count() == records + 1  # the event's own update only


def test_bringing_an_arrangement_into_force_invites_to_future_events_only(
    make_arrangement, make_event, site_admin, world
):
    """Past events stay as they were; the parties' future covered events get invitations."""
    arrangement = make_arrangement(status="proposed")
    past, future = make_event(), make_event(**_future())
    assert _invitees(past) == _invitees(future) == []
    consent_all(pending_motion(arrangement), on=dt.date(2024, 1, 1))
    assert _invitees(past) == []
    assert [slug for slug, _post, _person in _invitees(future)] == ["cis", "sco"]


def test_an_accession_in_force_invites_the_newcomer_to_future_summits(accession, make_event, world):
    """The last consent adds the newcomer's head to the next summits, in the same transaction."""
    future = make_event(**_future())
    for slug in (*PARTIES, NEWCOMER):
        arrangement_services.consent_record(
            actor=world["managers"][slug],
            accession=accession,
            party=world["orgs"][slug],
            state=ConsentState.GIVEN,
        )
    assert [slug for slug, _post, _person in _invitees(future)] == ["cis", "sco", NEWCOMER]


def test_a_cancelled_event_gets_no_invitations(make_arrangement, make_event, site_admin):
    event = make_event(**_future())
    event_services.event_cancel(actor=site_admin, event=event)
    make_arrangement()
    assert _invitees(event) == []
    assert invitation_services.invitations_generate_for_event(actor=site_admin, event=event) == (
        [],
        [],
    )


def test_generating_needs_an_editor_of_the_event(make_arrangement, make_event, world):
    make_arrangement()
    event = make_event()
    with pytest.raises(PermissionDenied):
        invitation_services.invitations_generate_for_event(
            actor=world["editors"]["cis"], event=event
        )


def test_an_ad_hoc_invitation_has_no_arrangement_and_is_made_once(make_event, world):
    """The organizer invites any post outside arrangements; the same post twice is refused."""
    event = make_event()
    post = world["posts"]["mfa-ru"][0]
    invitation = invitation_services.invitation_create_ad_hoc(
        actor=world["editors"]["csto"], event=event, post=post
    )
    assert invitation.arrangement is None
    assert invitation.invitee_organization == world["orgs"]["mfa-ru"]
    assert invitation.invitee_body == world["bodies"]["mfa-ru"]
    assert invitation.status == InvitationStatus.DRAFT
    with pytest.raises(ValidationError):
        invitation_services.invitation_create_ad_hoc(
            actor=world["editors"]["csto"], event=event, post=post
        )
    with pytest.raises(PermissionDenied):
        invitation_services.invitation_create_ad_hoc(
            actor=world["editors"]["cis"], event=event, post=world["posts"]["mfa-ru"][1]
        )


# --- The lifecycle -----------------------------------------------------------------------------


@pytest.fixture
def invitation(make_arrangement, make_event, world):
    """A CSTO summit's draft invitation to the head of the CIS body."""
    make_arrangement()
    event = make_event()
    return Invitation.objects.get(event=event, invitee_post=world["posts"]["cis"][0])


def test_send_answer_attend_records_who_and_when(invitation, world):
    """Draft -> sent -> accepted -> attended, each step with its time and user."""
    invitation_services.invitation_send(actor=world["editors"]["csto"], invitation=invitation)
    assert invitation.status == InvitationStatus.SENT
    assert invitation.sent_by == world["editors"]["csto"]
    assert invitation.sent_at is not None
    invitation_services.invitation_answer(
        actor=world["editors"]["cis"], invitation=invitation, status=InvitationStatus.ACCEPTED
    )
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.answered_by == world["editors"]["cis"]
    assert not invitation.answered_on_behalf
    invitation_services.invitation_record_attendance(
        actor=world["managers"]["csto"], invitation=invitation, attended=True
    )
    assert invitation.status == InvitationStatus.ATTENDED
    assert invitation.attendance_recorded_by == world["managers"]["csto"]
    actions = list(
        AuditRecord.objects.filter(object_id=str(invitation.pk), object_type="events.invitation")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "invitation.generate",
        "invitation.send",
        "invitation.accepted",
        "invitation.attended",
    ]


def test_answering_an_invitation_never_sent_names_the_rule(invitation, world):
    with pytest.raises(TransitionError) as excinfo:
        invitation_services.invitation_answer(
            actor=world["editors"]["cis"], invitation=invitation, status=InvitationStatus.ACCEPTED
        )
    assert excinfo.value.code == "invitation_draft_to_accepted"
    assert "sent" in str(excinfo.value)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DRAFT


def test_the_organizer_answers_only_on_behalf_and_flagged(invitation, world):
    invitation_services.invitation_send(actor=world["editors"]["csto"], invitation=invitation)
    with pytest.raises(PermissionDenied):
        invitation_services.invitation_answer(
            actor=world["editors"]["csto"], invitation=invitation, status=InvitationStatus.DECLINED
        )
    invitation_services.invitation_answer(
        actor=world["editors"]["csto"],
        invitation=invitation,
        status=InvitationStatus.DECLINED,
        on_behalf=True,
    )
    assert invitation.status == InvitationStatus.DECLINED
    assert invitation.answered_on_behalf


@pytest.mark.parametrize(
    ("role", "on_behalf"),
    [("editors", False), ("managers", False), ("editors", True), ("managers", True)],
)
def test_answering_for_another_party_is_refused(invitation, world, role, on_behalf):
    """The SCO answers neither for the CIS nor on behalf of the CSTO."""
    invitation_services.invitation_send(actor=world["editors"]["csto"], invitation=invitation)
    with pytest.raises(PermissionDenied):
        invitation_services.invitation_answer(
            actor=world[role]["sco"],
            invitation=invitation,
            status=InvitationStatus.ACCEPTED,
            on_behalf=on_behalf,
        )


@pytest.mark.parametrize("party", ["cis", "sco", "mfa-ru"])
def test_only_the_organizers_secretariat_sends(invitation, world, party):
    with pytest.raises(PermissionDenied):
        invitation_services.invitation_send(actor=world["managers"][party], invitation=invitation)


def test_a_viewer_of_the_organizer_does_not_send(invitation, make_user, world):
    viewer = make_user(world["orgs"]["csto"], "viewer")
    with pytest.raises(PermissionDenied):
        invitation_services.invitation_send(actor=viewer, invitation=invitation)


@pytest.mark.parametrize(
    ("steps", "move", "code"),
    [
        (["send"], "send", "invitation_sent_to_sent"),
        ([], "no_reply", "invitation_draft_to_no_reply"),
        ([], "attended", "invitation_draft_to_attended"),
        (["send"], "attended", "invitation_sent_to_attended"),
        (["send", "decline"], "attended", "invitation_declined_to_attended"),
        (["send", "no_reply"], "accept", "invitation_no_reply_to_accepted"),
        (["send", "no_reply"], "decline", "invitation_no_reply_to_declined"),
        (["send", "accept", "attended"], "decline", "invitation_attended_to_declined"),
        (["send", "accept", "attended"], "absent", "invitation_attended_to_absent"),
    ],
)
def test_illegal_moves_are_refused(invitation, world, steps, move, code):
    organizer, invitee = world["editors"]["csto"], world["editors"]["cis"]
    moves = {
        "send": lambda: invitation_services.invitation_send(actor=organizer, invitation=invitation),
        "no_reply": lambda: invitation_services.invitation_mark_no_reply(
            actor=organizer, invitation=invitation
        ),
        "accept": lambda: invitation_services.invitation_answer(
            actor=invitee, invitation=invitation, status=InvitationStatus.ACCEPTED
        ),
        "decline": lambda: invitation_services.invitation_answer(
            actor=invitee, invitation=invitation, status=InvitationStatus.DECLINED
        ),
        "attended": lambda: invitation_services.invitation_record_attendance(
            actor=organizer, invitation=invitation, attended=True
        ),
        "absent": lambda: invitation_services.invitation_record_attendance(
            actor=organizer, invitation=invitation, attended=False
        ),
    }
    for step in steps:
        moves[step]()
    with pytest.raises(TransitionError) as excinfo:
        moves[move]()
    assert excinfo.value.code == code


def test_no_reply_and_absence_are_recorded_by_the_organizer(invitation, world):
    organizer = world["managers"]["csto"]
    invitation_services.invitation_send(actor=organizer, invitation=invitation)
    with pytest.raises(PermissionDenied):
        invitation_services.invitation_mark_no_reply(
            actor=world["managers"]["cis"], invitation=invitation
        )
    invitation_services.invitation_mark_no_reply(actor=organizer, invitation=invitation)
    assert invitation.status == InvitationStatus.NO_REPLY
    assert invitation.answered_by == organizer


def test_an_answer_is_accepted_or_declined(invitation, world):
    invitation_services.invitation_send(actor=world["editors"]["csto"], invitation=invitation)
    with pytest.raises(ValidationError):
        invitation_services.invitation_answer(
            actor=world["editors"]["cis"], invitation=invitation, status=InvitationStatus.ATTENDED
        )


def test_a_past_sending_is_recorded_with_its_date_but_never_a_future_one(invitation, world):
    editor = world["editors"]["csto"]
    records = AuditRecord.objects.count()
    with pytest.raises(ValidationError) as refused:
        invitation_services.invitation_send(
            actor=editor,
            invitation=invitation,
            sent_at=timezone.now() + dt.timedelta(hours=1),
        )
    assert "sent_at" in refused.value.message_dict
    assert AuditRecord.objects.count() == records
    earlier = timezone.now() - dt.timedelta(days=30)
    invitation_services.invitation_send(actor=editor, invitation=invitation, sent_at=earlier)
    assert (invitation.status, invitation.sent_at) == (InvitationStatus.SENT, earlier)


def test_of_two_holders_the_latest_start_is_invited_on_every_database(
    make_arrangement, make_event, site_admin, world
):
    """Two acting holders overlap: an open start counts as the earliest.  SQL would order it
    first on PostgreSQL and last on SQLite, so the rule is applied in Python."""
    make_arrangement()
    cis = world["orgs"]["cis"]
    head = world["posts"]["cis"][0]
    for slug, start in (("open-start", None), ("dated-start", dt.date(2024, 1, 1))):
        person = registry.person_create(
            actor=site_admin, data={"slug": slug, "name_ru": slug, "owner": cis}
        )
        registry.tenure_create(
            actor=site_admin,
            data={
                "person": person,
                "post": head,
                "start_date": start,
                "acting": True,
                "owner": cis,
            },
        )
    summit = make_event()
    invitation = Invitation.objects.get(event=summit, invitee_post=head)
    assert invitation.invitee_person.slug == "dated-start"


# --- When a move may be made; corrections ----------------------------------------------------


@pytest.fixture
def future_invitation(make_arrangement, make_event, world):
    """A sent invitation of a CSTO summit three weeks ahead to the head of the CIS body."""
    make_arrangement()
    start = timezone.localtime().replace(microsecond=0) + dt.timedelta(days=21)
    event = make_event(start=start, end=start + dt.timedelta(hours=4))
    invitation = Invitation.objects.get(event=event, invitee_post=world["posts"]["cis"][0])
    return invitation_services.invitation_send(
        actor=world["editors"]["csto"], invitation=invitation
    )


def test_attendance_and_no_reply_wait_for_the_events_start(future_invitation, world):
    """ "Attended" on a summit three weeks ahead, or "no reply" before it, is refused."""
    organizer = world["editors"]["csto"]
    with pytest.raises(TransitionError) as excinfo:
        invitation_services.invitation_mark_no_reply(actor=organizer, invitation=future_invitation)
    assert excinfo.value.code == "invitation_before_event_start"
    invitation_services.invitation_answer(
        actor=world["editors"]["cis"], invitation=future_invitation, status="accepted"
    )
    for attended in (True, False):
        with pytest.raises(TransitionError) as excinfo:
            invitation_services.invitation_record_attendance(
                actor=organizer, invitation=future_invitation, attended=attended
            )
        assert "from the event's start" in excinfo.value.message
    future_invitation.refresh_from_db()
    assert future_invitation.status == InvitationStatus.ACCEPTED


def test_the_page_offers_attendance_only_from_the_events_start(future_invitation, world):
    """The organizer's buttons: neither "No reply" nor attendance before the summit."""
    from collegium.events.invitations.selectors import invitation_list_visible_to
    from collegium.events.invitations.views import invitation_rows

    organizer = world["editors"]["csto"]
    shown = invitation_list_visible_to(user=organizer).filter(pk=future_invitation.pk)
    [row] = invitation_rows(organizer, shown)
    assert {move.name for move in row["moves"]} == {"accept_on_behalf", "decline_on_behalf"}


def test_the_answering_side_corrects_its_answer_and_the_chain_keeps_both(invitation, world):
    """Accepted, then declined by the same secretariat: a move like the answer, audited."""
    invitation_services.invitation_send(actor=world["editors"]["csto"], invitation=invitation)
    invitee = world["editors"]["cis"]
    invitation_services.invitation_answer(actor=invitee, invitation=invitation, status="accepted")
    invitation_services.invitation_answer(actor=invitee, invitation=invitation, status="declined")
    assert invitation.status == InvitationStatus.DECLINED
    for actor, on_behalf in ((world["editors"]["sco"], False), (world["editors"]["csto"], True)):
        with pytest.raises(PermissionDenied):
            invitation_services.invitation_answer(
                actor=actor, invitation=invitation, status="accepted", on_behalf=on_behalf
            )
    actions = list(
        AuditRecord.objects.filter(object_id=str(invitation.pk), object_type="events.invitation")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["invitation.accepted", "invitation.correct_answer"]
