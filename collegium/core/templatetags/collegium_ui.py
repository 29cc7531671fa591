"""Template helpers of the Collegium UI: dates that may be approximate, periods, other names."""

import datetime as dt
from typing import Protocol, TypedDict

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from collegium.core.i18n import (
    CONTENT_LANGUAGES,
    active_content_language,
    shown_language,
    text_language,
)

register = template.Library()


class Dated(Protocol):
    """A record with a period, such as a membership or a tenure (``registry.Period``)."""

    @property
    def start_date(self) -> dt.date | None: ...
    @property
    def end_date(self) -> dt.date | None: ...
    def is_current(self, on: dt.date) -> bool: ...


class OtherLanguage(TypedDict):
    code: str
    name: str
    value: str


def _date_text(value: dt.date, approximate: bool) -> str:
    if not approximate:
        return date_format(value, "DATE_FORMAT")
    # Public sources give only the year or the month: say no more than they do.
    if value.month == 1 and value.day == 1:
        text = str(value.year)
    elif value.day == 1:
        text = date_format(value, "YEAR_MONTH_FORMAT")
        if active_content_language() in {"ru", "be"}:
            # Month names are common nouns in Russian and Belarusian: "≈ октябрь 2007 г.".
            text = text[:1].lower() + text[1:]
    else:
        text = date_format(value, "DATE_FORMAT")
    return f"≈ {text}"


@register.filter
def fuzzy_date(value: dt.date | None, approximate: bool = False) -> str:
    """Render a date as ``<time>``; approximate dates show only what is known, marked "≈"."""
    if value is None:
        return ""
    if approximate:
        return format_html(
            '<time datetime="{}" title="{}">{}</time>',
            value.isoformat(),
            _("approximate date"),
            _date_text(value, True),
        )
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), _date_text(value, False))


@register.simple_tag
def period(record: Dated) -> str:
    """Render the period of a membership or tenure: "1 Jan 2023 – 31 Dec 2025", "… – present"."""
    approximate = getattr(record, "dates_approximate", False)
    start = fuzzy_date(record.start_date, approximate)
    end = fuzzy_date(record.end_date, approximate)
    if start and end:
        return format_html("{} – {}", start, end)
    if start:
        return format_html("{} – {}", start, _("present"))
    if end:
        return format_html("{} {}", _("until"), end)
    return _("dates unknown")


@register.simple_tag
def other_languages(instance: object, base: str) -> list[OtherLanguage]:
    """Return ``[{"code", "name", "value"}]`` for the languages other than the active one."""
    active = active_content_language()
    shown = getattr(instance, base, "")
    result: list[OtherLanguage] = []
    for code in CONTENT_LANGUAGES:
        value = getattr(instance, f"{base}_{code}", "")
        if code == active or not value or value == shown:
            continue
        result.append({"code": code, "name": get_language_info(code)["name_local"], "value": value})
    return result


@register.filter
def is_current_on(record: Dated, on: dt.date) -> bool:
    return record.is_current(on)


@register.simple_tag(takes_context=True)
def panel(context, item) -> str:
    """Render a page's panel (``core.panels``) in the page's context, like ``{% include %}``."""
    template = context.template.engine.get_template(item.template)
    with context.push(item.context):
        return template.render(context)


def _language_notes() -> dict[str, str]:
    return {"ru": _("in Russian"), "en": _("in English"), "be": _("in Belarusian")}


def _marked(value: str, language: str | None) -> str:
    """Return ``value`` escaped; marked with its language when it is not the reader's."""
    if not value or language is None or language == active_content_language():
        return format_html("{}", value)
    return format_html(
        '<span lang="{}">{}</span> <span class="lang-note">({})</span>',
        language,
        value,
        _language_notes()[language],
    )


@register.filter
def in_reader_language(value: str) -> str:
    """Show a free text kept in one language, marked "(in Russian)" when it is not the reader's.

    For single-language fields (a summary, a note): their language is read off the text.
    """
    return _marked(value, text_language(value))


@register.simple_tag
def translated(instance: object, base: str) -> str:
    """Show ``instance.<base>`` in the reader's language, marked when a fallback is shown.

    ``{% translated event "title" %}``: the Belarusian page shows the Russian title when there
    is no Belarusian one, followed by "(па-руску)".
    """
    language = shown_language(instance, base)
    return _marked(getattr(instance, base, ""), language)
