"""Infeasible plans are explained: the core names the requests and rules in conflict."""

import json
from pathlib import Path

from collegium.planning.engine.check import check
from collegium.planning.engine.fileio import loads
from collegium.planning.engine.solver import solve

from .helpers import BY, RU, problem, request

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_two_requests_for_one_official_in_the_only_free_week():
    """R3 and R7 both need official X in the only week their windows share, one day each,
    under a cap of one a week; R5 elsewhere is no part of the conflict."""
    r3 = {**request("R3", "2026-03-16", "2026-03-20"), "leads": {RU: "X", BY: "by-3"}}
    r7 = {**request("R7", "2026-03-16", "2026-03-20"), "leads": {RU: "X", BY: "by-7"}}
    r5 = request("R5", "2026-03-16", "2026-04-30")
    p = problem(
        r3,
        r7,
        r5,
        max_per_week_per_department=None,
        blackouts=[{"official": "X", "from": "2026-03-17", "to": "2026-03-20", "reason": "summit"}],
    )
    result = solve(p, time_limit=3)
    assert result.status == "infeasible"
    assert check(p, result.placements) == []
    [conflict] = result.conflicts
    assert conflict.requests == ["R3", "R7"]
    text = " ".join(conflict.constraints)
    assert "official X attends one consultation a day" in text
    assert "R3 (1 d) can start only on 2026-03-16" in text
    [unplaced] = result.unplaced
    assert unplaced.id in ("R3", "R7")
    assert any("cannot be placed together with" in reason for reason in unplaced.reasons)


def test_each_conflict_is_minimal():
    """Dropping any request of a reported conflict makes the rest placeable."""
    rounds = [request(rid, "2026-03-02", "2026-03-06") for rid in "ABCD"]
    p = problem(*rounds, max_per_week=2)
    result = solve(p, time_limit=3)
    assert len(result.placements) == 2
    for conflict in result.conflicts:
        assert len(conflict.requests) == 3
        for left_out in conflict.requests:
            rest = [r for r in rounds if r["id"] in conflict.requests and r["id"] != left_out]
            assert solve(problem(*rest, max_per_week=2), time_limit=2).status == "optimal"


def test_the_overconstrained_example_names_its_two_requests():
    """The example's extra pinned date (C15 on 9 September) conflicts with the strategic
    dialogue (C02) that has only that week; the plan without it places everything."""
    base = loads((EXAMPLES / "plan-2026.json").read_text(encoding="utf-8"))
    assert solve(base, time_limit=5).status == "optimal"
    over = loads((EXAMPLES / "plan-2026-overconstrained.json").read_text(encoding="utf-8"))
    result = solve(over, time_limit=10)
    assert result.status == "infeasible"
    assert [u.id for u in result.unplaced] in (["C15"], ["C02"])
    assert result.conflicts[0].requests == ["C02", "C15"]
    assert "C15 is pinned to 2026-09-09" in result.conflicts[0].constraints
    assert check(over, result.placements) == []
    assert json.loads(json.dumps([c.constraints for c in result.conflicts]))
