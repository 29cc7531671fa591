"""Invitations follow their event: a new first day re-addresses drafts, a new visibility is taken."""

import datetime as dt

import pytest
from django.test import Client

from collegium.core.audit import verify_chain
from collegium.core.models import AuditRecord, Visibility
from collegium.events.calendar import services as event_services
from collegium.events.invitations import services as invitation_services
from collegium.events.models import Event, Invitation
from collegium.registry import services as registry


def _on(day: dt.date) -> dict:
    start = dt.datetime.combine(day, dt.time(10))
    return {"start": start, "end": start + dt.timedelta(hours=4)}


@pytest.fixture
def heads(site_admin, world):
    """Two successive heads of the CIS body: until 30 June 2025, then from 1 July."""
    cis, post = world["orgs"]["cis"], world["posts"]["cis"][0]
    people = []
    for slug, start, end in (
        ("first-head", dt.date(2020, 1, 1), dt.date(2025, 6, 30)),
        ("second-head", dt.date(2025, 7, 1), None),
    ):
        person = registry.person_create(
            actor=site_admin, data={"slug": slug, "name_ru": slug, "owner": cis}
        )
        registry.tenure_create(
            actor=site_admin,
            data={
                "person": person,
                "post": post,
                "start_date": start,
                "end_date": end,
                "owner": cis,
            },
        )
        people.append(person)
    return people


def _to_cis(event: Event) -> Invitation:
    return Invitation.objects.get(event=event, invitee_organization__slug="cis")


def test_a_new_first_day_readdresses_drafts_only(make_arrangement, make_event, heads, world):
    """A draft goes to the holder on the new day; a sent invitation keeps its addressee."""
    make_arrangement()
    editor = world["editors"]["csto"]
    draft_event = make_event(**_on(dt.date(2025, 6, 30)))
    sent_event = make_event(**_on(dt.date(2025, 6, 30)))
    assert _to_cis(draft_event).invitee_person == _to_cis(sent_event).invitee_person == heads[0]
    invitation_services.invitation_send(actor=editor, invitation=_to_cis(sent_event))

    for event in (draft_event, sent_event):
        event_services.event_update(actor=editor, event=event, data=_on(dt.date(2025, 7, 1)))

    assert _to_cis(draft_event).invitee_person == heads[1]
    assert _to_cis(sent_event).invitee_person == heads[0]
    refreshed = AuditRecord.objects.filter(action="invitation.refresh")
    assert list(refreshed.values_list("object_id", flat=True)) == [str(_to_cis(draft_event).pk)]
    assert refreshed.get().actor == editor.username
    assert verify_chain().ok


def test_a_change_within_the_same_day_touches_nothing(make_arrangement, make_event, heads, world):
    make_arrangement()
    event = make_event(**_on(dt.date(2025, 6, 30)))
    event_services.event_update(
        actor=world["editors"]["csto"],
        event=event,
        data={"start": dt.datetime(2025, 6, 30, 9, 0), "venue": "Ала-Арча"},  # noqa: DTZ001
    )
    assert not AuditRecord.objects.filter(action="invitation.refresh").exists()


def test_rescheduling_readdresses_drafts(make_arrangement, make_event, heads, site_admin):
    make_arrangement()
    event = make_event(**_on(dt.date(2025, 6, 30)))
    event_services.event_postpone(actor=site_admin, event=event)
    event_services.event_reschedule(actor=site_admin, event=event, **_on(dt.date(2025, 7, 2)))
    assert _to_cis(event).invitee_person == heads[1]


def test_a_vacant_post_on_the_new_day_leaves_the_draft_unaddressed(
    make_arrangement, make_event, heads, site_admin
):
    make_arrangement()
    event = make_event(**_on(dt.date(2025, 6, 30)))
    event_services.event_update(actor=site_admin, event=event, data=_on(dt.date(2019, 6, 30)))
    assert _to_cis(event).invitee_person is None


@pytest.mark.parametrize(
    "steps",
    [
        [Visibility.PARTIES, Visibility.INTERNAL, Visibility.PUBLIC],
        [Visibility.INTERNAL, Visibility.PARTIES],
    ],
)
def test_invitations_take_the_events_visibility(make_arrangement, make_event, world, steps):
    """Restricting an event restricts its invitations (no longer refused), and back again."""
    make_arrangement()
    event = make_event()
    for visibility in steps:
        event_services.event_update(
            actor=world["editors"]["csto"], event=event, data={"visibility": visibility}
        )
        visibilities = set(
            Invitation.objects.filter(event=event).values_list("visibility", flat=True)
        )
        assert visibilities == {visibility}
    assert AuditRecord.objects.filter(action="invitation.refresh").count() == 2 * len(steps)


def test_widening_an_event_shows_its_invitations_but_never_a_hidden_person(
    make_arrangement, make_event, site_admin, world
):
    """An internal event invites the holder of an internal record; made public, its
    invitations are public too, and outsiders read them without the person."""
    make_arrangement()
    csto = world["orgs"]["csto"]
    person = registry.person_create(
        actor=site_admin,
        data={"slug": "hidden", "name_ru": "Скрытый", "owner": csto, "visibility": "internal"},
    )
    registry.tenure_create(
        actor=site_admin,
        data={
            "person": person,
            "post": world["posts"]["cis"][0],
            "owner": csto,
            "visibility": "internal",
        },
    )
    event = make_event(visibility=Visibility.INTERNAL)
    invitation = _to_cis(event)
    assert invitation.invitee_person == person
    event_services.event_update(actor=site_admin, event=event, data={"visibility": "public"})
    assert set(Invitation.objects.filter(event=event).values_list("visibility", flat=True)) == {
        Visibility.PUBLIC
    }
    outsider = Client().get(f"/api/v1/events/invitations/{invitation.pk}").json()
    assert outsider["invitee_person"] is None
    page = Client().get(f"/calendar/events/{event.slug}/")
    assert page.status_code == 200
    assert "Скрытый" not in page.content.decode()
