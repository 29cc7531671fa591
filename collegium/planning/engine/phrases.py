"""The engine's reasons and constraints as data: a stable code and its values.

The engine explains an unplaced request in phrases, never in finished prose, so that the
application can word them in the reader's language from the code
(``collegium/planning/reasons.py``) while the file interface (:mod:`.fileio`, the
``planning solve`` command) keeps printing the English wording ``str`` gives.

A value is a string (an id, a party, an official, a name as the input gives it), an
integer, a :class:`datetime.date`, a nested :class:`Phrase` or a tuple of these (a list,
joined by :data:`SEPARATORS`).  :func:`to_json` stores a phrase with its English text, so
a reader that does not know a code still has words to show.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

# code → the English wording (``str.format`` over the values).  Every code the engine
# emits is here; the application's table of translations covers the same codes (a test
# holds the two together).
ENGLISH: dict[str, str] = {
    # Dates and weeks.
    "date_range": "{start}..{end}",
    "dates": "{items}",
    "dates_more": "{items}, and {more} more",
    "week": "{year}-W{number:02d}",
    # Why a day is not a working day (calendar).
    "weekend": "weekend",
    "holiday": "holiday of {party}: {name}",
    "extra_day": "extra non-working day",
    "day_closed": "{day} ({reason})",
    "closed_days": "{reason} {dates}",
    # Blackouts of the leads (calendar).
    "blackout": "{official} unavailable {start}..{end}",
    "blackout_why": "{official} unavailable {start}..{end} ({reason})",
    # Why a request has no possible date at all (calendar).
    "window_short": "the window {first}..{last} is shorter than {days} days",
    "no_working_days": (
        "no {days} consecutive working days of both {party_a} and {party_b} in the window "
        "{first}..{last}"
    ),
    "no_working_days_long": (
        "no {days} consecutive working days of both {party_a} and {party_b} in the window "
        "{first}..{last} (a consultation of more than 5 days always meets a weekend)"
    ),
    "explained": "{reason}: {details}",
    "blackouts_everywhere": (
        "every run of {days} working days in the window {first}..{last} meets a blackout of "
        "its leads: {blackouts}"
    ),
    "pinned_outside": "pinned date {date} lies outside its window {start}..{end}",
    "pinned_non_working": "pinned date {date} meets non-working days: {days}",
    "pinned_blackouts": "pinned date {date} meets blackouts: {blackouts}",
    # A file refused: a pinned date on a non-working day (fileio).
    "pinned_day_off": ("{date} puts day {day} of the consultation on a non-working day ({reason})"),
    # Constraint groups of the model (build), named in conflicts.
    "official_day": (
        "official {official} attends one consultation a day and needs a free travel day "
        "between consultations in different cities"
    ),
    "week_cap": "at most {limit} consultation(s) in week {week} ({monday} onwards)",
    "dept_week_cap": (
        "at most {limit} consultation(s) of {department} ({party}) in week {week} "
        "({monday} onwards)"
    ),
    "series_gap": (
        "rounds of topic {topic} do not overlap and keep at least {gap} free days between them"
    ),
    "series_alternate": "rounds of topic {topic} alternate their host",
    "series_alternate_after": (
        "rounds of topic {topic} alternate their host (the round before the plan: {previous})"
    ),
    "balance": "{party_a} and {party_b} host numbers of rounds differing by at most {tolerance}",
    # The solver's reasons and its summaries of a conflict.
    "conflict": "cannot be placed: {constraints}",
    "conflict_with": "cannot be placed together with {requests}: {constraints}",
    "dropped": "its place broke a hard constraint in the final check",
    "time_limit": "not placed within the time limit",
    "blocked_everywhere": (
        "each of its {count} possible dates and hosts breaks, with the plan: {blockers}"
    ),
    "blocker": "{what} ({count}x)",
    "pinned_to": "{request} is pinned to {date}",
    "can_start": (
        "{request} ({days} d) can start only on {dates} (window {first}..{last} less "
        "holidays, weekends and blackouts of its leads)"
    ),
    "weeks_cap": (
        "at most {limit} consultation(s) a week, in each of the {count} weeks "
        "{first}..{last} it could take"
    ),
    "dept_weeks_cap": (
        "at most {limit} consultation(s) of {department} ({party}) a week, in each of the "
        "{count} weeks {first}..{last} it could take"
    ),
    # The greedy baseline.
    "no_room": "no room left",
    # The independent checker's violations (also what blocks each date of a request).
    "unknown_request": "{request}: no such request",
    "placed_twice": "{request}: placed twice",
    "wrong_length": "{request}: {days} days expected, {start}..{end} placed",
    "host_not_party": "{request}: host {host} is not one of its parties",
    "fixed_host": "{request}: fixed host {host}, placed with {placed}",
    "not_capital": "{request}: city {city} is not the capital of {host}",
    "pinned_moved": "{request}: pinned to {date}, placed on {start}",
    "outside_window": "{request}: {start}..{end} outside its window",
    "outside_year": "{request}: outside the year {year}",
    "day_off": "{request}: {day} is not a working day of {party}",
    "meets_blackout": "{request}: blackout of {official} {start}..{end}",
    "same_day": "{official}: {first} and {second} on the same day",
    "no_travel_day": "{official}: no travel day between {first} and {second}",
    "week_over": "week {week}: {count} > {limit}",
    "dept_week_over": "{party}/{department} week {week}: {count} > {limit}",
    "gap_short": "{series}: {first} and {second} {free} free days apart, {gap} needed",
    "alternation_broken": "{series}: {request} hosted by {host} again (alternation)",
    "balance_over": (
        "{party_a}/{party_b}: hosting {hosted_a}:{hosted_b} beyond tolerance {tolerance}"
    ),
    # The same, less the counts of one trial (so that trials add up).
    "week_full": "week {week}: {limit}",
    "dept_week_full": "{party}/{department} week {week}: {limit}",
    "balance_off": "{party_a}/{party_b}: hosting n:m beyond tolerance {tolerance}",
}

# (code, value name) → how the items of a list are joined; "; " when not given.
SEPARATORS: dict[tuple[str, str], str] = {
    ("dates", "items"): ", ",
    ("dates_more", "items"): ", ",
    ("pinned_non_working", "days"): ", ",
    ("conflict_with", "requests"): ", ",
}
DEFAULT_SEPARATOR = "; "


def separator(code: str, name: str) -> str:
    """Return how the items of the list ``name`` of a ``code`` phrase are joined."""
    return SEPARATORS.get((code, name), DEFAULT_SEPARATOR)


@dataclass(frozen=True)
class Phrase:
    """A reason or a constraint: a code of :data:`ENGLISH` and its named values.

    Hashable and comparable (the values are tuples), so equal reasons merge in sets."""

    code: str
    values: tuple[tuple[str, Any], ...] = ()

    def __str__(self) -> str:
        """Return the English wording (the file interface's)."""
        return ENGLISH[self.code].format(
            **{name: _english(self.code, name, value) for name, value in self.values}
        )

    def get(self, name: str) -> Any:
        """Return the value ``name`` (None when the phrase has none)."""
        return dict(self.values).get(name)

    def without(self, code: str, *names: str) -> "Phrase":
        """Return the phrase under another code, less the values ``names``."""
        return Phrase(code, tuple((k, v) for k, v in self.values if k not in names))


def phrase(code: str, **values: Any) -> Phrase:
    """Return the phrase ``code`` with ``values`` (lists become tuples, to stay hashable)."""
    if code not in ENGLISH:
        raise KeyError(code)
    return Phrase(
        code,
        tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items()),
    )


def _english(code: str, name: str, value: Any) -> Any:
    if isinstance(value, tuple):
        return separator(code, name).join(str(_english(code, name, item)) for item in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Phrase):
        return str(value)
    return value  # a string, or an integer that a format spec may pad


def date_runs(days: list[dt.date], limit: int = 6) -> Phrase:
    """Return dates as compact runs: ``2026-03-10..2026-03-12, 2026-03-17``, at most ``limit``."""
    runs: list[tuple[dt.date, dt.date]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][1]).days == 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    items: list[Any] = [a if a == b else phrase("date_range", start=a, end=b) for a, b in runs]
    if len(items) > limit:
        return phrase("dates_more", items=items[:limit], more=len(items) - limit)
    return phrase("dates", items=items)


def iso_week(year: int, number: int) -> Phrase:
    """Return the ISO week ``number`` of ``year`` (``2026-W10`` in English)."""
    return phrase("week", year=year, number=number)


def to_json(value: Any) -> Any:
    """Return a phrase (or a value of one) as JSON: a phrase is ``{"code", "values", "text"}``,
    a date ``{"date": "YYYY-MM-DD"}``, a list a list."""
    if isinstance(value, Phrase):
        return {
            "code": value.code,
            "values": {name: to_json(item) for name, item in value.values},
            "text": str(value),
        }
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value
