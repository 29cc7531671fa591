"""The OpenAPI document: a committed snapshot, and naming rules for operations and schemas.

A change to the API shows up here as a diff of ``openapi.snapshot.json``, so it
is reviewed like code.  After an intended change, refresh the snapshot:

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest collegium/core/tests/test_openapi.py
"""

import difflib
import json
import os
import re
from pathlib import Path

import pytest
from django.test import Client

from collegium.testing import permissions

SNAPSHOT = Path(__file__).with_name("openapi.snapshot.json")
UPDATE_COMMAND = "UPDATE_SNAPSHOTS=1 .venv/bin/pytest collegium/core/tests/test_openapi.py"


def _dump(document: dict) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.fixture
def openapi(db) -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_matches_the_snapshot(openapi):
    """The served document equals the committed snapshot."""
    current = _dump(openapi)
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(current, encoding="utf-8")
    if not SNAPSHOT.exists():
        pytest.fail(f"{SNAPSHOT.name} is missing; create it with:\n    {UPDATE_COMMAND}")
    expected = SNAPSHOT.read_text(encoding="utf-8")
    if current != expected:
        diff = difflib.unified_diff(
            expected.splitlines(),
            current.splitlines(),
            fromfile=f"{SNAPSHOT.name} (committed)",
            tofile="/api/v1/openapi.json (served now)",
            lineterm="",
            n=2,
        )
        shown = "\n".join(list(diff)[:80])
        pytest.fail(
            "The OpenAPI document differs from the committed snapshot.\n"
            "If the API change is intended, update the snapshot and commit it:\n"
            f"    {UPDATE_COMMAND}\n\n{shown}",
            pytrace=False,
        )


def _operations(openapi: dict):
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_operation_ids_follow_app_entity_action(openapi):
    """Every operation id is ``<app>_<entity>_<action>`` and its app is the router's tag.

    The action may take several words (``events_event_mark_held``); it is the
    service's (``event_mark_held``) and the path's (``/mark-held``).
    """
    seen = set()
    for path, method, operation in _operations(openapi):
        operation_id = operation["operationId"]
        assert re.fullmatch(r"[a-z]+(_[a-z]+){2,}", operation_id), (method, path, operation_id)
        assert operation_id.split("_")[0] in operation["tags"], operation_id
        assert operation_id not in seen, f"duplicate operation id {operation_id}"
        seen.add(operation_id)


def test_schemas_are_named_entity_schema(openapi):
    """Component schemas are ``<Entity>Schema``, ``<Entity>InputSchema``, ``<Entity>PatchSchema``."""
    for name, schema in openapi["components"]["schemas"].items():
        if "enum" in schema:
            continue  # choices: OrganizationKind, Visibility, ...
        if name == "Input" or name.startswith("Paged"):
            continue  # ninja's pagination parameters and pages
        assert name.endswith("Schema"), name


def test_anonymous_access_is_documented_on_reads_only(openapi):
    """Reads open to anonymous callers show it (``{}`` in security); writes and account data do not.

    Which operations are open is what the apps declare for the permission matrix
    (their ``tests/permissions.py``): an anonymous call on a public record succeeds.
    """
    matrix = permissions.collect()
    for path, method, operation in _operations(openapi):
        anonymous = {} in operation["security"]
        declared = matrix.operations.get(operation["operationId"])
        assert declared is not None, f"{operation['operationId']} is in no tests/permissions.py"
        obj = permissions.OWN if permissions.OWN in declared.objects else declared.objects[0]
        status = matrix.expected_status(
            declared.action, permissions.ANONYMOUS, obj, declared.entity
        )
        assert anonymous == (status < 400), (method, path)
        assert not anonymous or method == "get", (method, path)
