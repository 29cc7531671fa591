"""The benchmark harness's statistics and report, on fixed numbers (no server, no timing)."""

import argparse
import datetime as dt
import statistics

import pytest

from collegium import bench


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([1, 2, 3, 4], 50, 2.5),
        ([4, 1, 3, 2], 50, 2.5),
        ([1, 2, 3, 4, 5], 50, 3),
        ([1, 2, 3, 4, 5], 0, 1),
        ([1, 2, 3, 4, 5], 100, 5),
        ([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 95, 95.5),
        ([7], 95, 7),
    ],
)
def test_percentile_interpolates_between_ranks(values, q, expected):
    assert bench.percentile(values, q) == pytest.approx(expected)


def test_percentile_agrees_with_the_standard_library():
    """p50 and p95 match statistics.quantiles(method="inclusive")."""
    values = [0.003, 0.001, 0.010, 0.002, 0.004, 0.030, 0.002, 0.005, 0.001, 0.007, 0.006]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    assert bench.percentile(values, 50) == pytest.approx(cuts[49])
    assert bench.percentile(values, 95) == pytest.approx(cuts[94])


@pytest.mark.parametrize(("values", "q"), [([], 50), ([1.0], 101), ([1.0], -1)])
def test_percentile_rejects_bad_input(values, q):
    with pytest.raises(ValueError, match="percentile|between"):
        bench.percentile(values, q)


def test_summarize_reports_milliseconds_and_throughput():
    stats = bench.summarize([0.001, 0.002, 0.003, 0.004], elapsed=0.5)
    assert stats == {
        "requests": 4,
        "p50_ms": 2.5,
        "p95_ms": 3.85,
        "mean_ms": 2.5,
        "min_ms": 1.0,
        "max_ms": 4.0,
        "throughput_rps": 8.0,
    }


def test_ratio_and_threshold():
    """A target exactly at 3x the floor passes; above it is flagged; no floor, no verdict."""
    assert bench.ratio(6.0, 2.0) == 3.0
    assert bench.passes(3.0) is True
    assert bench.passes(3.01) is False
    assert bench.ratio(1.0, 0.0) is None
    assert bench.passes(None) is None


def _result(name, latencies, *, elapsed=1.0, statuses=None, auth="anonymous"):
    result = bench.Result(target=bench.Target(name, f"/{name}", auth), url=f"/{name}")
    result.add([bench.Sample(200, seconds) for seconds in latencies], elapsed)
    for status, count in (statuses or {}).items():
        result.statuses[status] = result.statuses.get(status, 0) + count
    result.state = "error" if result.failures else "measured"
    return result


def test_report_gives_ratios_to_the_floor_and_flags_slow_targets():
    floor = _result(bench.FLOOR, [0.001] * 19 + [0.002])
    quick = _result("quick", [0.002] * 20)
    slow = _result("slow", [0.010] * 20)
    broken = _result("broken", [0.001] * 5, statuses={500: 2})
    args = argparse.Namespace(scale=1.0, seed=1, requests=20, rounds=1, warmup=0, concurrency=2)
    report = bench.build_report(
        [floor, quick, slow, broken],
        args=args,
        prepared=bench.Prepared(),
        server={"peak_memory_kib": 2048, "processes": {"1": 1024, "2": 1024}},
        started_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    by_name = {t["name"]: t for t in report["targets"]}
    assert report["floor"]["p95_ms"] == pytest.approx(1.05)
    assert by_name["quick"]["ratio_p50"] == 2.0
    assert by_name["quick"]["pass"] is True
    assert by_name["slow"]["ratio_p95"] == pytest.approx(9.52)
    assert by_name["slow"]["pass"] is False
    assert by_name["broken"]["statuses"] == {"200": 5, "500": 2}
    assert report["errors"] == ["broken"]
    assert report["all_pass"] is False
    assert report["threshold_p95_ratio"] == 3.0
    table = bench.format_table(report)
    assert "SLOW" in table
    assert "ERROR" in table
    assert "2.0 MiB" in table


def test_report_carries_the_generation_time():
    """A generation over its target is flagged (all_pass false, SLOW in the table)."""
    floor = _result(bench.FLOOR, [0.001] * 20)
    quick = _result("quick", [0.002] * 20)
    args = argparse.Namespace(scale=1.0, seed=1, requests=20, rounds=1, warmup=0, concurrency=2)
    prepared = bench.Prepared(
        generation={"seconds": 0.5, "runs_s": [0.5], "target_s": 2.0, "pass": True, "created": 9}
    )

    def report_with(prepared):
        return bench.build_report(
            [floor, quick],
            args=args,
            prepared=prepared,
            server={"processes": {}},
            started_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )

    report = report_with(prepared)
    assert report["generation"]["seconds"] == 0.5
    assert report["errors"] == []
    assert report["all_pass"] is True
    table = bench.format_table(report)
    assert "generate all invitations" in table
    prepared.generation.update(seconds=2.5, runs_s=[2.5], **{"pass": False})
    report = report_with(prepared)
    assert report["all_pass"] is False
    assert "SLOW (> 2s)" in bench.format_table(report)
