"""Protocol checks: the engine on plain data, the loader over the database, the page and the API."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from collegium.core.models import Visibility
from collegium.events.availability.services import unavailability_create
from collegium.events.calendar import services as event_services
from collegium.events.checks.engine import (
    Check,
    CheckData,
    CheckEvent,
    CheckInvitation,
    CheckKind,
    CheckPerson,
    CheckRequired,
    CheckUnavailability,
    Severity,
    protocol_checks,
)
from collegium.events.checks.selectors import (
    protocol_checks_for_event,
    protocol_checks_visible_to,
    required_invitations_by_event,
)
from collegium.events.invitations import services as invitation_services
from collegium.events.invitations.engine import holder_on
from collegium.events.invitations.selectors import invitation_list_visible_to
from collegium.events.models import Event, Invitation, InvitationStatus
from collegium.registry import services as registry

# --- The engine ------------------------------------------------------------------------

D = dt.date(2026, 3, 10)


def _event(pk, day=D, hours=(10, 16), status="planned", days=1):
    start = dt.datetime(day.year, day.month, day.day, hours[0], tzinfo=dt.UTC)
    end = start.replace(hour=hours[1]) + dt.timedelta(days=days - 1)
    return CheckEvent(pk, f"e{pk}", f"Event {pk}", start, end, day, end.date(), status)


IVANOV, PETROV = CheckPerson(1, "Ivanov"), CheckPerson(2, "Petrov")


def _invitation(pk, event_id, person=IVANOV, status="sent", post_id=100, sent=True):
    sent_at = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC) if sent else None
    return CheckInvitation(pk, event_id, post_id, "Head", person, status, sent_at, arrangement_id=7)


def _kinds(checks: list[Check]) -> list[tuple]:
    return [(c.kind, c.event.pk, c.invitation.pk if c.invitation else None) for c in checks]


def test_missing_invitation_fires_only_when_nothing_exists_for_a_live_event():
    """A required invitation without one fires; an existing one or a cancelled event does not."""
    events = [_event(1), _event(2, status="cancelled"), _event(3)]
    required = [
        CheckRequired(1, 7, "Cross", 100, "Head", "CIS"),
        CheckRequired(2, 7, "Cross", 100, "Head", "CIS"),
        CheckRequired(3, 7, "Cross", 100, "Head", "CIS"),
    ]
    checks = protocol_checks(
        CheckData(events, required=required, existing=frozenset({(3, 7, 100)}))
    )
    assert _kinds(checks) == [(CheckKind.MISSING_INVITATION, 1, None)]
    assert checks[0].severity == Severity.ERROR
    assert "Head (CIS)" in checks[0].message
    assert "Cross" in checks[0].message


def test_post_changed_hands_fires_for_a_new_holder_and_for_a_vacancy_either_way():
    """Sent to Ivanov, held by Petrov; sent to nobody, now held; sent to Ivanov, now vacant."""
    events = [_event(1)]
    invitations = [
        _invitation(10, 1, IVANOV, post_id=100),
        _invitation(11, 1, None, post_id=101),
        _invitation(12, 1, IVANOV, post_id=102),
        _invitation(13, 1, IVANOV, post_id=103),  # unchanged: no check
    ]
    holders = {(100, D): PETROV, (101, D): PETROV, (102, D): None, (103, D): IVANOV}
    checks = protocol_checks(CheckData(events, invitations=invitations, holders=holders))
    assert [(c.kind, c.invitation.pk) for c in checks] == [
        (CheckKind.POST_CHANGED_HANDS, 10),
        (CheckKind.POST_CHANGED_HANDS, 11),
        (CheckKind.POST_CHANGED_HANDS, 12),
    ]
    assert "Ivanov" in checks[0].message
    assert "Petrov" in checks[0].message
    assert "vacant" in checks[1].message
    assert "vacant" in checks[2].message


def test_post_changed_hands_ignores_drafts_closed_invitations_and_cancelled_events():
    """A draft was never sent; a declined one is closed; a cancelled event needs nobody."""
    events = [_event(1), _event(2, status="cancelled")]
    invitations = [
        _invitation(10, 1, IVANOV, status="draft", sent=False),
        _invitation(11, 1, IVANOV, status="declined", post_id=101),
        _invitation(12, 2, IVANOV, post_id=102),
    ]
    holders = {(100, D): PETROV, (101, D): PETROV, (102, D): PETROV}
    assert protocol_checks(CheckData(events, invitations=invitations, holders=holders)) == []


def test_overlapping_events_fire_on_both_and_only_when_the_times_overlap():
    """Two overlapping events flag each other; touching end to start does not overlap."""
    events = [_event(1, hours=(10, 16)), _event(2, hours=(15, 18)), _event(3, hours=(18, 20))]
    invitations = [_invitation(10, 1), _invitation(20, 2), _invitation(30, 3)]
    checks = protocol_checks(CheckData(events, invitations=invitations))
    assert [(c.kind, c.event.pk, c.other_event.pk) for c in checks] == [
        (CheckKind.OVERLAPPING_EVENTS, 1, 2),
        (CheckKind.OVERLAPPING_EVENTS, 2, 1),
    ]
    assert checks[0].severity == Severity.WARNING
    assert "Ivanov" in checks[0].message
    assert "Event 2" in checks[0].message


def test_overlapping_events_need_the_person_expected_at_both_live_events():
    """A declined invitation, a cancelled event or another person do not clash."""
    events = [_event(1), _event(2), _event(3, status="cancelled"), _event(4)]
    invitations = [
        _invitation(10, 1),
        _invitation(20, 2, status="declined"),
        _invitation(30, 3),
        _invitation(40, 4, person=PETROV),
        _invitation(41, 4, person=None),
    ]
    assert protocol_checks(CheckData(events, invitations=invitations)) == []


def test_overlap_with_an_event_outside_the_checked_set_and_its_severity():
    """Only the checked event gets the check; two acceptances make it an error."""
    events = [_event(1)]
    invitations = [_invitation(10, 1, status="accepted"), _invitation(20, 2, status="accepted")]
    checks = protocol_checks(
        CheckData(events, invitations=invitations, other_events=[_event(2, hours=(12, 13))])
    )
    assert [(c.event.pk, c.other_event.pk, c.severity) for c in checks] == [(1, 2, Severity.ERROR)]


def test_outside_availability_fires_on_a_shared_day_only():
    """A period covering a day of the event fires; one ending the day before does not."""
    events = [_event(1, days=2)]  # 10 and 11 March
    invitations = [_invitation(10, 1), _invitation(11, 1, person=PETROV, post_id=101)]
    periods = [
        CheckUnavailability(
            1, IVANOV.pk, D + dt.timedelta(days=1), D + dt.timedelta(days=5), "leave"
        ),
        CheckUnavailability(2, PETROV.pk, D - dt.timedelta(days=5), D - dt.timedelta(days=1)),
    ]
    checks = protocol_checks(CheckData(events, invitations=invitations, unavailabilities=periods))
    assert _kinds(checks) == [(CheckKind.OUTSIDE_AVAILABILITY, 1, 10)]
    assert "Ivanov" in checks[0].message
    assert "leave" in checks[0].message


def test_outside_availability_ignores_invitees_no_longer_expected():
    events = [_event(1)]
    invitations = [_invitation(10, 1, status="declined")]
    periods = [CheckUnavailability(1, IVANOV.pk, D, D)]
    assert (
        protocol_checks(CheckData(events, invitations=invitations, unavailabilities=periods)) == []
    )


def test_no_answer_recorded_fires_for_a_sent_invitation_of_a_held_event_only():
    """Held, still "sent": a warning; answered, unanswered-recorded or not yet held: nothing."""
    events = [_event(1, status="held"), _event(2, status="planned")]
    invitations = [
        _invitation(10, 1, IVANOV),
        _invitation(11, 1, PETROV, status="accepted", post_id=101),
        _invitation(12, 1, None, status="no_reply", post_id=102),
        _invitation(13, 1, None, status="draft", post_id=103, sent=False),
        _invitation(14, 2, None, post_id=104),
    ]
    checks = protocol_checks(CheckData(events, invitations=invitations))
    assert _kinds(checks) == [(CheckKind.NO_ANSWER_RECORDED, 1, 10)]
    assert checks[0].severity == Severity.WARNING
    assert "no answer to the invitation to Head" in checks[0].message


def test_holder_on_prefers_the_substantive_holder_then_the_latest_start():
    rows = [
        (1, 10, False, dt.date(2020, 1, 1), None),
        (1, 11, False, dt.date(2025, 1, 1), None),
        (1, 12, True, dt.date(2026, 1, 1), None),
        (2, 20, True, None, None),
        (3, 30, False, None, dt.date(2026, 1, 1)),
    ]
    assert holder_on(rows, D) == {1: 11, 2: 20}


# --- Over the database --------------------------------------------------------------------


def _soon(days=30, hours=(10, 16)):
    day = timezone.localdate() + dt.timedelta(days=days)
    return {
        "start": dt.datetime(day.year, day.month, day.day, hours[0]),  # noqa: DTZ001 (local)
        "end": dt.datetime(day.year, day.month, day.day, hours[1]),  # noqa: DTZ001 (local)
    }


@pytest.fixture
def heads(site_admin, world):
    """Persons holding the head posts of the parties' executive bodies since 2020."""
    persons = {}
    for slug in ("csto", "cis", "sco"):
        person = registry.person_create(
            actor=site_admin,
            data={
                "slug": f"{slug}-head-person",
                "name_ru": f"Глава {slug}",
                "name_en": f"Head {slug}",
                "owner": world["orgs"][slug],
            },
        )
        registry.tenure_create(
            actor=site_admin,
            data={
                "person": person,
                "post": world["posts"][slug][0],
                "start_date": dt.date(2020, 1, 1),
                "owner": world["orgs"][slug],
            },
        )
        persons[slug] = person
    return persons


@pytest.fixture
def summit(make_arrangement, make_event, heads):
    """A CSTO summit in a month, with draft invitations to the CIS and SCO heads."""
    make_arrangement()
    return make_event(slug="csto-summit", **_soon())


def _invitation_to(event, slug, world):
    return Invitation.objects.get(event=event, invitee_post=world["posts"][slug][0])


def _checks_of(user, event):
    return [(c.kind, c.severity) for c in protocol_checks_for_event(user=user, event=event)]


def test_a_fully_invited_event_has_no_checks(site_admin, summit):
    assert Invitation.objects.filter(event=summit).count() == 2
    assert protocol_checks_for_event(user=site_admin, event=summit) == []


def test_the_batch_rule_matches_generation(summit, make_event, world):
    """The checks' bulk loader requires exactly what invitation generation does."""
    other = make_event(slug="cis-summit", owner=world["orgs"]["cis"], **_soon(40))
    events = list(Event.objects.filter(pk__in=[summit.pk, other.pk]).prefetch_related("organizers"))
    required, _arrangements, _posts = required_invitations_by_event(events)
    for event in events:
        assert required[event.pk] == invitation_services._required_for(event)
        assert len(required[event.pk]) == 2


def test_missing_invitation_when_the_head_post_moves_after_generation(site_admin, summit, world):
    """The CIS body's head post becomes its deputy's: that post's invitation is missing."""
    head, deputy = world["posts"]["cis"]
    registry.post_update(actor=site_admin, post=head, data={"is_head": False})
    registry.post_update(actor=site_admin, post=deputy, data={"is_head": True})
    checks = protocol_checks_for_event(user=site_admin, event=summit)
    assert [c.kind for c in checks] == [CheckKind.MISSING_INVITATION]
    assert "deputy" in checks[0].message
    # Generating the missing invitation clears the check.
    invitation_services.invitations_generate_for_event(actor=site_admin, event=summit)
    assert protocol_checks_for_event(user=site_admin, event=summit) == []


def test_missing_invitation_is_not_shown_under_an_arrangement_the_user_cannot_see(
    site_admin, make_arrangement, make_event, heads, world, make_user
):
    """An internal arrangement of the CSTO stays hidden from a CIS viewer, and so its checks."""
    make_arrangement(visibility=Visibility.INTERNAL)
    event = make_event(slug="csto-summit", **_soon())
    head, deputy = world["posts"]["cis"]
    registry.post_update(actor=site_admin, post=head, data={"is_head": False})
    registry.post_update(actor=site_admin, post=deputy, data={"is_head": True})
    assert len(protocol_checks_for_event(user=world["editors"]["csto"], event=event)) == 1
    assert protocol_checks_for_event(user=world["editors"]["cis"], event=event) == []


def test_post_changed_hands_after_the_invitation_was_sent(site_admin, summit, world):
    """A new CIS head recorded after sending: an error naming both; before sending, nothing."""
    invitation = _invitation_to(summit, "cis", world)
    first_day = summit.start_date
    tenure = world["posts"]["cis"][0].tenures.get()
    registry.tenure_update(
        actor=site_admin, tenure=tenure, data={"end_date": first_day - dt.timedelta(days=3)}
    )
    newcomer = registry.person_create(
        actor=site_admin,
        data={
            "slug": "new-head",
            "name_ru": "Новый глава",
            "name_en": "New Head",
            "owner": world["orgs"]["cis"],
        },
    )
    registry.tenure_create(
        actor=site_admin,
        data={
            "person": newcomer,
            "post": world["posts"]["cis"][0],
            "start_date": first_day - dt.timedelta(days=2),
            "owner": world["orgs"]["cis"],
        },
    )
    assert protocol_checks_for_event(user=site_admin, event=summit) == []  # still a draft
    invitation_services.invitation_send(actor=world["editors"]["csto"], invitation=invitation)
    checks = protocol_checks_for_event(user=world["editors"]["csto"], event=summit)
    assert [(c.kind, c.severity, c.invitation.pk) for c in checks] == [
        (CheckKind.POST_CHANGED_HANDS, Severity.ERROR, invitation.pk)
    ]
    assert "Head cis" in checks[0].message
    assert "New Head" in checks[0].message


def test_overlapping_events_over_the_database(site_admin, summit, make_event, world):
    """The CIS head is invited to two summits at the same time; a later summit does not clash."""
    sco_summit = make_event(slug="sco-summit", owner=world["orgs"]["sco"], **_soon(hours=(14, 18)))
    make_event(slug="sco-later", owner=world["orgs"]["sco"], **_soon(days=31))
    checks = protocol_checks_for_event(user=site_admin, event=summit)
    assert [(c.kind, c.other_event.slug) for c in checks] == [
        (CheckKind.OVERLAPPING_EVENTS, "sco-summit")
    ]
    assert "Head cis" in checks[0].message
    # Declined: the person is no longer expected there.
    invitation = _invitation_to(sco_summit, "cis", world)
    invitation_services.invitation_send(actor=site_admin, invitation=invitation)
    invitation_services.invitation_answer(
        actor=world["editors"]["cis"], invitation=invitation, status=InvitationStatus.DECLINED
    )
    assert protocol_checks_for_event(user=site_admin, event=summit) == []


def test_checks_from_the_pages_invitations_are_the_checks_read_alone(
    site_admin, summit, make_event, world
):
    """Given the invitations the event page read for its invitations section, the checks are
    the same as when they read the invitations themselves, for each reader."""
    make_event(slug="sco-summit", owner=world["orgs"]["sco"], **_soon(hours=(14, 18)))
    make_event(
        slug="sco-secret",
        owner=world["orgs"]["sco"],
        visibility=Visibility.INTERNAL,
        **_soon(hours=(12, 18)),
    )
    readers = [None, site_admin, *(world["editors"][slug] for slug in ("csto", "cis", "sco"))]
    for user in readers:
        shown = list(invitation_list_visible_to(user=user, event=summit))
        alone = protocol_checks_for_event(user=user, event=summit)
        assert alone, user
        assert protocol_checks_for_event(user=user, event=summit, invitations=shown) == alone


def test_overlap_with_an_event_the_user_cannot_see_is_not_shown(summit, make_event, world):
    """An internal SCO summit at the same time is not revealed to the CSTO's editor."""
    make_event(
        slug="sco-secret",
        owner=world["orgs"]["sco"],
        visibility=Visibility.INTERNAL,
        **_soon(hours=(14, 18)),
    )
    assert protocol_checks_for_event(user=world["editors"]["csto"], event=summit) == []
    assert len(protocol_checks_for_event(user=world["editors"]["sco"], event=summit)) == 1


def test_outside_availability_follows_the_periods_visibility(site_admin, summit, heads, world):
    """A CIS-internal period shows to the CIS, not to the CSTO; a period the next day never."""
    day = summit.start_date
    unavailability_create(
        actor=world["editors"]["cis"],
        data={
            "person": heads["cis"],
            "start_date": day,
            "end_date": day + dt.timedelta(days=2),
            "reason": "state visit",
            "owner": world["orgs"]["cis"],
            "visibility": Visibility.INTERNAL,
        },
    )
    unavailability_create(
        actor=site_admin,
        data={
            "person": heads["sco"],
            "start_date": day + dt.timedelta(days=1),
            "end_date": day + dt.timedelta(days=2),
            "owner": world["orgs"]["sco"],
        },
    )
    checks = protocol_checks_for_event(user=world["editors"]["cis"], event=summit)
    assert [c.kind for c in checks] == [CheckKind.OUTSIDE_AVAILABILITY]
    assert "state visit" in checks[0].message
    assert protocol_checks_for_event(user=world["editors"]["csto"], event=summit) == []


def test_cancelled_events_have_no_checks(site_admin, summit, heads):
    unavailability_create(
        actor=site_admin,
        data={
            "person": heads["cis"],
            "start_date": summit.start_date,
            "end_date": summit.start_date,
            "owner": summit.owner,
        },
    )
    assert len(protocol_checks_for_event(user=site_admin, event=summit)) == 1
    event_services.event_cancel(actor=site_admin, event=summit)
    assert protocol_checks_for_event(user=site_admin, event=summit) == []


@pytest.fixture
def busy_period(site_admin, make_arrangement, make_event, heads, world):
    """Return a function adding ``n`` pairs of clashing CSTO and SCO summits, each with checks."""
    make_arrangement()

    def add(n: int, start: int = 0):
        for i in range(start, start + n):
            make_event(slug=f"csto-{i}", **_soon(days=10 + i))
            make_event(
                slug=f"sco-{i}", owner=world["orgs"]["sco"], **_soon(days=10 + i, hours=(12, 18))
            )
            unavailability_create(
                actor=site_admin,
                data={
                    "person": heads["cis"],
                    "start_date": timezone.localdate() + dt.timedelta(days=10 + i),
                    "end_date": timezone.localdate() + dt.timedelta(days=10 + i),
                    "owner": world["orgs"]["cis"],
                },
            )

    return add


def test_the_period_checks_take_a_bounded_number_of_queries(
    busy_period, world, django_assert_max_num_queries
):
    """One pair of events or eight: the same number of queries."""
    user = world["editors"]["csto"]
    busy_period(1)
    with django_assert_max_num_queries(16) as one:
        few = protocol_checks_visible_to(user=user)
    busy_period(7, start=1)
    user = type(user).objects.get(pk=user.pk)
    with django_assert_max_num_queries(len(one.captured_queries)):
        many = protocol_checks_visible_to(user=user)
    assert len(many) == 8 * len(few) > 0
    kinds = {c.kind for c in many}
    assert kinds == {CheckKind.OVERLAPPING_EVENTS, CheckKind.OUTSIDE_AVAILABILITY}


def test_the_period_checks_filter_by_period_organization_and_kind(busy_period, world):
    busy_period(2)
    user = world["editors"]["csto"]
    everything = protocol_checks_visible_to(user=user)
    assert {c.event.slug for c in everything} == {"csto-0", "sco-0", "csto-1", "sco-1"}
    day = timezone.localdate() + dt.timedelta(days=10)
    assert {c.event.slug for c in protocol_checks_visible_to(user=user, last_day=day)} == {
        "csto-0",
        "sco-0",
    }
    sco = protocol_checks_visible_to(user=user, organization=world["orgs"]["sco"])
    assert {c.event.slug for c in sco} == {"sco-0", "sco-1"}
    # The other event of an overlap lies outside the organization's events.
    assert {c.other_event.slug for c in sco if c.other_event} == {"csto-0", "csto-1"}
    overlaps = protocol_checks_visible_to(user=user, kind=CheckKind.OVERLAPPING_EVENTS)
    assert overlaps
    assert {c.kind for c in overlaps} == {CheckKind.OVERLAPPING_EVENTS}
    past = protocol_checks_visible_to(
        user=user, first_day=day - dt.timedelta(days=400), last_day=day - dt.timedelta(days=20)
    )
    assert past == []


# --- Pages and API ----------------------------------------------------------------------


def test_the_event_page_shows_its_checks(client, summit, make_event, world):
    make_event(slug="sco-summit", owner=world["orgs"]["sco"], **_soon(hours=(14, 18)))
    response = client.get(f"/calendar/events/{summit.slug}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="checks-title"' in content
    assert "/calendar/events/sco-summit/" in content


def test_the_event_page_of_a_clean_event_says_so(client, make_event):
    event = make_event(slug="lonely")
    response = client.get(f"/calendar/events/{event.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="checks-title"' in html
    assert "Проблем не выявлено" in html
    assert "badge--danger" not in html
    assert "badge--warn" not in html


def test_the_checks_page_lists_filters_and_refuses_a_bad_period(
    client, busy_period, django_assert_max_num_queries
):
    busy_period(2)
    with django_assert_max_num_queries(25):
        response = client.get("/calendar/checks/")
    assert response.status_code == 200
    content = response.content.decode()
    for slug in ("csto-0", "sco-0", "csto-1", "sco-1"):
        assert f"/calendar/events/{slug}/" in content
    response = client.get("/calendar/checks/", {"kind": "missing_invitation"})
    assert response.status_code == 200
    assert "/calendar/events/csto-0/" not in response.content.decode()
    assert client.get("/calendar/checks/", {"kind": "bogus"}).status_code == 400
    assert (
        client.get("/calendar/checks/", {"from": "2026-02-01", "to": "2026-01-01"}).status_code
        == 400
    )
    assert client.get("/calendar/checks/", {"organization": "nowhere"}).status_code == 404


def test_the_checks_tab_does_not_carry_its_kind_to_the_calendar(client, db):
    content = client.get("/calendar/checks/", {"kind": "overlapping_events"}).content.decode()
    assert 'href="/calendar/?kind=' not in content
    assert 'href="/calendar/list/?kind=' not in content


def test_the_api_lists_checks_and_an_events_checks(summit, make_event, world):
    make_event(slug="sco-summit", owner=world["orgs"]["sco"], **_soon(hours=(14, 18)))
    client = Client()
    response = client.get("/api/v1/events/checks")
    assert response.status_code == 200
    items = response.json()["items"]
    assert {(i["kind"], i["event"], i["other_event"]) for i in items} == {
        ("overlapping_events", "csto-summit", "sco-summit"),
        ("overlapping_events", "sco-summit", "csto-summit"),
    }
    assert all(i["severity"] == "warning" and i["message"] for i in items)
    assert client.get("/api/v1/events/checks", {"kind": "missing_invitation"}).json()["items"] == []
    assert client.get("/api/v1/events/checks", {"organization": "nowhere"}).json()["items"] == []
    assert client.get("/api/v1/events/checks", {"kind": "bogus"}).status_code == 422
    response = client.get("/api/v1/events/events/csto-summit/checks")
    assert [i["other_event"] for i in response.json()] == ["sco-summit"]
    assert client.get("/api/v1/events/events/nowhere/checks").status_code == 404


def test_the_api_hides_the_checks_of_a_hidden_event(make_event, world):
    make_event(slug="secret", visibility=Visibility.INTERNAL)
    client = Client()
    assert client.get("/api/v1/events/events/secret/checks").status_code == 404
    client.force_login(world["editors"]["csto"])
    assert client.get("/api/v1/events/events/secret/checks").status_code == 200


def test_a_new_holder_the_user_may_not_see_is_not_named(site_admin, summit, world):
    """The check still fires for the organizer, without the name of a CIS-internal person."""
    invitation = _invitation_to(summit, "cis", world)
    invitation_services.invitation_send(actor=site_admin, invitation=invitation)
    cis = world["orgs"]["cis"]
    tenure = world["posts"]["cis"][0].tenures.get()
    registry.tenure_update(
        actor=site_admin, tenure=tenure, data={"end_date": summit.start_date - dt.timedelta(days=3)}
    )
    secret = registry.person_create(
        actor=site_admin,
        data={
            "slug": "secret-head",
            "name_en": "Secret Head",
            "name_ru": "Тайный",
            "owner": cis,
            "visibility": Visibility.INTERNAL,
        },
    )
    registry.tenure_create(
        actor=site_admin,
        data={
            "person": secret,
            "post": world["posts"]["cis"][0],
            "start_date": summit.start_date - dt.timedelta(days=2),
            "owner": cis,
            "visibility": Visibility.INTERNAL,
        },
    )
    [organizers] = protocol_checks_for_event(user=world["editors"]["csto"], event=summit)
    assert organizers.kind == CheckKind.POST_CHANGED_HANDS
    assert "Secret Head" not in organizers.message
    assert "not shown to you" in organizers.message
    [own] = protocol_checks_for_event(user=world["editors"]["cis"], event=summit)
    assert "Secret Head" in own.message


def test_a_period_starting_at_the_calendars_end_is_no_server_error(client, db):
    """A year on from 31 December 9999 does not exist: the period stops at the last day."""
    assert client.get("/calendar/checks/", {"from": "9999-12-31"}).status_code == 200
    assert client.get("/api/v1/events/checks", {"from": "9999-12-30"}).status_code == 200


def test_a_checks_period_over_five_years_is_refused_naming_the_field(client, db):
    client.cookies["django_language"] = "en"
    page = client.get("/calendar/checks/", {"from": "2020-01-01", "to": "2030-01-01"})
    assert page.status_code == 400
    assert "at most five years" in page.content.decode()
    assert client.get("/calendar/checks/", {"to": "2200-01-01"}).status_code == 400
    api = client.get("/api/v1/events/checks", {"from": "2020-01-01", "to": "2030-01-01"})
    assert api.status_code == 422
    assert api.json()["detail"][0]["loc"] == ["query", "to"]
    ok = client.get("/api/v1/events/checks", {"from": "2025-01-01", "to": "2029-12-31"})
    assert ok.status_code == 200
