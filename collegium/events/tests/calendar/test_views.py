"""The calendar pages: month grid, list, event page, feed section; access and bad input."""

import datetime as dt
import re

import pytest
from django import forms
from django.urls import reverse

from collegium.core.models import Visibility
from collegium.events.calendar import services
from collegium.events.calendar.views import PlainSelect


def naive(*args):
    return dt.datetime(*args)  # noqa: DTZ001 (a local time, read in the event's zone)


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def events(make_event, cis, kyrgyzstan, site_admin):
    """A public CSTO summit in Bishkek, a hidden CSTO meeting, a public CIS meeting, all Nov 2025."""
    return {
        "summit": make_event(slug="csto-summit", host_state=kyrgyzstan, summary="Итоги года"),
        "hidden": make_event(
            slug="csto-hidden",
            title_en="Closed consultations",
            kind="consultations",
            visibility=Visibility.INTERNAL,
            start=naive(2025, 11, 3, 10, 0),
            end=naive(2025, 11, 3, 12, 0),
        ),
        "cis": make_event(
            slug="cis-meeting",
            title_en="CIS foreign ministers",
            kind="council_of_ministers",
            owner=cis,
            timezone="Asia/Dushanbe",
            start=naive(2025, 11, 30, 23, 30),
            end=naive(2025, 12, 1, 1, 0),
        ),
    }


# --- Month --------------------------------------------------------------------------------


def test_month_grid_starts_on_monday_and_places_events_on_their_local_days(en, events):
    response = en.get(reverse("events:month"), {"month": "2025-11"})
    assert response.status_code == 200
    html = _text(response)
    assert "November 2025" in html
    headers = re.findall(r'<th scope="col"><abbr title="(\w+)">', html)
    assert headers[0] == "Monday"
    assert headers[-1] == "Sunday"
    # November 2025 starts on a Saturday: the grid opens on Monday 27 October.
    cells = re.findall(
        r'<td class="month__day[^"]*"[^>]*> <span class="month__date">(\d+)</span>', html
    )
    assert cells[:6] == ["27", "28", "29", "30", "31", "1"]
    assert len(cells) % 7 == 0
    day_27 = html.split('<span class="month__date">27</span>')[2].split("</td>")[0]
    assert "CSTO Collective Security Council" in day_27
    assert "10:00" in day_27  # the host's time, not Moscow's (07:00)
    # 30 Nov 23:30 in Dushanbe: on the 30th there (and the grid ends on Sunday the 30th).
    day_30 = html.split('<span class="month__date">30</span>')[2].split("</td>")[0]
    assert "CIS foreign ministers" in day_30
    assert html.count("CIS foreign ministers") == 2  # the grid and the month's table


def test_month_navigation_keeps_the_filters(en, events, csto):
    response = en.get(reverse("events:month"), {"month": "2025-01", "kind": "summit"})
    html = response.content.decode()
    assert 'href="?month=2024-12&amp;kind=summit"' in html
    assert 'href="?month=2025-02&amp;kind=summit"' in html


def test_month_defaults_to_the_current_month(en, db):
    from django.utils import timezone

    response = en.get(reverse("events:month"))
    assert timezone.localdate().strftime("%B %Y") in _text(response)
    assert 'aria-current="date"' in response.content.decode()


def test_hidden_events_are_not_in_the_calendar(en, events, csto_editor):
    url = reverse("events:month")
    assert "Closed consultations" not in _text(en.get(url, {"month": "2025-11"}))
    en.force_login(csto_editor)
    assert "Closed consultations" in _text(en.get(url, {"month": "2025-11"}))


def test_filters_by_organization_and_kind(en, events):
    url = reverse("events:month")
    html = _text(en.get(url, {"month": "2025-11", "organization": "cis"}))
    assert "CIS foreign ministers" in html
    assert "CSTO Collective Security Council" not in html
    html = _text(en.get(url, {"month": "2025-11", "kind": "summit"}))
    assert "CIS foreign ministers" not in html
    assert "CSTO Collective Security Council" in html


def test_filter_by_a_parent_organization_shows_its_bodies_events(en, make_org, make_event, csto):
    body = make_org("csto-secretariat", name_en="CSTO Secretariat", parent=csto)
    make_event(slug="by-body", title_en="Secretariat meeting", owner=body)
    html = _text(en.get(reverse("events:list"), {"organization": "csto"}))
    assert "Secretariat meeting" in html


def test_filter_by_a_hidden_organization_is_a_404(client, make_org, events):
    make_org("secret-org", visibility=Visibility.INTERNAL)
    assert client.get(reverse("events:month"), {"organization": "secret-org"}).status_code == 404
    assert client.get(reverse("events:month"), {"organization": "nowhere"}).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"month": "2025-13"},
        {"month": "november"},
        {"month": "0000-01"},
        {"month": "99999-01"},
        {"kind": "party"},
        {"organization": "not a slug!"},
    ],
)
def test_bad_month_filters_are_a_400(client, events, params):
    response = client.get(reverse("events:month"), params)
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()


def test_calendar_pages_advertise_the_public_feed(client, events):
    for url in (
        reverse("events:month"),
        reverse("events:list"),
        reverse("events:event-detail", args=["csto-summit"]),
    ):
        html = client.get(url).content.decode()
        assert '<link rel="alternate" type="text/calendar"' in html
        assert f'href="{reverse("events:public-feed")}"' in html


def test_navigation_marks_the_calendar_current(client, db):
    html = client.get(reverse("events:month")).content.decode()
    assert re.search(r'<a href="/calendar/" aria-current="page">', html)
    html = client.get(reverse("registry:organization-list")).content.decode()
    assert re.search(r'<a href="/calendar/">', html)
    assert not re.search(r'<a href="/calendar/" aria-current="page">', html)


def test_month_query_count_is_pinned(client, events, django_assert_num_queries, csto_editor):
    """Anonymous: the data version (which keys the cached page), the organizations involved
    in the visible events and those organizations, events, organizers, then from the cache
    the version alone; signed in also the session, user, roles, the parents of the user's
    organizations and the feed token."""
    url = reverse("events:month")
    with django_assert_num_queries(5):
        assert client.get(url, {"month": "2025-11"}).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(url, {"month": "2025-11"}).status_code == 200
    client.force_login(csto_editor)
    with django_assert_num_queries(10):
        assert client.get(url, {"month": "2025-11"}).status_code == 200


# --- List ----------------------------------------------------------------------------------


def test_list_shows_events_in_order_within_the_period(en, events):
    html = _text(en.get(reverse("events:list")))
    assert "2 events" in html
    assert html.index("CSTO Collective Security Council") < html.index("CIS foreign ministers")
    html = _text(en.get(reverse("events:list"), {"from": "2025-12-01"}))
    assert "1 event" in html
    assert "CIS foreign ministers" in html
    html = _text(en.get(reverse("events:list"), {"to": "2025-11-26"}))
    assert "0 events" in html


@pytest.mark.parametrize(
    "params",
    [{"from": "yesterday"}, {"to": "2025-02-30"}, {"from": "2025-12-01", "to": "2025-11-01"}],
)
def test_bad_list_dates_are_a_400(client, events, params):
    assert client.get(reverse("events:list"), params).status_code == 400


def test_list_query_count_is_pinned(client, events, django_assert_num_queries):
    # The data version, the organizations involved and those organizations, count, events,
    # organizers.
    with django_assert_num_queries(6):
        assert client.get(reverse("events:list")).status_code == 200
    with django_assert_num_queries(1):  # the data version: the rest comes from the cache
        assert client.get(reverse("events:list")).status_code == 200


# --- Event page ----------------------------------------------------------------------------


def test_event_page_shows_the_event_in_the_hosts_time(en, events):
    response = en.get(reverse("events:event-detail", args=["csto-summit"]))
    assert response.status_code == 200
    html = _text(response)
    assert "<h1>CSTO Collective Security Council</h1>" in html
    assert '<span class="badge badge--outline">Planned</span>' in html
    assert "10:00–16:00 (Asia/Bishkek, UTC+06:00)" in html
    assert "07:00–13:00 (Europe/Moscow, UTC+03:00)" in html
    assert "Bishkek, <a" in html
    assert "Kyrgyzstan</a>" in html
    assert "Итоги года" in html
    assert 'href="/registry/organizations/csto/"' in html
    assert "illustrative" not in html


def test_event_page_shows_status_and_illustrative_badges(en, make_event, site_admin):
    event = make_event(slug="demo", is_illustrative=True)
    services.event_cancel(actor=site_admin, event=event)
    html = _text(en.get(reverse("events:event-detail", args=["demo"])))
    assert '<span class="badge badge--danger">Cancelled</span>' in html
    assert ">illustrative</span>" in html


def test_hidden_event_page_is_a_404_like_a_missing_one(client, events, csto_editor, cis_editor):
    url = reverse("events:event-detail", args=["csto-hidden"])
    assert client.get(url).status_code == 404
    client.force_login(cis_editor)
    assert client.get(url).status_code == 404
    assert client.get(reverse("events:event-detail", args=["nothing"])).status_code == 404
    client.force_login(csto_editor)
    assert client.get(url).status_code == 200


def test_event_with_two_of_the_users_organizations_is_shown_once(
    client, make_event, make_user, csto, cis
):
    """An event organized by two organizations of the user is one event, not two."""
    from collegium.accounts.services import affiliation_set

    user = make_user(csto, "viewer")
    affiliation_set(actor=None, user=user, organization=cis, role="viewer")
    make_event(slug="joint", organizers=[csto, cis], visibility=Visibility.PARTIES)
    client.force_login(user)
    assert client.get(reverse("events:event-detail", args=["joint"])).status_code == 200
    html = _text(client.get(reverse("events:list")))
    assert html.count('href="/calendar/events/joint/"') == 1


def test_event_page_query_count_is_pinned(client, events, django_assert_num_queries):
    # A miss: the data version, the event with its relations, its organizers; the
    # invitations, which the invitations section and the protocol checks share; the
    # arrangements in force for the checks; a summit is a meeting, so the meetings' panels
    # (its agenda, its delegations, the previous and the next summit).  A hit: the data
    # version only.
    with django_assert_num_queries(5 + 4):
        assert client.get(reverse("events:event-detail", args=["csto-summit"])).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(reverse("events:event-detail", args=["csto-summit"])).status_code == 200


# --- The private feed section --------------------------------------------------------------


def test_feed_section_creates_shows_once_and_revokes(en, csto_editor, events):
    en.force_login(csto_editor)
    html = en.get(reverse("events:month")).content.decode()
    assert "Create a private feed address" in html
    response = en.post(reverse("events:feed-create"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    url = re.search(r'<code id="feed-url">([^<]+)</code>', response.content.decode()).group(1)
    assert en.get(url).status_code == 200
    html = en.get(reverse("events:month")).content.decode()
    assert url not in html
    assert "Revoke the private feed" in html
    response = en.post(reverse("events:feed-revoke"))
    assert response.status_code == 302
    assert en.get(url).status_code == 404


def test_feed_section_needs_a_signed_in_user_and_post(client, db):
    assert (
        "Create a private feed address" not in client.get(reverse("events:month")).content.decode()
    )
    response = client.post(reverse("events:feed-create"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_feed_create_refuses_get(client, csto_editor):
    client.force_login(csto_editor)
    assert client.get(reverse("events:feed-create")).status_code == 405


# --- The filter's select, written without a template per option -----------------------------


@pytest.mark.parametrize("value", ["csto", "", None, "a&b", 3, "missing"])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_x", "aria-describedby": "h", "required": True, "disabled": False}]
)
def test_the_plain_select_writes_what_djangos_select_writes(value, attrs):
    choices = [("", "All <orgs>"), ("a&b", "Quote \" and ' <b>"), ("csto", "ОДКБ"), (3, "three")]
    expected = forms.Select(choices=choices).render("organization", value, attrs)
    assert PlainSelect(choices=choices).render("organization", value, attrs) == expected
