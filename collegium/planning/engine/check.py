"""An independent checker: every hard constraint of a plan, counted violation by violation.

Written apart from the solver on purpose (it shares only the problem's dataclasses): it
recomputes the working days from the ``holidays`` package itself and checks the plan as a
planner would read it, so a mistake in the solver's model shows up here.
"""

import datetime as dt
from collections import defaultdict
from itertools import combinations

import holidays as holidays_package

from .model import ALTERNATE, DEFAULT_COUNTRIES, Placement, Problem, Request
from .phrases import Phrase, iso_week, phrase


def _days_of(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


class _Days:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.cache: dict[str, holidays_package.HolidayBase | None] = {}

    def off(self, party: str, day: dt.date) -> bool:
        if day.weekday() in (5, 6) or day in self.problem.extra_non_working_days:
            return True
        if party not in self.cache:
            country = self.problem.countries.get(party) or DEFAULT_COUNTRIES.get(party)
            self.cache[party] = (
                holidays_package.country_holidays(country) if country is not None else None
            )
        calendar = self.cache[party]
        return calendar is not None and day in calendar


Violation = tuple[tuple[str, ...], Phrase]


def check(problem: Problem, placements: list[Placement]) -> list[str]:
    """Return one line per violated hard constraint (an empty list: the plan is valid)."""
    return [str(words) for _ids, words in check_detailed(problem, placements)]


def check_detailed(problem: Problem, placements: list[Placement]) -> list[Violation]:
    """Return each violation with the ids of the placements involved, latest last."""
    violations: list[Violation] = []
    requests: dict[str, Request] = {r.id: r for r in problem.requests}
    days = _Days(problem)
    seen: set[str] = set()
    placed: list[tuple[Request, Placement]] = []
    for p in placements:
        request = requests.get(p.id)
        if request is None:
            violations.append(((p.id,), phrase("unknown_request", request=p.id)))
            continue
        if p.id in seen:
            violations.append(((p.id,), phrase("placed_twice", request=p.id)))
            continue
        seen.add(p.id)
        placed.append((request, p))
        violations.extend(_check_one(problem, days, request, p))
    violations.extend(_check_officials(placed))
    violations.extend(_check_weeks(problem, placed))
    violations.extend(_check_series(placed))
    violations.extend(_check_balance(problem, placed))
    return violations


def _check_one(problem: Problem, days: _Days, request: Request, p: Placement) -> list[Violation]:
    out: list[Violation] = []
    if (p.end - p.start).days + 1 != request.days:
        out.append(
            (
                (p.id,),
                phrase("wrong_length", request=p.id, days=request.days, start=p.start, end=p.end),
            )
        )
    if p.host not in request.parties:
        out.append(((p.id,), phrase("host_not_party", request=p.id, host=p.host)))
    if request.host != ALTERNATE and p.host != request.host:
        out.append(((p.id,), phrase("fixed_host", request=p.id, host=request.host, placed=p.host)))
    if p.city != problem.capitals.get(p.host, p.host):
        out.append(((p.id,), phrase("not_capital", request=p.id, city=p.city, host=p.host)))
    if request.pinned is not None and p.start != request.pinned:
        out.append(
            ((p.id,), phrase("pinned_moved", request=p.id, date=request.pinned, start=p.start))
        )
    if not problem.soft_windows and (p.start < request.window_start or p.end > request.window_end):
        out.append(((p.id,), phrase("outside_window", request=p.id, start=p.start, end=p.end)))
    if problem.soft_windows and (p.start.year != problem.year or p.end.year != problem.year):
        out.append(((p.id,), phrase("outside_year", request=p.id, year=problem.year)))
    for day in _days_of(p.start, p.end):
        for party in request.parties:
            if days.off(party, day):
                out.append(((p.id,), phrase("day_off", request=p.id, day=day, party=party)))
    officials = set(request.leads.values())
    for b in problem.blackouts:
        if b.official in officials and b.start <= p.end and p.start <= b.end:
            out.append(
                (
                    (p.id,),
                    phrase(
                        "meets_blackout",
                        request=p.id,
                        official=b.official,
                        start=b.start,
                        end=b.end,
                    ),
                )
            )
    return out


def _check_officials(placed: list[tuple[Request, Placement]]) -> list[Violation]:
    out: list[Violation] = []
    by_official: dict[str, list[Placement]] = defaultdict(list)
    for request, p in placed:
        for official in set(request.leads.values()):
            by_official[official].append(p)
    for official, items in by_official.items():
        for a, b in combinations(sorted(items, key=lambda p: (p.start, p.id)), 2):
            if a.start <= b.end and b.start <= a.end:
                out.append(
                    ((a.id, b.id), phrase("same_day", official=official, first=a.id, second=b.id))
                )
            elif a.city != b.city:
                first, second = (a, b) if a.end < b.start else (b, a)
                if (second.start - first.end).days < 2:
                    out.append(
                        (
                            (first.id, second.id),
                            phrase(
                                "no_travel_day", official=official, first=first.id, second=second.id
                            ),
                        )
                    )
    return out


def _check_weeks(problem: Problem, placed: list[tuple[Request, Placement]]) -> list[Violation]:
    out: list[Violation] = []
    weekly: dict[tuple[int, int], list[str]] = defaultdict(list)
    departmental: dict[tuple[str, str, tuple[int, int]], list[str]] = defaultdict(list)
    for request, p in placed:
        weeks = {(day.isocalendar()[0], day.isocalendar()[1]) for day in _days_of(p.start, p.end)}
        for week in weeks:
            weekly[week].append(p.id)
            for party, department in request.departments.items():
                departmental[(party, department, week)].append(p.id)
    if problem.max_per_week is not None:
        for week, ids in sorted(weekly.items()):
            if len(ids) > problem.max_per_week:
                out.append(
                    (
                        tuple(ids),
                        phrase(
                            "week_over",
                            week=iso_week(*week),
                            count=len(ids),
                            limit=problem.max_per_week,
                        ),
                    )
                )
    if problem.max_per_week_per_department is not None:
        for (party, department, week), ids in sorted(departmental.items()):
            if len(ids) > problem.max_per_week_per_department:
                out.append(
                    (
                        tuple(ids),
                        phrase(
                            "dept_week_over",
                            party=party,
                            department=department,
                            week=iso_week(*week),
                            count=len(ids),
                            limit=problem.max_per_week_per_department,
                        ),
                    )
                )
    return out


def _check_series(placed: list[tuple[Request, Placement]]) -> list[Violation]:
    out: list[Violation] = []
    series: dict[str, list[tuple[Request, Placement]]] = defaultdict(list)
    for request, p in placed:
        series[request.series].append((request, p))
    for key, rounds in series.items():
        rounds.sort(key=lambda item: (item[1].start, item[0].id))
        for (ra, pa), (rb, pb) in combinations(rounds, 2):
            gap = max(ra.min_gap_days, rb.min_gap_days)
            free = (pb.start - pa.end).days - 1
            if free < gap:
                out.append(
                    (
                        (pa.id, pb.id),
                        phrase(
                            "gap_short", series=key, first=pa.id, second=pb.id, free=free, gap=gap
                        ),
                    )
                )
        for index, (request, p) in enumerate(rounds):
            if request.host == ALTERNATE:
                before = rounds[index - 1][1].host if index else request.previous_host
                if before is not None and p.host == before:
                    out.append(
                        (
                            (p.id,),
                            phrase("alternation_broken", series=key, request=p.id, host=p.host),
                        )
                    )
    return out


def _check_balance(problem: Problem, placed: list[tuple[Request, Placement]]) -> list[Violation]:
    if problem.hosting_tolerance is None:
        return []
    hosted: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for request, p in placed:
        a, b = sorted(request.parties)
        hosted[(a, b)][p.host].append(p.id)
    out: list[Violation] = []
    for (a, b), ids in sorted(hosted.items()):
        if abs(len(ids[a]) - len(ids[b])) > problem.hosting_tolerance:
            more = ids[a] if len(ids[a]) > len(ids[b]) else ids[b]
            out.append(
                (
                    tuple(more),
                    phrase(
                        "balance_over",
                        party_a=a,
                        party_b=b,
                        hosted_a=len(ids[a]),
                        hosted_b=len(ids[b]),
                        tolerance=problem.hosting_tolerance,
                    ),
                )
            )
    return out
