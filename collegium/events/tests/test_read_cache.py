"""The read cache across domains: a write moves the pages that show its data, and only those.

Events pages (the event page, the calendar, the reciprocity report) declare
a dependency on the registry and on accounts; the registry's pages do not
depend on events, except a person's page, which lists their absences.
"""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from collegium.accounts.services import user_update
from collegium.events.invitations import services
from collegium.events.models import Invitation, InvitationStatus
from collegium.registry.services import organization_update

YEAR = {"start": "2025-01-01", "end": "2025-12-31"}
OLD_NAME, NEW_NAME = "CSTO", "Collective Security Treaty Organization"


def _client(user=None) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def summit(world, make_arrangement, make_event):
    """A public CSTO summit in 2025 whose invitation of the CIS has been sent."""
    make_arrangement()
    event = make_event(slug="summit")
    invitation = Invitation.objects.get(event=event, invitee_organization__slug="cis")
    services.invitation_send(actor=world["editors"]["csto"], invitation=invitation)
    return event


def _pages(summit) -> dict[str, tuple[str, dict, int]]:
    """Return every page and API read that shows the CSTO's name.

    {label: (path, query, queries of a signed-in user's hit besides the
    versions and the session)}: the calendar reads the user's feed link.
    """
    return {
        "organization list": (reverse("registry:organization-list"), {}, 0),
        "organization page": (reverse("registry:organization-detail", args=["csto"]), {}, 0),
        "organization API": ("/api/v1/registry/organizations/csto", {}, 0),
        "event page": (reverse("events:event-detail", args=[summit.slug]), {}, 0),
        "calendar month": (reverse("events:month"), {"month": "2025-11"}, 1),
        "calendar list": (reverse("events:list"), {}, 1),
        "reciprocity page": (reverse("reciprocity:report"), YEAR, 0),
        "reciprocity API": ("/api/v1/reciprocity", YEAR, 0),
    }


def test_an_invitation_write_leaves_the_registry_pages_cached(
    summit, world, site_admin, django_assert_num_queries
):
    """Answering an invitation moves the events pages, not the registry's organization pages."""
    registry_pages = [
        reverse("registry:organization-list"),
        reverse("registry:organization-detail", args=["csto"]),
        reverse("registry:organization-detail", args=["cis"]),
        "/api/v1/registry/organizations/csto",
    ]
    anonymous, admin = _client(), _client(site_admin)
    for path in registry_pages:
        anonymous.get(path)
    event_page = reverse("events:event-detail", args=[summit.slug])
    assert "cis-editor" not in admin.get(event_page).content.decode()

    invitation = Invitation.objects.get(event=summit, invitee_organization__slug="cis")
    services.invitation_answer(
        actor=world["editors"]["cis"], invitation=invitation, status=InvitationStatus.ACCEPTED
    )

    for path in registry_pages:
        with django_assert_num_queries(1):  # the versions only: the page comes from the cache
            assert anonymous.get(path).status_code == 200
    # The event page, which shows the invitation, is built afresh on the next request.
    assert "cis-editor" in admin.get(event_page).content.decode()


def test_a_renamed_organization_is_on_every_page_at_the_next_request(
    summit, site_admin, django_assert_num_queries
):
    """The registry's pages, the event page, the calendar and the reciprocity report."""
    # A hit reads the versions (signed in: the session, and the calendar the feed link).
    clients = {"anonymous": (_client(), False), "admin": (_client(site_admin), True)}
    pages = _pages(summit)
    for client, signed_in in clients.values():
        for label, (path, query, own) in pages.items():
            assert OLD_NAME in client.get(path, query).content.decode(), label
            with django_assert_num_queries(1 + (1 + own if signed_in else 0), info=label):
                assert client.get(path, query).status_code == 200

    organization_update(actor=site_admin, organization=summit.owner, data={"name_en": NEW_NAME})

    for who, (client, _) in clients.items():
        for label, (path, query, _) in pages.items():
            assert NEW_NAME in client.get(path, query).content.decode(), (who, label)


def test_a_renamed_user_is_on_the_event_page_at_the_next_request(summit, world, site_admin):
    """The event page names who sent an invitation: an accounts write moves it."""
    client = _client(site_admin)
    event_page = reverse("events:event-detail", args=[summit.slug])
    assert "csto-editor" in client.get(event_page).content.decode()
    user_update(
        actor=site_admin,
        user=world["editors"]["csto"],
        data={"first_name": "Ivan", "last_name": "Sergeev"},
    )
    assert "Ivan Sergeev" in client.get(event_page).content.decode()


def test_a_persons_page_follows_their_absences(world, site_admin):
    """A person's page lists absences (events data): it declares events besides the registry."""
    from collegium.events.availability.services import unavailability_create
    from collegium.registry import services as registry

    person = registry.person_create(
        actor=site_admin,
        data={
            "slug": "ivanov",
            "name_ru": "Иванов",
            "name_en": "Ivanov",
            "owner": world["orgs"]["csto"],
        },
    )
    client = _client(site_admin)
    path = reverse("registry:person-detail", args=["ivanov"])
    client.get(path)
    unavailability_create(
        actor=site_admin,
        data={
            "person": person,
            "start_date": dt.date(2025, 11, 20),
            "end_date": dt.date(2025, 11, 30),
            "reason": "on leave",
            "owner": world["orgs"]["csto"],
        },
    )
    assert "on leave" in client.get(path).content.decode()
