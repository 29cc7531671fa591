"""The objective of a plan, evaluated on plain placements (the solver's and the greedy's)."""

import math
from collections import defaultdict

from .model import Placement
from .prepare import Prepared, week_of


def even_load(prep: Prepared) -> int:
    """Return the even weekly load: the placeable requests over the weeks they may start in."""
    weeks = {prep.week(key[1]) for keys in prep.keys.values() for key in keys}
    placeable = sum(1 for keys in prep.keys.values() if keys)
    if not weeks or not placeable:
        return 1
    return max(1, math.ceil(placeable / len(weeks)))


def objective_value(prep: Prepared, placements: list[Placement]) -> int:
    """Return the weighted objective the solver minimises, for any plan."""
    problem, weights = prep.problem, prep.problem.weights
    placed = {p.id: p for p in placements}
    value = weights.unplaced * sum(1 for r in problem.requests if r.id not in placed)
    if problem.soft_windows:
        for p in placements:
            request = problem.request(p.id)
            value += weights.window * (
                max(0, (request.window_start - p.start).days)
                + max(0, (p.end - request.window_end).days)
            )
    weekly: dict[tuple[int, int], int] = defaultdict(int)
    for p in placements:
        weekly[week_of(p.start)] += 1
    even = even_load(prep)
    value += weights.spread * sum(max(0, load - even) for load in weekly.values())
    for previous in problem.previous_plan:
        now = placed.get(previous.id)
        if now is None or now.start != previous.start or now.host != previous.host:
            value += weights.moved
    return value
