"""Settings read from the environment: a bad value is one line naming it, never a traceback."""

import os
import subprocess
import sys

import pytest


def _collegium(*args: str, **environment: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    env.update(environment)
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "collegium.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("secret_key", [None, "", "short", "django-insecure-" + "x" * 50])
def test_production_without_a_secret_key_says_so_in_one_line(secret_key):
    """Production settings without a usable SECRET_KEY: one line naming it, exit status 1."""
    environment = {"DJANGO_SETTINGS_MODULE": "collegium.settings.production"}
    if secret_key is not None:
        environment["SECRET_KEY"] = secret_key
    result = _collegium("check", **environment)
    assert result.returncode == 1
    assert result.stderr == (
        "collegium: SECRET_KEY must be set to a random value of 50+ characters.\n"
    )


def test_a_bad_boolean_is_named():
    """A variable that is no boolean is named with its value."""
    result = _collegium("check", DEBUG="maybe")
    assert result.returncode == 1
    assert result.stderr == "collegium: DEBUG must be a boolean (true/false), not 'maybe'\n"
