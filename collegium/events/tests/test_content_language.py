"""Content shows in the reader's language where a translation exists, marked where it does not.

A summary or a note is kept in the one language it was written in: a page in another
language shows it marked "(на русском)" / "(па-руску)" / "(in Russian)", and never mixes
a translation into the text in brackets.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from collegium.core.i18n import text_language


def _page(path: str, language: str) -> str:
    client = Client()
    client.cookies["django_language"] = language
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Сессия Совета коллективной безопасности", "ru"),
        ("Сесія Савета калектыўнай бяспекі", "be"),
        ("Session of the Collective Security Council", "en"),
        ("2025", None),
    ],
)
def test_the_language_of_a_free_text_is_read_off_its_letters(text, language):
    """Belarusian by і and ў, Russian by the other Cyrillic, English by Latin letters alone."""
    assert text_language(text) == language


@pytest.mark.parametrize(
    ("language", "marker"),
    [("be", "(па-руску)"), ("en", "(in Russian)"), ("ru", None)],
)
def test_a_summary_in_another_language_is_marked(make_event, language, marker):
    """The Russian summary on the Belarusian page carries lang="ru" and "(па-руску)"."""
    event = make_event(summary="Сессия в год председательства Киргизии.", title_be="")
    page = _page(f"/calendar/events/{event.slug}/", language)
    summary = page[page.index('id="summary-title"') :]
    if marker:
        assert '<span lang="ru">Сессия в год председательства Киргизии.</span>' in summary
        assert f'<span class="lang-note">{marker}</span>' in summary
    else:
        assert "lang-note" not in summary


def test_a_title_without_a_translation_shows_the_fallback_marked(make_event):
    """No Belarusian title: the Russian one, marked; an English title needs no mark."""
    event = make_event(title_be="")
    be = _page(f"/calendar/events/{event.slug}/", "be")
    assert '<h1><span lang="ru">Сессия СКБ ОДКБ</span> <span class="lang-note">(па-руску)' in be
    en = _page(f"/calendar/events/{event.slug}/", "en")
    assert "<h1>CSTO Collective Security Council</h1>" in en


def test_an_accession_note_in_english_is_marked_on_the_russian_page(accession):
    """A note kept in English reads "(на английском)" on the Russian page."""
    page = _page(f"/arrangements/{accession.arrangement.slug}/", "ru")
    assert (
        '<span lang="en">voiced at the joint collegium of 25 Nov 2025</span> '
        '<span class="lang-note">(на английском)</span>'
    ) in page


@pytest.mark.django_db
def test_the_demos_russian_pages_carry_no_english_sentence_in_brackets():
    """The demo's summaries and notes are Russian only: no "(The invitees' answers ...)"."""
    call_command("demo", stdout=io.StringIO())
    from collegium.events.models import Arrangement, Event

    english_in_brackets = re.compile(r"\([A-Z][a-z]+ [a-z' ]+[^)]*\)")
    for event in Event.objects.all():
        assert not english_in_brackets.search(event.summary), event.slug
    for arrangement in Arrangement.objects.all():
        assert not english_in_brackets.search(arrangement.description), arrangement.slug
    for slug in ("cis-informal-summit-2026-saint-petersburg", "csto-summit-2025-bishkek"):
        page = _page(f"/calendar/events/{slug}/", "ru")
        assert not english_in_brackets.search(page[page.index("<main") :]), slug
