"""The bench's report: the JSON written under ``var/bench/`` and the table printed."""

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
from importlib import metadata
from pathlib import Path

from collegium.devdata.bench import FLOOR
from collegium.devdata.bench.measure import PASSES, Prepared, Result
from collegium.devdata.bench.statistics import THRESHOLD_P95, Summary, passes, ratio, summarize


def _pass_entry(result: Result, floor_stats: Summary | None, threshold: float | None) -> dict:
    """Return one target's figures in one pass: state, statuses, stats, ratios, verdict."""
    entry: dict = {
        "state": result.state,
        "message": result.message,
        "statuses": {str(status): n for status, n in sorted(result.statuses.items())},
    }
    if result.state == "measured":
        stats = summarize(result.latencies, result.elapsed)
        entry.update(stats)
        if floor_stats:
            entry["ratio_p50"] = ratio(stats["p50_ms"], floor_stats["p50_ms"])
            entry["ratio_p95"] = ratio(stats["p95_ms"], floor_stats["p95_ms"])
            entry["threshold_p95_ratio"] = threshold
            entry["pass"] = None if threshold is None else passes(entry["ratio_p95"], threshold)
    return entry


def _floor_stats(results: list[Result]) -> Summary | None:
    floor = next((r for r in results if r.target.name == FLOOR and r.state == "measured"), None)
    return summarize(floor.latencies, floor.elapsed) if floor else None


def build_report(
    results: dict[str, list[Result]],
    *,
    args: argparse.Namespace,
    prepared: Prepared,
    servers: dict[str, dict],
    started_at: dt.datetime,
    in_process: list[dict] | None = None,
    threshold: float = THRESHOLD_P95,
) -> dict:
    """Return the report of the passes (``results`` by pass name) and the in-process timings.

    Each target has an entry per pass with its ratios to that pass's floor;
    warm targets are held to ``threshold``, cold ones to their ``cold_p95_ratio``.
    """
    floors = {name: _floor_stats(pass_results) for name, pass_results in results.items()}
    targets: dict[str, dict] = {}
    for name, pass_results in results.items():
        for result in pass_results:
            entry = targets.setdefault(
                result.target.name,
                {"name": result.target.name, "path": result.url, "auth": result.target.auth},
            )
            limit = threshold if name == "warm" else result.target.cold_p95_ratio
            entry[name] = _pass_entry(result, floors[name], limit)
    verdicts = [
        figures["pass"]
        for target in targets.values()
        if target["name"] != FLOOR
        for name in results
        if (figures := target.get(name)) and figures["state"] == "measured"
        if figures.get("threshold_p95_ratio") is not None
    ]
    in_process = in_process or []
    verdicts += [timing["pass"] for timing in in_process if timing["state"] == "measured"]
    generation = prepared.generation or None
    if generation is not None:
        verdicts.append(generation["pass"])
    errors = [
        f"{target['name']} ({name})"
        for target in targets.values()
        for name in results
        if target.get(name, {}).get("state") == "error"
    ]
    errors += [timing["name"] for timing in in_process if timing["state"] == "error"]
    return {
        "started_at": started_at.isoformat(),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(),
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "django": metadata.version("django"),
            "gunicorn": metadata.version("gunicorn"),
            "sqlite": sqlite3.sqlite_version,
        },
        "database": "sqlite",
        "scale": args.scale,
        "seed": args.seed,
        "demo": prepared.demo,
        "setup_seconds": prepared.timings_s,
        "load": {
            "requests_per_target": args.requests,
            "cold_requests_per_target": getattr(args, "cold_requests", args.requests),
            "rounds": args.rounds,
            "warmup_per_target": args.warmup,
            "concurrency": args.concurrency,
        },
        "passes": {
            name: {
                "description": next((p.description for p in PASSES if p.name == name), ""),
                "floor": floors[name],
                "server": servers.get(name, {}),
            }
            for name in results
        },
        "threshold_p95_ratio": threshold,
        "targets": list(targets.values()),
        "in_process": in_process,
        "generation": generation,
        "all_pass": bool(verdicts) and all(verdicts),
        "errors": errors,
    }


def _cells(figures: dict | None) -> str:
    """Return a pass's p50, p95 and p95 ratio, or blanks."""
    if not figures or figures["state"] != "measured":
        return f"{'':>8} {'':>8} {'':>6}"
    ratio_p95 = figures.get("ratio_p95")
    shown = f"{ratio_p95:>6.2f}" if ratio_p95 is not None else f"{'':>6}"
    return f"{figures['p50_ms']:>8.2f} {figures['p95_ms']:>8.2f} {shown}"


def _verdict(target: dict, pass_names: list[str]) -> str:
    if target["name"] == FLOOR:
        return "floor"
    notes = []
    for name in pass_names:
        figures = target.get(name)
        if figures is None:
            continue
        if figures["state"] != "measured":
            notes.append(f"{name} {figures['state'].upper()}: {figures['message']}")
        elif figures.get("pass") is False:
            notes.append(f"SLOW {name} (> {figures['threshold_p95_ratio']:g}x at p95)")
    if notes:
        return "; ".join(notes)
    checked = [
        f"{name} <= {target[name]['threshold_p95_ratio']:g}x"
        for name in pass_names
        if target.get(name, {}).get("pass")
    ]
    return "ok (" + ", ".join(checked) + ")" if checked else "no target"


def in_process_line(timing: dict) -> str:
    name = f"{timing['name']:<42}"
    if timing["state"] != "measured":
        return f"{name} {timing['state'].upper()}: {timing['message']}"
    verdict = "ok" if timing["pass"] else f"SLOW (> {timing['target_ms']:g} ms)"
    return (
        f"{name} {timing['median_ms']:>8.2f} {timing['min_ms']:>8.2f} "
        f"{timing['cpu_median_ms']:>8.2f} {timing['target_ms']:>7g}  {verdict}"
    )


def format_table(report: dict) -> str:
    pass_names = list(report["passes"])
    heads = " ".join(f"{name + ' p50':>8} {name + ' p95':>8} {'x p95':>6}" for name in pass_names)
    header = f"{'target':<38} {'auth':<9} {heads}  result"
    lines = [
        "p50/p95 in ms; x p95: the p95 over the floor's in the same pass ("
        + "; ".join(f"{name}: {p['description']}" for name, p in report["passes"].items())
        + ")",
        header,
        "-" * len(header),
    ]
    for target in report["targets"]:
        cells = " ".join(_cells(target.get(name)) for name in pass_names)
        lines.append(
            f"{target['name']:<38} {target['auth']:<9} {cells}  {_verdict(target, pass_names)}"
        )
    timings = report.get("in_process") or []
    generation = report.get("generation")
    if timings or generation:
        lines += [
            "",
            f"{'in-process (read cache emptied each run)':<42} {'median':>8} {'min':>8} "
            f"{'cpu':>8} {'target':>7}  result (ms)",
        ]
        lines += [in_process_line(timing) for timing in timings]
    if generation:
        verdict = "ok" if generation["pass"] else f"SLOW (> {generation['target_s']:g}s)"
        lines.append(
            f"{'generate all invitations':<42} {generation['seconds'] * 1000:>8.1f} "
            f"{'':>8} {'':>8} {generation['target_s'] * 1000:>7g}  {verdict} "
            f"({generation['created']} created)"
        )
    for name, details in report["passes"].items():
        memory = details["server"].get("peak_memory_kib")
        if memory:
            lines.append(
                f"server peak memory, {name} pass (sum of VmHWM): {memory / 1024:.1f} MiB "
                f"over {len(details['server']['processes'])} processes"
            )
    return "\n".join(lines)


def write_report(report: dict, directory: Path, started_at: dt.datetime) -> tuple[Path, Path]:
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    latest = directory / "latest.json"
    dated = directory / f"{started_at.strftime('%Y%m%dT%H%M%SZ')}.json"
    latest.write_text(text, encoding="utf-8")
    dated.write_text(text, encoding="utf-8")
    return latest, dated
