"""Working days of the parties and the candidate start dates of each request.

A day is a working day for a party unless it is a Saturday or a Sunday, a public holiday
of the party's state (from the ``holidays`` package) or one of the extra non-working
days.  A request may start on a day when all its ``days`` consecutive calendar days are
working days for both its parties (the host state and the travelling side), lie inside
its window (the whole year with soft windows) and meet no blackout of its leads.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import holidays as holidays_package

from .model import Problem, Request
from .phrases import Phrase, date_runs, phrase


def daterange(start: dt.date, end: dt.date) -> list[dt.date]:
    """Return the days from ``start`` to ``end``, both included."""
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def span(start: dt.date, days: int) -> list[dt.date]:
    """Return the consecutive days a consultation of ``days`` days starting on ``start`` takes."""
    return [start + dt.timedelta(days=n) for n in range(days)]


def fmt_dates(days: list[dt.date], limit: int = 6) -> str:
    """Return dates as compact ranges: ``2026-03-10..2026-03-12, 2026-03-17``."""
    return str(date_runs(days, limit))


@dataclass(frozen=True)
class Candidates:
    """The possible start dates of a request and, when there are none, why."""

    starts: list[dt.date]
    phrases: list[Phrase]

    @property
    def reasons(self) -> list[str]:
        """Return the reasons in English."""
        return [str(p) for p in self.phrases]


class Calendar:
    """The non-working days of each party over the years the problem touches."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        years = {problem.year}
        for request in problem.requests:
            years.update(range(request.window_start.year, request.window_end.year + 1))
            if request.pinned:
                years.add(request.pinned.year)
        self.years = sorted(years)

    @cached_property
    def _holidays(self) -> dict[str, dict[dt.date, str]]:
        found: dict[str, dict[dt.date, str]] = {}
        for party in self.problem.parties:
            country = self.problem.country_of(party)
            if country is None:
                found[party] = {}
                continue
            calendar = holidays_package.country_holidays(country, years=self.years)
            found[party] = {day: str(name) for day, name in calendar.items()}
        return found

    def holiday(self, party: str, day: dt.date) -> str | None:
        """Return the name of the party's public holiday on ``day``, or None."""
        return self._holidays.get(party, {}).get(day)

    def non_working_reason(self, party: str, day: dt.date) -> Phrase | None:
        """Return why ``day`` is not a working day for the party, or None when it is one."""
        if day.weekday() >= 5:
            return phrase("weekend")
        name = self.holiday(party, day)
        if name is not None:
            return phrase("holiday", party=party, name=name)
        if day in self.problem.extra_non_working_days:
            return phrase("extra_day")
        return None

    def is_working(self, party: str, day: dt.date) -> bool:
        return self.non_working_reason(party, day) is None

    def all_working(self, request: Request, start: dt.date) -> bool:
        """Whether every day of the request from ``start`` is a working day for both parties."""
        return all(
            self.is_working(party, day)
            for day in span(start, request.days)
            for party in request.parties
        )

    def blackouts_hit(self, request: Request, start: dt.date) -> list[Phrase]:
        """Return the blackouts of the request's leads that its days from ``start`` meet."""
        end = start + dt.timedelta(days=request.days - 1)
        officials = set(request.leads.values())
        return [
            phrase("blackout_why", official=b.official, start=b.start, end=b.end, reason=b.reason)
            if b.reason
            else phrase("blackout", official=b.official, start=b.start, end=b.end)
            for b in self.problem.blackouts
            if b.official in officials and b.start <= end and start <= b.end
        ]

    def window(self, request: Request) -> tuple[dt.date, dt.date]:
        if self.problem.soft_windows:
            return dt.date(self.problem.year, 1, 1), dt.date(self.problem.year, 12, 31)
        return request.window_start, request.window_end

    def candidates(self, request: Request) -> Candidates:
        """Return the request's possible start dates, or the reasons there are none."""
        if request.pinned is not None:
            return self._pinned(request, request.pinned)
        first, last = self.window(request)
        starts = daterange(first, last - dt.timedelta(days=request.days - 1))
        if not starts:
            return Candidates(
                [], [phrase("window_short", first=first, last=last, days=request.days)]
            )
        working = [s for s in starts if self.all_working(request, s)]
        if not working:
            return Candidates([], [self._no_working_days(request, first, last)])
        free = [s for s in working if not self.blackouts_hit(request, s)]
        if not free:
            hits = sorted({hit for s in working for hit in self.blackouts_hit(request, s)}, key=str)
            return Candidates(
                [],
                [
                    phrase(
                        "blackouts_everywhere",
                        days=request.days,
                        first=first,
                        last=last,
                        blackouts=hits,
                    )
                ],
            )
        return Candidates(free, [])

    def _pinned(self, request: Request, pinned: dt.date) -> Candidates:
        end = pinned + dt.timedelta(days=request.days - 1)
        if not self.problem.soft_windows and (
            pinned < request.window_start or end > request.window_end
        ):
            return Candidates(
                [],
                [
                    phrase(
                        "pinned_outside",
                        date=pinned,
                        start=request.window_start,
                        end=request.window_end,
                    )
                ],
            )
        closed = sorted(
            {
                phrase("day_closed", day=day, reason=reason)
                for day in span(pinned, request.days)
                for party in request.parties
                if (reason := self.non_working_reason(party, day)) is not None
            },
            key=str,
        )
        if closed:
            return Candidates([], [phrase("pinned_non_working", date=pinned, days=closed)])
        hits = self.blackouts_hit(request, pinned)
        if hits:
            return Candidates([], [phrase("pinned_blackouts", date=pinned, blackouts=hits)])
        return Candidates([pinned], [])

    def _no_working_days(self, request: Request, first: dt.date, last: dt.date) -> Phrase:
        closed: dict[Phrase, list[dt.date]] = {}
        for day in daterange(first, last):
            for party in request.parties:
                reason = self.non_working_reason(party, day)
                if reason is not None and reason.code != "weekend":
                    closed.setdefault(reason, []).append(day)
        text = phrase(
            "no_working_days_long" if request.days > 5 else "no_working_days",
            days=request.days,
            party_a=request.parties[0],
            party_b=request.parties[1],
            first=first,
            last=last,
        )
        if not closed:
            return text
        details = [
            phrase("closed_days", reason=reason, dates=date_runs(days, 3))
            for reason, days in closed.items()
        ]
        return phrase("explained", reason=text, details=details)
