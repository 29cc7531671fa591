"""An organization sent an invitation may see the event it is invited to, on every surface.

Issue 8, section 2: the SCO's secretariat makes a "parties" event of the SCO
and the CIS; the cross-invitation practice (the demo's arrangement) makes the
CIS invite the CSTO's Secretary General.  One cannot answer an invitation to an
event one may not see, so once the invitation is *sent* the CSTO sees the event
wherever it sees events: the API, the calendar pages, the event page (which
says why), the invitations, the letters, the protocol checks, the reciprocity
report and its private feed.  A draft is the organizer's own and shows the
CSTO nothing; an organization neither party nor invited (the Standing
Committee of the Union State, the MFA of Belarus) sees nothing at any time.
"""

import datetime as dt
import types

import pytest
from django.core.management import call_command
from django.test import Client

from collegium.accounts.models import User
from collegium.events.calendar.services import calendar_feed_token_create
from collegium.events.models import Event, Invitation
from collegium.testing.http import client_as, post

SLUG = "sco-cis-parties-event"
TITLE_EN = "SCO and CIS closed meeting"
MONTH = {"from": "2027-06-01", "to": "2027-06-30"}
OUTSIDERS = ("union-state-standing-committee", "mfa-by")
NOTE = "Visible to you as an invited organization"


class _Sink:
    def write(self, s):
        pass

    def flush(self):
        pass


def _client(username: str) -> Client:
    return client_as(User.objects.get(username=username), language="en")


@pytest.fixture
def scenario(db, monkeypatch):
    """The demo (loaded as of 1 Dec 2026), the SCO's "parties" event (organized with the CIS)
    and its draft to the CSTO.

    Also a public SCO summit the same day, whose invitation to the CSTO's
    Secretary General is sent (so the protocol checks see him expected at two
    events at once), and each reader's private feed.
    """
    moment = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    monkeypatch.setattr("collegium.events.demo.timezone", types.SimpleNamespace(now=lambda: moment))
    call_command("demo", stdout=_Sink())
    sco = _client("sco-secretariat")
    common = {
        "kind": "summit",
        "owner": "sco-secretariat",
        "timezone": "Asia/Shanghai",
        "start": "2027-06-15T10:00:00",
        "end": "2027-06-15T16:00:00",
        "city_ru": "Пекин",
        "city_en": "Beijing",
        "host_state": "cn",
    }
    # Co-organized with the CIS, so the site administrator names both (the SCO's own
    # secretariat names the SCO only); the event stays the SCO's.
    created = post(
        _client("admin"),
        "/api/v1/events/events",
        {
            **common,
            "slug": SLUG,
            "title_ru": "Закрытая встреча ШОС и СНГ",
            "title_en": TITLE_EN,
            "organizers": ["sco", "cis"],
            "visibility": "parties",
        },
    )
    assert created.status_code == 201, created.content
    invitation = Invitation.objects.get(event__slug=SLUG)
    assert (invitation.inviting_organization.slug, invitation.invitee_organization.slug) == (
        "cis",
        "csto",
    )
    assert invitation.status == "draft"
    public = post(
        sco,
        "/api/v1/events/events",
        {
            **common,
            "slug": "sco-public-summit",
            "title_ru": "Открытый саммит ШОС",
            "title_en": "SCO open summit",
            "organizers": ["sco"],
            "visibility": "public",
        },
    )
    assert public.status_code == 201, public.content
    to_csto = Invitation.objects.get(
        event__slug="sco-public-summit", invitee_post=invitation.invitee_post
    )
    assert post(sco, f"/api/v1/events/invitations/{to_csto.pk}/send").status_code == 200
    feeds = {
        username: calendar_feed_token_create(actor=User.objects.get(username=username))[1]
        for username in ("csto-secretariat", *OUTSIDERS)
    }
    return types.SimpleNamespace(
        invitation=invitation, event=Event.objects.get(slug=SLUG), feeds=feeds
    )


def _send(scenario) -> None:
    """Send the invitation as the CIS's Executive Committee, its organizer."""
    url = f"/api/v1/events/invitations/{scenario.invitation.pk}/send"
    assert post(_client("cis-executive-committee"), url).status_code == 200


def _seen(scenario, username: str) -> dict[str, bool]:
    """Return, surface by surface, whether the user's client is shown the event."""
    client = _client(username)
    pk, uid = scenario.invitation.pk, scenario.event.uid

    def status(url, **params):
        return client.get(url, params).status_code

    def listed(url, **params):
        response = client.get(url, params)
        assert response.status_code == 200, (url, response.status_code)
        return SLUG.encode() in response.content or TITLE_EN.encode() in response.content

    def in_api_list(url, key, **params):
        response = client.get(url, params)
        assert response.status_code == 200, (url, response.content)
        return any(item[key] == SLUG for item in response.json()["items"])

    reciprocity = client.get("/api/v1/reciprocity", {"start": MONTH["from"], "end": MONTH["to"]})
    pairs = {(p["inviter"], p["invitee"]): p["sent"] for p in reciprocity.json()["pairs"]}
    checks = client.get("/api/v1/events/checks", MONTH).json()["items"]
    feed = client.get(f"/calendar/feed/{scenario.feeds[username]}.ics")
    assert feed.status_code == 200
    public_feed = client.get("/calendar/public.ics")
    return {
        "api event": status(f"/api/v1/events/events/{SLUG}") == 200,
        "api event list": in_api_list("/api/v1/events/events", "slug", **MONTH),
        "api event checks": status(f"/api/v1/events/events/{SLUG}/checks") == 200,
        "api checks list": any(item["event"] == SLUG for item in checks),
        "api invitation": status(f"/api/v1/events/invitations/{pk}") == 200,
        "api invitation list": in_api_list(
            "/api/v1/events/invitations", "event", invitee="csto", **MONTH
        ),
        "api letter docx": status(f"/api/v1/events/invitations/{pk}/letter.docx") == 200,
        "api letter pdf": status(f"/api/v1/events/invitations/{pk}/letter.pdf") == 200,
        "api reciprocity": pairs.get(("cis", "csto"), 0) > 0,
        "page event": status(f"/calendar/events/{SLUG}/") == 200,
        "page month": listed("/calendar/", month="2027-06"),
        "page list": listed("/calendar/list/", **MONTH),
        "page invitations": listed("/calendar/invitations/"),
        "page checks": listed("/calendar/checks/", **MONTH),
        "page letter docx": status(f"/calendar/invitations/{pk}/letter.docx") == 200,
        "page letter pdf": status(f"/calendar/invitations/{pk}/letter.pdf") == 200,
        "private feed": uid.encode() in feed.content,
        # Never: the public feed holds the public events only, whoever asks.
        "public feed": uid.encode() in public_feed.content,
    }


SURFACES = (
    "api event",
    "api event list",
    "api event checks",
    "api checks list",
    "api invitation",
    "api invitation list",
    "api letter docx",
    "api letter pdf",
    "api reciprocity",
    "page event",
    "page month",
    "page list",
    "page invitations",
    "page checks",
    "page letter docx",
    "page letter pdf",
    "private feed",
    "public feed",
)


def _everywhere(seen: bool) -> dict[str, bool]:
    """Return the surfaces of ``_seen``, all showing the event or none (the public feed never)."""
    return dict.fromkeys(SURFACES, seen) | {"public feed": False}


def test_a_draft_shows_the_invitee_nothing(scenario):
    """Before the CIS sends it, the CSTO sees neither the event nor its invitation."""
    assert _seen(scenario, "csto-secretariat") == _everywhere(False)


def test_a_sent_invitation_shows_the_invitee_the_event_everywhere(scenario):
    """Once sent, the CSTO sees the event on every surface at once, cached ones included.

    The CSTO's pages, API reads and feed are read (and cached) before the
    sending: the sending is an audited write of the events, which moves their
    read-cache version, so the next request shows the event.
    """
    assert _seen(scenario, "csto-secretariat") == _everywhere(False)
    _send(scenario)
    assert _seen(scenario, "csto-secretariat") == _everywhere(True)


@pytest.mark.parametrize("username", OUTSIDERS)
def test_an_organization_neither_party_nor_invited_sees_nothing(scenario, username):
    """The Standing Committee and the MFA of Belarus are told nothing, before or after."""
    assert _seen(scenario, username) == _everywhere(False)
    _send(scenario)
    assert _seen(scenario, username) == _everywhere(False)


def test_the_event_page_says_why_the_invitee_sees_it(scenario):
    """The CSTO's page carries the note; the organizers' pages do not."""
    _send(scenario)
    page = _client("csto-secretariat").get(f"/calendar/events/{SLUG}/")
    assert NOTE in page.content.decode()
    assert TITLE_EN in page.content.decode()
    for organizer in ("sco-secretariat", "cis-executive-committee", "admin"):
        page = _client(organizer).get(f"/calendar/events/{SLUG}/")
        assert page.status_code == 200
        assert NOTE not in page.content.decode()


def test_the_invitee_answers_and_still_sees_the_event(scenario):
    """The CSTO answers from what it sees; a declined invitation still shows the event."""
    _send(scenario)
    client = _client("csto-secretariat")
    url = f"/api/v1/events/invitations/{scenario.invitation.pk}/answer"
    answered = post(client, url, {"status": "declined"})
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "declined"
    assert client.get(f"/api/v1/events/events/{SLUG}").status_code == 200
    # Seeing is not changing: the event stays the SCO's to edit.
    confirm = post(client, f"/api/v1/events/events/{SLUG}/confirm")
    assert confirm.status_code == 403


def test_overlap_checks_name_the_hidden_event_only_to_those_who_see_it(scenario):
    """The CSTO head is expected at the public summit and the closed meeting the same day.

    The public summit's checks name the closed meeting to the CSTO once its
    invitation is sent, never to an outsider, who sees the public summit.
    """

    def overlaps(username):
        client = _client(username)
        checks = client.get("/api/v1/events/events/sco-public-summit/checks").json()
        page = client.get("/calendar/events/sco-public-summit/").content.decode()
        return [check for check in checks if check["kind"] == "overlapping_events"], page

    assert overlaps("admin")[0]
    for username in ("csto-secretariat", *OUTSIDERS):
        checks, page = overlaps(username)
        assert checks == [], username
        assert TITLE_EN not in page, username
    _send(scenario)
    checks, page = overlaps("csto-secretariat")
    assert checks
    assert TITLE_EN in page
    for username in OUTSIDERS:
        checks, page = overlaps(username)
        assert checks == [], username
        assert TITLE_EN not in page, username
