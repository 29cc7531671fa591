"""Fields kept in Russian, English and Belarusian, read in the active language."""

from typing import Self, overload

from django.utils.translation import get_language

CONTENT_LANGUAGES = ("ru", "en", "be")
FALLBACK_ORDER = {"ru": ("ru", "en", "be"), "en": ("en", "ru", "be"), "be": ("be", "ru", "en")}


def active_content_language() -> str:
    language = (get_language() or "ru").split("-")[0]
    return language if language in CONTENT_LANGUAGES else "ru"


class TranslatedField:
    """Read ``<name>_<lang>`` in the active language, falling back to the others.

    ``Organization.name`` returns ``name_en`` under English and ``name_ru``
    when there is no English text; assigning sets the Russian original.
    """

    def __init__(self, base: str, *, follows: str | None = None) -> None:
        self.base = base
        # ``acronym = TranslatedField("acronym", follows="name")``: the acronym of the language
        # whose name is shown, or none: an English page never shows a Cyrillic acronym beside
        # an English name ("СГ" for the Union State).
        self.follows = follows

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> str: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> Self | str:
        if instance is None:
            return self
        if self.follows is not None:
            language = shown_language(instance, self.follows)
            if language is not None:
                return getattr(instance, f"{self.base}_{language}", "") or ""
        language = shown_language(instance, self.base)
        return getattr(instance, f"{self.base}_{language}", "") if language else ""


def shown_language(instance: object, base: str) -> str | None:
    """Return the language whose ``<base>_<lang>`` the active language shows, or None if empty.

    The active language's own text when there is one, else the first of its fallbacks.
    """
    for language in FALLBACK_ORDER[active_content_language()]:
        if getattr(instance, f"{base}_{language}", ""):
            return language
    return None


# Letters only Belarusian Cyrillic has (і, ў) and only Russian has (и, щ, ъ).
_CYRILLIC = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіў")
_BELARUSIAN_ONLY = frozenset("іў")
_RUSSIAN_ONLY = frozenset("ищъ")


def text_language(text: str) -> str | None:
    """Guess the content language of a free text kept in one language (a summary, a note).

    Cyrillic with і or ў and without и, щ, ъ is Belarusian; other Cyrillic is Russian;
    Latin letters alone are English.  None when the text has no letters.
    """
    letters = {char for char in text.lower() if char.isalpha()}
    if not letters:
        return None
    cyrillic = letters & _CYRILLIC
    if not cyrillic:
        return "en"
    if cyrillic & _BELARUSIAN_ONLY and not cyrillic & _RUSSIAN_ONLY:
        return "be"
    return "ru"
