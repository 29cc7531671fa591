"""The planning benchmark (``make bench``, and ``python -m collegium.planning.bench`` alone).

Solver runs are not URLs, so this contributes a report section (``SECTIONS``) rather than
targets: each instance is solved by CP-SAT and by the greedy baseline in the same run, and
both plans go through the independent checker.

- *realistic*: 80 consultations between ``mfa-ru`` and ``mfa-by`` (demo-like: windows of
  one to two and a half months, series of up to three rounds alternating Moscow and Minsk,
  at most 3 a week and 1 per department, tolerance 2, the 2026 summits as blackouts),
  target: proven optimal in under 2 s;
- *synthetic*: 1,000 meetings among 30 parties, target: a gap of at most 1 % within 30 s.
"""

import sys
import time
from collections.abc import Callable
from typing import Any

from collegium.planning.engine.check import check
from collegium.planning.engine.fileio import parse
from collegium.planning.engine.generate import realistic, synthetic
from collegium.planning.engine.greedy import greedy_plan
from collegium.planning.engine.solver import solve

TARGETS = ()

# name, instance, time limit, goal, CP-SAT workers (tuned on the 2-core bench machine: one
# worker proves the small plan fastest and steadiest under load; two help the large one).
CASES: tuple[tuple[str, Callable[[], dict[str, Any]], float, str, int], ...] = (
    (
        "realistic: 80 consultations, mfa-ru and mfa-by",
        lambda: realistic(80, seed=2026),
        10.0,
        "optimal",
        1,
    ),
    (
        "synthetic: 1,000 meetings among 30 parties",
        lambda: synthetic(1000, 30, seed=30),
        30.0,
        "gap",
        2,
    ),
)
OPTIMAL_TARGET_S = 2.0
GAP_TARGET = 0.01


def run_case(
    name: str, make: Callable[[], dict[str, Any]], limit: float, goal: str, workers: int = 2
) -> dict:
    """Solve one instance with the solver and the greedy baseline; return both rows."""
    problem = parse(make())
    started = time.perf_counter()
    result = solve(problem, time_limit=limit, workers=workers, explain=False)
    seconds = time.perf_counter() - started
    baseline = greedy_plan(problem)
    if goal == "optimal":
        verdict = result.status == "optimal" and seconds <= OPTIMAL_TARGET_S
        target = f"optimal in < {OPTIMAL_TARGET_S:g} s"
    else:
        verdict = result.gap is not None and result.gap <= GAP_TARGET
        target = f"gap <= {GAP_TARGET:.0%} in {limit:g} s"
    return {
        "name": name,
        "requests": len(problem.requests),
        "target": target,
        "pass": verdict,
        "workers": workers,
        "solver": {
            "status": result.status,
            "objective": result.objective,
            "bound": result.bound,
            "gap": result.gap,
            "seconds": round(seconds, 3),
            "placed": len(result.placements),
            "violations": len(check(problem, result.placements)),
        },
        "greedy": {
            "objective": baseline.objective,
            "seconds": baseline.solve_seconds,
            "placed": len(baseline.placements),
            "violations": len(check(problem, baseline.placements)),
        },
    }


def _line(case: dict) -> list[str]:
    s, g = case["solver"], case["greedy"]
    gap = "-" if s["gap"] is None else f"{100 * s['gap']:.2f} %"
    return [
        f"{case['name']} ({case['target']}): {'ok' if case['pass'] else 'OVER TARGET'}",
        f"    CP-SAT  {s['status']:<10} objective {s['objective']:.0f} bound {s['bound']:.0f} "
        f"gap {gap}  {s['seconds']:.2f} s ({case['workers']} worker(s))  "
        f"placed {s['placed']}/{case['requests']}  "
        f"violations {s['violations']}",
        f"    greedy  {'':<10} objective {g['objective']:.0f}  {g['seconds']:.2f} s  "
        f"placed {g['placed']}/{case['requests']}  violations {g['violations']}",
    ]


def solver_section() -> dict:
    """The report section: both instances, solver and baseline side by side."""
    cases = [run_case(*case) for case in CASES]
    lines = [line for case in cases for line in _line(case)]
    return {
        "title": "Planning (CP-SAT against the greedy baseline)",
        "cases": cases,
        "lines": lines,
        "pass": all(case["pass"] for case in cases),
    }


SECTIONS = (solver_section,)


if __name__ == "__main__":
    section = solver_section()
    print(section["title"])
    print("\n".join(section["lines"]))
    sys.exit(0)
