"""Invitation pages: the event page's section and its buttons, the moves, generation, the list."""

import re
from functools import partial

import pytest
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from collegium.core import cache as read_cache
from collegium.core.models import Visibility
from collegium.events.invitations import services
from collegium.events.models import Invitation, InvitationStatus
from collegium.testing.http import client_as


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# These tests read the answers in English.
_as = partial(client_as, language="en")


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def summit(make_arrangement, make_event):
    """A CSTO summit under the three-party arrangement: invitations to the CIS and SCO heads."""
    make_arrangement()
    return make_event(slug="summit")


@pytest.fixture
def to_cis(summit):
    return Invitation.objects.get(event=summit, invitee_organization__slug="cis")


def _page(client, slug="summit") -> str:
    response = client.get(reverse("events:event-detail", args=[slug]))
    assert response.status_code == 200
    return _text(response)


def _buttons(html: str, invitation) -> list[str]:
    row = re.search(rf'<tr id="invitation-{invitation.pk}">(.*?)</tr>', html)
    assert row is not None
    return re.findall(r'name="move" value="(\w+)"', row.group(1))


def test_the_event_page_lists_its_invitations(summit, world, site_admin):
    """Post, organization, arrangement (or ad hoc) and status; anonymous callers get no buttons."""
    services.invitation_create_ad_hoc(
        actor=site_admin, event=summit, post=world["posts"]["mfa-ru"][0]
    )
    html = _page(_as())
    assert 'id="invitations-title">Invitations</h2>' in html
    assert html.count('<tr id="invitation-') == 3
    assert 'href="/arrangements/cross/">Cross-invitations</a>' in html
    assert "ad hoc" in html
    assert "post vacant on the day" in html
    assert 'name="move"' not in html
    assert "Generate missing invitations" not in html


def test_each_side_sees_the_buttons_of_its_moves(summit, to_cis, world):
    organizer, invitee, other = (
        _as(world["editors"]["csto"]),
        _as(world["editors"]["cis"]),
        _as(world["editors"]["sco"]),
    )
    assert _buttons(_page(organizer), to_cis) == ["send"]
    assert "Generate missing invitations" in _page(organizer)
    assert _buttons(_page(invitee), to_cis) == []
    services.invitation_send(actor=world["editors"]["csto"], invitation=to_cis)
    assert _buttons(_page(organizer), to_cis) == [
        "accept_on_behalf",
        "decline_on_behalf",
        "no_reply",
    ]
    assert _buttons(_page(invitee), to_cis) == ["accept", "decline"]
    assert _buttons(_page(other), to_cis) == []
    services.invitation_answer(actor=world["editors"]["cis"], invitation=to_cis, status="accepted")
    assert _buttons(_page(organizer), to_cis) == ["attended", "absent"]
    html = _page(_as())
    assert "answer recorded" in html
    assert "cis-editor" in html


# An editor's miss also asks whether an arrangement covers the event (the generation button)
# and reads the event's history (its audit records and the organizations they name).  Both
# misses read the meetings' panels of a summit: its agenda, delegations, previous and next.
ANONYMOUS_MISS, SIGNED_IN_MISS, SIGNED_IN_HIT = 8 + 4, 16 + 4, 2


def test_the_event_page_query_count_does_not_grow_with_invitations(
    make_arrangement, make_event, world, django_assert_num_queries
):
    """The data part of the page is read in a fixed number of queries, whatever it shows.

    A miss reads the data version, the event, its organizers, its invitations (one query
    with every relation and person) and what the protocol checks need; a hit only the
    data version.  Signed in adds the session, the roles and the parents of the user's
    organizations.
    """
    make_arrangement(slug="few")
    few = make_event(slug="few")
    make_arrangement(slug="many", include_deputies=True)
    many = make_event(slug="many")
    services.invitation_create_ad_hoc(
        actor=world["editors"]["csto"], event=many, post=world["posts"]["mfa-ru"][0]
    )
    assert (
        Invitation.objects.filter(event=few).count() < Invitation.objects.filter(event=many).count()
    )
    client = Client()
    for slug in ("few", "many"):
        with django_assert_num_queries(ANONYMOUS_MISS):
            client.get(reverse("events:event-detail", args=[slug]))
        with django_assert_num_queries(1):
            client.get(reverse("events:event-detail", args=[slug]))
    editor = _as(world["editors"]["csto"])
    editor.get(reverse("events:event-detail", args=["few"]))
    for slug in ("few", "many"):
        caches[read_cache.CACHE_ALIAS].clear()
        with django_assert_num_queries(SIGNED_IN_MISS):
            editor.get(reverse("events:event-detail", args=[slug]))
        with django_assert_num_queries(SIGNED_IN_HIT):
            editor.get(reverse("events:event-detail", args=[slug]))


def test_a_move_redirects_back_with_a_message(to_cis, world):
    client = _as(world["editors"]["csto"])
    url = reverse("events:invitation-move", args=[to_cis.pk])
    response = client.post(url, {"move": "send", "next": "/calendar/invitations/?status=draft"})
    assert response.status_code == 302
    assert response["Location"] == "/calendar/invitations/?status=draft"
    assert _messages(response) == ["The invitation of head is now “Sent”."]
    to_cis.refresh_from_db()
    assert to_cis.status == InvitationStatus.SENT
    assert to_cis.sent_by == world["editors"]["csto"]


def test_a_refused_move_names_the_rule(to_cis, world):
    """An illegal move is a message naming the rule; a wrong party is a 403 naming who answers
    (the policy's refusal, as in the API: the page never offers it); nothing changes."""
    url = reverse("events:invitation-move", args=[to_cis.pk])
    early = _as(world["editors"]["cis"]).post(url, {"move": "accept"})
    assert early.status_code == 302
    assert early["Location"] == "/calendar/events/summit/"
    assert "Only a sent invitation is answered." in _messages(early)[0]
    services.invitation_send(actor=world["editors"]["csto"], invitation=to_cis)
    wrong = _as(world["editors"]["sco"]).post(url, {"move": "decline"})
    assert wrong.status_code == 403
    assert "a party does not answer for another" in wrong.content.decode()
    unknown = _as(world["editors"]["csto"]).post(url, {"move": "vanish"})
    assert _messages(unknown) == ["Unknown action; nothing was recorded."]
    offsite = _as(world["editors"]["csto"]).post(
        url, {"move": "no_reply", "next": "https://evil.example/"}
    )
    assert offsite["Location"] == "/calendar/events/summit/"
    to_cis.refresh_from_db()
    assert to_cis.status == InvitationStatus.NO_REPLY


def test_on_behalf_answers_are_flagged_on_the_page(to_cis, world):
    organizer = _as(world["editors"]["csto"])
    url = reverse("events:invitation-move", args=[to_cis.pk])
    organizer.post(url, {"move": "send"})
    organizer.post(url, {"move": "decline_on_behalf"})
    to_cis.refresh_from_db()
    assert to_cis.status == InvitationStatus.DECLINED
    assert to_cis.answered_on_behalf
    assert "on behalf</span>" in _page(_as())


def test_moves_need_a_signed_in_user_and_a_visible_invitation(make_arrangement, make_event, world):
    make_arrangement()
    hidden = Invitation.objects.filter(
        event=make_event(slug="closed", visibility=Visibility.INTERNAL)
    ).first()
    url = reverse("events:invitation-move", args=[hidden.pk])
    assert _as().post(url, {"move": "send"}).status_code == 302  # to the login page
    assert _as(world["editors"]["cis"]).post(url, {"move": "send"}).status_code == 404
    assert _as(world["editors"]["csto"]).get(url).status_code == 405


def test_generation_from_the_event_page(make_event, make_arrangement, world):
    make_event(slug="summit")
    make_arrangement()  # in force after the event was recorded: nothing generated yet
    url = reverse("events:invitation-generate", args=["summit"])
    refused = _as(world["editors"]["cis"]).post(url)
    assert refused.status_code == 403
    assert "editor" in refused.content.decode()
    assert not Invitation.objects.exists()
    response = _as(world["editors"]["csto"]).post(url)
    assert response["Location"] == "/calendar/events/summit/"
    assert _messages(response) == ["Invitations created: 2; already there: 0."]
    again = _as(world["editors"]["csto"]).post(url)
    assert _messages(again) == ["Invitations created: 0; already there: 2."]
    assert (
        _as(world["editors"]["csto"])
        .post(reverse("events:invitation-generate", args=["missing"]))
        .status_code
        == 404
    )


# --- The list -------------------------------------------------------------------------


def test_the_list_filters_incoming_outgoing_status_and_organization(
    summit, to_cis, make_event, world
):
    """The CIS's incoming are the CSTO summit's; its own event's invitations are outgoing."""
    cis_event = make_event(slug="cis-summit", owner=world["orgs"]["cis"])
    services.invitation_send(actor=world["editors"]["csto"], invitation=to_cis)
    client = _as(world["editors"]["cis"])
    url = reverse("events:invitation-list")

    def rows(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return sorted(
            (i.event.slug, i.invitee_organization.slug)
            for i in Invitation.objects.filter(
                pk__in=[int(pk) for pk in re.findall(r'<tr id="invitation-(\d+)"', _text(response))]
            )
        )

    assert rows(direction="incoming") == [("summit", "cis")]
    assert rows(direction="outgoing") == [("cis-summit", "csto"), ("cis-summit", "sco")]
    assert rows(status="sent") == [("summit", "cis")]
    assert rows(organization="sco") == [("cis-summit", "sco"), ("summit", "sco")]
    assert len(rows()) == 4
    assert cis_event.invitations.count() == 2
    html = _text(client.get(url, {"direction": "incoming"}))
    assert 'aria-current="page">Invitations</a>' in html
    assert 'value="accept"' in html  # the CIS answers from the list
    assert client.get(url, {"organization": "nobody"}).status_code == 404
    assert client.get(url, {"status": "maybe"}).status_code == 400


def test_the_list_is_open_to_anonymous_readers_without_direction(summit):
    html = _text(_as().get(reverse("events:invitation-list")))
    assert html.count('<tr id="invitation-') == 2
    assert 'name="direction"' not in html


def test_the_calendar_tabs_link_to_the_invitations(client, db):
    html = _text(client.get(reverse("events:month")))
    assert f'href="{reverse("events:invitation-list")}"' in html


def test_a_hidden_arrangement_is_not_named_on_the_page(make_arrangement, make_event, world):
    make_arrangement(visibility=Visibility.INTERNAL)
    make_event(slug="summit")
    html = _page(_as())
    assert "Cross-invitations" not in html
    assert "an arrangement not shown" in html
    assert "Cross-invitations" in _page(_as(world["editors"]["csto"]))


def test_a_cached_event_page_carries_each_visitors_own_csrf_token(summit, to_cis, world, make_user):
    """The page is cached per scope; its forms still post with the visitor's own token."""
    first = world["editors"]["csto"]
    second = make_user(world["orgs"]["csto"], first.affiliations.get().role, username="second")
    _page(_as(first))  # fills the cache for the scope both share
    client = Client(enforce_csrf_checks=True)
    client.force_login(second)
    html = client.get(reverse("events:event-detail", args=["summit"])).content.decode()
    assert read_cache.CSRF_PLACEHOLDER not in html
    token = re.search(
        rf'action="{reverse("events:invitation-move", args=[to_cis.pk])}">\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
        html,
    ).group(1)
    response = client.post(
        reverse("events:invitation-move", args=[to_cis.pk]),
        {"move": "send", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    to_cis.refresh_from_db()
    assert to_cis.status == InvitationStatus.SENT
    assert to_cis.sent_by == second


def test_generation_is_offered_only_where_an_arrangement_covers_the_event(
    summit, make_event, world
):
    """A joint collegium is in no arrangement's scope: its page offers nothing to generate."""
    make_event(slug="collegium", kind="joint_collegium")
    editor = _as(world["editors"]["csto"])
    assert "Generate missing invitations" in _page(editor)
    assert "Generate missing invitations" not in _page(editor, "collegium")
