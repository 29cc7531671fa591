"""Errors under /api/v1 are JSON, whoever answers them, and say what was wrong.

The API's own handlers are tested with each app; these are the answers made
outside them (no route, a method the path lacks, a body over the limit) and
the date parameters, which take an ISO date and nothing else.
"""

import json

import pytest
from django.test import Client

API = "/api/v1"


@pytest.fixture
def admin_client(site_admin) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(site_admin)
    return client


def _json_error(response, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response.content
    return response.json()["detail"]


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing-here", "/api/v1/registry/organizations/csto/no/such/route"]
)
def test_a_path_that_matches_no_route_answers_404_in_json(db, path):
    detail = _json_error(Client(headers={"Accept-Language": "ru"}).get(path), 404)
    assert detail == "Не найдено."


def test_a_method_the_path_lacks_answers_405_in_json_with_allow(db):
    response = Client().put(f"{API}/registry/organizations", "{}", content_type="application/json")
    _json_error(response, 405)
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def test_pages_keep_their_html_errors(db):
    response = Client().get("/registry/no-such-page/really")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_body_over_the_limit_answers_413_in_json_naming_the_limit(admin_client, settings):
    """The Popolo import is one body; over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` it is refused, in JSON."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"organizations": [{"id": "x" * 2000}]})
    response = admin_client.post(f"{API}/registry/popolo", body, content_type="application/json")
    assert "1000 bytes" in _json_error(response, 413)


def test_a_body_under_the_limit_is_read(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = admin_client.post(
        f"{API}/registry/organizations", "{}", content_type="application/json"
    )
    assert response.status_code == 422


@pytest.mark.parametrize("value", ["0.0", "86400", "1700000000", "27.11.2025", "2025-02-30"])
@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/events/checks", "from"),
        ("/events/events", "from"),
        ("/events/invitations", "to"),
        ("/registry/memberships", "on"),
        ("/reciprocity", "start"),
    ],
)
def test_date_parameters_take_only_an_iso_date(admin_client, path, name, value):
    """A number is not read as a Unix time; the refusal is a translated field message."""
    response = admin_client.get(f"{API}{path}", {name: value}, headers={"Accept-Language": "ru"})
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", name]
    assert error["msg"] == "Введите дату в виде ГГГГ-ММ-ДД."


def test_an_iso_date_parameter_is_read(admin_client):
    response = admin_client.get(f"{API}/events/checks", {"from": "2025-11-27"})
    assert response.status_code == 200, response.content


def test_a_date_in_a_body_is_an_iso_date_not_a_number(admin_client):
    response = admin_client.post(
        f"{API}/events/unavailability",
        {"person": "nobody", "start_date": 0, "end_date": "2025-01-02", "owner": "x"},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    locations = [error["loc"] for error in response.json()["detail"]]
    assert ["body", "start_date"] in locations


def _errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {error["loc"][-1]: error["msg"] for error in response.json()["detail"]}


def test_a_moment_in_a_body_is_iso_8601_not_a_number(admin_client):
    """pydantic reads 86400 as a Unix time; an event's start is a date and time, written out."""
    response = admin_client.post(
        f"{API}/events/events",
        {"start": 86400, "end": "2026-12-03T10:00:00+03:00"},
        content_type="application/json",
    )
    errors = _errors(response)
    assert errors["start"] == "Enter a date and time as YYYY-MM-DDTHH:MM."
    assert "end" not in errors


def test_a_moment_in_a_patch_is_iso_8601_not_a_number(admin_client):
    """The PATCH body keeps the create's validators (``patch_schema``); the body is read
    before the event is looked up."""
    response = admin_client.patch(
        f"{API}/events/events/any-event", {"start": 0}, content_type="application/json"
    )
    assert _errors(response)["start"] == "Enter a date and time as YYYY-MM-DDTHH:MM."


def test_body_errors_answer_in_the_readers_language(site_admin):
    """pydantic's English ("Field required") is replaced by the catalog's wording."""
    client = Client(headers={"Accept-Language": "ru"})
    client.force_login(site_admin)
    response = client.post(
        f"{API}/events/arrangements",
        {"slug": "x", "kind": 1, "parties": [], "scope": ["nope"], "bogus": True},
        content_type="application/json",
    )
    errors = _errors(response)
    assert errors["title_ru"] == "Обязательное поле."
    assert errors["bogus"] == "Неизвестное поле."
    assert errors["parties"] == "Укажите не менее 2 элементов."
    assert errors[0].startswith("Выберите одно из значений: 'summit', ")
    assert " or " not in errors[0]


def test_list_limits_are_in_the_document(db):
    """What the schema can say of a list (its minimum), it says, and the server keeps it."""
    schemas = Client().get(f"{API}/openapi.json").json()["components"]["schemas"]
    assert schemas["ArrangementInputSchema"]["properties"]["parties"]["minItems"] == 2
    assert schemas["ArrangementInputSchema"]["properties"]["scope"]["minItems"] == 1
    assert schemas["EventInputSchema"]["properties"]["organizers"]["minItems"] == 1


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "Дата «по» раньше даты «с»."),
        ("be", "Дата «па» раней за дату «з»."),
        ("en", "“to” is before “from”."),
    ],
)
def test_a_validators_message_arrives_without_pydantics_prefix(site_admin, language, expected):
    """A filter's own rule ("to" before "from") reads as written, in the reader's language,
    not "Value error, ..."."""
    client = Client(headers={"Accept-Language": language})
    client.force_login(site_admin)
    response = client.get(f"{API}/events/events", {"from": "2025-12-01", "to": "2025-01-01"})
    assert response.status_code == 422, response.content
    (error,) = response.json()["detail"]
    assert not error["msg"].startswith("Value error")
    assert error["msg"] == expected


def test_a_moment_that_is_not_one_is_refused_in_the_readers_language(site_admin):
    """Pydantic's "Input should be a valid datetime" arrives as the catalog's Russian."""
    client = Client(headers={"Accept-Language": "ru"})
    client.force_login(site_admin)
    response = client.post(
        f"{API}/events/events",
        {"start": "tomorrow", "end": "2026-12-03T25:00:00"},
        content_type="application/json",
    )
    errors = _errors(response)
    assert errors["start"] == errors["end"] == "Введите дату и время в формате ГГГГ-ММ-ДДTЧЧ:ММ."
