"""The plan's fixed wording in the document's languages (not the interface's): the levels, the
capitals, the dates, and the paragraph of one consultation in the plan's document.

The DOCX and PDF tables and the decisions document say the same thing in the same words.
"""

import datetime as dt
from typing import Any

from collegium.planning.models import ConsultationRequest

# level → (ru, be, en), as the table and the document name it.
LEVELS: dict[str, tuple[str, str, str]] = {
    "deputy_minister": (
        "заместители министров",
        "намеснікі міністраў",
        "deputy ministers",
    ),
    "department_director": (
        "директора департаментов",
        "дырэктары дэпартаментаў",
        "department directors",
    ),
    "expert": ("эксперты", "эксперты", "experts"),
}
# The capitals of the parties as a plan names them in Russian → (be, en).
CITIES: dict[str, tuple[str, str]] = {
    "Москва": ("Масква", "Moscow"),
    "Минск": ("Мінск", "Minsk"),
}


def level_words(level: str) -> tuple[str, str, str]:
    return LEVELS.get(level, (level, level, level))


def dates(start: str, end: str) -> str:
    """Return the days of a consultation: 12.03.2026, or 12.03–13.03.2026."""
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    if first == last:
        return first.strftime("%d.%m.%Y")
    return f"{first.strftime('%d.%m')}–{last.strftime('%d.%m.%Y')}"


def paragraph(request: ConsultationRequest, placement: dict[str, Any]) -> dict[str, str]:
    """Return the document paragraph of one placed consultation, in Russian, Belarusian, English.

    The dates, the topic, the host city and the level, as the plan's table gives them.
    """
    when = dates(placement["start"], placement["end"])
    city_ru = str(placement.get("city") or "")
    city_be, city_en = CITIES.get(city_ru, (city_ru, city_ru))
    level_ru, level_be, level_en = level_words(request.level)
    topic_be = request.topic_be or request.topic_ru
    topic_en = request.topic_en or request.topic_ru
    return {
        "text_ru": f"{when} — консультации «{request.topic_ru}» ({city_ru}); уровень: {level_ru}.",
        "text_be": f"{when} — кансультацыі «{topic_be}» ({city_be}); узровень: {level_be}.",
        "text_en": f"{when} — consultations “{topic_en}” ({city_en}); level: {level_en}.",
    }
