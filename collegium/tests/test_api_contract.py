"""The API keeps its OpenAPI contract: Schemathesis fuzzes every operation of the live document.

The document is loaded from the application itself (WSGI, in process), so
every operation a router adds is fuzzed from the day it is added.  Each
operation is called as three callers: anonymous, the CSTO secretariat's
manager and the site administrator (both with a personal token), against the
demo data.  Every answer must be

- no server error (5xx);
- a status the document declares for the operation (``core.api.errors``
  declares the error answers);
- of the content type declared for that status, with a body that conforms
  to the declared schema.

Path parameters of positive cases are mostly drawn from the demo's real
records (read from the collection the path names), so the fuzzer reaches
real reads, updates, transitions and deletes, not only 404s.  Each example
runs in a transaction rolled back after the call: a write never changes
what the next example sees.  The examples are few and derived from a fixed
seed, so a run is repeatable and stays within a few minutes.
"""

import zlib
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_started
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis import checks as st_checks
from schemathesis.core.parameters import ParameterLocation

from collegium.accounts.models import User
from collegium.accounts.services import api_token_create
from collegium.devdata.demo import demo_load
from collegium.wsgi import application

SCHEMA_URL = "/api/v1/openapi.json"
MAX_EXAMPLES = 5

config = schemathesis.Config.from_dict(
    {
        "seed": 8,
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True},
        "phases": {"stateful": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, application, config=config)

CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_schema_conformance,
]

# The callers: a demo username, or None for anonymous.
ROLES = {"anonymous": None, "manager": "csto-secretariat", "site_admin": "admin"}


def _collection_values(client: Client, token: str, collection: str, field: str) -> list[Any]:
    """Return the ``field`` of the records a collection lists (its first page)."""
    response = client.get(collection, {"limit": 100}, headers={"Authorization": f"Bearer {token}"})
    if response.status_code != 200 or response["Content-Type"] != "application/json":
        return []
    body = response.json()
    items = body.get("items", []) if isinstance(body, dict) else body
    return [item[field] for item in items if isinstance(item, dict) and field in item]


def _real_path_values(token: str) -> dict[tuple[str, str], list[Any]]:
    """Map each (collection path, path parameter) to the values the demo's records have.

    ``/registry/organizations/{slug}`` takes the ``slug`` of what
    ``GET /registry/organizations`` lists; ``{invitation_id}`` takes the ``id``.
    """
    client = Client()
    document = client.get(SCHEMA_URL).json()
    values: dict[tuple[str, str], list[Any]] = {}
    for path in document["paths"]:
        for segment in path.split("/"):
            if not segment.startswith("{"):
                continue
            name = segment.strip("{}")
            collection = path.split(f"/{segment}")[0]
            if (collection, name) not in values:
                field = "id" if name.endswith("_id") else name
                values[(collection, name)] = _collection_values(client, token, collection, field)
    return values


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for the module, make the callers' tokens; roll it all back after.

    Yields the tokens by role and the real values of the path parameters.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo_load()
            tokens = {
                role: api_token_create(actor=User.objects.get(username=username), name="contract")[
                    1
                ]
                for role, username in ROLES.items()
                if username
            }
            yield tokens, _real_path_values(tokens["site_admin"])
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def same_connection():
    """Keep the test's connection open across requests, as Django's test client does.

    Schemathesis calls the WSGI application directly; Django would close a
    connection in a transaction at each request's start, ending the test's.
    """
    request_started.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)


def _use_real_records(case, values: dict[tuple[str, str], list[Any]]) -> None:
    """Put real records into three of four positive cases' path parameters, by a stable hash."""
    component = case.meta.components.get(ParameterLocation.PATH) if case.meta else None
    if component is None or component.mode != GenerationMode.POSITIVE:
        return
    for name, generated in case.path_parameters.items():
        collection = case.path.split(f"/{{{name}}}")[0]
        known = values.get((collection, name))
        draw = zlib.crc32(repr(generated).encode())
        if known and draw % 4:
            case.path_parameters[name] = known[draw % len(known)]


@pytest.mark.parametrize("role", list(ROLES))
@schema.parametrize()
@settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_operation_keeps_the_contract(case, role, demo, db, same_connection):
    tokens, values = demo
    if role in tokens:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {tokens[role]}"}
    _use_real_records(case, values)
    with transaction.atomic():
        response = case.call()
        transaction.set_rollback(True)
    case.validate_response(response, checks=CHECKS)
