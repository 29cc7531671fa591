"""The benchmark harness's statistics and report, on fixed numbers (no server, no timing)."""

import argparse
import datetime as dt
import importlib
import statistics

import pytest

from collegium.devdata import bench
from collegium.devdata.bench import harness, server
from collegium.devdata.bench import measure as measuring
from collegium.devdata.bench import report as reporting
from collegium.devdata.bench import statistics as figures


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
    assert figures.percentile(values, q) == pytest.approx(expected)


def test_percentile_agrees_with_the_standard_library():
    """p50 and p95 match statistics.quantiles(method="inclusive")."""
    values = [0.003, 0.001, 0.010, 0.002, 0.004, 0.030, 0.002, 0.005, 0.001, 0.007, 0.006]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    assert figures.percentile(values, 50) == pytest.approx(cuts[49])
    assert figures.percentile(values, 95) == pytest.approx(cuts[94])


@pytest.mark.parametrize(("values", "q"), [([], 50), ([1.0], 101), ([1.0], -1)])
def test_percentile_rejects_bad_input(values, q):
    with pytest.raises(ValueError, match="percentile|between"):
        figures.percentile(values, q)


def test_summarize_reports_milliseconds_and_throughput():
    stats = figures.summarize([0.001, 0.002, 0.003, 0.004], elapsed=0.5)
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
    assert figures.ratio(6.0, 2.0) == 3.0
    assert figures.passes(3.0) is True
    assert figures.passes(3.01) is False
    assert figures.ratio(1.0, 0.0) is None
    assert figures.passes(None) is None


def _result(name, latencies, *, elapsed=1.0, statuses=None, auth="anonymous", cold=None):
    target = bench.Target(name, f"/{name}", auth, cold_p95_ratio=cold)
    result = measuring.Result(target=target, url=f"/{name}")
    result.add([server.Sample(200, seconds) for seconds in latencies], elapsed)
    for status, count in (statuses or {}).items():
        result.statuses[status] = result.statuses.get(status, 0) + count
    result.state = "error" if result.failures else "measured"
    return result


ARGS = argparse.Namespace(
    scale=1.0, seed=1, requests=20, cold_requests=10, rounds=1, warmup=0, concurrency=2
)
STARTED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _report(results, *, prepared=None, in_process=None, servers=None):
    return reporting.build_report(
        results,
        args=ARGS,
        prepared=prepared or measuring.Prepared(),
        servers=servers or {},
        started_at=STARTED,
        in_process=in_process,
    )


def test_report_gives_ratios_to_the_floor_and_flags_slow_targets():
    floor = _result(bench.FLOOR, [0.001] * 19 + [0.002])
    quick = _result("quick", [0.002] * 20)
    slow = _result("slow", [0.010] * 20)
    broken = _result("broken", [0.001] * 5, statuses={500: 2})
    report = _report(
        {"warm": [floor, quick, slow, broken]},
        servers={"warm": {"peak_memory_kib": 2048, "processes": {"1": 1024, "2": 1024}}},
    )
    by_name = {t["name"]: t["warm"] for t in report["targets"]}
    assert report["passes"]["warm"]["floor"]["p95_ms"] == pytest.approx(1.05)
    assert by_name["quick"]["ratio_p50"] == 2.0
    assert by_name["quick"]["pass"] is True
    assert by_name["slow"]["ratio_p95"] == pytest.approx(9.52)
    assert by_name["slow"]["pass"] is False
    assert by_name["broken"]["statuses"] == {"200": 5, "500": 2}
    assert report["errors"] == ["broken (warm)"]
    assert report["all_pass"] is False
    assert report["threshold_p95_ratio"] == 3.0
    table = reporting.format_table(report)
    assert "SLOW warm" in table
    assert "ERROR" in table
    assert "2.0 MiB" in table


def test_the_cold_pass_has_its_own_floor_and_thresholds():
    """Cold ratios are to the cold floor; only targets with a cold threshold get a verdict."""
    warm = [
        _result(bench.FLOOR, [0.001] * 20),
        _result("page", [0.002] * 20, cold=10.0),
        _result("api", [0.002] * 20),
    ]
    cold = [
        _result(bench.FLOOR, [0.002] * 20),
        _result("page", [0.030] * 20, cold=10.0),
        _result("api", [0.100] * 20),
    ]
    report = _report({"warm": warm, "cold": cold})
    page = next(t for t in report["targets"] if t["name"] == "page")
    api = next(t for t in report["targets"] if t["name"] == "api")
    assert page["warm"]["ratio_p95"] == 2.0
    assert page["warm"]["pass"] is True
    assert page["cold"]["ratio_p95"] == 15.0
    assert page["cold"]["threshold_p95_ratio"] == 10.0
    assert page["cold"]["pass"] is False
    assert api["cold"]["ratio_p95"] == 50.0
    assert api["cold"]["pass"] is None  # reported, no verdict
    assert report["all_pass"] is False
    table = reporting.format_table(report)
    assert "warm p50" in table
    assert "cold p50" in table
    assert "SLOW cold (> 10x at p95)" in table
    page_line = next(line for line in table.splitlines() if line.startswith("page "))
    assert "2.00" in page_line
    assert "15.00" in page_line
    cold[1] = _result("page", [0.015] * 20, cold=10.0)
    report = _report({"warm": warm, "cold": cold})
    assert report["all_pass"] is True
    assert "ok (warm <= 3x, cold <= 10x)" in reporting.format_table(report)


def test_report_carries_the_generation_time():
    """A generation over its target is flagged (all_pass false, SLOW in the table)."""
    results = {"warm": [_result(bench.FLOOR, [0.001] * 20), _result("quick", [0.002] * 20)]}
    prepared = measuring.Prepared(
        generation={"seconds": 0.5, "runs_s": [0.5], "target_s": 2.0, "pass": True, "created": 9}
    )
    report = _report(results, prepared=prepared)
    assert report["generation"]["seconds"] == 0.5
    assert report["errors"] == []
    assert report["all_pass"] is True
    table = reporting.format_table(report)
    assert "generate all invitations" in table
    prepared.generation.update(seconds=2.5, runs_s=[2.5], **{"pass": False})
    report = _report(results, prepared=prepared)
    assert report["all_pass"] is False
    assert "SLOW (> 2s)" in reporting.format_table(report)


def _timing(name, target_ms, measure):
    return harness.Timing(name, target_ms, measure)


def test_in_process_timings_are_flagged_skipped_or_errors():
    """A timing over its target is flagged; a skipped one has no verdict; a failed one is an
    error of the run, and the others still run."""

    def skipped(prepared):
        raise harness.Skipped("set BENCH_POSTGRES_URL")

    def broken(prepared):
        raise RuntimeError("no database")

    entries = harness.run_in_process(
        measuring.Prepared(),
        (
            _timing("fast", 100.0, lambda prepared: {"median_ms": 40.0, "min_ms": 38.0,
                                                      "cpu_median_ms": 35.0}),
            _timing("slow", 10.0, lambda prepared: {"median_ms": 14.0, "min_ms": 12.0,
                                                     "cpu_median_ms": 9.0}),
            _timing("postgres", 10.0, skipped),
            _timing("broken", 10.0, broken),
        ),
    )  # fmt: skip
    assert [e["state"] for e in entries] == ["measured", "measured", "skipped", "error"]
    assert [e.get("pass") for e in entries] == [True, False, None, None]
    results = {"warm": [_result(bench.FLOOR, [0.001] * 20), _result("quick", [0.002] * 20)]}
    report = _report(results, in_process=entries)
    assert report["all_pass"] is False
    assert report["errors"] == ["broken"]
    table = reporting.format_table(report)
    assert "SLOW (> 10 ms)" in table
    assert "SKIPPED: set BENCH_POSTGRES_URL" in table
    report = _report(results, in_process=entries[:1] + entries[2:3])
    assert report["all_pass"] is True


def test_timed_runs_leave_out_the_first_run(monkeypatch):
    """The first run (compiling templates, building zone blocks) is reported apart."""
    clock = iter([0.0, 0.5, 1.0, 1.010, 2.0, 2.030, 3.0, 3.020])
    monkeypatch.setattr(harness.time, "perf_counter", lambda: next(clock))
    monkeypatch.setattr(harness.time, "process_time", lambda: 0.0)
    emptied = []
    timings = harness.timed_runs(lambda: None, runs=3, before=lambda: emptied.append(1))
    assert timings["first_ms"] == 500.0
    assert timings["runs_ms"] == pytest.approx([10.0, 30.0, 20.0])
    assert timings["median_ms"] == 20.0
    assert timings["min_ms"] == 10.0
    assert len(emptied) == 4


def test_passes_are_chosen_by_name():
    assert harness.parse_args([]).passes == ["warm", "cold"]
    assert harness.parse_args(["--passes", "cold"]).passes == ["cold"]
    with pytest.raises(SystemExit):
        harness.parse_args(["--passes", "tepid"])


def test_the_cold_pass_serves_without_a_read_cache(monkeypatch):
    """The bench settings keep nothing in the read cache when BENCH_READ_CACHE is off."""
    from collegium.settings import bench as bench_settings

    monkeypatch.setenv("BENCH_READ_CACHE", "off")
    cold = importlib.reload(bench_settings)
    assert cold.CACHES["default"]["BACKEND"].endswith("DummyCache")
    monkeypatch.setenv("BENCH_READ_CACHE", "on")
    warm = importlib.reload(bench_settings)
    assert warm.CACHES["default"]["BACKEND"].endswith("LocMemCache")
