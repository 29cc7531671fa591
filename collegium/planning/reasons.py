"""The solver's reasons and conflicts in the reader's language.

The engine says why a request stays unplaced in phrases, a code with its values
(``engine/phrases.py``); a solved version keeps them next to their English text
(``reason_phrases`` beside ``reasons``, ``constraint_phrases`` beside ``constraints``).
Here each code has its wording, translated like every interface string, and a stored
phrase is worded recursively in the active language: dates as the interface writes them,
ids, parties and officials as stored.  A version solved before the phrases were kept, or
a code this table does not know, shows the English text.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import npgettext_lazy, pgettext_lazy

from collegium.planning.engine.phrases import separator

# code → wording (called out in full, so that makemessages finds each); a plural wording
# chooses its form by the value it names.
TEMPLATES: dict[str, Promise] = {
    "date_range": pgettext_lazy("planning reason", "%(start)s–%(end)s"),
    "dates": pgettext_lazy("planning reason", "%(items)s"),
    "dates_more": pgettext_lazy("planning reason", "%(items)s and %(more)s more"),
    "week": pgettext_lazy("planning reason", "week %(number)s of %(year)s"),
    "weekend": pgettext_lazy("planning reason", "weekend"),
    "holiday": pgettext_lazy("planning reason", "public holiday (%(party)s): %(name)s"),
    "extra_day": pgettext_lazy("planning reason", "extra non-working day"),
    "day_closed": pgettext_lazy("planning reason", "%(day)s (%(reason)s)"),
    "closed_days": pgettext_lazy("planning reason", "%(reason)s — %(dates)s"),
    "blackout": pgettext_lazy("planning reason", "%(official)s is unavailable %(start)s–%(end)s"),
    "blackout_why": pgettext_lazy(
        "planning reason", "%(official)s is unavailable %(start)s–%(end)s (%(reason)s)"
    ),
    "window_short": npgettext_lazy(
        "planning reason",
        "the window %(first)s–%(last)s is shorter than %(days)s day",
        "the window %(first)s–%(last)s is shorter than %(days)s days",
        "days",
    ),
    "no_working_days": npgettext_lazy(
        "planning reason",
        "no %(days)s consecutive working day of both %(party_a)s and %(party_b)s in the window "
        "%(first)s–%(last)s",
        "no %(days)s consecutive working days of both %(party_a)s and %(party_b)s in the window "
        "%(first)s–%(last)s",
        "days",
    ),
    "no_working_days_long": npgettext_lazy(
        "planning reason",
        "no %(days)s consecutive working day of both %(party_a)s and %(party_b)s in the window "
        "%(first)s–%(last)s (a consultation of more than 5 days always meets a weekend)",
        "no %(days)s consecutive working days of both %(party_a)s and %(party_b)s in the window "
        "%(first)s–%(last)s (a consultation of more than 5 days always meets a weekend)",
        "days",
    ),
    "explained": pgettext_lazy("planning reason", "%(reason)s: %(details)s"),
    "blackouts_everywhere": npgettext_lazy(
        "planning reason",
        "every run of %(days)s working day in the window %(first)s–%(last)s meets a blackout "
        "of its lead officials: %(blackouts)s",
        "every run of %(days)s working days in the window %(first)s–%(last)s meets a blackout "
        "of its lead officials: %(blackouts)s",
        "days",
    ),
    "pinned_outside": pgettext_lazy(
        "planning reason", "the pinned date %(date)s lies outside its window %(start)s–%(end)s"
    ),
    "pinned_non_working": pgettext_lazy(
        "planning reason", "the pinned date %(date)s meets non-working days: %(days)s"
    ),
    "pinned_day_off": pgettext_lazy(
        "planning reason",
        "%(date)s puts day %(day)s of the consultation on a non-working day (%(reason)s)",
    ),
    "pinned_blackouts": pgettext_lazy(
        "planning reason", "the pinned date %(date)s meets blackouts: %(blackouts)s"
    ),
    "official_day": pgettext_lazy(
        "planning reason",
        "%(official)s attends one consultation a day and needs a free travel day between "
        "consultations in different cities",
    ),
    "week_cap": npgettext_lazy(
        "planning reason",
        "at most %(limit)s consultation a week: %(week)s (from %(monday)s)",
        "at most %(limit)s consultations a week: %(week)s (from %(monday)s)",
        "limit",
    ),
    "dept_week_cap": npgettext_lazy(
        "planning reason",
        "at most %(limit)s consultation of %(department)s (%(party)s) a week: %(week)s "
        "(from %(monday)s)",
        "at most %(limit)s consultations of %(department)s (%(party)s) a week: %(week)s "
        "(from %(monday)s)",
        "limit",
    ),
    "series_gap": npgettext_lazy(
        "planning reason",
        "rounds of the topic %(topic)s do not overlap and keep at least %(gap)s free day "
        "between them",
        "rounds of the topic %(topic)s do not overlap and keep at least %(gap)s free days "
        "between them",
        "gap",
    ),
    "series_alternate": pgettext_lazy(
        "planning reason", "rounds of the topic %(topic)s alternate their host"
    ),
    "series_alternate_after": pgettext_lazy(
        "planning reason",
        "rounds of the topic %(topic)s alternate their host (the round before the plan was "
        "hosted by %(previous)s)",
    ),
    "balance": pgettext_lazy(
        "planning reason",
        "the numbers of rounds %(party_a)s and %(party_b)s host differ by at most %(tolerance)s",
    ),
    "conflict": pgettext_lazy("planning reason", "cannot be placed: %(constraints)s"),
    "conflict_with": pgettext_lazy(
        "planning reason", "cannot be placed together with %(requests)s: %(constraints)s"
    ),
    "dropped": pgettext_lazy(
        "planning reason", "its place broke a hard constraint in the final check"
    ),
    "time_limit": pgettext_lazy("planning reason", "not placed within the time limit"),
    "blocked_everywhere": pgettext_lazy(
        "planning reason",
        "each of its possible dates and hosts (%(count)s) breaks, with the plan: %(blockers)s",
    ),
    "blocker": pgettext_lazy("planning reason", "%(what)s (%(count)s×)"),
    "pinned_to": pgettext_lazy("planning reason", "%(request)s is pinned to %(date)s"),
    "can_start": pgettext_lazy(
        "planning reason",
        "%(request)s (%(days)s d) can start only on %(dates)s (window %(first)s–%(last)s "
        "less holidays, weekends and blackouts of its lead officials)",
    ),
    "weeks_cap": npgettext_lazy(
        "planning reason",
        "at most %(limit)s consultation a week, in each of the weeks it could take "
        "(%(count)s: %(first)s – %(last)s)",
        "at most %(limit)s consultations a week, in each of the weeks it could take "
        "(%(count)s: %(first)s – %(last)s)",
        "limit",
    ),
    "dept_weeks_cap": npgettext_lazy(
        "planning reason",
        "at most %(limit)s consultation of %(department)s (%(party)s) a week, in each of the "
        "weeks it could take (%(count)s: %(first)s – %(last)s)",
        "at most %(limit)s consultations of %(department)s (%(party)s) a week, in each of the "
        "weeks it could take (%(count)s: %(first)s – %(last)s)",
        "limit",
    ),
    "no_room": pgettext_lazy("planning reason", "no room left"),
    "unknown_request": pgettext_lazy("planning reason", "%(request)s: no such request"),
    "placed_twice": pgettext_lazy("planning reason", "%(request)s: placed twice"),
    "wrong_length": pgettext_lazy(
        "planning reason", "%(request)s: %(days)s days expected, placed %(start)s–%(end)s"
    ),
    "host_not_party": pgettext_lazy(
        "planning reason", "%(request)s: the host %(host)s is not one of its parties"
    ),
    "fixed_host": pgettext_lazy(
        "planning reason", "%(request)s: the host is fixed as %(host)s, placed with %(placed)s"
    ),
    "not_capital": pgettext_lazy(
        "planning reason", "%(request)s: %(city)s is not the capital of %(host)s"
    ),
    "pinned_moved": pgettext_lazy(
        "planning reason", "%(request)s: pinned to %(date)s, placed on %(start)s"
    ),
    "outside_window": pgettext_lazy(
        "planning reason", "%(request)s: %(start)s–%(end)s lies outside its window"
    ),
    "outside_year": pgettext_lazy("planning reason", "%(request)s: outside the year %(year)s"),
    "day_off": pgettext_lazy(
        "planning reason", "%(request)s: %(day)s is not a working day of %(party)s"
    ),
    "meets_blackout": pgettext_lazy(
        "planning reason", "%(request)s: %(official)s is unavailable %(start)s–%(end)s"
    ),
    "same_day": pgettext_lazy(
        "planning reason", "%(official)s: %(first)s and %(second)s on the same day"
    ),
    "no_travel_day": pgettext_lazy(
        "planning reason", "%(official)s: no travel day between %(first)s and %(second)s"
    ),
    "week_over": pgettext_lazy(
        "planning reason", "%(week)s: %(count)s consultations where at most %(limit)s are allowed"
    ),
    "dept_week_over": pgettext_lazy(
        "planning reason",
        "%(department)s (%(party)s), %(week)s: %(count)s consultations where at most "
        "%(limit)s are allowed",
    ),
    "gap_short": pgettext_lazy(
        "planning reason",
        "%(series)s: %(free)s free days between %(first)s and %(second)s, %(gap)s needed",
    ),
    "alternation_broken": pgettext_lazy(
        "planning reason", "%(series)s: %(request)s hosted by %(host)s again (alternation)"
    ),
    "balance_over": pgettext_lazy(
        "planning reason",
        "%(party_a)s/%(party_b)s: hosting %(hosted_a)s:%(hosted_b)s beyond the tolerance "
        "%(tolerance)s",
    ),
    "week_full": pgettext_lazy("planning reason", "%(week)s: the limit of %(limit)s is reached"),
    "dept_week_full": pgettext_lazy(
        "planning reason", "%(department)s (%(party)s), %(week)s: the limit of %(limit)s is reached"
    ),
    "balance_off": pgettext_lazy(
        "planning reason", "%(party_a)s/%(party_b)s: hosting beyond the tolerance %(tolerance)s"
    ),
}


# The values that name a party or an official by its slug in the solver's input.
NAMED_VALUES = frozenset({"party", "party_a", "party_b", "host", "placed", "previous", "official"})
Names = Mapping[str, str]


def phrase_text(stored: Any, names: Names | None = None) -> str:
    """Return a stored phrase worded in the active language (its English text when the
    code is unknown or its values do not fit the wording).

    ``names`` gives the parties and officials their names for the slugs the solver's
    input knows them by (``selectors.reason_names``); a slug it lacks is shown as is."""
    if not isinstance(stored, dict):
        return str(stored)
    fallback = str(stored.get("text", ""))
    template = TEMPLATES.get(str(stored.get("code")))
    values = stored.get("values")
    if template is None or not isinstance(values, dict):
        return fallback
    code = str(stored["code"])
    names = names or {}
    try:
        return template % {name: _value(code, name, value, names) for name, value in values.items()}
    except (KeyError, TypeError, ValueError):
        return fallback


def _value(code: str, name: str, value: Any, names: Names) -> Any:
    if isinstance(value, list):
        return separator(code, name).join(str(_value(code, name, item, names)) for item in value)
    if isinstance(value, dict):
        if "date" in value and "code" not in value:
            return date_format(dt.date.fromisoformat(value["date"]), "SHORT_DATE_FORMAT")
        return phrase_text(value, names)
    if name in NAMED_VALUES and isinstance(value, str):
        return names.get(value, value)
    return value  # an id, a name as stored, or a number (a plural wording counts it)


def texts(
    item: dict[str, Any], *, text_key: str, phrase_key: str, names: Names | None = None
) -> list[str]:
    """Return the reasons (or constraints) of a stored item in the active language.

    ``item[phrase_key]`` holds one phrase per text of ``item[text_key]``; a version without
    them (solved before they were kept) shows its stored texts."""
    stored = [str(text) for text in item.get(text_key, [])]
    phrases = item.get(phrase_key)
    if not isinstance(phrases, list) or len(phrases) != len(stored):
        return stored
    return [
        phrase_text(p, names) if isinstance(p, dict) else text
        for p, text in zip(phrases, stored, strict=True)
    ]


def unplaced_reasons(item: dict[str, Any], names: Names | None = None) -> list[str]:
    """Return why a stored unplaced request is left out, in the active language."""
    return texts(item, text_key="reasons", phrase_key="reason_phrases", names=names)


def conflict_constraints(item: dict[str, Any], names: Names | None = None) -> list[str]:
    """Return the constraints of a stored conflict, in the active language."""
    return texts(item, text_key="constraints", phrase_key="constraint_phrases", names=names)
