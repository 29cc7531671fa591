"""Test settings: fast hashing, no real outgoing mail, the same database rules."""

import os
from pathlib import Path

# Under pytest-xdist each worker keeps its own keys, checkpoints, media and mail (set
# before the base settings read it; the worker's subprocesses inherit it).
if (_worker := os.environ.get("PYTEST_XDIST_WORKER")) and "COLLEGIUM_VAR_DIR" not in os.environ:
    _var = Path(__file__).resolve().parent.parent.parent / "var" / f"test-{_worker}"
    os.environ["COLLEGIUM_VAR_DIR"] = str(_var)

from collegium.settings.base import *  # noqa: E402, F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# The tests that need the official Popolo schemas ask for them (the popolo_schemas
# fixture); every other test sees Collegium's own rules, whatever the environment.
POPOLO_SCHEMA_DIR = None
# A refresh queued at once: the process's note of a waiting one (core/tasks.py) would
# outlive the test database's rollback.
AUDIT_CHECKPOINT_DELAY = 0.0
