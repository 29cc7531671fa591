"""The planning problem and its result as plain dataclasses.

Dates are :class:`datetime.date`; a consultation of ``days`` days starting on ``start``
occupies the consecutive calendar days ``start .. start + days - 1``.
"""

import datetime as dt
from dataclasses import dataclass, field

from .phrases import Phrase

ALTERNATE = "alternate"

# Parties whose state's public holidays are known without being told (ISO 3166 alpha-2).
DEFAULT_COUNTRIES: dict[str, str] = {"mfa-ru": "RU", "mfa-by": "BY"}


@dataclass(frozen=True)
class Blackout:
    """An official is unavailable from ``start`` to ``end`` (both included)."""

    official: str
    start: dt.date
    end: dt.date
    reason: str = ""


@dataclass(frozen=True)
class Request:
    """One consultation round to place.

    ``host`` is a party or :data:`ALTERNATE`: an alternating round is hosted by the other
    party than the previous placed round of its ``topic_key`` (the first one by the other
    party than ``previous_host``).  ``min_gap_days`` free days separate the rounds of one
    ``topic_key`` (the larger of the two rounds' values)."""

    id: str
    parties: tuple[str, str]
    days: int
    window_start: dt.date
    window_end: dt.date
    topic: str = ""
    leads: dict[str, str] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)
    host: str = ALTERNATE
    previous_host: str | None = None
    min_gap_days: int = 0
    topic_key: str = ""
    pinned: dt.date | None = None

    @property
    def series(self) -> str:
        """The key grouping the rounds of one topic (the request itself when none is given)."""
        return self.topic_key or f"#{self.id}"

    @property
    def officials(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.leads.values())))


@dataclass(frozen=True)
class Weights:
    """The objective's weights: an unplaced request, a day outside the preferred window
    (soft windows only), a consultation above the even weekly load, a moved consultation
    (re-planning)."""

    unplaced: int = 100_000
    window: int = 10
    spread: int = 10
    moved: int = 1_000


@dataclass(frozen=True)
class PreviousPlacement:
    """Where a request sat in the previous plan (re-planning)."""

    id: str
    start: dt.date
    host: str


@dataclass
class Problem:
    year: int
    parties: list[str]
    requests: list[Request]
    capitals: dict[str, str] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    extra_non_working_days: frozenset[dt.date] = frozenset()
    blackouts: list[Blackout] = field(default_factory=list)
    max_per_week: int | None = None
    max_per_week_per_department: int | None = None
    hosting_tolerance: int | None = None
    previous_plan: list[PreviousPlacement] = field(default_factory=list)
    weights: Weights = field(default_factory=Weights)
    # Soft windows: a request may be placed anywhere in the year, at a cost per day outside.
    soft_windows: bool = False
    # The ids as the input file spelled them (a number stays a number in the output).
    external_ids: dict[str, object] = field(default_factory=dict)

    def country_of(self, party: str) -> str | None:
        """Return the ISO code of the party's state, or None (only the extra days then)."""
        return self.countries.get(party) or DEFAULT_COUNTRIES.get(party)

    def city_of(self, party: str) -> str:
        return self.capitals.get(party, party)

    def request(self, request_id: str) -> Request:
        index = self.__dict__.get("_index")
        if index is None or index[0] is not self.requests or index[1] != len(self.requests):
            # An index by id, rebuilt when the list of requests is replaced or grows.
            index = (self.requests, len(self.requests), {r.id: r for r in self.requests})
            self.__dict__["_index"] = index
        found = index[2].get(request_id)
        if found is None:
            raise KeyError(request_id)
        return found


@dataclass(frozen=True)
class Placement:
    id: str
    start: dt.date
    end: dt.date
    host: str
    city: str


@dataclass(frozen=True)
class Unplaced:
    """A request left out, with the phrases saying why (:mod:`.phrases`)."""

    id: str
    phrases: list[Phrase]

    @property
    def reasons(self) -> list[str]:
        """Return the reasons in English (the file interface's words)."""
        return [str(p) for p in self.phrases]


@dataclass(frozen=True)
class Conflict:
    """Requests that cannot all be placed, and the constraints between them."""

    requests: list[str]
    phrases: list[Phrase]

    @property
    def constraints(self) -> list[str]:
        """Return the constraints in English (the file interface's words)."""
        return [str(p) for p in self.phrases]


@dataclass
class Result:
    status: str  # optimal | feasible | infeasible | unknown
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    solve_seconds: float = 0.0
    placements: list[Placement] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    # Placements the final check took out (none unless the model has a fault; not output).
    dropped: list[str] = field(default_factory=list)
