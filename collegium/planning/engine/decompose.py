"""Blocks of requests: a valid lower bound on the unplaced ones, and a block-by-block plan.

A *block* is a smallest set of requests closed under the constraints that do not split:
the rounds of one ``topic_key`` (the gap and the alternation follow the round just
before, which a part of the series would get wrong) and, under a hosting tolerance, the
rounds of one pair of parties (a part of a pair may be unbalanced where the whole is not).

- :func:`lower_bound`: every plan restricted to one block keeps every constraint among
  that block's requests (officials, weekly caps and departments only lose members, the
  series and pairs are whole), so the fewest unplaced requests of each block alone, summed
  over the blocks, never exceed the fewest of the whole plan.  CP-SAT proves each block's
  minimum (its best bound where the time runs out: still a valid bound).
- :func:`sequential_plan`: the blocks one after another, each solved exactly by CP-SAT
  around the placements of the blocks before it (their officials, departments and weeks),
  preferring lightly loaded weeks.  A complete, valid plan: the hint of the full model.

Connected components of the conflict graph (blocks joined by shared officials and
departments) are exactly independent only without a binding ``max_per_week`` and without
the even-spread term, both of which join every request; :func:`components` finds them, and
the tests check that solving them apart gives the monolithic optimum where they apply.
"""

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from ortools.sat.python import cp_model

from .build import _Builder
from .greedy import _State
from .model import Problem
from .prepare import Key, Prepared


class _Union:
    def __init__(self) -> None:
        self.parent: dict[object, object] = {}

    def find(self, a: object) -> object:
        parent = self.parent
        parent.setdefault(a, a)
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def join(self, a: object, b: object) -> None:
        self.parent[self.find(a)] = self.find(b)


def _group(problem: Problem, ids: Iterable[str], tags) -> list[list[str]]:  # noqa: ANN001
    union = _Union()
    ids = list(ids)
    for rid in ids:
        union.find(("request", rid))
        for tag in tags(problem.request(rid)):
            union.join(("request", rid), tag)
    out: dict[object, list[str]] = defaultdict(list)
    for rid in ids:
        out[union.find(("request", rid))].append(rid)
    return list(out.values())


def blocks(problem: Problem, ids: Iterable[str]) -> list[list[str]]:
    """Return the blocks of ``ids``: series joined, and pairs joined under a tolerance."""

    def tags(request):  # noqa: ANN001, ANN202
        yield ("series", request.series)
        if problem.hosting_tolerance is not None:
            yield ("pair", *sorted(request.parties))

    return _group(problem, ids, tags)


def components(problem: Problem, ids: Iterable[str]) -> list[list[str]]:
    """Return the connected components of the conflict graph over ``ids`` (blocks joined by
    a shared official, or a shared department of a party under a departmental cap)."""

    def tags(request):  # noqa: ANN001, ANN202
        yield ("series", request.series)
        if problem.hosting_tolerance is not None:
            yield ("pair", *sorted(request.parties))
        for official in request.officials:
            yield ("official", official)
        if problem.max_per_week_per_department is not None:
            for party, department in request.departments.items():
                yield ("department", party, department)

    return _group(problem, ids, tags)


def weekly_cap_binds(prep: Prepared, ids: Iterable[str]) -> bool:
    """Whether ``max_per_week`` could ever bind: more requests may touch a week than it allows."""
    cap = prep.problem.max_per_week
    if cap is None:
        return False
    touching: dict[tuple[int, int], set[str]] = defaultdict(set)
    for rid in ids:
        days = prep.problem.request(rid).days
        for key in prep.keys[rid]:
            for n in range(days):
                touching[prep.week(key[1] + n)].add(rid)
    return any(len(members) > cap for members in touching.values())


def _solver(seconds: float, workers: int = 1) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = workers
    return solver


def fewest_unplaced(prep: Prepared, block: list[str], *, seconds: float) -> int:
    """Return a proven lower bound on the unplaced requests of ``block`` solved alone (its
    minimum when CP-SAT proves it within ``seconds``)."""
    ids = [rid for rid in block if prep.keys[rid]]
    if not ids:
        return 0
    built = _Builder(prep, guarded=False, request_ids=ids).build()
    built.model.maximize(sum(built.placed.values()))
    solver = _solver(seconds)
    code = solver.solve(built.model)
    if code == cp_model.INFEASIBLE:  # cannot happen (nothing placed is a plan): no claim
        return 0
    if code == cp_model.UNKNOWN:
        return 0
    most = int(solver.best_objective_bound + 1e-6)
    return max(0, len(ids) - most)


def lower_bound(
    prep: Prepared, block_list: list[list[str]], *, deadline: float, only: set[int] | None = None
) -> int:
    """Return a valid lower bound on the placeable requests left unplaced by any plan.

    ``only`` limits the work to the blocks of those indexes (the others count 0: a block
    some valid plan places entirely cannot add to the bound)."""
    return sum(block_minima(prep, block_list, deadline=deadline, only=only).values())


def block_minima(
    prep: Prepared, block_list: list[list[str]], *, deadline: float, only: set[int] | None = None
) -> dict[int, int]:
    """Return, per block index, a lower bound on its unplaced requests (alone)."""
    out: dict[int, int] = {}
    for index, block in enumerate(block_list):
        if only is not None and index not in only:
            continue
        remaining = deadline - time.perf_counter()
        if remaining <= 0.05:
            break
        out[index] = fewest_unplaced(prep, block, seconds=min(remaining, 5.0))
    return out


def _tags(problem: Problem, rid: str) -> list[tuple[str, ...]]:
    """The officials (and departments under a departmental cap) a request shares."""
    request = problem.request(rid)
    out: list[tuple[str, ...]] = [("official", o) for o in request.officials]
    if problem.max_per_week_per_department is not None:
        out += [("department", p, d) for p, d in request.departments.items()]
    return out


def improve(
    prep: Prepared,
    block_list: list[list[str]],
    keys: list[Key],
    targets: Iterable[int],
    *,
    deadline: float,
) -> list[Key]:
    """Re-plan around each target block (one left with more unplaced than it has alone):
    the block and every block sharing an official or a department with it are solved
    together, the rest fixed; a neighbourhood's new plan is kept when it places more."""
    problem = prep.problem
    chosen = {key[0]: key for key in keys}
    block_of = {rid: n for n, block in enumerate(block_list) for rid in block}
    by_tag: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for block in block_list:
        for rid in block:
            for tag in _tags(problem, rid):
                by_tag[tag].add(rid)

    def weeks(key: Key) -> set[tuple[int, int]]:
        return {prep.week(key[1] + n) for n in range(problem.request(key[0]).days)}

    for target in targets:
        remaining = deadline - time.perf_counter()
        if remaining <= 0.2:
            break
        near = {
            block_of[o]
            for rid in block_list[target]
            for t in _tags(problem, rid)
            for o in by_tag[t]
        }
        free = [rid for n in sorted(near | {target}) for rid in block_list[n] if prep.keys[rid]]
        free_set = set(free)
        related = {o for rid in free for t in _tags(problem, rid) for o in by_tag[t]} - free_set
        fixed = {o: chosen[o] for o in related if o in chosen}
        week_used: dict[tuple[int, int], int] = defaultdict(int)
        for rid, key in chosen.items():
            if rid not in free_set and rid not in fixed:
                for week in weeks(key):
                    week_used[week] += 1
        built = _Builder(
            prep, guarded=False, request_ids=free, fixed=fixed, week_used=week_used
        ).build()
        before = sum(1 for rid in free if rid in chosen)
        built.model.maximize(sum(built.placed[rid] for rid in free))
        for rid in free:
            for key in prep.keys[rid]:
                built.model.add_hint(built.x[key], 1 if chosen.get(rid) == key else 0)
        solver = _solver(min(remaining, 5.0))
        code = solver.solve(built.model)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            continue
        if round(solver.objective_value) <= before:
            continue
        for rid in free:
            chosen.pop(rid, None)
            for key in prep.keys[rid]:
                if solver.boolean_value(built.x[key]):
                    chosen[rid] = key
    return list(chosen.values())


def sequential_plan(
    prep: Prepared, block_list: list[list[str]], *, deadline: float
) -> tuple[list[Key], set[int]]:
    """Plan block by block around the blocks placed before; return the chosen keys and the
    indexes of the blocks left short of complete."""
    problem = prep.problem
    chosen: dict[str, Key] = {}
    week_used: dict[tuple[int, int], int] = defaultdict(int)
    start_load: dict[tuple[int, int], int] = defaultdict(int)
    by_tag: dict[tuple[str, ...], list[str]] = defaultdict(list)
    short: set[int] = set()

    def tags(rid: str) -> list[tuple[str, ...]]:
        return _tags(problem, rid)

    def weeks(key: Key) -> set[tuple[int, int]]:
        days = problem.request(key[0]).days
        return {prep.week(key[1] + n) for n in range(days)}

    state = _State(prep)  # the greedy baseline's bookkeeping, for a fallback out of time

    def record(key: Key) -> None:
        chosen[key[0]] = key
        state.place(key, problem.request(key[0]))
        for week in weeks(key):
            week_used[week] += 1
        start_load[prep.week(key[1])] += 1
        for tag in tags(key[0]):
            by_tag[tag].append(key[0])

    tolerance = problem.hosting_tolerance

    def greedy_block(ids: list[str]) -> list[Key] | None:
        """Place the whole block by the greedy rule (lightest week first), or give up."""
        trial: list[Key] = []
        for request in sorted(
            (problem.request(rid) for rid in ids),
            key=lambda r: (r.pinned is None, r.window_start, r.id),
        ):
            pair = tuple(sorted(request.parties))
            ranked = sorted(
                prep.keys[request.id],
                key=lambda k: (start_load[prep.week(k[1])], state.hosted[pair][k[2]], k[1]),  # type: ignore[index]
            )
            key = next((k for k in ranked if state.fits(k, request)), None)
            if key is None:
                break
            state.place(key, request)
            trial.append(key)
        hosted: dict[tuple[str, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for key in trial:
            hosted[tuple(sorted(problem.request(key[0]).parties))][key[2]] += 1
        balanced = tolerance is None or all(
            abs(counts[pair[0]] - counts[pair[1]]) <= tolerance for pair, counts in hosted.items()
        )
        for key in trial:
            state.unplace(key, problem.request(key[0]))
        return trial if len(trial) == len(ids) and balanced else None

    def hardness(index: int) -> tuple:
        block = block_list[index]
        pinned = any(problem.request(rid).pinned for rid in block)
        options = min((len(prep.keys[rid]) for rid in block), default=0)
        return (not pinned, options / 2 ** len(block), index)

    for index in sorted(range(len(block_list)), key=hardness):
        ids = [rid for rid in block_list[index] if prep.keys[rid]]
        if not ids:
            continue
        remaining = deadline - time.perf_counter()
        if remaining <= 0.05:
            # Out of time: the greedy baseline's rule for the rest, round by round.
            for request in sorted(
                (problem.request(rid) for rid in ids),
                key=lambda r: (r.pinned is None, r.window_start, r.id),
            ):
                key = next((k for k in prep.keys[request.id] if state.fits(k, request)), None)
                if key is not None:
                    record(key)
            if any(rid not in chosen for rid in ids):
                short.add(index)
            continue
        easy = greedy_block(ids)
        if easy is not None:
            # The greedy rule places the whole block: no solve needed.
            for key in easy:
                record(key)
            continue
        related = {other for rid in ids for tag in tags(rid) for other in by_tag[tag]}
        outside = dict(week_used)
        for other in related:
            for week in weeks(chosen[other]):
                outside[week] -= 1
        builder = _Builder(
            prep,
            guarded=False,
            request_ids=ids,
            fixed={other: chosen[other] for other in related},
            week_used=outside,
        )
        built = builder.build()
        free = [key for rid in ids for key in prep.keys[rid]]
        built.model.minimize(
            -10_000 * sum(built.placed[rid] for rid in ids)
            + sum(
                min(start_load[prep.week(key[1])], 9_000 // max(1, len(ids))) * built.x[key]
                for key in free
            )
        )
        solver = _solver(min(remaining, 2.0))
        code = solver.solve(built.model)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            short.add(index)
            continue
        for key in free:
            if solver.boolean_value(built.x[key]):
                record(key)
        if any(rid not in chosen for rid in ids):
            short.add(index)
    return list(chosen.values()), short


def separable(prep: Prepared, ids: Iterable[str]) -> bool:
    """Whether the components of the conflict graph may be solved apart with the same
    optimum: no term or constraint joins them (no even-spread term, no binding weekly cap)."""
    return prep.problem.weights.spread == 0 and not weekly_cap_binds(prep, ids)


def sub_problem(problem: Problem, ids: Iterable[str]) -> Problem:
    """Return the plan restricted to the requests ``ids`` (and their previous placements)."""
    keep = set(ids)
    return replace(
        problem,
        requests=[r for r in problem.requests if r.id in keep],
        previous_plan=[p for p in problem.previous_plan if p.id in keep],
    )
