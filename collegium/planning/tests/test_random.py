"""Seeded random plans (5–40 requests, 2–5 parties, tight caps): the solver's plan always
passes the independent checker, and never scores worse than a valid plan of the greedy baseline."""

import pytest

from collegium.planning.engine.check import check
from collegium.planning.engine.fileio import parse
from collegium.planning.engine.generate import small
from collegium.planning.engine.greedy import greedy_plan
from collegium.planning.engine.solver import solve


@pytest.mark.parametrize("seed", range(30))
def test_random_plan_keeps_every_hard_constraint(seed):
    """Every placement of the solver's plan keeps every hard constraint; every request is
    either placed or listed with a reason; a proven plan is no worse than the greedy one."""
    problem = parse(small(seed))
    result = solve(problem, time_limit=2, workers=1, explain=False)
    # The model's own plan, before the final check could take anything out.
    assert result.dropped == []
    assert check(problem, result.placements) == []
    placed = {p.id for p in result.placements}
    unplaced = {u.id for u in result.unplaced}
    assert placed | unplaced == {r.id for r in problem.requests}
    assert not placed & unplaced
    assert all(u.reasons for u in result.unplaced)
    baseline = greedy_plan(problem)
    # A baseline plan that keeps every rule cannot beat a proven optimum.
    proven = result.status in ("optimal", "infeasible") and result.gap == 0
    if proven and check(problem, baseline.placements) == []:
        assert result.objective is not None
        assert baseline.objective is not None
        assert result.objective <= baseline.objective
