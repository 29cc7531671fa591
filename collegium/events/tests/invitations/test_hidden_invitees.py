"""An invitee whose record the reader may not see is never named: checks, pages, letters.

Generation addresses an invitation to whoever holds the post, even when the
holder's record is internal to its organization; a public invitation then
names a person some readers may not see.
"""

import datetime as dt

import pytest
from django.test import Client

from collegium.core.models import Visibility
from collegium.events.checks.selectors import protocol_checks_for_event
from collegium.events.tests.checks.test_checks import _invitation_to, _soon
from collegium.registry import services as registry


@pytest.fixture
def secret_head(site_admin, world, make_arrangement, make_event):
    """An internal CIS head, invited to a public CSTO summit and an overlapping SCO one."""
    cis = world["orgs"]["cis"]
    secret = registry.person_create(
        actor=site_admin,
        data={
            "slug": "secret-head",
            "name_ru": "Тайный",
            "name_en": "Secret Head",
            "owner": cis,
            "visibility": Visibility.INTERNAL,
        },
    )
    registry.tenure_create(
        actor=site_admin,
        data={
            "person": secret,
            "post": world["posts"]["cis"][0],
            "start_date": dt.date(2020, 1, 1),
            "owner": cis,
            "visibility": Visibility.INTERNAL,
        },
    )
    make_arrangement()
    summit = make_event(slug="csto-summit", **_soon())
    make_event(slug="sco-summit", owner=world["orgs"]["sco"], **_soon())
    invitation = _invitation_to(summit, "cis", world)
    assert invitation.invitee_person_id == secret.pk
    return summit, invitation


def _english(user=None) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def test_checks_report_the_overlap_without_the_name(secret_head, world):
    summit, _invitation = secret_head
    outsider = world["editors"]["csto"]
    messages = [c.message for c in protocol_checks_for_event(user=outsider, event=summit)]
    assert any("not shown" in message for message in messages)
    assert not any("Secret" in message for message in messages)
    api = _english().get("/api/v1/events/events/csto-summit/checks").content.decode()
    assert "not shown" in api
    assert "Secret" not in api
    page = _english(outsider).get("/calendar/events/csto-summit/")
    assert page.status_code == 200
    assert "Secret" not in page.content.decode()
    insider = world["editors"]["cis"]
    messages = [c.message for c in protocol_checks_for_event(user=insider, event=summit)]
    assert any("Secret Head" in message for message in messages)


@pytest.mark.parametrize("extension", ["docx", "pdf"])
def test_a_letter_to_a_hidden_addressee_is_refused_without_naming_them(
    secret_head, world, extension
):
    _summit, invitation = secret_head
    for client in (_english(), _english(world["editors"]["csto"])):
        for path in (
            f"/calendar/invitations/{invitation.pk}/letter.{extension}",
            f"/api/v1/events/invitations/{invitation.pk}/letter.{extension}",
        ):
            response = client.get(path)
            assert response.status_code == 409, path
            body = response.content.decode()
            assert "not shown to you" in body
            assert "Тайный" not in body
            assert "Secret" not in body


def test_an_internal_post_is_invited_but_not_shown_to_outsiders(
    site_admin, world, make_arrangement, make_event
):
    head = world["posts"]["cis"][0]
    registry.post_update(
        actor=site_admin,
        post=head,
        data={"visibility": Visibility.INTERNAL, "label_en": "Secret Post Label"},
    )
    make_arrangement()
    summit = make_event(slug="csto-summit", **_soon())
    invitation = _invitation_to(summit, "cis", world)
    assert invitation.invitee_post == head
    api = _english().get(f"/api/v1/events/invitations/{invitation.pk}").json()
    assert api["invitee_post"] is None
    page = _english().get("/calendar/events/csto-summit/")
    assert page.status_code == 200
    assert "a post not shown to you" in page.content.decode()
    assert "Secret Post Label" not in page.content.decode()
    # Sending it, the CSTO's editor is told which invitation moved, without the label.
    editor = _english(world["editors"]["csto"])
    response = editor.post(
        f"/calendar/invitations/{invitation.pk}/move/", {"move": "send"}, follow=True
    )
    assert "a post not shown to you" in response.content.decode()
    assert "Secret Post Label" not in response.content.decode()
    insider = _english(world["editors"]["cis"])
    assert insider.get(f"/api/v1/events/invitations/{invitation.pk}").json()["invitee_post"] == (
        head.slug
    )
