"""Blocks and components of a plan: the blocks' lower bound on the unplaced requests never
exceeds the true fewest, the block-by-block plan keeps every hard constraint, and solving
the components of a separable plan apart gives the monolithic optimum."""

import json
import time
from typing import Any

import pytest
from ortools.sat.python import cp_model

from collegium.planning.engine import decompose
from collegium.planning.engine.check import check
from collegium.planning.engine.fileio import parse
from collegium.planning.engine.generate import small
from collegium.planning.engine.prepare import placements_of, prepare
from collegium.planning.engine.solver import _Builder, solve

NAMES = ("mfa-ru", "mfa-by", "org-c", "org-d", "org-e")


def fewest_unplaced_exactly(problem) -> int:  # noqa: ANN001
    """The fewest unplaced requests of the whole plan, proven by one monolithic model."""
    prep = prepare(problem)
    ids = [r.id for r in problem.requests if prep.keys[r.id]]
    built = _Builder(prep, guarded=False, request_ids=ids).build()
    built.model.maximize(sum(built.placed.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20
    assert solver.solve(built.model) == cp_model.OPTIMAL
    return len(ids) - round(solver.objective_value)


@pytest.mark.parametrize("seed", range(25))
def test_lower_bound_never_exceeds_the_fewest_unplaced(seed):
    """The sum of each block's fewest unplaced (solved alone) is at most the whole plan's
    fewest, proven optimal by the monolithic model."""
    problem = parse(small(seed, n=30))
    prep = prepare(problem)
    ids = [r.id for r in problem.requests if prep.keys[r.id]]
    blocks = decompose.blocks(problem, ids)
    assert sorted(rid for block in blocks for rid in block) == sorted(ids)
    bound = decompose.lower_bound(prep, blocks, deadline=time.perf_counter() + 20)
    assert bound <= fewest_unplaced_exactly(problem)


def test_lower_bound_is_reached_on_a_tight_plan():
    """The bound is not trivially zero: on the seeded plans with requests that cannot all be
    placed, it counts at least one of them for some."""
    positive = 0
    for seed in range(25):
        problem = parse(small(seed, n=30))
        prep = prepare(problem)
        ids = [r.id for r in problem.requests if prep.keys[r.id]]
        blocks = decompose.blocks(problem, ids)
        positive += decompose.lower_bound(prep, blocks, deadline=time.perf_counter() + 20) > 0
    assert positive >= 1


@pytest.mark.parametrize("seed", range(15))
def test_sequential_plan_keeps_every_hard_constraint(seed):
    """The block-by-block plan passes the independent checker and places no fewer than the
    lower bound allows."""
    problem = parse(small(seed, n=35))
    prep = prepare(problem)
    ids = [r.id for r in problem.requests if prep.keys[r.id]]
    blocks = decompose.blocks(problem, ids)
    keys, short = decompose.sequential_plan(prep, blocks, deadline=time.perf_counter() + 20)
    assert check(problem, placements_of(prep, keys)) == []
    placed = {key[0] for key in keys}
    assert all(set(blocks[n]) <= placed for n in range(len(blocks)) if n not in short)
    bound = decompose.lower_bound(prep, blocks, deadline=time.perf_counter() + 20)
    assert len(placed) <= len(ids) - bound


def two_apart(seed: int) -> dict[str, Any]:
    """Two small plans on disjoint parties and officials side by side, with no even-spread
    term and no weekly cap: a plan of at least two independent components."""
    first, second = small(seed, n=12), small(seed + 1000, n=12)
    text = json.dumps(second)
    for name in NAMES:
        text = text.replace(f'"{name}', f'"y-{name}')
    text = text.replace('"id": "R', '"id": "S').replace('"topic_key": "k', '"topic_key": "q')
    other = json.loads(text)
    first["parties"] += other["parties"]
    first["capitals"] |= other["capitals"]
    first["blackouts"] += other["blackouts"]
    first["requests"] += other["requests"]
    first["max_per_week"] = None
    first["weights"] = {"unplaced": 100000, "window": 10, "spread": 0, "moved": 1000}
    return first


@pytest.mark.parametrize("seed", range(12))
def test_components_solved_apart_give_the_monolithic_optimum(seed):
    """Where nothing joins the components, solving them apart gives the same optimum as the
    one model of the whole plan, and a plan the checker confirms."""
    problem = parse(two_apart(seed))
    prep = prepare(problem)
    ids = [r.id for r in problem.requests if prep.keys[r.id]]
    assert decompose.separable(prep, ids)
    assert len(decompose.components(problem, [r.id for r in problem.requests])) >= 2
    apart = solve(problem, time_limit=10, workers=1, explain=False)
    whole = solve(problem, time_limit=10, workers=1, explain=False, decompose=False)
    assert check(problem, apart.placements) == []
    assert apart.gap == 0
    assert whole.gap == 0
    assert apart.objective == whole.objective
    assert apart.bound == whole.bound
    assert {p.id for p in apart.placements} | {u.id for u in apart.unplaced} == {
        r.id for r in problem.requests
    }


@pytest.mark.parametrize("seed", range(10))
def test_improve_keeps_the_plan_valid_and_never_places_fewer(seed):
    """Re-planning around the short blocks keeps every hard constraint and places at least
    as many requests as the block-by-block plan it starts from."""
    problem = parse(small(seed, n=35))
    prep = prepare(problem)
    ids = [r.id for r in problem.requests if prep.keys[r.id]]
    blocks = decompose.blocks(problem, ids)
    keys, short = decompose.sequential_plan(prep, blocks, deadline=time.perf_counter() + 20)
    better = decompose.improve(prep, blocks, keys, sorted(short), deadline=time.perf_counter() + 20)
    assert check(problem, placements_of(prep, better)) == []
    assert len(better) >= len(keys)


@pytest.mark.parametrize("seed", range(10))
def test_reported_bound_never_exceeds_the_proven_optimum(seed):
    """The bound of a short run (blocks, phase 2 and all) is at most the optimum the
    monolithic model proves with time to spare, and at most the run's own objective."""
    problem = parse(small(seed, n=35))
    quick = solve(problem, time_limit=1, workers=1, explain=False)
    full = solve(problem, time_limit=20, workers=1, explain=False, decompose=False)
    assert quick.bound is not None
    assert quick.objective is not None
    assert quick.bound <= quick.objective
    if full.gap == 0 and full.objective is not None:
        assert quick.bound <= full.objective
