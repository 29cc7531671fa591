"""The permission matrix's world, shared by the API matrix and the form matrix."""

import pytest
from django.db import transaction

from collegium.testing import permissions as matrix

MATRIX = matrix.collect()


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """Build the world once for the module, inside a transaction rolled back at the end.

    Each test runs in a savepoint within it (the ``db`` fixture), so every
    test starts from the same world, as with ``TestCase.setUpTestData``: a
    few hundred service calls once instead of for each of the ~1,800 cases.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield matrix.build_world(MATRIX)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(_module_world, db):
    return _module_world
