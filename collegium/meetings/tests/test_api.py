"""The meetings API: the agenda and delegations, their moves, and errors naming the field."""

import json

import pytest

from collegium.meetings import services
from collegium.meetings.models import AgendaItem

API = "/api/v1/meetings"


def _send(client, method, path, body=None):
    if body is None:
        return getattr(client, method)(path)
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def _fields(response) -> set[str]:
    return {error["loc"][-1] for error in response.json()["detail"]}


@pytest.fixture
def manager(client, users):
    client.force_login(users["ru-manager"])
    return client


def test_the_agenda_is_created_listed_reordered_and_deleted(manager, meeting, people):
    """Items are added with presenters by slug, listed in order, reordered and deleted."""
    first = _send(
        manager,
        "post",
        f"{API}/{meeting.slug}/agenda",
        {"title_ru": "Итоги", "presenter_post": "ru-minister", "duration_minutes": 20},
    )
    assert first.status_code == 201, first.content
    assert first.json()["presenter_post"] == "ru-minister"
    second = _send(
        manager,
        "post",
        f"{API}/{meeting.slug}/agenda",
        {"title_ru": "Сопровождение", "presenter_person": "zakharova", "position": 1},
    )
    assert second.json()["order"] == 1
    listed = manager.get(f"{API}/{meeting.slug}/agenda").json()
    assert [item["title_ru"] for item in listed] == ["Сопровождение", "Итоги"]
    ids = [item["id"] for item in listed]
    reordered = _send(manager, "put", f"{API}/{meeting.slug}/agenda/order", {"items": ids[::-1]})
    assert [item["title_ru"] for item in reordered.json()] == ["Итоги", "Сопровождение"]
    moved = _send(manager, "post", f"{API}/agenda/{ids[0]}/move", {"position": 1})
    assert moved.json()["order"] == 1
    patched = _send(manager, "patch", f"{API}/agenda/{ids[0]}", {"title_en": "Support"})
    assert patched.json()["title_en"] == "Support"
    assert manager.delete(f"{API}/agenda/{ids[0]}").status_code == 204
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        (
            {"title_ru": "A", "presenter_post": "ru-minister", "presenter_person": "zakharova"},
            {"presenter_post", "presenter_person"},
        ),
        ({"title_ru": "A", "presenter_person": "nobody"}, {"presenter_person"}),
        ({"title_ru": "A", "duration_minutes": 0}, {"duration_minutes"}),
        ({"title_ru": "\u202eA"}, {"title_ru"}),
        ({"title_ru": "A", "position": 5}, {"position"}),
        ({"title_ru": "A", "unknown": 1}, {"unknown"}),
        ({}, {"title_ru"}),
    ],
)
def test_bad_agenda_input_is_a_422_naming_the_field(manager, meeting, people, body, fields):
    """Each bad field answers 422 with its name in ``loc``; nothing is written."""
    response = _send(manager, "post", f"{API}/{meeting.slug}/agenda", body)
    assert response.status_code == 422, response.content
    assert fields <= _fields(response)
    assert not AgendaItem.objects.exists()


def test_a_bad_reorder_is_a_422_on_order(manager, meeting, users):
    """A reorder that leaves out an item is refused on "order"."""
    item = services.agenda_item_add(
        actor=users["site-admin"], meeting=meeting, data={"title_ru": "A"}
    )
    response = _send(manager, "put", f"{API}/{meeting.slug}/agenda/order", {"items": [item.pk, 99]})
    assert response.status_code == 422
    assert _fields(response) == {"order"}


def test_delegations_are_composed_by_their_own_party(client, users, meeting, people):
    """A party's manager heads and fills its delegation; the other party's gets 403 naming the rule."""
    client.force_login(users["by-manager"])
    head = _send(
        client,
        "put",
        f"{API}/{meeting.slug}/delegations/head",
        {"party": "mfa-by-collegium", "person": "ryzhenkov"},
    )
    assert head.status_code == 200, head.content
    assert head.json()["is_head"] is True
    added = _send(
        client,
        "post",
        f"{API}/{meeting.slug}/delegations/members",
        {"party": "mfa-by-collegium", "person": "aleinik", "role_ru": "Советник"},
    )
    assert added.status_code == 201
    member_id = added.json()["id"]
    refused = _send(
        client,
        "put",
        f"{API}/{meeting.slug}/delegations/head",
        {"party": "mfa-ru-collegium", "person": "lavrov"},
    )
    assert refused.status_code == 403
    assert "делегацию другой стороны" in refused.json()["detail"]
    listed = client.get(f"{API}/{meeting.slug}/delegations").json()
    by = next(d for d in listed if d["party"] == "mfa-by-collegium")
    assert by["head"] == "ryzhenkov"
    assert [m["person"] for m in by["members"]] == ["ryzhenkov", "aleinik"]
    patched = _send(client, "patch", f"{API}/members/{member_id}", {"role_en": "Adviser"})
    assert patched.json()["role_en"] == "Adviser"
    assert _send(client, "patch", f"{API}/members/{member_id}", {"order": None}).status_code == 422
    assert client.delete(f"{API}/members/{member_id}").status_code == 204


def test_bad_delegation_input_names_the_field(manager, meeting, people):
    """An organization that does not organize the meeting, or an unknown person: 422 on the field."""
    response = _send(
        manager,
        "post",
        f"{API}/{meeting.slug}/delegations/members",
        {"party": "csto", "person": "lavrov"},
    )
    assert response.status_code == 422
    assert _fields(response) == {"party"}
    response = _send(
        manager,
        "post",
        f"{API}/{meeting.slug}/delegations/members",
        {"party": "mfa-ru-collegium", "person": "nobody"},
    )
    assert _fields(response) == {"person"}


def test_the_meeting_names_its_neighbours(client, meeting, make_meeting):
    """The meeting's record links the previous meeting of the same organizers."""
    import datetime as dt

    make_meeting(
        slug="joint-2024",
        start=dt.datetime(2024, 11, 20, 10, tzinfo=dt.UTC),
        end=dt.datetime(2024, 11, 20, 12, tzinfo=dt.UTC),
    )
    body = client.get(f"{API}/{meeting.slug}").json()
    assert body["previous"] == "joint-2024"
    assert body["next"] is None


def test_unknown_items_are_404(manager):
    """A missing or out-of-range item id is a 404, never a server error."""
    assert _send(manager, "patch", f"{API}/agenda/{2**70}", {"title_en": "x"}).status_code == 404
    assert manager.delete(f"{API}/agenda/123456").status_code == 404
