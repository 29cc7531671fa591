"""The events API: listing with filters, create and patch with local times, transitions."""

import datetime as dt
import json

import pytest
from django.utils import translation
from ninja.responses import NinjaJSONEncoder

from collegium.core.models import AuditRecord, Visibility
from collegium.events.calendar import selectors, services
from collegium.events.calendar.api import event_rows
from collegium.events.calendar.schemas import EventSchema
from collegium.events.models import Event
from collegium.testing.http import patch, post

URL = "/api/v1/events/events"


def naive(*args):
    return dt.datetime(*args)  # noqa: DTZ001 (a local time, read in the event's zone)


@pytest.fixture
def events(make_event, cis, kyrgyzstan):
    return {
        "summit": make_event(slug="csto-summit", host_state=kyrgyzstan),
        "hidden": make_event(
            slug="csto-hidden",
            kind="consultations",
            visibility=Visibility.INTERNAL,
            start=naive(2025, 11, 3, 10, 0),
            end=naive(2025, 11, 3, 12, 0),
        ),
        "cis": make_event(
            slug="cis-meeting",
            kind="council_of_ministers",
            owner=cis,
            timezone="Asia/Dushanbe",
            start=naive(2025, 12, 1, 10, 0),
            end=naive(2025, 12, 1, 12, 0),
        ),
    }


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["items"]]


def test_list_shows_visible_events_in_order(client, events, csto_editor):
    assert _slugs(client.get(URL)) == ["csto-summit", "cis-meeting"]
    client.force_login(csto_editor)
    assert _slugs(client.get(URL)) == ["csto-hidden", "csto-summit", "cis-meeting"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"from": "2025-11-28"}, ["cis-meeting"]),
        ({"to": "2025-11-27"}, ["csto-summit"]),
        ({"from": "2025-11-27", "to": "2025-11-27"}, ["csto-summit"]),
        ({"organization": "cis"}, ["cis-meeting"]),
        ({"organization": "nowhere"}, []),
        ({"kind": "summit"}, ["csto-summit"]),
        ({"status": "cancelled"}, []),
        ({"status": "planned"}, ["csto-summit", "cis-meeting"]),
    ],
)
def test_list_filters(client, events, params, expected):
    assert _slugs(client.get(URL, params)) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2025-13-01"},
        {"to": "yesterday"},
        {"from": "2025-12-01", "to": "2025-11-01"},
        {"kind": "party"},
        {"status": "done"},
        {"limit": "0"},
        {"offset": "-1"},
    ],
)
def test_bad_list_filters_are_a_422(client, events, params):
    response = client.get(URL, params)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_list_query_count_is_pinned(client, events, django_assert_num_queries):
    with django_assert_num_queries(4):  # the data version, count, events, organizers
        assert client.get(URL).status_code == 200
    with django_assert_num_queries(1):  # the data version: the read cache has the page
        assert client.get(URL).status_code == 200


@pytest.fixture
def varied_events(events, make_event, make_org, cis, csto, site_admin):
    """Events with and without body and host state, several organizers, a missing translation."""
    body = make_org("csto-council", name_ru="СКБ", name_en="", parent=csto, owner=csto)
    varied = make_event(
        slug="varied",
        organizers=[cis, csto],
        body=body,
        title_en="",
        city_ru="",
        city_en="Dushanbe",
        venue="Hall, 1; \\ and more",
        summary="Several\nlines",
        is_illustrative=True,
        timezone="America/New_York",
        start=naive(2026, 3, 8, 1, 30),
        end=naive(2026, 3, 8, 4, 30),
    )
    services.event_cancel(actor=site_admin, event=varied)
    return {**events, "varied": varied}


def _schema_document(user, params: dict) -> bytes:
    """The list as ninja writes it from the schema: each event validated, then encoded."""
    events = selectors.event_list_visible_to(user=user)
    page = list(events[params.get("offset", 0) : params.get("offset", 0) + params["limit"]])
    document = {
        "items": [EventSchema.model_validate(event).model_dump() for event in page],
        "count": events.count(),
    }
    return json.dumps(document, cls=NinjaJSONEncoder).encode()


@pytest.mark.parametrize("language", ["ru", "en", "be"])
@pytest.mark.parametrize("params", [{"limit": 500}, {"limit": 2, "offset": 1}])
def test_the_list_is_the_document_the_schema_gives(
    client, varied_events, csto_editor, language, params
):
    """Rows read without models give the JSON of validating each model against EventSchema."""
    client.force_login(csto_editor)
    response = client.get(URL, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    with translation.override(language):
        assert response.content == _schema_document(csto_editor, params)
    assert len(response.json()["items"]) == min(params["limit"], 4 - params.get("offset", 0))


def test_event_rows_give_the_schema_fields_in_order(varied_events):
    rows = event_rows(Event.objects.order_by("pk"))
    assert [list(row) for row in rows] == [list(EventSchema.model_fields)] * len(rows)


def test_retrieve_answers_in_the_hosts_zone(client, events):
    response = client.get(f"{URL}/csto-summit")
    assert response.status_code == 200
    data = response.json()
    assert data["start"] == "2025-11-27T10:00:00+06:00"
    assert data["end"] == "2025-11-27T16:00:00+06:00"
    assert data["timezone"] == "Asia/Bishkek"
    assert data["start_date"] == "2025-11-27"
    assert data["organizers"] == ["csto"]
    assert data["host_state"] == "kg"
    assert data["owner"] == "csto"
    assert data["uid"] == events["summit"].uid
    assert (data["status"], data["sequence"]) == ("planned", 0)


def test_hidden_event_is_a_404_everywhere(client, events, cis_editor):
    for caller in (None, cis_editor):
        if caller:
            client.force_login(caller)
        assert client.get(f"{URL}/csto-hidden").status_code == 404
        if caller:
            assert patch(client, f"{URL}/csto-hidden", {"title_en": "x"}).status_code == 404
            assert post(client, f"{URL}/csto-hidden/cancel").status_code == 404


def _body(**fields):
    return {
        "slug": "new-summit",
        "kind": "summit",
        "title_ru": "Новый саммит",
        "organizers": ["csto"],
        "host_state": "kg",
        "timezone": "Asia/Bishkek",
        "start": "2026-11-11T10:00:00",
        "end": "2026-11-11T16:00:00",
        "owner": "csto",
        **fields,
    }


def test_create_reads_naive_times_in_the_given_zone(client, csto_editor, kyrgyzstan):
    client.force_login(csto_editor)
    response = post(client, URL, _body())
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["start"] == "2026-11-11T10:00:00+06:00"
    assert data["uid"].endswith("@collegium")
    assert AuditRecord.objects.filter(action="event.create").exists()


def test_create_keeps_times_with_an_offset(client, csto_editor, kyrgyzstan):
    client.force_login(csto_editor)
    response = post(
        client, URL, _body(start="2026-11-11T10:00:00+03:00", end="2026-11-11T12:00:00+03:00")
    )
    assert response.status_code == 201, response.content
    assert response.json()["start"] == "2026-11-11T13:00:00+06:00"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"timezone": "Europe"}, "timezone"),
        ({"end": "2026-11-11T09:00:00"}, "end"),
        ({"start": "2026-11-31T10:00:00"}, "start"),
        ({"organizers": []}, "organizers"),
        ({"organizers": ["nowhere"]}, "organizers"),
        ({"host_state": "zz"}, "host_state"),
        ({"owner": "nowhere"}, "owner"),
        ({"kind": "party"}, "kind"),
        ({"status": "held", "start": "2030-01-01T10:00", "end": "2030-01-01T11:00"}, "status"),
        ({"sequence": 5}, "sequence"),
        ({"uid": "mine@example.org"}, "uid"),
        ({"title_ru": "nul\x00"}, "title_ru"),
        ({"venue": "Hall\x0bA"}, "venue"),  # no XML document (letter, feed) may hold it
        # Years at the edge of the calendar: converting zones there would overflow.
        ({"start": "9999-12-31T10:00:00", "end": "9999-12-31T12:00:00"}, "start"),
        ({"start": "9999-12-31T20:00:00+00:00", "end": "9999-12-31T21:00:00+00:00"}, "start"),
        ({"start": "0001-01-01T10:00:00", "end": "0001-01-01T12:00:00"}, "start"),
    ],
)
def test_bad_create_input_is_a_422_on_its_field(client, csto_editor, kyrgyzstan, fields, field):
    client.force_login(csto_editor)
    audit_before = AuditRecord.objects.count()
    response = post(client, URL, _body(**fields))
    assert response.status_code == 422, response.content
    locations = [error["loc"] for error in response.json()["detail"]]
    assert any(field in loc for loc in locations), locations
    assert AuditRecord.objects.count() == audit_before


def test_create_for_another_owner_is_a_403(client, cis_editor, kyrgyzstan):
    client.force_login(cis_editor)
    assert post(client, URL, _body()).status_code == 403


def test_patch_changes_fields_and_raises_the_sequence(client, events, csto_editor):
    client.force_login(csto_editor)
    response = patch(client, f"{URL}/csto-summit", {"start": "2025-11-27T11:00:00"})
    assert response.status_code == 200, response.content
    assert response.json()["start"] == "2025-11-27T11:00:00+06:00"
    assert response.json()["sequence"] == 1
    response = patch(client, f"{URL}/csto-summit", {"summary": "Details", "organizers": ["csto"]})
    assert response.json()["sequence"] == 1
    assert response.json()["summary"] == "Details"


def test_an_organizer_is_named_or_dropped_by_its_own_secretariat_only(
    client, events, csto_editor, site_admin
):
    """The CSTO's editor neither makes the CIS an organizer nor drops it: that would act for the
    CIS (the invitations that arrangements require go out in an organizer's name)."""
    client.force_login(csto_editor)
    audit_before = AuditRecord.objects.count()
    for organizers in (["cis"], ["csto", "cis"]):
        response = patch(client, f"{URL}/csto-summit", {"organizers": organizers})
        assert response.status_code == 422, response.content
        (error,) = response.json()["detail"]
        assert "organizers" in error["loc"]
        assert "CIS" in error["msg"] or "СНГ" in error["msg"]
    assert AuditRecord.objects.count() == audit_before
    client.force_login(site_admin)
    response = patch(client, f"{URL}/csto-summit", {"organizers": ["csto", "cis"]})
    assert response.status_code == 200, response.content
    client.force_login(csto_editor)
    response = patch(client, f"{URL}/csto-summit", {"organizers": ["csto"]})
    assert response.status_code == 422, response.content  # dropping the CIS is the CIS's


@pytest.mark.parametrize(
    "body",
    [
        {"status": "held"},
        {"timezone": "Nowhere/City"},
        {"end": "2020-01-01T00:00:00"},
        {"owner": None},
        {"organizers": []},
    ],
)
def test_bad_patches_are_a_422(client, events, csto_editor, body):
    client.force_login(csto_editor)
    assert patch(client, f"{URL}/csto-summit", body).status_code == 422


def test_transitions_through_the_api(client, events, csto_editor):
    client.force_login(csto_editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = f"{URL}/csto-summit"
    assert post(client, f"{url}/postpone").json()["status"] == "postponed"
    response = post(
        client, f"{url}/reschedule", {"start": "2025-11-28T10:00:00", "end": "2025-11-28T12:00"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "planned"
    assert response.json()["start"] == "2025-11-28T10:00:00+06:00"
    assert post(client, f"{url}/confirm").json()["status"] == "confirmed"
    assert post(client, f"{url}/mark-held").json()["status"] == "held"
    response = post(client, f"{url}/cancel")
    assert response.status_code == 409
    assert response.json()["code"] == "event_held_to_cancelled"
    assert "Held" in response.json()["detail"]


def test_reschedule_validates_the_new_dates(client, events, csto_editor):
    client.force_login(csto_editor)
    url = f"{URL}/csto-summit"
    post(client, f"{url}/postpone")
    response = post(client, f"{url}/reschedule", {"start": "2025-11-29T10:00:00"})
    assert response.status_code == 422  # after the old end
    assert client.get(url).json()["status"] == "postponed"


def test_illegal_transition_is_a_409_naming_the_rule(client, events, csto_editor):
    client.force_login(csto_editor)
    response = post(client, f"{URL}/csto-summit/mark-held", headers={"accept-language": "en"})
    assert response.status_code == 409
    assert "may move to" in response.json()["detail"]
    in_russian = post(client, f"{URL}/csto-summit/mark-held")
    assert "возможны переходы" in in_russian.json()["detail"]


def test_transitions_need_the_editor_role(client, events, cis_editor, make_user, csto):
    client.force_login(cis_editor)
    assert post(client, f"{URL}/csto-summit/confirm").status_code == 403
    client.force_login(make_user(csto, "viewer"))
    assert post(client, f"{URL}/csto-summit/confirm").status_code == 403
    client.logout()
    assert post(client, f"{URL}/csto-summit/confirm").status_code == 401
