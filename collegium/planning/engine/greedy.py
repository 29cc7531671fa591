"""A greedy baseline planner, for comparison with the solver only.

Requests go one by one, pinned first, then in the order of their windows (so the rounds
of a topic come in order and alternate); each takes the first date and host, least
loaded week first, that keeps the constraints with the rounds already placed.  It never
moves a placed round, and it balances hosting only by preference (the host with fewer
rounds), so it may break the hosting tolerance: the independent checker counts that.
"""

import time
from collections import defaultdict

from .model import ALTERNATE, Problem, Request, Result, Unplaced
from .objective import objective_value
from .phrases import phrase
from .prepare import Key, Prepared, placements_of, prepare


class _State:
    def __init__(self, prep: Prepared) -> None:
        self.prep = prep
        self.problem = prep.problem
        self.busy: dict[str, dict[int, str]] = defaultdict(dict)  # official -> day -> city
        self.weekly: dict[tuple[int, int], int] = defaultdict(int)
        self.departmental: dict[tuple[str, str, tuple[int, int]], int] = defaultdict(int)
        self.series: dict[str, list[tuple[int, int, str, Request]]] = defaultdict(list)
        self.hosted: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def weeks(self, key: Key, request: Request) -> set[tuple[int, int]]:
        return {self.prep.week(key[1] + n) for n in range(request.days)}

    def fits(self, key: Key, request: Request) -> bool:
        problem = self.problem
        start, end = key[1], key[1] + request.days - 1
        city = problem.city_of(key[2])
        for official in request.officials:
            busy = self.busy[official]
            if any(day in busy for day in range(start, end + 1)):
                return False
            for day in (start - 1, end + 1):
                if day in busy and busy[day] != city:
                    return False
        for week in self.weeks(key, request):
            if problem.max_per_week is not None and self.weekly[week] >= problem.max_per_week:
                return False
            limit = problem.max_per_week_per_department
            if limit is not None and any(
                self.departmental[(party, department, week)] >= limit
                for party, department in request.departments.items()
            ):
                return False
        rounds = sorted(
            [*self.series[request.series], (start, end, key[2], request)],
            key=lambda item: (item[0], item[3].id),
        )
        for (_s1, e1, _h1, r1), (s2, _e2, _h2, r2) in zip(rounds, rounds[1:], strict=False):
            if s2 - e1 - 1 < max(r1.min_gap_days, r2.min_gap_days):
                return False
        for index, (_s, _e, host, r) in enumerate(rounds):
            if r.host == ALTERNATE:
                before = rounds[index - 1][2] if index else r.previous_host
                if before is not None and host == before:
                    return False
        return True

    def place(self, key: Key, request: Request) -> None:
        start, end = key[1], key[1] + request.days - 1
        city = self.problem.city_of(key[2])
        for official in request.officials:
            for day in range(start, end + 1):
                self.busy[official][day] = city
        for week in self.weeks(key, request):
            self.weekly[week] += 1
            for party, department in request.departments.items():
                self.departmental[(party, department, week)] += 1
        self.series[request.series].append((start, end, key[2], request))
        self.hosted[tuple(sorted(request.parties))][key[2]] += 1  # type: ignore[index]

    def unplace(self, key: Key, request: Request) -> None:
        """Undo :meth:`place` of the same key (a trial the caller gives up)."""
        start, end = key[1], key[1] + request.days - 1
        for official in request.officials:
            for day in range(start, end + 1):
                self.busy[official].pop(day, None)
        for week in self.weeks(key, request):
            self.weekly[week] -= 1
            for party, department in request.departments.items():
                self.departmental[(party, department, week)] -= 1
        self.series[request.series].remove((start, end, key[2], request))
        self.hosted[tuple(sorted(request.parties))][key[2]] -= 1  # type: ignore[index]


def greedy_keys(prep: Prepared) -> list[Key]:
    """Return the candidate keys the greedy baseline picks."""
    state = _State(prep)
    problem = prep.problem
    order = sorted(
        (r for r in problem.requests if prep.keys[r.id]),
        key=lambda r: (r.pinned is None, r.window_start, len(prep.keys[r.id]), r.id),
    )
    chosen: list[Key] = []
    for request in order:
        pair = tuple(sorted(request.parties))

        def rank(key: Key, request: Request = request, pair: tuple[str, ...] = pair) -> tuple:
            load = max(state.weekly[w] for w in state.weeks(key, request))
            return (load, state.hosted[pair][key[2]], key[1])  # type: ignore[index]

        for key in sorted(prep.keys[request.id], key=rank):
            if state.fits(key, request):
                state.place(key, request)
                chosen.append(key)
                break
    return chosen


def greedy_plan(problem: Problem) -> Result:
    """Plan greedily; return the plan with its objective (no proof, no explanation)."""
    started = time.perf_counter()
    prep = prepare(problem)
    placements = placements_of(prep, greedy_keys(prep))
    placed = {p.id for p in placements}
    result = Result(
        status="feasible",
        objective=float(objective_value(prep, placements)),
        placements=placements,
        unplaced=[
            Unplaced(id=r.id, phrases=list(prep.candidates[r.id].phrases) or [phrase("no_room")])
            for r in problem.requests
            if r.id not in placed
        ],
    )
    result.solve_seconds = round(time.perf_counter() - started, 3)
    return result
