"""Test settings: fast hashing, no real outgoing mail, the same database rules."""

from collegium.settings.base import *  # noqa: F403

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
