"""The candidates of every request as day indexes: what the solver and the greedy share."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .calendar import Calendar, Candidates
from .model import ALTERNATE, Placement, Problem

Key = tuple[str, int, str]  # request id, day index, host


@dataclass
class Prepared:
    """The candidates of every request, as day indexes from ``origin``."""

    problem: Problem
    calendar: Calendar
    origin: dt.date
    candidates: dict[str, Candidates]
    keys: dict[str, list[Key]]  # request id -> its candidate keys
    hosts: dict[str, list[str]]

    def date(self, index: int) -> dt.date:
        return self.origin + dt.timedelta(days=index)

    def week(self, index: int) -> tuple[int, int]:
        """Return the ISO week of the day ``index`` (cached: the models ask for it often)."""
        cache: dict[int, tuple[int, int]] = self.__dict__.setdefault("_weeks", {})
        found = cache.get(index)
        if found is None:
            found = cache[index] = week_of(self.date(index))
        return found

    def index(self, day: dt.date) -> int:
        return (day - self.origin).days


def week_of(day: dt.date) -> tuple[int, int]:
    iso = day.isocalendar()
    return (iso[0], iso[1])


def prepare(
    problem: Problem, *, prune_hosts: bool = True, like: "Prepared | None" = None
) -> Prepared:
    """Compute every request's candidate starts and hosts.

    ``prune_hosts`` drops the host an alternating single round cannot have (a smaller
    model); the explanations keep it, so that the alternation stays a constraint they can
    name.  ``like`` reuses the candidates computed already."""
    calendar = like.calendar if like else Calendar(problem)
    candidates = (
        like.candidates if like else {r.id: calendar.candidates(r) for r in problem.requests}
    )
    origin = min(
        [s for c in candidates.values() for s in c.starts] or [dt.date(problem.year, 1, 1)]
    )
    series_size: dict[str, int] = defaultdict(int)
    for r in problem.requests:
        series_size[r.series] += 1
    hosts: dict[str, list[str]] = {}
    for r in problem.requests:
        if r.host != ALTERNATE:
            hosts[r.id] = [r.host]
        elif prune_hosts and series_size[r.series] == 1 and r.previous_host in r.parties:
            hosts[r.id] = [p for p in r.parties if p != r.previous_host]
        else:
            hosts[r.id] = list(r.parties)
    keys = {
        r.id: [(r.id, (s - origin).days, h) for s in candidates[r.id].starts for h in hosts[r.id]]
        for r in problem.requests
    }
    return Prepared(problem, calendar, origin, candidates, keys, hosts)


def placements_of(prep: Prepared, keys: Iterable[Key]) -> list[Placement]:
    out = []
    for rid, index, host in keys:
        request = prep.problem.request(rid)
        start = prep.date(index)
        out.append(
            Placement(
                id=rid,
                start=start,
                end=start + dt.timedelta(days=request.days - 1),
                host=host,
                city=prep.problem.city_of(host),
            )
        )
    return sorted(out, key=lambda p: (p.start, p.id))
