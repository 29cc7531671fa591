"""The CP-SAT planner: the best plan, its proof, and why what is left out is left out.

One Boolean ``x[r, day, host]`` per candidate start of a request (precomputed by
:mod:`.calendar`, so working days, windows, pinned dates and blackouts need no
constraint).  Hard constraints:

- a request is placed at most once (an unplaced one costs ``weights.unplaced``);
- an official attends one consultation a day, and has a free day between two consultations
  in different cities (a clique per official, day and city);
- at most ``max_per_week`` consultations touch an ISO week, and at most
  ``max_per_week_per_department`` of one department of one party;
- two rounds of one ``topic_key`` are ordered (an order literal per pair) with at least
  ``min_gap_days`` free days between them; an alternating round is hosted by the other
  party than the round immediately before it (the first by the other than ``previous_host``);
- for each pair of parties the rounds each hosts differ by at most ``hosting_tolerance``.

The objective adds the load of a week above the even load (``weights.spread``), the days
outside the preferred window with soft windows (``weights.window``) and, on re-planning,
each moved consultation (``weights.moved``).

When requests stay unplaced, :func:`explain` asks CP-SAT why: every request ("placed")
and every constraint group is an assumption literal; the sufficient assumptions for
infeasibility, minimised by deletion, name the requests and the constraints in conflict.
"""

import datetime as dt
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterable

from ortools.sat.python import cp_model

from . import check as checker
from .build import Built, _Builder
from .decompose import (
    block_minima,
    blocks,
    components,
    improve,
    separable,
    sequential_plan,
    sub_problem,
)
from .greedy import greedy_keys
from .model import Conflict, Placement, Problem, Result, Unplaced
from .objective import even_load, objective_value
from .phrases import Phrase, date_runs, phrase
from .prepare import Key, Prepared, placements_of, prepare, week_of


def _trace(started: float, what: str) -> None:
    """Print the time a phase ends at, with PLANNING_TRACE=1 in the environment."""
    if os.environ.get("PLANNING_TRACE"):
        print(f"[{time.perf_counter() - started:6.2f} s] {what}", file=sys.stderr)


def _objective(prep: Prepared, built: Built) -> None:
    """Add the weighted objective to the optimisation model."""
    problem, model, weights = prep.problem, built.model, prep.problem.weights
    terms: list[cp_model.LinearExprT] = []
    offset = 0
    # Every request counts as unplaced, less the placed ones: zero-candidate ones too.
    offset += weights.unplaced * len(problem.requests)
    terms.append(-weights.unplaced * sum(built.placed.values()))
    if problem.soft_windows and weights.window:
        for rid, keys in prep.keys.items():
            request = problem.request(rid)
            for key in keys:
                if key not in built.x:
                    continue
                start = prep.date(key[1])
                end = start + dt.timedelta(days=request.days - 1)
                outside = max(0, (request.window_start - start).days) + max(
                    0, (end - request.window_end).days
                )
                if outside:
                    terms.append(weights.window * outside * built.x[key])
    if weights.spread:
        weekly: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        weekly_ids: dict[tuple[int, int], set[str]] = defaultdict(set)
        for key, var in built.x.items():
            week = prep.week(key[1])
            weekly[week].append(var)
            weekly_ids[week].add(key[0])
        even = even_load(prep)
        for week, lits in sorted(weekly.items()):
            if len(weekly_ids[week]) <= even:
                continue
            excess = model.new_int_var(0, len(lits), f"excess_{week[0]}_{week[1]}")
            model.add(excess >= sum(lits) - even)
            terms.append(weights.spread * excess)
    if weights.moved:
        for previous in problem.previous_plan:
            key = (previous.id, prep.index(previous.start), previous.host)
            offset += weights.moved
            if key in built.x:
                terms.append(-weights.moved * built.x[key])
    model.minimize(sum(terms) + offset)


def _status_name(code: object) -> str:
    names: dict[object, str] = {
        cp_model.OPTIMAL: "optimal",
        cp_model.FEASIBLE: "feasible",
        cp_model.INFEASIBLE: "infeasible",
        cp_model.MODEL_INVALID: "invalid",
    }
    return names.get(code, "unknown")


def _complete_hint(built: Built, chosen: set[Key], *, seconds: float) -> float:
    """Hint every variable of the model with the baseline's plan; return the time taken.

    CP-SAT makes little of a partial hint on a large model, so the order, alternation and
    load variables are completed by a short solve of a copy with the placements fixed."""
    started = time.perf_counter()
    copy = built.model.clone()
    copy.clear_hints()
    for key, var in built.x.items():
        copy.add(copy.get_bool_var_from_proto_index(var.index) == (1 if key in chosen else 0))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    code = solver.solve(copy)
    built.model.clear_hints()
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for index in range(len(built.model.proto.variables)):
            built.model.add_hint(
                built.model.get_int_var_from_proto_index(index),
                solver.value(copy.get_int_var_from_proto_index(index)),
            )
    else:  # the plain placements at least
        for key, var in built.x.items():
            built.model.add_hint(var, 1 if key in chosen else 0)
    return time.perf_counter() - started


def repair(problem: Problem, placements: list[Placement]) -> tuple[list[Placement], list[str]]:
    """Drop placements until the independent checker finds nothing; return what was dropped.

    A safety net: the model and the checker agree, so nothing is dropped unless one of
    them has a fault; then the plan given out still keeps every hard constraint."""
    kept = list(placements)
    dropped: list[str] = []
    while True:
        found = checker.check_detailed(problem, kept)
        if not found:
            return kept, dropped
        victim = found[0][0][-1]
        dropped.append(victim)
        kept = [p for p in kept if p.id != victim]


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    explain: bool = True,
    seed: int = 0,
    decompose: bool = True,
) -> Result:
    """Return the best plan found in ``time_limit`` seconds, with its status and proof.

    ``status`` is ``optimal`` when every request is placed and the objective proven
    optimal, ``feasible`` when a plan was found without that proof, ``infeasible`` when
    not every request can be placed (then ``placements`` is the best partial plan and
    ``unplaced``/``conflicts`` say why)."""
    started = time.perf_counter()
    prep = prepare(problem)
    placeable = [r.id for r in problem.requests if prep.keys[r.id]]
    if (
        decompose
        and len(components(problem, [r.id for r in problem.requests])) > 1
        and separable(prep, placeable)
    ):
        # Nothing joins the components: each is solved apart, the sums are exact.
        return solve_components(problem, time_limit=time_limit, workers=workers, explain=explain)
    builder = _Builder(prep, guarded=False, request_ids=placeable)
    built = builder.build()
    _objective(prep, built)
    weights = problem.weights
    without = len(problem.requests) - len(placeable)  # requests with no possible date
    block_list = blocks(problem, placeable)
    fewest = 0  # a proven lower bound on the placeable requests left unplaced
    if len(block_list) > 1:
        # Block by block (exact per block, around the blocks before), then the bound.
        seq, short = sequential_plan(prep, block_list, deadline=started + 0.5 * time_limit)
        # The bound matters more than the time split: a few seconds at least for it.
        minima = block_minima(
            prep,
            block_list,
            deadline=max(started + 0.6 * time_limit, time.perf_counter() + 0.1 * time_limit),
            only=short,
        )
        fewest = sum(minima.values())
        # The blocks left with more unplaced than they have alone: re-plan around them.
        placed_ids = {key[0] for key in seq}
        targets = [
            n
            for n in sorted(short)
            if n in minima
            and sum(1 for rid in block_list[n] if rid not in placed_ids and prep.keys[rid])
            > minima[n]
        ]
        _trace(started, f"sequential {len(seq)} short {len(short)} fewest {fewest}")
        candidate = improve(prep, block_list, seq, targets, deadline=started + 0.7 * time_limit)
    else:
        candidate = [key for key in greedy_keys(prep) if key in built.x]
    # A complete hint: the plan above, less what breaks a rule, every other key off.
    valid = {p.id for p in repair(problem, placements_of(prep, candidate))[0]}
    hint = [key for key in candidate if key[0] in valid]
    placed_sum = sum(built.placed.values())
    if fewest:
        built.model.add(placed_sum <= len(placeable) - fewest)
    floor = None  # with the hint's count imposed, a plan placing fewer costs at least this
    if len(block_list) > 1 and hint and len(hint) >= len(placeable) - fewest:
        # Phase 2: the hint places as many as the bound allows (proven the most): keep
        # that count and improve the soft terms.
        built.model.add(placed_sum >= len(hint))
        floor = float(weights.unplaced * (len(problem.requests) - len(hint) + 1))
    _trace(started, f"hint {len(hint)}")
    remaining = time_limit - (time.perf_counter() - started)
    _complete_hint(built, set(hint), seconds=max(0.5, min(5.0, remaining / 5)))
    solver = cp_model.CpSolver()
    # What is left of the time limit, less a share for the final check and the reasons.
    reserve = min(4.0, 0.1 * time_limit)
    solver.parameters.max_time_in_seconds = max(
        0.1, time_limit - reserve - (time.perf_counter() - started)
    )
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    if len(built.x) > 20_000:
        # A large model: less presolve, so that the search starts within the time limit.
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.max_presolve_iterations = 1
    else:
        # A small one: the full LP relaxation (measured: 80 consultations proven optimal
        # two to three times faster, and steadier on a loaded machine).
        solver.parameters.linearization_level = 2
    _trace(started, "solve")
    code = solver.solve(built.model)
    _trace(started, "solved")
    status = _status_name(code)
    result = Result(status=status)
    chosen: list[Key] = []
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = [key for key, var in built.x.items() if solver.boolean_value(var)]
        result.objective = float(solver.objective_value)
        result.bound = float(solver.best_objective_bound)
    else:
        # No plan within the time limit: give the hint's (checked below), unproven.
        chosen = hint
        result.status = "feasible" if hint else "unknown"
        # Every request is placed or costs weights.unplaced; every other term is >= 0.
        result.bound = float(weights.unplaced * (without + fewest))
    if result.bound is not None:
        # Every request is placed or costs weights.unplaced; every other term is >= 0: the
        # blocks' bound holds whatever CP-SAT proved in its time.
        result.bound = max(result.bound, float(weights.unplaced * (without + fewest)))
    if floor is not None and result.bound is not None:
        # The model imposed the hint's count: a plan placing fewer is not in it.
        result.bound = min(result.bound, floor)
    placements, dropped = repair(problem, placements_of(prep, chosen))
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE) and placements:
        result.objective = float(objective_value(prep, placements))
    if result.objective is not None and result.bound is not None:
        result.gap = abs(result.objective - result.bound) / max(1.0, abs(result.objective))
    result.placements = placements
    result.dropped = dropped
    placed_ids = {p.id for p in placements}
    reasons: dict[str, list[Phrase]] = {
        rid: list(prep.candidates[rid].phrases) for rid in (r.id for r in problem.requests)
    }
    for rid in dropped:
        reasons[rid].append(phrase("dropped"))
    missing = [r.id for r in problem.requests if r.id not in placed_ids]
    # Optimal in the model, and the model's restriction (the hint's count) costs nothing.
    optimal = code == cp_model.OPTIMAL and result.gap == 0
    # Not everything can be placed: proven optimal, or the blocks' bound says so.
    proven = optimal or fewest > 0
    if missing:
        zero = [rid for rid in missing if not prep.keys[rid]]
        others = [rid for rid in missing if prep.keys[rid]]
        if explain and others:
            # The explanations take what is left of the time limit (at least 3 s).
            budget = max(3.0, min(30.0, time_limit - (time.perf_counter() - started)))
            conflicts = explain_conflicts(
                prep, placeable, others, budget=budget, workers=max(1, workers)
            )
            result.conflicts = conflicts
            for conflict in conflicts:
                for rid in conflict.requests:
                    if rid in others:
                        others_in = [x for x in conflict.requests if x != rid]
                        reasons[rid].append(
                            phrase(
                                "conflict_with", requests=others_in, constraints=conflict.phrases
                            )
                            if others_in
                            else phrase("conflict", constraints=conflict.phrases)
                        )
            proven = proven or bool(conflicts)
        for rid in others:
            if not reasons[rid]:
                if time.perf_counter() - started < time_limit + 5:
                    reasons[rid].append(_local_reason(prep, placements, rid))
                else:
                    reasons[rid].append(phrase("time_limit"))
        for rid in zero:
            result.conflicts.append(Conflict(requests=[rid], phrases=reasons[rid]))
        result.unplaced = [Unplaced(id=rid, phrases=reasons[rid]) for rid in missing]
        if zero or proven:
            result.status = "infeasible"
        elif code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            result.status = "feasible"
    elif optimal and not dropped:
        result.status = "optimal"
    elif code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        result.status = "feasible"
    result.solve_seconds = round(time.perf_counter() - started, 3)
    return result


def _local_reason(prep: Prepared, placements: list[Placement], rid: str) -> Phrase:
    """Say what in the plan blocks each possible date and host of an unplaced request.

    Each trial checks the request against the placements that can interact with it: its
    relations (officials, departments, topic, pair) and those in the weeks it would take."""
    problem = prep.problem
    request = problem.request(rid)
    related = _relations(problem, [r.id for r in problem.requests])[rid]
    by_week: dict[tuple[int, int], list[Placement]] = defaultdict(list)
    for p in placements:
        for n in range((p.end - p.start).days + 1):
            by_week[week_of(p.start + dt.timedelta(days=n))].append(p)
    near = [p for p in placements if p.id in related]
    blockers: dict[Phrase, int] = defaultdict(int)
    keys = prep.keys[rid]
    for key in keys:
        [trial_placement] = placements_of(prep, [key])
        weeks = {prep.week(key[1] + n) for n in range(request.days)}
        trial = {p.id: p for p in near}
        for week in weeks:
            trial.update((p.id, p) for p in by_week.get(week, []))
        trial[rid] = trial_placement
        for ids, found in checker.check_detailed(problem, list(trial.values())):
            if rid in ids:
                blockers[_blocker(found)] += 1
    if not blockers:
        return phrase("time_limit")
    ranked = sorted(blockers.items(), key=lambda item: -item[1])[:4]
    return phrase(
        "blocked_everywhere",
        count=len(keys),
        blockers=[phrase("blocker", what=what, count=count) for what, count in ranked],
    )


# Violations whose counts differ from trial to trial: counted as one blocker without them.
_BLOCKERS = {
    "week_over": ("week_full", "count"),
    "dept_week_over": ("dept_week_full", "count"),
    "balance_over": ("balance_off", "hosted_a", "hosted_b"),
}


def _blocker(violation: Phrase) -> Phrase:
    """Return the violation less the counts of one trial, so that equal blockers add up."""
    general = _BLOCKERS.get(violation.code)
    if general is None:
        return violation
    return violation.without(*general)


def describe_candidates(prep: Prepared, rid: str) -> Phrase:
    """Say where a request can go: its possible start dates (after holidays, blackouts, window)."""
    request = prep.problem.request(rid)
    starts = prep.candidates[rid].starts
    if request.pinned is not None:
        return phrase("pinned_to", request=rid, date=request.pinned)
    first, last = prep.calendar.window(request)
    return phrase(
        "can_start",
        request=rid,
        days=request.days,
        dates=date_runs(starts, 4),
        first=first,
        last=last,
    )


def explain_conflicts(
    prep: Prepared, placeable: list[str], unplaced: list[str], *, budget: float, workers: int = 1
) -> list[Conflict]:
    """Find minimal sets of requests and constraint groups that cannot hold together.

    Each round assumes every remaining request placed and every group on; CP-SAT's
    sufficient assumptions for infeasibility are minimised by deletion (groups first,
    then requests); one unplaced request of the core is then set aside and the next
    round looks for the next conflict, until the rest fits or the budget is spent."""
    deadline = time.perf_counter() + budget
    prep = prepare(prep.problem, prune_hosts=False, like=prep)
    builder = _Builder(prep, guarded=True, request_ids=placeable)
    built = builder.build()
    literal_of: dict[int, tuple[str, str]] = {}
    for rid, request_literal in built.request_literals.items():
        literal_of[request_literal.index] = ("request", rid)
    for key, group in built.groups.items():
        if group.literal is not None:
            literal_of[group.literal.index] = ("group", key)
    by_name = {v: k for k, v in literal_of.items()}
    literal_var: dict[int, cp_model.IntVar] = {
        lit.index: lit for lit in built.request_literals.values()
    } | {g.literal.index: g.literal for g in built.groups.values() if g.literal is not None}
    groups = [by_name[("group", key)] for key in built.groups]
    conflicts: list[Conflict] = []

    def infeasible(assumed: list[int]) -> tuple[bool | None, list[int]]:
        remaining = deadline - time.perf_counter()
        if remaining <= 0.05:
            return None, []
        built.model.clear_assumptions()
        built.model.add_assumptions([literal_var[lit] for lit in assumed])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = workers
        solver.parameters.max_time_in_seconds = min(remaining, max(0.5, budget / 4))
        code = solver.solve(built.model)
        if code == cp_model.INFEASIBLE:
            return True, list(solver.sufficient_assumptions_for_infeasibility())
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False, []
        return None, []

    order = {rid: n for n, rid in enumerate(placeable)}
    related = _relations(prep.problem, placeable)

    def minimise(assumed: list[int], core: list[int]) -> list[int]:
        """Deletion-based: drop each literal whose absence leaves the rest infeasible."""
        kept = sorted(set(core or assumed), key=lambda lit: (literal_of[lit][0] == "request", lit))
        for lit in list(kept):
            if lit not in kept:
                continue
            trial = [other for other in kept if other != lit]
            verdict, smaller = infeasible(trial)
            if verdict:
                kept = [other for other in trial if not smaller or other in set(smaller)]
        return kept

    def record(kept: list[int]) -> list[str]:
        requests = sorted(
            (literal_of[lit][1] for lit in kept if literal_of[lit][0] == "request"),
            key=order.__getitem__,
        )
        group_keys = [
            literal_of[lit][1]
            for lit in kept
            if literal_of[lit][0] == "group"
            and any(_touches(prep, literal_of[lit][1], rid) for rid in requests)
        ]
        said = _summarise(
            prep.problem, group_keys, [built.groups[key].phrase for key in group_keys]
        )
        timely = any(not key.startswith(("balance:", "alternation:")) for key in group_keys)
        if timely and len(requests) <= 6:
            said += [describe_candidates(prep, rid) for rid in requests]
        conflicts.append(Conflict(requests=requests, phrases=said))
        return requests

    explained: set[str] = set()
    for target in unplaced:
        attempts = 0
        while target not in explained and target in built.request_literals and attempts < 3:
            attempts += 1
            if time.perf_counter() >= deadline or len(conflicts) >= 8:
                return conflicts
            # Leave out the unplaced requests of the conflicts found: the next one is new.
            known = {rid for c in conflicts for rid in c.requests if rid in unplaced} - {target}
            found = None
            for scope in _neighbourhoods(target, related, placeable):
                assumed = [by_name[("request", rid)] for rid in scope if rid not in known]
                verdict, core = infeasible(assumed + groups)
                if verdict is None:
                    break
                if verdict:
                    found = record(minimise(assumed + groups, core))
                    break
            if found is None:
                break
            explained.update(rid for rid in found if rid in unplaced)
    return conflicts


def _summarise(problem: Problem, keys: list[str], said: list[Phrase]) -> list[Phrase]:
    """Merge many weekly caps of a conflict into one line per kind."""
    out: list[Phrase] = []
    weeks = [
        words.get("week") for key, words in zip(keys, said, strict=True) if key.startswith("week:")
    ]
    departments: dict[tuple[str, str], list[Phrase]] = defaultdict(list)
    for key, words in zip(keys, said, strict=True):
        if key.startswith("dept:"):
            departments[_department(key)].append(words.get("week"))
    for key, words in zip(keys, said, strict=True):
        if key.startswith("week:") and len(weeks) > 3:
            continue
        if key.startswith("dept:") and len(departments[_department(key)]) > 3:
            continue
        out.append(words)
    if len(weeks) > 3:
        out.append(
            phrase(
                "weeks_cap",
                limit=problem.max_per_week,
                count=len(weeks),
                first=weeks[0],
                last=weeks[-1],
            )
        )
    for (department, party), found in departments.items():
        if len(found) > 3:
            out.append(
                phrase(
                    "dept_weeks_cap",
                    limit=problem.max_per_week_per_department,
                    department=department,
                    party=party,
                    count=len(found),
                    first=found[0],
                    last=found[-1],
                )
            )
    return out


def _department(key: str) -> tuple[str, str]:
    """Return the department and the party of a ``dept:`` group key."""
    _, party, department, _week = key.split(":")
    return department, party


def _touches(prep: Prepared, group: str, rid: str) -> bool:
    """Whether the constraint group named ``group`` constrains the request ``rid``."""
    request = prep.problem.request(rid)
    kind, _, rest = group.partition(":")
    if kind == "official":
        return rest in request.officials
    if kind in ("gap", "alternation"):
        return rest == request.series
    if kind == "balance":
        return sorted(request.parties) == rest.split(":")
    weeks = {
        f"{w[0]}-W{w[1]:02d}"
        for key in prep.keys[rid]
        for w in {prep.week(key[1] + n) for n in range(request.days)}
    }
    if kind == "week":
        return rest in weeks
    if kind == "dept":
        party, department, week = rest.split(":")
        return request.departments.get(party) == department and week in weeks
    return True


def _relations(problem: Problem, ids: list[str]) -> dict[str, set[str]]:
    """Return, for each request, the requests sharing an official, a department of a party,
    a topic or (under a hosting tolerance) a pair of parties with it."""
    requests = [problem.request(rid) for rid in ids]
    by_tag: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for r in requests:
        for official in r.officials:
            by_tag[("official", official)].add(r.id)
        for party, department in r.departments.items():
            by_tag[("department", party, department)].add(r.id)
        by_tag[("series", r.series)].add(r.id)
        if problem.hosting_tolerance is not None:
            by_tag[("pair", *sorted(r.parties))].add(r.id)
    related: dict[str, set[str]] = defaultdict(set)
    for members in by_tag.values():
        for rid in members:
            related[rid] |= members
    return related


def _neighbourhoods(
    target: str, related: dict[str, set[str]], ids: list[str]
) -> Iterable[list[str]]:
    """Yield growing sets of requests around ``target``: its relations, theirs, then all."""
    scope = {target} | related[target]
    seen: list[set[str]] = []
    for _ in range(2):
        if not seen or scope != seen[-1]:
            seen.append(set(scope))
            yield [rid for rid in ids if rid in scope]
        scope = scope | {other for rid in scope for other in related[rid]}
    if seen[-1] != set(ids):
        yield list(ids)


def solve_components(
    problem: Problem, *, time_limit: float, workers: int = 2, explain: bool = True
) -> Result:
    """Solve each component of a separable plan on its own and join the results: the
    objective and the bound are the sums of the components' (every term is separable)."""
    started = time.perf_counter()
    parts = components(problem, [r.id for r in problem.requests])
    total = len(problem.requests)
    results = []
    for part in sorted(parts, key=len, reverse=True):
        left = time_limit - (time.perf_counter() - started)
        share = max(0.2, left * len(part) / max(1, total))
        total -= len(part)
        results.append(
            solve(
                sub_problem(problem, part),
                time_limit=share,
                workers=workers,
                explain=explain,
                decompose=False,
            )
        )
    joined = Result(status="optimal")
    statuses = {r.status for r in results}
    short = [r for r in results if r.unplaced]
    if statuses == {"unknown"}:
        joined.status = "unknown"
    elif short:
        proven = all(r.status == "infeasible" for r in short)
        joined.status = "infeasible" if proven else "feasible"
    elif statuses != {"optimal"}:
        joined.status = "feasible"
    if all(r.objective is not None and r.bound is not None for r in results):
        joined.objective = float(sum(r.objective or 0 for r in results))
        joined.bound = float(sum(r.bound or 0 for r in results))
        joined.gap = abs(joined.objective - joined.bound) / max(1.0, abs(joined.objective))
    for r in results:
        joined.placements.extend(r.placements)
        joined.unplaced.extend(r.unplaced)
        joined.conflicts.extend(r.conflicts)
        joined.dropped.extend(r.dropped)
    joined.placements.sort(key=lambda p: (p.start, p.id))
    order = {r.id: n for n, r in enumerate(problem.requests)}
    joined.unplaced.sort(key=lambda u: order[u.id])
    joined.solve_seconds = round(time.perf_counter() - started, 3)
    return joined
