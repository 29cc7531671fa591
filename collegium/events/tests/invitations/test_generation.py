"""Bulk generation of every invitation: the same result as event by event, audited, in few queries."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collegium.core import audit
from collegium.core.exceptions import PermissionDenied
from collegium.core.models import AuditRecord
from collegium.devdata.synth import synth_load
from collegium.events.arrangements import services as arrangement_services
from collegium.events.calendar import services as event_services
from collegium.events.invitations import services as invitation_services
from collegium.events.invitations.generation import invitations_generate_all
from collegium.events.models import ConsentState, Event, Invitation
from collegium.events.tests.arrangements.arrangement_fixtures import NEWCOMER, consent_all
from collegium.registry import services as registry


def naive(*args):
    return dt.datetime(*args)  # noqa: DTZ001 (a local time, read in the event's zone)


def _summit(make_event, slug, year, month=6, **data):
    return make_event(
        slug=slug, start=naive(year, month, 10, 10, 0), end=naive(year, month, 10, 16, 0), **data
    )


@pytest.fixture
def history(site_admin, world, make_event, make_arrangement):
    """Past and future events of the parties, then the arrangements: only future events have
    invitations from the arrangements coming into force, the past ones have none yet.

    Covers a mutual arrangement in force since 2024, a one-way one with deputies, a party
    that accedes today, a terminated one, a cancelled summit, a
    summit co-organized by two parties, one held by a party's body, and a consultation
    (out of scope); the CIS head changes hands in mid-2025.
    """
    orgs, bodies, posts = world["orgs"], world["bodies"], world["posts"]
    people = [
        registry.person_create(
            actor=site_admin, data={"slug": slug, "name_ru": slug, "owner": orgs["cis"]}
        )
        for slug in ("first-head", "second-head", "acting-head")
    ]
    for person, start, end, acting in (
        (people[0], dt.date(2015, 1, 1), dt.date(2025, 6, 30), False),
        (people[2], dt.date(2025, 7, 1), dt.date(2025, 7, 31), True),
        (people[1], dt.date(2025, 7, 1), None, False),
    ):
        registry.tenure_create(
            actor=site_admin,
            data={
                "person": person,
                "post": posts["cis"][0],
                "start_date": start,
                "end_date": end,
                "acting": acting,
                "owner": orgs["cis"],
            },
        )
    events = [
        _summit(make_event, "csto-2019", 2019),
        _summit(make_event, "csto-2022", 2022),
        _summit(make_event, "csto-2024", 2024),
        _summit(make_event, "csto-2025", 2025, month=11),
        _summit(make_event, "cis-2025", 2025, month=9, owner=orgs["cis"]),
        _summit(make_event, "sco-2025", 2025, month=7, owner=orgs["sco"]),
        _summit(make_event, "joint-2025", 2025, month=5, organizers=[orgs["csto"], orgs["sco"]]),
        _summit(
            make_event,
            "body-2025",
            2025,
            month=4,
            owner=orgs["sco"],
            body=bodies["sco"],
            organizers=[bodies["sco"]],
        ),  # fmt: skip
        _summit(make_event, "union-2025", 2025, month=8, owner=orgs[NEWCOMER]),
        _summit(make_event, "consult-2025", 2025, month=3, kind="consultations"),
        _summit(make_event, "csto-2031", 2031),
        _summit(make_event, "cis-2031", 2031, owner=orgs["cis"]),
    ]
    cancelled = _summit(make_event, "csto-2023-cancelled", 2023)
    event_services.event_cancel(actor=site_admin, event=cancelled)
    make_arrangement(slug="mutual")
    make_arrangement(
        slug="one-way",
        parties=("sco", "cis", NEWCOMER),
        direction="one_way",
        inviting_party=orgs["sco"],
        include_deputies=True,
        owner=orgs["sco"],
    )
    late = make_arrangement(slug="late", parties=("csto", "cis"))
    ending = arrangement_services.arrangement_terminate(
        actor=world["editors"]["csto"],
        arrangement=make_arrangement(slug="ended"),
        party=orgs["csto"],
        on=dt.date(2024, 6, 1),
    )
    consent_all(ending, on=dt.date(2024, 6, 1))
    # The newcomer accedes to ``late`` today: a party for the events from now on.
    accession = arrangement_services.accession_propose(
        actor=world["editors"]["csto"],
        arrangement=late,
        organization=orgs[NEWCOMER],
        executive_body=bodies[NEWCOMER],
        proposed_by=orgs["csto"],
    )
    for slug in ("csto", "cis", NEWCOMER):
        arrangement_services.consent_record(
            actor=world["managers"][slug],
            accession=accession,
            party=orgs[slug],
            state=ConsentState.GIVEN,
        )
    return [*events, cancelled]


def _rows():
    """Every invitation as comparable values (no primary key, no timestamp)."""
    return sorted(
        Invitation.objects.values_list(
            "event__slug",
            "arrangement__slug",
            "inviting_organization__slug",
            "invitee_organization__slug",
            "invitee_body__slug",
            "invitee_post__slug",
            "invitee_person__slug",
            "owner__slug",
            "visibility",
            "status",
        ),
        key=lambda row: tuple(str(value) for value in row),
    )


_VOLATILE = {"id", "created_at"}


def _audit_rows(after_seq: int):
    """The audit records after ``after_seq``, without what differs between two runs."""
    found = []
    for record in AuditRecord.objects.filter(seq__gt=after_seq).order_by("seq"):
        after = {k: v for k, v in record.changes["after"].items() if k not in _VOLATILE}
        assert record.changes["before"] is None
        found.append(
            (
                record.action,
                record.object_type,
                record.organization,
                record.actor,
                sorted(after.items()),
            )
        )
    return sorted(found, key=repr)


class _Rollback(Exception):
    pass


def _bulk_then_rollback(actor):
    """Run the bulk generation, return its invitations and audit rows, and roll it back."""
    head = AuditRecord.objects.order_by("-seq").values_list("seq", flat=True).first()
    try:
        with transaction.atomic():
            result = invitations_generate_all(actor=actor)
            assert audit.verify_chain().ok
            seen = (result, _rows(), _audit_rows(head))
            raise _Rollback
    except _Rollback:
        pass
    return seen


def _event_by_event(actor):
    head = AuditRecord.objects.order_by("-seq").values_list("seq", flat=True).first()
    created = 0
    for event in Event.objects.order_by("pk"):
        created += len(
            invitation_services.invitations_generate_for_event(actor=actor, event=event)[0]
        )
    return created, _rows(), _audit_rows(head)


def test_bulk_equals_event_by_event_on_a_small_world(site_admin, history):
    """Past events get their invitations too; the result and the audit records are the same
    as calling invitations_generate_for_event on every event."""
    before = _rows()
    result, bulk_rows, bulk_audit = _bulk_then_rollback(site_admin)
    assert _rows() == before
    created, rows, audit_rows = _event_by_event(site_admin)
    assert result.created == created > 0
    # Invitations of the terminated arrangement stay but are required no more.
    assert result.existing == len([row for row in before if row[1] != "ended"])
    assert bulk_rows == rows
    assert bulk_audit == audit_rows
    slugs = {row[0] for row in rows}
    # Past summits are covered (the mutual one since 2024; the one-way since 2024 too).
    assert {"csto-2024", "csto-2025", "sco-2025", "joint-2025", "body-2025"} <= slugs
    assert not {"csto-2019", "csto-2022", "consult-2025", "csto-2023-cancelled"} & slugs
    invited = {(row[0], row[1], row[5], row[6]) for row in rows}
    # The CIS head on the event's day: the first holder, then the substantive successor.
    assert ("csto-2024", "mutual", "cis-head", "first-head") in invited
    assert ("csto-2025", "mutual", "cis-head", "second-head") in invited
    # One-way with deputies: the SCO invites the CIS head and deputy; nobody invites to
    # the CIS summit under it.
    assert ("sco-2025", "one-way", "cis-deputy", None) in invited
    assert not any(row[0] == "cis-2025" and row[1] == "one-way" for row in rows)
    # The newcomer is invited only once it has joined.
    assert ("csto-2031", "late", "union-state-head", None) in invited
    assert ("csto-2025", "late", "union-state-head", None) not in invited
    assert ("csto-2025", "late", "cis-head", "second-head") in invited
    assert {row[0] for row in rows if row[1] == "ended"} == {"cis-2031", "csto-2031"}


def test_bulk_equals_event_by_event_on_synthetic_data(site_admin):
    """The same equivalence on a small synthetic world, where nothing was generated yet."""
    synth_load(actor=site_admin, scale=0.3, seed=2)
    assert not Invitation.objects.exists()
    result, bulk_rows, bulk_audit = _bulk_then_rollback(site_admin)
    created, rows, audit_rows = _event_by_event(site_admin)
    assert result.created == created == len(rows) > 20
    assert bulk_rows == rows
    assert bulk_audit == audit_rows


def test_bulk_is_idempotent_and_the_chain_verifies(site_admin, history):
    result = invitations_generate_all(actor=site_admin)
    assert result.created > 0
    rows, records = _rows(), AuditRecord.objects.count()
    assert AuditRecord.objects.filter(action="invitation.generate").count() == len(rows)
    again = invitations_generate_all(actor=site_admin)
    assert again.created == 0
    assert again.existing == len([row for row in rows if row[1] != "ended"])
    assert _rows() == rows
    assert AuditRecord.objects.count() == records
    assert audit.verify_chain().ok
    # The per-event path then finds everything there already.
    for event in history:
        assert (
            invitation_services.invitations_generate_for_event(actor=site_admin, event=event)[0]
            == []
        )


def test_bulk_audit_records_link_like_single_appends(site_admin, history):
    """The records of the bulk path carry the owner, the system or the admin, and chain on."""
    head = AuditRecord.objects.order_by("-seq").first()
    invitations_generate_all(actor=None)
    records = list(AuditRecord.objects.filter(seq__gt=head.seq).order_by("seq"))
    assert records[0].prev_hash == head.hash
    assert all(r.actor == "system" and r.actor_id is None for r in records)
    invitation = Invitation.objects.get(pk=int(records[0].object_id))
    assert records[0].organization_id == invitation.owner_id
    assert records[0].object_repr == str(invitation)
    # A write after them still verifies.
    registry.person_create(
        actor=site_admin, data={"slug": "later", "name_ru": "Позже", "owner": invitation.owner}
    )
    assert audit.verify_chain().ok


def test_append_many_refuses_to_run_outside_a_transaction():
    entry = audit.Entry(action="x", object_type="y")
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.append_many(actor=None, entries=[entry])


def test_only_a_site_administrator_generates_everything(world, history):
    records = AuditRecord.objects.count()
    rows = _rows()
    with pytest.raises(PermissionDenied):
        invitations_generate_all(actor=world["managers"]["csto"])
    assert _rows() == rows
    assert AuditRecord.objects.count() == records


def test_command_generates_and_reports(history, capsys):
    call_command("invitations", "generate-all")
    out = capsys.readouterr().out
    assert "Generated" in out
    assert "(0 there already)" not in out
    call_command("invitations", "generate-all")
    assert "Generated 0 invitations" in capsys.readouterr().out
    assert audit.verify_chain().ok


# --- Query counts --------------------------------------------------------------------------


def test_bulk_generation_queries_do_not_grow_with_the_events(
    site_admin, world, make_event, make_arrangement, django_assert_num_queries
):
    """Arrangements, their parties, events, organizers, posts, existing invitations,
    tenures, owners, the invitations, the chain head and the records (plus savepoints and,
    on PostgreSQL, the chain lock): the same for one past summit as for twelve."""
    summits = [
        _summit(make_event, f"summit-{n}", 2024, month=3 + n % 9, owner=world["orgs"]["cis"])
        for n in range(12)
    ]
    make_arrangement()
    with transaction.atomic(), CaptureQueriesContext(connection) as twelve:
        assert invitations_generate_all(actor=site_admin).created == 12 * 2
        transaction.set_rollback(True)
    for summit in summits[1:]:
        event_services.event_cancel(actor=site_admin, event=summit)
    with django_assert_num_queries(len(twelve.captured_queries)):
        assert invitations_generate_all(actor=site_admin).created == 2


# --- Calendar pages over many events with invitations ---------------------------------------


@pytest.fixture
def busy_month(site_admin, world, make_event, make_arrangement):
    """Twelve summits of the three parties in June 2031, each with its invitations."""
    make_arrangement(include_deputies=True)
    events = []
    for n in range(12):
        owner = world["orgs"][("csto", "cis", "sco")[n % 3]]
        events.append(
            make_event(
                slug=f"june-{n}",
                owner=owner,
                start=naive(2031, 6, 2 + n, 10, 0),
                end=naive(2031, 6, 2 + n, 16, 0),
            )
        )
    assert all(event.invitations.count() == 4 for event in events)
    return events


def test_month_page_queries_do_not_grow_with_the_events(
    client, busy_month, django_assert_num_queries
):
    """The data version, the organizations involved and those organizations, events,
    organizers: the same five as for one event; then the version alone, the page coming
    from the read cache."""
    url = reverse("events:month")
    with django_assert_num_queries(5):
        response = client.get(url, {"month": "2031-06"})
    assert response.status_code == 200
    assert response.content.decode().count('href="/calendar/events/june-') >= 12
    with django_assert_num_queries(1):
        again = client.get(url, {"month": "2031-06"})
    assert again.content.decode().count('href="/calendar/events/june-') >= 12


def test_list_page_queries_do_not_grow_with_the_events(
    client, busy_month, django_assert_num_queries
):
    """The data version, the organizations involved and those organizations, count, events,
    organizers; then the version alone."""
    url = reverse("events:list")
    with django_assert_num_queries(6):
        assert client.get(url, {"from": "2031-06-01"}).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(url, {"from": "2031-06-01"}).status_code == 200


def test_cached_calendar_pages_show_a_change_on_the_next_request(
    client, busy_month, make_event, make_org, world
):
    """A write moves the data version; users of other scopes never share a page; bad
    filters stay a 400 and a hidden organization a 404 on every request."""
    url = reverse("events:month")
    assert "late-addition" not in client.get(url, {"month": "2031-06"}).content.decode()
    make_event(
        slug="late-addition",
        start=naive(2031, 6, 20, 10, 0),
        end=naive(2031, 6, 20, 12, 0),
        visibility="internal",
    )
    assert "late-addition" not in client.get(url, {"month": "2031-06"}).content.decode()
    client.force_login(world["editors"]["csto"])
    assert "late-addition" in client.get(url, {"month": "2031-06"}).content.decode()
    for _ in range(2):
        assert client.get(url, {"month": "2031-13"}).status_code == 400
        assert client.get(reverse("events:list"), {"from": "nope"}).status_code == 400
    client.logout()
    hidden = make_org("hidden-desk", visibility="internal")
    for _ in range(2):
        assert client.get(url, {"organization": hidden.slug}).status_code == 404


# With the meetings' panels of a summit: its agenda, delegations, previous and next (4).
EVENT_PAGE_MISS = 8 + 4


def test_event_page_with_invitations_query_count_is_pinned(
    client, busy_month, django_assert_num_queries
):
    """A miss reads what test_views pins, plus the arrangements' parties and posts for the
    required invitations; a hit reads the data version only."""
    with django_assert_num_queries(EVENT_PAGE_MISS):
        response = client.get(reverse("events:event-detail", args=["june-0"]))
    assert response.status_code == 200
    with django_assert_num_queries(1):
        client.get(reverse("events:event-detail", args=["june-0"]))
