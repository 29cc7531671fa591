"""Fixtures of the core's tests."""

import pytest


@pytest.fixture(autouse=True)
def _latest_checkpoint_in_tmp(settings, tmp_path):
    """Keep the latest audit checkpoint of each test apart from the developer's ``var/``.

    ``collegium audit verify`` reads it by default, so a file left by ``make run``
    must not meet a test's chain.
    """
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "checkpoints" / "latest.json"
