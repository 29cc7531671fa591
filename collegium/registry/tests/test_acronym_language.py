"""An acronym is shown in the language of the name beside it: never "СГ" on an English page."""

import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture
def union_state(make_org):
    return make_org(
        "union-state",
        name_ru="Союзное государство",
        name_en="Union State",
        name_be="Саюзная дзяржава",
        acronym_ru="СГ",
        acronym_en="",
        acronym_be="СД",
    )


@pytest.mark.parametrize(
    ("language", "acronym", "text"),
    [("ru", "СГ", "СГ"), ("be", "СД", "СД"), ("en", "", "Union State")],
)
def test_the_acronym_follows_the_language_of_the_name_shown(union_state, language, acronym, text):
    """English has the name but no acronym: the Russian acronym is not borrowed."""
    with translation.override(language):
        assert union_state.acronym == acronym
        assert str(union_state) == text


def test_a_name_shown_in_russian_brings_its_russian_acronym(make_org):
    """With no English name the Russian name shows, and its acronym with it."""
    organization = make_org("x-org", name_ru="Организация", name_en="", acronym_ru="ОРГ")
    with translation.override("en"):
        assert organization.name == "Организация"
        assert organization.acronym == "ОРГ"


def test_the_english_organization_page_shows_no_cyrillic_acronym(union_state):
    """The page's badge and its "Acronym" line stay away on the English page."""
    client = Client()
    client.cookies["django_language"] = "en"
    page = client.get("/registry/organizations/union-state/").content.decode()
    assert "Union State" in page
    assert "СГ" not in page
