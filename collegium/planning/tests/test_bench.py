"""The planning bench's rows: the solver and the greedy baseline on one instance, checked."""

from collegium.planning import bench
from collegium.planning.engine.generate import realistic


def test_a_case_reports_solver_and_baseline_side_by_side():
    """A small realistic plan: the solver's plan has no violation, both rows are filled."""
    case = bench.run_case("realistic 20", lambda: realistic(20, seed=5), 5.0, "optimal")
    assert case["requests"] == 20
    assert case["solver"]["violations"] == 0
    assert case["solver"]["status"] in ("optimal", "feasible", "infeasible")
    assert case["greedy"]["placed"] <= 20
    assert (
        case["greedy"]["objective"] >= case["solver"]["objective"] or case["greedy"]["violations"]
    )
    assert len(bench._line(case)) == 3
