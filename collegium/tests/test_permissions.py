"""The permission matrix of every app: each API operation x role x object -> expected status.

The operations come from the served OpenAPI document and the expectations
from each app's ``tests/permissions.py`` (``collegium.testing.permissions``
says what they declare): an operation no app declares fails here.
"""

import pytest

from collegium.api import api
from collegium.core.models import AuditRecord
from collegium.testing import permissions as matrix
from collegium.testing.permissions import LIST, NO_OBJECT, RETRIEVE, ROLES

MATRIX = matrix.collect()


def _served_operations() -> dict[str, tuple[str, str]]:
    """Return {operation id: (method, path)} of the served OpenAPI document."""
    schema = api.get_openapi_schema()
    return {
        operation["operationId"]: (method, path)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


SERVED = _served_operations()
OPERATIONS = MATRIX.operations
CASES = [
    pytest.param(operation_id, role, obj, id=f"{operation_id}-{role}-{obj}")
    for operation_id in sorted(SERVED)
    for obj in (OPERATIONS[operation_id].objects if operation_id in OPERATIONS else (NO_OBJECT,))
    for role in ROLES
]


def test_every_operation_has_a_matrix_entry():
    """A new endpoint fails here until its app's ``tests/permissions.py`` says how to check it."""
    missing = sorted(set(SERVED) - set(OPERATIONS))
    stale = sorted(set(OPERATIONS) - set(SERVED))
    assert not missing, f"declare these operations in their app's tests/permissions.py: {missing}"
    assert not stale, f"these declared operations name no served operation: {stale}"


def test_every_case_has_a_rule():
    """The rules cover every combination (none falls through)."""
    for operation in OPERATIONS.values():
        assert operation.action in MATRIX.actions, f"undeclared action {operation.action}"
        for role in ROLES:
            for obj in operation.objects:
                assert MATRIX.expected_status(operation.action, role, obj, operation.entity)


@pytest.mark.parametrize(("operation_id", "role", "obj"), CASES)
def test_permission_matrix(world, operation_id, role, obj):
    """The operation answers as the rules say; lists show what the role may see; refusals write nothing."""
    assert operation_id in OPERATIONS, f"{operation_id} has no entry in the permission matrix"
    operation = OPERATIONS[operation_id]
    expected = MATRIX.expected_status(operation.action, role, obj, operation.entity)
    if operation.created and expected == 200:
        expected = 201
    client = matrix.client_for(world, role)
    call = matrix.prepare_call(MATRIX, world, SERVED[operation_id], operation, role, obj)
    for move in operation.prepare:
        # A fresh copy: the world's instances outlive each test's rollback.
        instance = world.objects[operation.entity][obj]
        MATRIX.prepare[move](world.site_admin, type(instance).objects.get(pk=instance.pk))
    audit_before = AuditRecord.objects.count()

    response = call.send(client)

    assert response.status_code == expected, (
        f"{operation_id} as {role} on the {obj} object: "
        f"expected {expected}, got {response.status_code} {response.content[:300]!r}"
    )
    if operation.action == LIST:
        visible = MATRIX.expected_status(RETRIEVE, role, obj, operation.entity) == 200
        keys = matrix.listed(MATRIX, operation, response)
        assert (matrix.key_of(MATRIX, world, operation.entity, obj) in keys) == visible, (
            f"{operation_id} as {role}: the {obj} object should {'' if visible else 'not '}be listed"
        )
    audit_after = AuditRecord.objects.count()
    if operation.action in MATRIX.audited and response.status_code < 300:
        assert audit_after > audit_before, "an accepted write left no audit record"
    else:
        assert audit_after == audit_before, "a refused call or a read changed the audit chain"
