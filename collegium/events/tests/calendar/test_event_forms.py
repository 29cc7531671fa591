"""The event forms: create, edit, the status moves and rescheduling, in the browser.

Each form calls the API's service; the page offers it exactly when the
calendar policy allows, a hidden event answers 404 like a missing one, and a
refused or invalid write is shown in the user's language.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse

from collegium.accounts.models import Role
from collegium.core.models import Visibility
from collegium.events.calendar import policy, services
from collegium.events.calendar.views import MOVES
from collegium.events.models import Event, EventStatus
from collegium.events.tests.pages import audit_actions, messages_of, page_text
from collegium.testing.http import client_as


@pytest.fixture
def people(site_admin, csto_editor, cis_editor, make_user, csto):
    return {
        "site admin": site_admin,
        "csto editor": csto_editor,
        "csto viewer": make_user(csto, Role.VIEWER, username="csto-viewer"),
        "cis editor": cis_editor,
        "anonymous": None,
    }


@pytest.fixture
def summit(make_event, kyrgyzstan):
    return make_event(slug="summit", host_state=kyrgyzstan, start=_future(10), end=_future(16))


@pytest.fixture
def hidden(make_event):
    return make_event(slug="hidden", visibility=Visibility.INTERNAL)


def _future(hour: int) -> dt.datetime:
    day = dt.date.today() + dt.timedelta(days=30)  # noqa: DTZ011 (a local day)
    return dt.datetime.combine(day, dt.time(hour))


def _event_post(**changes) -> dict:
    data = {
        "slug": "cis-council",
        "kind": "council_of_ministers",
        "title_ru": "Совет министров иностранных дел СНГ",
        "title_en": "CIS Council of Foreign Ministers",
        "organizers": ["csto"],
        "host_state": "kg",
        "city_ru": "Бишкек",
        "timezone": "Asia/Bishkek",
        "start_0": "2026-04-10",
        "start_1": "10:00",
        "end_0": "2026-04-10",
        "end_1": "17:30",
        "owner": "csto",
        "visibility": "public",
        "status": "planned",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


# --- Creating ---------------------------------------------------------------------------------


def test_the_calendar_offers_a_new_event_exactly_to_who_may_create_one(people, summit):
    """The link on the month and list pages follows ``policy.can_create``; the form too."""
    for name, user in people.items():
        client = client_as(user, language="en")
        allowed = user is not None and bool(policy.can_create(user))
        for page in ("events:month", "events:list"):
            html = page_text(client.get(reverse(page)))
            assert (reverse("events:event-create") in html) is allowed, (name, page)
        response = client.get(reverse("events:event-create"))
        if allowed:
            assert response.status_code == 200, name
        elif user is None:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login"))
        else:
            assert response.status_code == 403, name
    assert [name for name, user in people.items() if user and policy.can_create(user)] == [
        "site admin",
        "csto editor",
        "cis editor",
    ]


def test_the_new_event_form_offers_only_the_organizations_the_user_edits_for(csto_editor, cis):
    html = page_text(client_as(csto_editor, language="en").get(reverse("events:event-create")))
    owner = re.search(r'<select name="owner".*?</select>', html)
    assert owner is not None
    assert 'value="csto"' in owner.group(0)
    assert 'value="cis"' not in owner.group(0)
    assert "Times are the host city’s, zone Europe/Moscow." in html


def test_the_form_offers_as_organizers_only_the_organizations_the_user_acts_for(
    csto_editor, cis, kyrgyzstan
):
    client = client_as(csto_editor, language="ru")
    html = page_text(client.get(reverse("events:event-create")))
    organizers = re.search(r'<select name="organizers".*?</select>', html, re.S)
    assert organizers is not None
    assert 'value="csto"' in organizers.group(0)
    assert 'value="cis"' not in organizers.group(0)
    # Posted anyway (a stale form): the form refuses the choice it did not offer.
    response = client.post(reverse("events:event-create"), _event_post(organizers=["csto", "cis"]))
    assert response.status_code == 200
    assert 'id="id_organizers_error"' in page_text(response)
    assert not Event.objects.filter(slug="cis-council").exists()


def test_a_valid_event_is_created_through_the_service(csto_editor, cis, kyrgyzstan):
    client = client_as(csto_editor, language="en")
    response = client.post(reverse("events:event-create"), _event_post())
    assert response.status_code == 302
    assert response["Location"] == reverse("events:event-detail", args=["cis-council"])
    event = Event.objects.get(slug="cis-council")
    assert event.start == dt.datetime(2026, 4, 10, 4, 0, tzinfo=dt.UTC)  # 10:00 in Bishkek
    assert event.start_date == dt.date(2026, 4, 10)
    assert {org.slug for org in event.organizers.all()} == {"csto"}
    assert event.host_state == kyrgyzstan
    assert audit_actions(event) == ["event.create"]
    assert messages_of(response) == [
        "The event “CIS Council of Foreign Ministers” is created.",
    ]


def test_an_invalid_event_is_shown_again_with_the_errors_in_russian(csto_editor, cis, kyrgyzstan):
    client = client_as(csto_editor, language="ru")
    response = client.post(
        reverse("events:event-create"),
        _event_post(end_0="2026-04-09", owner="cis", title_ru=""),
    )
    assert response.status_code == 200
    html = page_text(response)
    assert not Event.objects.filter(slug="cis-council").exists()
    # The form's own checks: an owner the user does not edit for, a missing title.
    assert 'id="id_owner_error"><li>Выберите корректный вариант.' in html
    assert 'id="id_title_ru_error"><li>Обязательное поле.</li>' in html
    # The service's check, next to its field.
    response = client.post(reverse("events:event-create"), _event_post(end_0="2026-04-09"))
    html = page_text(response)
    assert response.status_code == 200
    assert 'id="id_end_error"><li>Мероприятие заканчивается раньше, чем начинается.</li>' in html
    assert "Ничего не сохранено" in html
    assert not Event.objects.filter(slug="cis-council").exists()


# --- Editing ----------------------------------------------------------------------------------


def test_the_event_page_offers_the_edits_and_moves_exactly_as_the_policy_allows(
    people, summit, hidden
):
    """A test that fails if a button is offered to someone the policy refuses."""
    for name, user in people.items():
        client = client_as(user, language="en")
        for event in (summit, hidden):
            response = client.get(reverse("events:event-detail", args=[event.slug]))
            if response.status_code == 404:
                assert event is hidden, name
                assert name in {"cis editor", "anonymous"}
                continue
            html = page_text(response)
            allowed = user is not None and bool(policy.can_change(user, event))
            assert (reverse("events:event-edit", args=[event.slug]) in html) is allowed, name
            offered = re.findall(r'name="move" value="(\w+)"', html)
            assert offered == (["confirm", "postpone", "cancel"] if allowed else []), name
            edit = client.get(reverse("events:event-edit", args=[event.slug]))
            if allowed:
                assert edit.status_code == 200
            elif user is None:
                assert edit.status_code == 302
            else:
                assert edit.status_code == 403, name


def test_a_hidden_event_answers_404_like_a_missing_one(cis_editor, hidden):
    client = client_as(cis_editor)
    for view in ("events:event-edit", "events:event-reschedule"):
        assert client.get(reverse(view, args=["hidden"])).status_code == 404
        assert client.get(reverse(view, args=["missing"])).status_code == 404
    for slug in ("hidden", "missing"):
        response = client.post(reverse("events:event-move", args=[slug]), {"move": "confirm"})
        assert response.status_code == 404
    assert Event.objects.get(slug="hidden").status == EventStatus.PLANNED


def test_the_edit_form_shows_the_local_times_and_saves_through_the_service(csto_editor, summit):
    client = client_as(csto_editor, language="en")
    html = page_text(client.get(reverse("events:event-edit", args=["summit"])))
    assert 'name="start_1" value="10:00"' in html
    assert "Times are the host city’s, zone Asia/Bishkek." in html
    data = _event_post(
        slug="summit",
        kind="summit",
        title_en="CSTO summit, autumn",
        organizers=["csto"],
        start_0=_future(10).date().isoformat(),
        end_0=_future(10).date().isoformat(),
        start_1="11:00",
        end_1="16:00",
        status=None,
    )
    response = client.post(reverse("events:event-edit", args=["summit"]), data)
    assert response.status_code == 302
    summit.refresh_from_db()
    assert summit.title_en == "CSTO summit, autumn"
    assert summit.local_start().hour == 11
    assert audit_actions(summit)[-1] == "event.update"
    assert messages_of(response) == ["The event “CSTO summit, autumn” is saved."]


def test_an_owner_the_user_does_not_edit_for_is_refused_in_russian(csto_editor, summit):
    """The owner is chosen among the organizations the user edits for."""
    client = client_as(csto_editor, language="ru")
    data = _event_post(slug="summit", organizers=["csto"], owner="cis", status=None)
    response = client.post(reverse("events:event-edit", args=["summit"]), data)
    assert response.status_code == 200
    assert "Выберите корректный вариант" in page_text(response)
    summit.refresh_from_db()
    assert summit.owner.slug == "csto"


# --- Status moves -----------------------------------------------------------------------------


def test_a_status_move_goes_through_its_service_and_is_audited(csto_editor, summit):
    client = client_as(csto_editor, language="en")
    url = reverse("events:event-move", args=["summit"])
    response = client.post(url, {"move": "confirm"})
    assert response.status_code == 302
    summit.refresh_from_db()
    assert summit.status == EventStatus.CONFIRMED
    assert audit_actions(summit)[-1] == "event.confirm"
    assert messages_of(response) == ["The event is now “Confirmed”."]
    html = page_text(client.get(reverse("events:event-detail", args=["summit"])))
    assert re.findall(r'name="move" value="(\w+)"', html) == ["postpone", "cancel"]


def test_a_refused_move_is_shown_naming_the_rule(csto_editor, summit):
    """The event has not started: marking it held is refused by the service, in Russian."""
    client = client_as(csto_editor, language="ru")
    url = reverse("events:event-move", args=["summit"])
    client.post(url, {"move": "confirm"})
    response = client.post(url, {"move": "mark_held"})
    assert response.status_code == 302
    summit.refresh_from_db()
    assert summit.status == EventStatus.CONFIRMED
    assert (
        messages_of(response)[-1] == "Мероприятие нельзя отметить как состоявшееся до его начала."
    )
    response = client.post(url, {"move": "confirm"})  # confirmed already
    assert "Мероприятие нельзя перевести из статуса" in messages_of(response)[-1]


@pytest.mark.parametrize("name", ["csto viewer", "cis editor"])
def test_another_organizations_editor_or_a_viewer_moves_nothing(people, summit, name):
    client = client_as(people[name])
    for move in MOVES:
        response = client.post(reverse("events:event-move", args=["summit"]), {"move": move})
        assert response.status_code == 403
    summit.refresh_from_db()
    assert summit.status == EventStatus.PLANNED


def test_a_postponed_event_is_rescheduled_on_new_dates(csto_editor, summit):
    services.event_postpone(actor=csto_editor, event=summit)
    client = client_as(csto_editor, language="en")
    html = page_text(client.get(reverse("events:event-detail", args=["summit"])))
    assert reverse("events:event-reschedule", args=["summit"]) in html
    html = page_text(client.get(reverse("events:event-reschedule", args=["summit"])))
    assert "Times are the host city’s, zone Asia/Bishkek." in html
    new_day = (_future(9) + dt.timedelta(days=7)).date().isoformat()
    response = client.post(
        reverse("events:event-reschedule", args=["summit"]),
        {"start_0": new_day, "start_1": "09:00", "end_0": new_day, "end_1": "13:00"},
    )
    assert response.status_code == 302
    summit.refresh_from_db()
    assert summit.status == EventStatus.PLANNED
    assert summit.start_date.isoformat() == new_day
    assert summit.local_start().hour == 9
    assert audit_actions(summit)[-1] == "event.reschedule"


def test_a_reschedule_with_bad_dates_shows_the_error_in_russian(csto_editor, summit):
    services.event_postpone(actor=csto_editor, event=summit)
    client = client_as(csto_editor, language="ru")
    response = client.post(
        reverse("events:event-reschedule", args=["summit"]),
        {"start_0": "2026-05-02", "start_1": "09:00", "end_0": "2026-05-01", "end_1": "13:00"},
    )
    assert response.status_code == 200
    assert "Мероприятие заканчивается раньше, чем начинается." in page_text(response)
    summit.refresh_from_db()
    assert summit.status == EventStatus.POSTPONED


def test_a_confirmed_past_event_is_marked_held_and_then_offers_no_move(csto_editor, make_event):
    past = make_event(slug="past")  # 27 November 2025
    services.event_confirm(actor=csto_editor, event=past)
    client = client_as(csto_editor, language="en")
    page = reverse("events:event-detail", args=["past"])
    assert re.findall(r'name="move" value="(\w+)"', page_text(client.get(page))) == [
        "postpone",
        "mark_held",
        "cancel",
    ]
    response = client.post(reverse("events:event-move", args=["past"]), {"move": "mark_held"})
    assert messages_of(response) == ["The event is now “Held”."]
    past.refresh_from_db()
    assert past.status == EventStatus.HELD
    assert audit_actions(past)[-1] == "event.mark_held"
    html = page_text(client.get(page))
    assert 'name="move"' not in html
    assert reverse("events:event-edit", args=["past"]) in html
