"""Dates in words, as Russian and English official documents write them."""

import datetime as dt

MONTHS_RU = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_date(value: dt.date, language: str) -> str:
    """Return "27 ноября 2025 г." or "27 November 2025"."""
    if language == "ru":
        return f"{value.day} {MONTHS_RU[value.month - 1]} {value.year} г."
    return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"


def format_date_range(first: dt.date, last: dt.date, language: str) -> str:
    """Return a day or a span of days, sharing month and year where they agree."""
    months = MONTHS_RU if language == "ru" else MONTHS_EN
    year = " г." if language == "ru" else ""
    if first == last:
        return format_date(first, language)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {months[last.month - 1]} {last.year}{year}"
    if first.year == last.year:
        return (
            f"{first.day} {months[first.month - 1]} – "
            f"{last.day} {months[last.month - 1]} {last.year}{year}"
        )
    return f"{format_date(first, language)} – {format_date(last, language)}"
