"""Words as Russian official documents write them: a city after "в", initials before a surname.

Pure: plain strings in, plain strings out.
"""

import re

NBSP = "\u00a0"

# Cities whose prepositional form the rules below do not give: feminine names in -ь and
# names of several words.  The key is the nominative.
PREPOSITIONAL_CITIES = {
    "Астрахань": "Астрахани",
    "Казань": "Казани",
    "Нижний Новгород": "Нижнем Новгороде",
    "Великий Новгород": "Великом Новгороде",
    "Рязань": "Рязани",
    "Тверь": "Твери",
    "Пермь": "Перми",
}

# Endings of names that do not decline (Душанбе, Тбилиси, Баку, Сочи, Осло, Ханты-Мансийск...).
_INDECLINABLE_ENDINGS = ("о", "е", "ё", "и", "у", "ы", "э", "ю")
_CONSONANTS = "бвгджзклмнпрстфхцчшщ"


def _decline_word(word: str) -> str:
    """Return the prepositional form of one word of a city's name by the regular rules."""
    lower = word.lower()
    if not lower or lower.endswith(_INDECLINABLE_ENDINGS):
        return word
    if lower.endswith("ия"):  # Анталия -> Анталии
        return word[:-1] + "и"
    if lower.endswith(("а", "я", "й", "ь")):  # Москва, Ялта; Шанхай; Ярославль
        return word[:-1] + "е"
    if lower[-1] in _CONSONANTS:  # Минск, Пекин, Санкт-Петербург, Ташкент
        return word + "е"
    return word


def city_prepositional(name: str) -> str:
    """Return the city's name in the prepositional case: "Минск" -> "Минске".

    A table holds the forms no rule gives; otherwise the last part of a hyphenated
    name declines ("Санкт-Петербург" -> "Санкт-Петербурге") and names ending in a
    vowel other than -а/-я stay as they are ("Душанбе").  A name not in Cyrillic
    is returned unchanged.
    """
    name = name.strip()
    if name in PREPOSITIONAL_CITIES:
        return PREPOSITIONAL_CITIES[name]
    if not re.search("[а-яё]", name.lower()) or " " in name:
        return name
    head, _, last = name.rpartition("-")
    declined = _decline_word(last)
    return f"{head}-{declined}" if head else declined


def in_city(name: str) -> str:
    """Return "в Минске", "во Владивостоке": the preposition and the prepositional form."""
    form = city_prepositional(name)
    lower = form.lower()
    # "во" before в or ф followed by a consonant, as the ear has it: во Владимире, во Франкфурте.
    preposition = "во" if len(lower) > 1 and lower[0] in "вф" and lower[1] in _CONSONANTS else "в"
    return f"{preposition} {form}"


_INITIALS = re.compile(r"\b([А-ЯЁA-Z]\.)\s*(?=[А-ЯЁA-Z][.\w])")


def spaced_initials(name: str) -> str:
    """Return "С.\u00a0Н.\u00a0Лебедев" for "С.Н. Лебедев": initials apart, never broken off.

    The interface and the letters write initials with a non-breaking space after each
    one, as Russian typography (and the style guides of the ministries) has it.
    """
    spaced = _INITIALS.sub(lambda match: match.group(1) + NBSP, name)
    return re.sub(r"(\b[А-ЯЁA-Z]\.) (?=\w)", lambda match: match.group(1) + NBSP, spaced)


# Words that open an English title without being part of a proper name: after "the" in a
# sentence they take a small letter ("will host the informal meeting of ...", "the session
# of the CSTO Collective Security Council"), while "the Council of Heads of State" keeps its
# capital.
_COMMON_TITLE_WORDS = frozenset(
    {
        "annual",
        "conference",
        "consultations",
        "extraordinary",
        "forum",
        "informal",
        "joint",
        "meeting",
        "ministerial",
        "regular",
        "round",
        "session",
        "summit",
        "visit",
        "working",
    }
)


def english_after_the(title: str) -> str:
    """Return ``title`` as it reads after "the" in an English sentence, with "the" in front.

    "Informal meeting of the CIS heads of state" -> "the informal meeting of the CIS heads
    of state"; "Council of Heads of State" -> "the Council of Heads of State"; a title that
    already opens with "The" keeps it, in a small letter.
    """
    words = title.split(" ", 1)
    if words[0].lower() == "the":
        return "the " + (words[1] if len(words) > 1 else "")
    if words[0].lower() in _COMMON_TITLE_WORDS and not words[0].isupper():
        title = title[0].lower() + title[1:]
    return f"the {title}"
