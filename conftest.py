"""Fixtures shared by every app's tests."""

import os
import socket
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import translation

from collegium.accounts.models import Role
from collegium.accounts.services import user_create
from collegium.registry.models import OrganizationKind
from collegium.registry.services import organization_create

_real_connect = socket.socket.connect

# The official Popolo schemas are not part of the repository: $POPOLO_SCHEMA_DIR, else
# the shared folder beside the checkout, where CI puts them.
POPOLO_SCHEMAS_BESIDE = Path(__file__).resolve().parent.parent / "shared" / "popolo-schemas"
POPOLO_SCHEMA_NAMES = ("organization", "person", "post", "membership")


def _popolo_schemas() -> tuple[Path, bool, bool]:
    """Return where the Popolo schemas are looked for, whether they are there, and if named."""
    named = os.environ.get("POPOLO_SCHEMA_DIR")
    folder = Path(named) if named else POPOLO_SCHEMAS_BESIDE
    found = all((folder / f"{name}.json").is_file() for name in POPOLO_SCHEMA_NAMES)
    return folder, found, bool(named)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}


def pytest_report_header(config):
    folder, found, named = _popolo_schemas()
    if found:
        return f"official Popolo schemas: {folder}"
    outcome = "fail" if named or _in_ci() else "are skipped (set POPOLO_SCHEMA_DIR)"
    return f"official Popolo schemas: not found at {folder}; the checks against them {outcome}"


def _loopback_only(sock, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and (
        host in {"localhost", "::1"} or host.startswith("127.") or host.startswith("/")
    ):
        return _real_connect(sock, address)
    if sock.family == socket.AF_UNIX:
        return _real_connect(sock, address)
    raise RuntimeError(f"tests may not open network connections (tried {address!r})")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Tests talk to loopback services only (database, SMTP, the test server)."""
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


@pytest.fixture
def popolo_schemas(settings) -> Path:
    """Return the folder of the official Popolo schemas, set as ``POPOLO_SCHEMA_DIR``.

    Without them the test is skipped, saying so, except in CI (``CI`` set), which
    must run every check, and when ``POPOLO_SCHEMA_DIR`` names a folder without them.
    """
    folder, found, named = _popolo_schemas()
    if not found:
        reason = f"official Popolo schemas not found at {folder}"
        if named:
            pytest.fail(f"{reason}, where POPOLO_SCHEMA_DIR points", pytrace=False)
        if _in_ci():
            pytest.fail(f"{reason}; CI runs every check against them", pytrace=False)
        pytest.skip(f"{reason}; set POPOLO_SCHEMA_DIR")
    settings.POPOLO_SCHEMA_DIR = str(folder)
    return folder


@pytest.fixture(autouse=True)
def _signing_keys_in_tmp(settings, tmp_path_factory):
    """Keep each test's signing master key in a folder of its own, never in ``var/``."""
    settings.SIGNING_KEY_FILE = tmp_path_factory.mktemp("keys") / "master.key"


@pytest.fixture(autouse=True)
def _english_messages():
    """Run test code in English, the source language of every message it compares with.

    Pages still choose their language per request (cookie, Accept-Language, else
    Russian), so page tests see the Russian default as users do.
    """
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with an empty read cache, so no entry leaks from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_admin(db):
    return user_create(actor=None, username="root", password="x", is_superuser=True, validate=False)


@pytest.fixture
def make_org(site_admin):
    """Create an organization through the service: ``make_org("csto", owner=None, ...)``."""

    def make(slug: str, *, kind=OrganizationKind.INTERNATIONAL, **data):
        data.setdefault("name_ru", slug.upper())
        data.setdefault("name_en", slug.upper())
        return organization_create(actor=site_admin, data={"slug": slug, "kind": kind, **data})

    return make


@pytest.fixture
def make_user(site_admin):
    """Create a user with a role in an organization: ``make_user(org, "editor")``."""
    counter = iter(range(1, 10_000))

    def make(organization=None, role: str = Role.VIEWER, *, username: str | None = None):
        username = username or f"user{next(counter)}"
        return user_create(
            actor=site_admin if organization is not None else None,
            username=username,
            password="x",
            organization=organization,
            role=role,
            validate=False,
        )

    return make


# The live server and Chromium fixtures, for any app's browser tests.
pytest_plugins = ["collegium.testing.browser", "collegium.testing.long_records"]
