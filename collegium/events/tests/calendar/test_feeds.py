"""The iCalendar feeds, read back by ``icalendar`` and by an independent strict reader."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from collegium.core.models import Visibility
from collegium.events.calendar import ical, services
from collegium.events.models import EventKind, EventStatus
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


# --- The text writer: the same text as ``icalendar``, without its object tree -------------


def _icalendar_feed(events: list[ical.FeedEvent], *, name: str, url_for) -> bytes:
    """Write the feed with the ``icalendar`` package, as the feeds once were: the reference."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", ical.PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    if events:
        years = [year for event in events for year in (event.start.year, event.end.year)]
        first_date, last_date = dt.date(min(years) - 1, 1, 1), dt.date(max(years) + 2, 1, 1)
        for zone in sorted({event.timezone for event in events}):
            calendar.add_component(
                icalendar.Timezone.from_tzid(zone, first_date=first_date, last_date=last_date)
            )
    for event in events:
        component = icalendar.Event()
        component.add("uid", event.uid)
        component.add("sequence", event.sequence)
        component.add("dtstamp", event.modified_at.astimezone(dt.UTC))
        component.add("created", event.created_at.astimezone(dt.UTC))
        component.add("last-modified", event.modified_at.astimezone(dt.UTC))
        component.add("dtstart", event.start.astimezone(zoneinfo.ZoneInfo(event.timezone)))
        component.add("dtend", event.end.astimezone(zoneinfo.ZoneInfo(event.timezone)))
        component.add("summary", event.title)
        if event.place:
            component.add("location", event.place)
        lines = [event.summary, ""] if event.summary else []
        lines += [
            f"Kind: {EventKind(event.kind).label}",
            f"Status: {EventStatus(event.status).label}",
            f"Organizers: {', '.join(sorted(event.organizers))}",
        ]
        if event.body:
            lines.append(f"Body: {event.body}")
        if event.is_illustrative:
            lines.append("Illustrative record: not taken from an official source.")
        component.add("description", "\n".join(lines))
        component.add("url", url_for(event.slug))
        component.add("status", ical.ICAL_STATUS[event.status])
        component.add("class", ical.ICAL_CLASS[event.visibility])
        component.add("categories", [str(EventKind(event.kind).label)])
        calendar.add_component(component)
    return calendar.to_ical()


def _feed_event(number: int, **fields) -> ical.FeedEvent:
    start = dt.datetime(2025, 3, 30, 0, 30, tzinfo=dt.UTC) + dt.timedelta(days=97 * number)
    values = {
        "uid": f"{number}@collegium",
        "sequence": number,
        "created_at": start - dt.timedelta(days=30, microseconds=123),
        "modified_at": start - dt.timedelta(days=3),
        "start": start,
        "end": start + dt.timedelta(hours=30),
        "timezone": "Europe/Berlin",
        "title": "A title",
        "place": "",
        "summary": "",
        "kind": EventKind.SUMMIT,
        "status": EventStatus.PLANNED,
        "visibility": "public",
        "organizers": ("B", "A"),
        "body": "",
        "is_illustrative": False,
        "slug": f"event-{number}",
    }
    return ical.FeedEvent(**{**values, **fields})


TRICKY_TEXTS = [
    "Comma, semicolon; backslash \\ and a colon: all in one",
    "Lines\nand CRLF\r\nand a lone CR\rend",
    "Заседание Совета министров иностранных дел государств — участников СНГ, Минск " * 3,
    # A backslash escape, a comma escape and a 4-byte character right at the fold.
    "x" * 72 + "\\y",
    "x" * 71 + ",y" + "z" * 80,
    "x" * 72 + "😀" * 30,
    "ф" * 36 + "x" + "ф" * 40,
    "^" * 100,
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_the_writer_gives_the_text_icalendar_gives(text):
    """Escaping, folding (75 octets, UTF-8 whole) and the order of properties as icalendar's."""
    events = [
        _feed_event(1, title=text, place=text, summary=text, body=text),
        _feed_event(2, timezone="Asia/Tehran", organizers=(text,), is_illustrative=True),
        _feed_event(
            3, timezone="Asia/Bishkek", status=EventStatus.CANCELLED, kind="joint_collegium"
        ),
        _feed_event(4, visibility="internal", status=EventStatus.HELD),
    ]

    def url_for(slug):
        return f"https://example.org/calendar/events/{slug}/"

    with translation.override("en"):
        ours = ical.calendar_feed(events, name="Collegium: a test", url_for=url_for)
        reference = _icalendar_feed(events, name="Collegium: a test", url_for=url_for)
    assert ours == reference
    parsed = parse(ours).components("VEVENT")[0]
    assert parsed.text("SUMMARY") == text.replace("\r\n", "\n").replace("\r", "\n")


def test_the_calendar_name_is_escaped_text():
    """icalendar writes an X- property raw; clients read X-WR-CALNAME as TEXT."""
    data = ical.calendar_feed([], name="Mine, yours; ours", url_for=str)
    assert parse(data).text("X-WR-CALNAME") == "Mine, yours; ours"


def test_the_writer_leaves_out_control_characters():
    """An older record may hold one; a strict client refuses a feed that carries it."""
    event = _feed_event(1, title="Bell\x07 and\x00 tab\tkept", summary="form\x0cfeed")
    data = ical.calendar_feed([event], name="x", url_for=lambda slug: "https://example.org/")
    vevent = parse(data).components("VEVENT")[0]
    assert vevent.text("SUMMARY") == "Bell and tab\tkept"
    assert vevent.text("DESCRIPTION").startswith("formfeed")


@pytest.mark.parametrize("line", ["a" * 74, "a" * 75, "я" * 80, "a" + "😀" * 40, "\\" * 200])
def test_folding_keeps_lines_within_75_octets_and_characters_whole(line):
    folded = ical.fold(line.encode())
    physical = folded.split(b"\r\n")
    assert all(len(part) <= 75 for part in physical)
    assert all(part.startswith(b" ") for part in physical[1:])
    # Each physical line is whole UTF-8, and unfolding gives the line back.
    assert (
        "".join(part.decode()[1:] if n else part.decode() for n, part in enumerate(physical))
        == line
    )


def test_time_zone_blocks_are_built_once_per_process(client, make_event):
    """The feed of an unchanged history builds no VTIMEZONE again, even with a cold read cache."""
    make_event(slug="one")
    make_event(slug="two", timezone="Europe/Minsk")
    ical.vtimezone.cache_clear()
    first = _feed(client, reverse("events:public-feed"))
    cache.clear()
    assert _feed(client, reverse("events:public-feed")) == first
    assert ical.vtimezone.cache_info().misses == 2
    assert ical.vtimezone.cache_info().hits == 2


# --- The read cache ---------------------------------------------------------------------


def test_a_warm_public_feed_reads_no_event(client, world, django_assert_num_queries):
    """The second request is served from the read cache: the data version is its one query."""
    first = _feed(client, reverse("events:public-feed"))
    with django_assert_num_queries(1):
        assert _feed(client, reverse("events:public-feed")) == first


def test_a_change_shows_in_the_cached_feed_at_once(client, world, site_admin):
    _feed(client, reverse("events:public-feed"))
    services.event_update(actor=site_admin, event=world["public"], data={"title_ru": "Новое"})
    events = _events(_feed(client, reverse("events:public-feed"), lang="ru"))
    assert events[world["public"].uid]["summary"] == "Новое"


def test_the_feed_is_cached_per_language_and_site_address(client, world):
    english = _events(_feed(client, reverse("events:public-feed"), lang="en"))
    russian = _events(_feed(client, reverse("events:public-feed"), lang="ru"))
    assert english[world["public"].uid]["summary"] == "CSTO Collective Security Council"
    assert russian[world["public"].uid]["summary"] == "Сессия СКБ ОДКБ"
    other_host = client.get(reverse("events:public-feed"), {"lang": "en"}, HTTP_HOST="localhost")
    assert _events(other_host.content)[world["public"].uid]["url"].startswith("http://localhost/")


def test_private_feeds_of_different_scopes_never_share_an_entry(
    client, world, csto_editor, cis_editor
):
    """The CSTO editor's feed is cached first; the CIS editor's never shows its events."""
    _, csto_secret = services.calendar_feed_token_create(actor=csto_editor)
    _, cis_secret = services.calendar_feed_token_create(actor=cis_editor)
    csto_events = _events(client.get(reverse("events:private-feed", args=[csto_secret])).content)
    assert world["internal"].uid in csto_events
    cis_events = _events(client.get(reverse("events:private-feed", args=[cis_secret])).content)
    assert world["internal"].uid not in cis_events
    assert world["cis-internal"].uid in cis_events
    public = _events(_feed(client, reverse("events:public-feed")))
    assert world["internal"].uid not in public
    assert world["cis-internal"].uid not in public
