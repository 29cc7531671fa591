"""Arrangements: the status machine, accession with consent, coverage of events."""

import datetime as dt

import pytest
from django.utils import timezone

from collegium.core.audit import verify_chain
from collegium.core.exceptions import PermissionDenied, TransitionError, ValidationError
from collegium.core.models import AuditRecord
from collegium.events.arrangements import selectors, services
from collegium.events.invitations import selectors as invitation_selectors
from collegium.events.invitations.engine import required_invitee_posts
from collegium.events.models import (
    ARRANGEMENT_TRANSITIONS,
    Accession,
    AccessionStatus,
    ArrangementParty,
    ArrangementStatus,
    Consent,
    ConsentState,
    MotionKind,
    MotionStatus,
)
from collegium.events.tests.arrangements.arrangement_fixtures import (
    NEWCOMER,
    PARTIES,
    bring_into_force,
    consent_all,
    propose,
)


def _consent(world, accession, slug, state=ConsentState.GIVEN, **extra):
    return services.consent_record(
        actor=world["managers"][slug],
        accession=accession,
        party=world["orgs"][slug],
        state=state,
        **extra,
    )


def _move(world, arrangement, service, slug="cis"):
    """Put a motion in the name of party ``slug`` and have every party consent to it."""
    motion = service(
        actor=world["editors"][slug], arrangement=arrangement, party=world["orgs"][slug]
    )
    consent_all(motion)
    arrangement.refresh_from_db()
    return motion


# --- The status machine -----------------------------------------------------------


def test_lifecycle_records_the_date_of_each_change(make_arrangement, world):
    """Draft -> proposed -> in force -> suspended -> in force -> terminated, each by consent."""
    arrangement = make_arrangement(status="draft")
    assert arrangement.status == ArrangementStatus.DRAFT
    day = dt.date(2025, 1, 10)
    consent_all(propose(arrangement, on=day), on=dt.date(2025, 2, 1))
    arrangement.refresh_from_db()
    assert arrangement.status == ArrangementStatus.IN_FORCE
    _move(world, arrangement, services.arrangement_suspend)
    _move(world, arrangement, services.arrangement_resume, slug="sco")
    assert arrangement.status == ArrangementStatus.IN_FORCE
    _move(world, arrangement, services.arrangement_terminate, slug="csto")
    today = timezone.localdate()
    # Proposed on its day; in force on the day of the last consent.
    assert (arrangement.proposed_on, arrangement.in_force_on) == (day, dt.date(2025, 2, 1))
    assert arrangement.suspended_on == arrangement.resumed_on == today
    assert arrangement.terminated_on == today
    assert [label for label, _on in arrangement.status_history()] == [
        "Proposed",
        "In force",
        "Suspended",
        "Resumed",
        "Terminated",
    ]
    actions = list(
        AuditRecord.objects.filter(object_type="events.arrangement").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "arrangement.create",
        "arrangement.propose",
        "arrangement.bring_into_force",
        "arrangement.suspend",
        "arrangement.resume",
        "arrangement.terminate",
    ]
    assert [m.kind for m in arrangement.motions.order_by("pk")] == [
        MotionKind.BRING_INTO_FORCE,
        MotionKind.SUSPEND,
        MotionKind.RESUME,
        MotionKind.TERMINATE,
    ]
    assert set(arrangement.motions.values_list("status", flat=True)) == {MotionStatus.ADOPTED}
    assert verify_chain().ok


@pytest.mark.parametrize(
    "service",
    [services.arrangement_suspend, services.arrangement_resume, services.arrangement_terminate],
)
def test_terminated_is_final(make_arrangement, world, service):
    """No move leaves "terminated"; the error names the rule."""
    arrangement = make_arrangement()
    _move(world, arrangement, services.arrangement_terminate)
    before = AuditRecord.objects.count()
    with pytest.raises(TransitionError) as excinfo:
        service(actor=world["editors"]["cis"], arrangement=arrangement, party=world["orgs"]["cis"])
    assert excinfo.value.code == "arrangement_terminated_is_final"
    assert "final" in excinfo.value.message
    with pytest.raises(TransitionError) as excinfo:
        services.arrangement_propose(actor=world["editors"]["csto"], arrangement=arrangement)
    assert excinfo.value.code == "arrangement_terminated_is_final"
    assert AuditRecord.objects.count() == before
    with pytest.raises(TransitionError, match="final"):
        services.arrangement_update(
            actor=world["editors"]["csto"], arrangement=arrangement, data={"title_en": "Again"}
        )


MOTIONS = {
    ArrangementStatus.SUSPENDED: services.arrangement_suspend,
    ArrangementStatus.TERMINATED: services.arrangement_terminate,
}


@pytest.mark.parametrize("current", list(ArrangementStatus))
@pytest.mark.parametrize("target", [ArrangementStatus.PROPOSED, *MOTIONS])
def test_moves_follow_the_table(make_arrangement, world, current, target):
    """Every (status, move) pair is allowed exactly when the transition table says so."""
    arrangement = make_arrangement(status="draft")
    if current == ArrangementStatus.PROPOSED:
        propose(arrangement)
    elif current in {ArrangementStatus.IN_FORCE, ArrangementStatus.SUSPENDED}:
        bring_into_force(arrangement)
        if current == ArrangementStatus.SUSPENDED:
            _move(world, arrangement, services.arrangement_suspend)
    elif current == ArrangementStatus.TERMINATED:
        _move(world, arrangement, services.arrangement_terminate, slug="csto")
    arrangement.refresh_from_db()
    assert arrangement.status == current
    if target == ArrangementStatus.PROPOSED:

        def move():
            services.arrangement_propose(actor=world["editors"]["csto"], arrangement=arrangement)
    else:

        def move():
            _move(world, arrangement, MOTIONS[target], slug="csto")

    if target in ARRANGEMENT_TRANSITIONS[current]:
        move()
        arrangement.refresh_from_db()
        assert arrangement.status == target
    else:
        with pytest.raises(TransitionError):
            move()


def test_only_the_owners_editors_propose_an_arrangement(make_arrangement, world, site_admin):
    arrangement = make_arrangement(status="draft")
    for user in (world["managers"]["cis"], world["editors"]["sco"], site_admin):
        with pytest.raises(PermissionDenied):
            services.arrangement_propose(actor=user, arrangement=arrangement)
    services.arrangement_propose(actor=world["editors"]["csto"], arrangement=arrangement)
    assert arrangement.status == ArrangementStatus.PROPOSED


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"scope": []}, "scope"),
        ({"scope": ["feast"]}, "scope"),
        ({"scope": ["summit", "summit"]}, "scope"),
        ({"direction": "one_way"}, "inviting_party"),
    ],
)
def test_invalid_arrangements_are_refused(make_arrangement, data, field):
    with pytest.raises(ValidationError) as excinfo:
        make_arrangement(status="draft", **data)
    assert field in excinfo.value.message_dict


def test_parties_need_two_and_their_own_bodies(make_arrangement, site_admin, world):
    with pytest.raises(ValidationError):
        make_arrangement(parties=("csto",))
    with pytest.raises(ValidationError) as excinfo:
        services.arrangement_create(
            actor=site_admin,
            data={
                "slug": "x",
                "title_ru": "x",
                "scope": ["summit"],
                "owner": world["orgs"]["csto"],
            },
            parties=[
                (world["orgs"]["csto"], world["bodies"]["cis"]),
                (world["orgs"]["cis"], world["bodies"]["cis"]),
            ],
        )
    assert "parties" in excinfo.value.message_dict


def test_parties_of_an_arrangement_in_force_change_only_by_accession(
    make_arrangement, site_admin, world
):
    arrangement = make_arrangement()
    with pytest.raises(TransitionError) as excinfo:
        services.arrangement_update(
            actor=site_admin,
            arrangement=arrangement,
            data={},
            parties=[(world["orgs"][p], world["bodies"][p]) for p in ("csto", "cis")],
        )
    assert excinfo.value.code == "arrangement_parties_by_accession"


# --- Accession and consent ------------------------------------------------------------


def test_proposing_opens_a_pending_consent_per_party_and_the_newcomer(accession):
    consents = {c.party.slug: c.state for c in accession.consents.select_related("party")}
    assert consents == {slug: ConsentState.PENDING for slug in (*PARTIES, NEWCOMER)}
    assert accession.status == AccessionStatus.PENDING


def test_all_consents_put_the_accession_in_force_and_add_the_party(accession, world):
    """The last consent, recorded by each party's manager, brings the newcomer in, joined today."""
    for slug in PARTIES:
        _consent(world, accession, slug)
        accession.refresh_from_db()
        assert accession.status == AccessionStatus.PENDING
    _consent(world, accession, NEWCOMER, conditions="subject to the State Secretary's agenda")
    accession.refresh_from_db()
    assert accession.status == AccessionStatus.IN_FORCE
    assert accession.decided_on == timezone.localdate()
    link = ArrangementParty.objects.get(
        arrangement=accession.arrangement, organization=world["orgs"][NEWCOMER]
    )
    assert (link.executive_body, link.joined_on) == (
        world["bodies"][NEWCOMER],
        timezone.localdate(),
    )
    consent = Consent.objects.get(accession=accession, party=world["orgs"][NEWCOMER])
    assert consent.recorded_by == world["managers"][NEWCOMER]
    assert consent.recorded_at is not None
    assert AuditRecord.objects.filter(action="accession.enter_into_force").count() == 1
    assert AuditRecord.objects.filter(action="arrangement.accede").count() == 1
    assert verify_chain().ok


def test_one_refusal_blocks_the_accession(accession, world):
    _consent(world, accession, "csto")
    _consent(world, accession, "cis", ConsentState.REFUSED)
    accession.refresh_from_db()
    assert accession.status == AccessionStatus.REFUSED
    with pytest.raises(TransitionError) as excinfo:
        _consent(world, accession, "sco")
    assert excinfo.value.code == "accession_not_pending"
    assert not ArrangementParty.objects.filter(organization=world["orgs"][NEWCOMER]).exists()


def test_consenting_for_another_party_is_refused(accession, world):
    """The CSTO's manager cannot answer for the CIS, nor an editor for its own party."""
    before = AuditRecord.objects.count()
    with pytest.raises(PermissionDenied, match="Only a manager for"):
        services.consent_record(
            actor=world["managers"]["csto"],
            accession=accession,
            party=world["orgs"]["cis"],
            state=ConsentState.GIVEN,
        )
    with pytest.raises(PermissionDenied):
        services.consent_record(
            actor=world["editors"]["cis"],
            accession=accession,
            party=world["orgs"]["cis"],
            state=ConsentState.GIVEN,
        )
    assert AuditRecord.objects.count() == before
    assert not accession.consents.exclude(state=ConsentState.PENDING).exists()


def test_consent_on_behalf_needs_the_note_reference(accession, world):
    with pytest.raises(ValidationError) as excinfo:
        _consent(world, accession, "sco", ConsentState.GIVEN_ON_BEHALF, note_reference="  ")
    assert "note_reference" in excinfo.value.message_dict
    consent = _consent(
        world, accession, "sco", ConsentState.GIVEN_ON_BEHALF, note_reference="No. 12/345-N"
    )
    assert (consent.state, consent.note_reference) == ("given_on_behalf", "No. 12/345-N")


def test_a_consent_is_recorded_once(accession, world):
    _consent(world, accession, "csto")
    with pytest.raises(TransitionError) as excinfo:
        _consent(world, accession, "csto", ConsentState.REFUSED)
    assert excinfo.value.code == "consent_recorded_once"
    assert "recorded once" in excinfo.value.message


def test_the_last_consent_completes_once_even_from_stale_copies(accession, world):
    """Two "last" answers from copies read before either: the lock re-reads, so one completes.

    ``consent_record`` locks the accession row (``select_for_update``) and
    counts the pending consents after the lock; a caller holding a stale copy
    cannot complete it twice or answer after completion.
    """
    for slug in ("csto", "cis"):
        _consent(world, accession, slug)
    stale_a = Accession.objects.get(pk=accession.pk)
    stale_b = Accession.objects.get(pk=accession.pk)
    _consent(world, stale_a, "sco")
    assert stale_b.status == AccessionStatus.PENDING  # stale in memory
    _consent(world, stale_b, NEWCOMER)
    assert AuditRecord.objects.filter(action="accession.enter_into_force").count() == 1
    assert (
        ArrangementParty.objects.filter(
            arrangement=accession.arrangement, organization=world["orgs"][NEWCOMER]
        ).count()
        == 1
    )
    with pytest.raises(TransitionError):
        _consent(world, stale_a, "csto")


def test_the_proposer_must_speak_for_the_proposing_organization(make_arrangement, world):
    with pytest.raises(PermissionDenied):
        services.accession_propose(
            actor=world["editors"]["csto"],
            arrangement=make_arrangement(),
            organization=world["orgs"][NEWCOMER],
            executive_body=world["bodies"][NEWCOMER],
            proposed_by=world["orgs"]["mfa-ru"],
        )


def test_accession_needs_an_arrangement_in_force_and_a_new_party(make_arrangement, world):
    editor, mfa = world["editors"]["mfa-ru"], world["orgs"]["mfa-ru"]
    with pytest.raises(TransitionError) as excinfo:
        services.accession_propose(
            actor=editor,
            arrangement=make_arrangement(slug="draft", status="draft"),
            organization=world["orgs"][NEWCOMER],
            executive_body=world["bodies"][NEWCOMER],
            proposed_by=mfa,
        )
    assert excinfo.value.code == "accession_arrangement_not_in_force"
    arrangement = make_arrangement()
    with pytest.raises(ValidationError):
        services.accession_propose(
            actor=editor,
            arrangement=arrangement,
            organization=world["orgs"]["cis"],
            executive_body=world["bodies"]["cis"],
            proposed_by=mfa,
        )
    services.accession_propose(
        actor=editor,
        arrangement=arrangement,
        organization=world["orgs"][NEWCOMER],
        executive_body=world["bodies"][NEWCOMER],
        proposed_by=mfa,
    )
    with pytest.raises(TransitionError) as excinfo:
        services.accession_propose(
            actor=editor,
            arrangement=arrangement,
            organization=world["orgs"][NEWCOMER],
            executive_body=world["bodies"][NEWCOMER],
            proposed_by=mfa,
        )
    assert excinfo.value.code == "accession_pending_already"


def test_withdrawing_closes_the_consents(accession, world):
    with pytest.raises(PermissionDenied):
        services.accession_withdraw(actor=world["managers"]["sco"], accession=accession)
    services.accession_withdraw(actor=world["editors"]["mfa-ru"], accession=accession)
    assert accession.status == AccessionStatus.WITHDRAWN
    with pytest.raises(TransitionError):
        _consent(world, accession, "csto")
    with pytest.raises(TransitionError):
        services.accession_withdraw(actor=world["editors"]["mfa-ru"], accession=accession)


def test_terminating_lapses_pending_accessions(accession, world):
    _move(world, accession.arrangement, services.arrangement_terminate)
    accession.refresh_from_db()
    assert accession.status == AccessionStatus.WITHDRAWN


# --- Coverage: what the invitation engine asks ----------------------------------------


def test_arrangements_covering_a_partys_summit_and_its_invitees(
    make_arrangement, make_event, world
):
    """A CSTO summit is covered; the heads of the CIS and SCO bodies are invited, not the CSTO's."""
    arrangement = make_arrangement()
    summit = make_event(owner=world["orgs"]["csto"], organizers=[world["orgs"]["csto"]])
    coverages = selectors.arrangements_covering(summit)
    assert [(c.arrangement, c.covered.organization.slug) for c in coverages] == [
        (arrangement, "csto")
    ]
    posts = invitation_selectors.invitee_posts_for(coverages[0], on=summit.start_date)
    assert [post.slug for post in posts] == ["cis-head", "sco-head"]


def test_a_body_of_a_party_organizes_covered_events(make_arrangement, make_event, world):
    make_arrangement()
    event = make_event(owner=world["orgs"]["sco"], organizers=[world["bodies"]["sco"]])
    assert [c.covered.organization.slug for c in selectors.arrangements_covering(event)] == ["sco"]


def test_events_outside_the_scope_or_force_are_not_covered(
    make_arrangement, make_event, site_admin, world
):
    arrangement = make_arrangement()
    csto = world["orgs"]["csto"]
    assert selectors.arrangements_covering(make_event(kind="consultations", owner=csto)) == []
    early = make_event(
        owner=csto,
        start=dt.datetime(2023, 5, 1, 10, 0),  # noqa: DTZ001 (local time)
        end=dt.datetime(2023, 5, 1, 12, 0),  # noqa: DTZ001 (local time)
    )
    assert selectors.arrangements_covering(early) == []  # before it came into force
    _move(world, arrangement, services.arrangement_suspend)
    assert selectors.arrangements_covering(make_event(owner=csto)) == []


def test_one_way_covers_the_inviting_partys_events_only(make_arrangement, make_event, world):
    make_arrangement(direction="one_way", inviting_party=world["orgs"]["cis"])
    csto, cis = world["orgs"]["csto"], world["orgs"]["cis"]
    assert selectors.arrangements_covering(make_event(owner=csto, organizers=[csto])) == []
    coverages = selectors.arrangements_covering(make_event(owner=cis, organizers=[cis]))
    assert [c.covered.organization for c in coverages] == [cis]


def test_the_newcomer_is_invited_after_accession(accession, make_event, world):
    for slug in (*PARTIES, NEWCOMER):
        _consent(world, accession, slug)
    later = timezone.localtime() + dt.timedelta(days=30)
    summit = make_event(owner=world["orgs"]["csto"], start=later, end=later + dt.timedelta(hours=4))
    (coverage,) = selectors.arrangements_covering(summit)
    posts = invitation_selectors.invitee_posts_for(coverage, on=summit.start_date)
    assert [post.slug for post in posts] == ["cis-head", "sco-head", "union-state-head"]


def test_required_invitee_posts_is_pure_and_adds_deputies_on_request(world):
    """The helper works on plain objects: heads first, deputies only when the rule asks."""
    links = [
        ArrangementParty(organization=world["orgs"][s], executive_body=world["bodies"][s])
        for s in ("cis", "sco")
    ]
    by_body = {world["bodies"][s].pk: world["posts"][s] for s in ("cis", "sco")}
    heads = required_invitee_posts(others=links, posts_by_body=by_body)
    assert [p.slug for p in heads] == ["cis-head", "sco-head"]
    everyone = required_invitee_posts(others=links, posts_by_body=by_body, include_deputies=True)
    assert [p.slug for p in everyone] == ["cis-head", "cis-deputy", "sco-head", "sco-deputy"]
    assert required_invitee_posts(others=links, posts_by_body={}) == []


def test_after_an_accession_the_page_names_the_party_the_title_does_not(accession, world):
    """The title stays the founding parties' agreed text; the page names who acceded since."""
    from django.test import Client
    from django.urls import reverse

    for slug in (*PARTIES, NEWCOMER):
        _consent(world, accession, slug)
    client = Client()
    client.cookies["django_language"] = "en"
    html = client.get(reverse("arrangements:detail", args=[accession.arrangement.slug]))
    text = html.content.decode()
    assert "The title is the founding parties' text. Acceded since:" in text
    assert f"{world['orgs'][NEWCOMER].name} (" in text
