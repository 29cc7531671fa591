"""The servers start only when pages can link their static files.

Under the manifest storage of the base and production settings that means after
``collectstatic``; the development settings serve the source files as they are.
"""

import io
import json
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.commands.runserver import Command as DjangoRunserver
from django.test import Client

from collegium.core.staticfiles import _source_files
from collegium.settings import base, dev


@pytest.fixture
def static_root(settings, tmp_path):
    """The base settings' manifest storage over an empty STATIC_ROOT: nothing collected yet."""
    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.STORAGES = base.STORAGES
    return tmp_path / "static"


@pytest.fixture
def started(monkeypatch):
    """Record the development server's start instead of listening on a port."""
    calls = []
    monkeypatch.setattr(DjangoRunserver, "run", lambda self, **options: calls.append(options))
    return calls


def _collect(static_root, names) -> None:
    """Write the manifest collectstatic would write for ``names`` (without copying files)."""
    static_root.mkdir(parents=True, exist_ok=True)
    manifest = {"version": "1.1", "hash": "x", "paths": {name: name for name in names}}
    (static_root / "staticfiles.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_without_collectstatic_every_page_fails(db, static_root):
    """Why the servers check: the manifest storage cannot name a file it has not collected."""
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        Client(raise_request_exception=True).get("/")


def test_runserver_without_collectstatic_stops_naming_it(static_root, started):
    """The development server does not start to answer 500s: it says to run collectstatic."""
    with pytest.raises(CommandError) as caught:
        call_command("runserver", "--noreload", stdout=io.StringIO())
    message = str(caught.value)
    assert f"{static_root / 'staticfiles.json'} is missing" in message
    assert "Run `collegium collectstatic --no-input` first" in message
    assert "DJANGO_SETTINGS_MODULE=collegium.settings.dev" in message
    assert started == []


def test_runserver_starts_once_the_static_files_are_collected(static_root, started):
    _collect(static_root, _source_files())
    call_command("runserver", "--noreload", stdout=io.StringIO())
    assert len(started) == 1


def test_runserver_names_a_file_added_since_collectstatic(static_root, started):
    """A manifest older than a static file would fail the pages linking it."""
    assert "collegium/collegium.css" in _source_files()
    _collect(static_root, _source_files() - {"collegium/collegium.css"})
    with pytest.raises(
        CommandError, match=r"out of date: 1 not collected \(collegium/collegium.css\)"
    ):
        call_command("runserver", "--noreload", stdout=io.StringIO())
    assert started == []


def test_the_development_settings_need_no_collectstatic(settings, tmp_path, started):
    """collegium.settings.dev serves the source files: runserver starts with nothing collected."""
    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.STORAGES = dev.STORAGES
    call_command("runserver", "--noreload", stdout=io.StringIO())
    assert len(started) == 1


def test_serve_without_collectstatic_stops_naming_it(static_root, monkeypatch):
    """The production server does not start either (gunicorn would answer 500s)."""
    exec_calls = []
    monkeypatch.setattr(os, "execv", lambda *args: exec_calls.append(args))
    with pytest.raises(CommandError, match=r"Run `collegium collectstatic --no-input` first"):
        call_command("serve", stdout=io.StringIO())
    assert exec_calls == []
