"""``/healthz`` for load balancers: 200 after a database round trip, 503 without a database."""

import copy
import socket
from unittest import mock

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client

from collegium.core import views


def test_healthy_answer_needs_a_database_round_trip(db, django_assert_num_queries):
    """A healthy answer is 200 and has asked the database."""
    with django_assert_num_queries(1) as captured:
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert captured.captured_queries[0]["sql"] == "SELECT 1"
    assert "no-cache" in response["Cache-Control"]


def test_cursor_failure_answers_503(db, caplog):
    """When the database refuses the query the answer is 503, and the failure is logged."""
    # A context manager, not monkeypatch: the cursor must work again before the
    # test database is rolled back.
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("refused")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
    assert any(r.name == "collegium.health" and r.levelname == "ERROR" for r in caplog.records)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unreachable_connection(db):
    """A real connection to a database that is not there: a closed port, or a missing file."""
    settings = copy.deepcopy(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings["NAME"] = "/nonexistent/collegium/healthz.sqlite3"
    else:
        settings.update(HOST="127.0.0.1", PORT=str(_closed_port()))
        settings.setdefault("OPTIONS", {})["connect_timeout"] = 2
    broken = type(connections["default"])(settings, alias="healthz-broken")
    yield broken
    broken.close()


def test_unreachable_database_answers_503(unreachable_connection):
    """With the database really out of reach (closed port / missing file) the answer is 503."""
    with mock.patch.object(views, "connection", unreachable_connection):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_health_check_accepts_get_only(db):
    """Other methods are refused, so nothing can write through the health check."""
    assert Client().post("/healthz").status_code == 405


def test_favicon_points_to_the_local_emblem(client):
    """/favicon.ico (asked for by the admin's pages) redirects to the local emblem."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")
    assert response["Location"].startswith("/static/")
