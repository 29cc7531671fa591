"""The Russian and Belarusian catalogs are complete: no empty, fuzzy or mismatched entries."""

import ast
import os
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "collegium" / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def _entries(language: str) -> list[dict]:
    """Parse a .po file into entries: flags, msgctxt, msgid, msgid_plural and msgstr forms."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.strip().split("\n\n"):
        entry: dict = {"flags": set(), "msgstr": []}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if key == "msgstr":
                    entry["msgstr"][-1] += value
                else:
                    entry[key] += value
            else:
                key, _, value = line.partition(" ")
                value = ast.literal_eval(value)
                if key.startswith("msgstr"):
                    key = "msgstr"
                    entry["msgstr"].append(value)
                else:
                    entry[key] = value
        entries.append(entry)
    return entries


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


@pytest.mark.parametrize("language", ["ru", "be", "en"])
def test_catalog_has_no_fuzzy_entries(language):
    """No entry, the header included, is marked fuzzy (msgfmt would skip it)."""
    fuzzy = [entry.get("msgid", "") for entry in _entries(language) if "fuzzy" in entry["flags"]]
    assert fuzzy == []


@pytest.mark.parametrize("language", ["ru", "be"])
def test_catalog_translates_every_string(language):
    """Every string, every plural form included, has a translation."""
    entries = _entries(language)
    assert len(entries) > 100
    empty = [entry["msgid"] for entry in entries[1:] if not all(entry["msgstr"])]
    assert empty == []


@pytest.mark.parametrize("language", ["ru", "be"])
def test_translations_keep_the_placeholders(language):
    """A translation uses exactly the placeholders of its source string."""
    wrong = [
        entry["msgid"]
        for entry in _entries(language)[1:]
        for translation in entry["msgstr"]
        if _placeholders(translation) != _placeholders(entry["msgid"])
    ]
    assert wrong == []


@pytest.mark.parametrize("language", ["ru", "be"])
def test_catalog_declares_its_language(language):
    """The header names the language and its plural rule."""
    header = _entries(language)[0]["msgstr"][0]
    assert f"Language: {language}\n" in header
    assert "Plural-Forms: nplurals=4;" in header


def _msgids(path: Path) -> set[tuple[str, str]]:
    text = path.read_text(encoding="utf-8")
    return {
        (entry.get("msgctxt", ""), entry["msgid"])
        for entry in _entries_of(text)
        if entry.get("msgid")
    }


def _entries_of(text: str) -> list[dict]:
    entries = []
    for block in text.strip().split("\n\n"):
        entry: dict = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            if line.startswith('"') and key:
                entry[key] += ast.literal_eval(line)
            elif not line.startswith('"'):
                key, _, value = line.partition(" ")
                entry[key] = ast.literal_eval(value)
        entries.append(entry)
    return entries


def test_catalogs_hold_every_string_of_the_code(tmp_path):
    """makemessages finds no string that the committed catalogs lack.

    Runs makemessages on a copy of the sources, so a string added to the code
    or a template without a translation fails here, not in front of a user.
    """
    import shutil
    import subprocess
    import sys

    source = Path(settings.BASE_DIR) / "collegium"
    copy = tmp_path / "collegium"
    shutil.copytree(
        source,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"),
    )
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "django", "makemessages", "-l", "ru", "-v0"],
        cwd=copy,
        env=env,
        check=True,
        timeout=120,
    )
    committed = _msgids(LOCALE / "ru" / "LC_MESSAGES" / "django.po")
    found = _msgids(copy / "locale" / "ru" / "LC_MESSAGES" / "django.po")
    missing = sorted(found - committed)
    assert missing == [], (
        "Strings missing from the catalogs; run `.venv/bin/python manage.py makemessages "
        "-l ru -l en -l be --ignore=.venv --ignore=.tools --ignore=var` and translate them: "
        f"{missing}"
    )
