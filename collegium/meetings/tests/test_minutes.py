"""The meeting's minutes on its page: shown with their status, drawn up by an organizer's manager."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from collegium.core.exceptions import TransitionError
from collegium.decisions import services as decisions_services
from collegium.decisions.models import Document, DocumentKind, DocumentStatus
from collegium.meetings import services

FORM = 'action="/meetings/joint-2025/minutes/new/"'


def _page(client, meeting) -> str:
    response = client.get(reverse("events:event-detail", args=[meeting.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_manager_draws_up_the_minutes_among_the_organizers(users, meeting, ministries):
    minutes = services.meeting_minutes_create(actor=users["by-manager"], meeting=meeting)
    assert minutes.kind == DocumentKind.MINUTES
    assert minutes.status == DocumentStatus.DRAFT
    assert minutes.meeting_id == meeting.pk
    assert minutes.owner == ministries["by-collegium"]
    assert {link.organization for link in minutes.party_links.all()} == {
        ministries["ru-collegium"],
        ministries["by-collegium"],
    }
    with pytest.raises(TransitionError) as excinfo:
        services.meeting_minutes_create(actor=users["ru-manager"], meeting=meeting)
    assert excinfo.value.code == "meeting_minutes_exist"


@pytest.mark.parametrize("who", ["ru-editor", "ru-viewer", "third-manager", "site-admin"])
def test_only_an_organizers_manager_draws_up_the_minutes(users, meeting, who):
    with pytest.raises(PermissionDenied, match="Only a manager for one of its parties"):
        services.meeting_minutes_create(actor=users[who], meeting=meeting)
    assert not Document.objects.exists()


# fmt: off
FORMS = [
    # user            the form to draw up the minutes
    (None,            False),
    ("ru-viewer",     False),
    ("ru-editor",     False),
    ("ru-manager",    True),
    ("by-manager",    True),
    ("third-manager", False),
    ("site-admin",    False),
]
# fmt: on


@pytest.mark.parametrize(("who", "offered"), FORMS)
def test_the_page_offers_the_minutes_form_exactly_when_allowed(
    client, users, meeting, who, offered
):
    if who:
        client.force_login(users[who])
    assert (FORM in _page(client, meeting)) is offered


def test_drawing_up_through_the_page_then_the_panel_shows_their_status(
    client, users, meeting, ministries
):
    client.force_login(users["ru-manager"])
    response = client.post(f"/meetings/{meeting.slug}/minutes/new/")
    minutes = Document.objects.get(kind=DocumentKind.MINUTES)
    assert response.status_code == 302
    assert response["Location"] == f"/documents/{minutes.slug}/"
    html = _page(client, meeting)
    assert FORM not in html
    assert f'href="/documents/{minutes.slug}/"' in html
    assert "Проект" in html
    decisions_services.document_circulate(actor=users["ru-manager"], document=minutes)
    assert "Разослан" in _page(client, meeting)
    for party, manager in (("ru-collegium", "ru-manager"), ("by-collegium", "by-manager")):
        decisions_services.document_agree(
            actor=users[manager], document=minutes, party=ministries[party]
        )
    assert "Утверждён" in _page(client, meeting)


def test_a_stranger_posting_the_form_is_refused(client, users, meeting):
    client.force_login(users["third-manager"])
    response = client.post(f"/meetings/{meeting.slug}/minutes/new/")
    assert response.status_code == 403
    assert not Document.objects.exists()
