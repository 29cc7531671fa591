"""The iCalendar feeds, read back by ``icalendar`` and by an independent strict reader."""

import datetime as dt

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from collegium.core.models import Visibility
from collegium.events.calendar import services
from collegium.testing.ics_strict import StrictICSError, parse, unescape_text

CRLF = b"\r\n"


def _feed(client: Client, url: str, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def _events(data: bytes) -> dict[str, dict]:
    """Read the feed with both parsers; return {UID: properties}, checking they agree."""
    strict = parse(data)
    library = icalendar.Calendar.from_ical(data)
    strict_events = strict.components("VEVENT")
    library_events = library.walk("VEVENT")
    assert len(strict_events) == len(library_events)
    result = {}
    for strict_event, library_event in zip(strict_events, library_events, strict=True):
        uid = strict_event.one("UID").value
        assert str(library_event["UID"]) == uid
        assert strict_event.text("SUMMARY") == str(library_event["SUMMARY"])
        assert int(strict_event.one("SEQUENCE").value) == library_event["SEQUENCE"]
        result[uid] = {
            "summary": strict_event.text("SUMMARY"),
            "sequence": int(strict_event.one("SEQUENCE").value),
            "status": strict_event.one("STATUS").value,
            "dtstart": strict_event.one("DTSTART"),
            "start": library_event.decoded("DTSTART"),
            "end": library_event.decoded("DTEND"),
            "location": strict_event.text("LOCATION") if strict_event.all("LOCATION") else "",
            "description": strict_event.text("DESCRIPTION"),
            "url": strict_event.one("URL").value,
            "class": strict_event.one("CLASS").value,
        }
    return result


@pytest.fixture
def world(make_event, csto, cis, kyrgyzstan, site_admin):
    """Public, parties and internal events of the CSTO, an internal one of the CIS, a cancelled one."""
    return {
        "public": make_event(
            slug="public",
            host_state=kyrgyzstan,
            venue="Ала-Арча",
            summary="Итоги года; решения, заявления\nи прочее",
        ),
        "parties": make_event(slug="parties", visibility=Visibility.PARTIES),
        "internal": make_event(slug="internal", visibility=Visibility.INTERNAL),
        "cis-internal": make_event(slug="cis-internal", owner=cis, visibility=Visibility.INTERNAL),
        "cancelled": services.event_cancel(
            actor=site_admin, event=make_event(slug="cancelled", title_en="Called off")
        ),
    }


def test_public_feed_holds_public_events_only(client, world):
    """The public feed never shows a non-public event, even to a signed-in member."""
    data = _feed(client, reverse("events:public-feed"))
    uids = set(_events(data))
    assert uids == {world["public"].uid, world["cancelled"].uid}


def test_public_feed_is_the_same_for_members(client, world, csto_editor):
    client.force_login(csto_editor)
    data = _feed(client, reverse("events:public-feed"))
    assert set(_events(data)) == {world["public"].uid, world["cancelled"].uid}


def test_public_feed_carries_the_calendar_properties(client, world):
    """UID, SEQUENCE, status, times with TZID and a VTIMEZONE, place, description and URL."""
    data = _feed(client, reverse("events:public-feed"), lang="en")
    calendar = parse(data)
    zones = [zone.one("TZID").value for zone in calendar.components("VTIMEZONE")]
    assert zones == ["Asia/Bishkek"]
    event = _events(data)[world["public"].uid]
    assert event["dtstart"].params["TZID"] == ["Asia/Bishkek"]
    assert event["dtstart"].value == "20251127T100000"
    assert event["start"] == world["public"].start
    assert event["start"].utcoffset() == dt.timedelta(hours=6)
    assert event["end"] - event["start"] == dt.timedelta(hours=6)
    assert event["status"] == "TENTATIVE"
    assert event["sequence"] == 0
    assert event["class"] == "PUBLIC"
    assert event["summary"] == "CSTO Collective Security Council"
    assert event["location"] == "Ала-Арча, Bishkek, Kyrgyzstan"
    assert event["description"].startswith("Итоги года; решения, заявления\nи прочее")
    assert event["url"] == "http://testserver/calendar/events/public/"


def test_feed_language_can_be_chosen(client, world):
    data = _feed(client, reverse("events:public-feed"), lang="ru")
    assert _events(data)[world["public"].uid]["summary"] == "Сессия СКБ ОДКБ"
    assert client.get(reverse("events:public-feed"), {"lang": "xx"}).status_code == 400


def test_cancelled_events_stay_with_status_cancelled(client, world):
    data = _feed(client, reverse("events:public-feed"))
    cancelled = _events(data)[world["cancelled"].uid]
    assert cancelled["status"] == "CANCELLED"
    assert cancelled["sequence"] == 1


def test_a_change_raises_the_sequence_and_keeps_the_uid(client, world, site_admin):
    """A calendar client sees the same UID with a higher SEQUENCE after a change."""
    event = world["public"]
    before = _events(_feed(client, reverse("events:public-feed")))[event.uid]
    services.event_update(
        actor=site_admin,
        event=event,
        data={"start": dt.datetime(2025, 11, 27, 11, 0), "end": dt.datetime(2025, 11, 27, 17, 0)},  # noqa: DTZ001
    )
    services.event_confirm(actor=site_admin, event=event)
    after = _events(_feed(client, reverse("events:public-feed")))[event.uid]
    assert after["sequence"] == before["sequence"] + 2
    assert after["status"] == "CONFIRMED"
    assert after["dtstart"].value == "20251127T110000"


def test_an_unchanged_feed_is_byte_for_byte_the_same(client, world):
    first = _feed(client, reverse("events:public-feed"))
    assert _feed(client, reverse("events:public-feed")) == first


def test_private_feed_holds_what_the_user_may_see(client, world, csto_editor):
    _, secret = services.calendar_feed_token_create(actor=csto_editor)
    data = Client().get(reverse("events:private-feed", args=[secret])).content
    events = _events(data)
    assert set(events) == {
        world[name].uid for name in ("public", "parties", "internal", "cancelled")
    }
    assert events[world["internal"].uid]["class"] == "CONFIDENTIAL"
    assert events[world["parties"].uid]["class"] == "PRIVATE"


def test_private_feed_is_not_cached_by_shared_caches(client, csto_editor, world):
    _, secret = services.calendar_feed_token_create(actor=csto_editor)
    response = client.get(reverse("events:private-feed", args=[secret]))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("secret", ["wrong", "x" * 43, "a" * 200])
def test_a_wrong_feed_secret_is_a_404(client, world, secret):
    assert client.get(reverse("events:private-feed", args=[secret])).status_code == 404


def test_a_revoked_feed_is_a_404(client, world, csto_editor):
    token, secret = services.calendar_feed_token_create(actor=csto_editor)
    url = reverse("events:private-feed", args=[secret])
    assert client.get(url).status_code == 200
    services.calendar_feed_token_revoke(actor=csto_editor, token=token)
    assert client.get(url).status_code == 404


def test_a_hidden_event_never_reaches_another_organizations_feed(client, world, cis_editor):
    _, secret = services.calendar_feed_token_create(actor=cis_editor)
    events = _events(client.get(reverse("events:private-feed", args=[secret])).content)
    assert world["cis-internal"].uid in events
    assert world["internal"].uid not in events
    assert world["parties"].uid not in events


def test_empty_feed_is_valid(client, db):
    calendar = parse(_feed(client, reverse("events:public-feed")))
    assert calendar.components("VEVENT") == []


def test_long_cyrillic_lines_are_folded_within_75_octets(client, make_event):
    make_event(slug="long", title_ru="Заседание " * 30, summary="Очень длинное описание " * 40)
    data = _feed(client, reverse("events:public-feed"), lang="ru")
    assert max(len(line) for line in data.split(CRLF)) <= 75
    assert parse(data).components("VEVENT")[0].text("SUMMARY") == ("Заседание " * 30)


# --- The strict reader itself: it must reject what a strict client rejects ------------

VALID = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20250101T100000Z\r\n"
    b"SUMMARY:Hi\\, there\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_the_strict_reader_accepts_a_minimal_calendar():
    event = parse(VALID).components("VEVENT")[0]
    assert event.text("SUMMARY") == "Hi, there"


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        (VALID.replace(b"\r\n", b"\n"), "CRLF"),
        (VALID.replace(b"SUMMARY:Hi", b"SUMMARY:" + b"H" * 80), "octets"),
        (VALID.replace(b"END:VEVENT\r\n", b""), "END:VCALENDAR while VEVENT"),
        (VALID.replace(b"UID:a@x\r\n", b""), "exactly one UID"),
        (VALID.replace(b"VERSION:2.0\r\n", b""), "exactly one VERSION"),
        (VALID.replace(b"DTSTAMP:20250101T000000Z", b"DTSTAMP:20250101T000000"), "UTC"),
        (VALID.replace(b"Hi\\, there", b"Hi, there"), "unescaped"),
        (
            VALID.replace(b"DTSTART:", b"DTSTART;TZID=Asia/Bishkek:").replace(
                b"100000Z", b"100000"
            ),
            "VTIMEZONE",
        ),
        (
            VALID.replace(b"END:VCALENDAR\r\n", b"END:VCALENDAR\r\nBEGIN:VCALENDAR\r\n"),
            "after the end",
        ),
        (
            VALID.replace(
                b"END:VCALENDAR",
                b"BEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20250101T000000Z\r\n"
                b"DTSTART:20250101T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR",
            ),
            "not unique",
        ),
        (VALID.replace(b"BEGIN:VEVENT", b"BEGIN:VTODO"), "not allowed"),
        (VALID.replace(b"SUMMARY:Hi", b"SUMMARY:H\x01i"), "control"),
        (VALID.replace(b"SUMMARY:Hi", b"SEQUENCE:-1\r\nSUMMARY:Hi"), "SEQUENCE"),
        (VALID.replace(b"SUMMARY:Hi", b"STATUS:DONE\r\nSUMMARY:Hi"), "STATUS"),
        (b" " + VALID, "continuation"),
    ],
)
def test_the_strict_reader_rejects_broken_calendars(broken, reason):
    with pytest.raises(StrictICSError, match=reason):
        parse(broken)


def test_the_strict_reader_unfolds_continuation_lines():
    folded = VALID.replace(b"SUMMARY:Hi\\, there", b"SUMMARY:Hi\\,\r\n  there")
    assert parse(folded).components("VEVENT")[0].text("SUMMARY") == "Hi, there"
    assert unescape_text("a\\nb\\\\c\\;d") == "a\nb\\c;d"


def test_feeds_answer_head_requests(client, world):
    """Calendar clients and link checkers may ask with HEAD first."""
    response = client.head(reverse("events:public-feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
