"""``collegium planning solve FILE.json``: plan consultations from a file, print the result.

The file format and the output are documented in the README ("Planning"); a malformed
file is refused with a message naming the key and the request id, exit status 2.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from collegium.planning.engine.fileio import PlanFileError, dumps_result, loads
from collegium.planning.engine.model import Problem, Result
from collegium.planning.engine.solver import solve


class Command(BaseCommand):
    help = "Plan inter-ministry consultations with the constraint solver."
    # A pure computation over a file: no database, no system checks needed.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{solve}")
        solve_parser = sub.add_parser(
            "solve", help="solve the plan described in a JSON file and print the result"
        )
        solve_parser.add_argument("file", type=Path, help="the plan (JSON, see the README)")
        solve_parser.add_argument(
            "--time-limit", type=float, default=10.0, help="seconds for the solver (default 10)"
        )
        solve_parser.add_argument(
            "--workers", type=int, default=2, help="solver threads (default 2)"
        )
        solve_parser.add_argument(
            "--json", action="store_true", help="print the result as JSON (README format)"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: cannot read the file: {exc}", returncode=2) from exc
        try:
            problem = loads(text)
        except PlanFileError as exc:
            raise CommandError(f"{path}: {exc}", returncode=2) from exc
        if options["time_limit"] <= 0:
            raise CommandError("--time-limit: must be positive", returncode=2)
        if options["workers"] < 1:
            raise CommandError("--workers: must be at least 1", returncode=2)
        result = solve(problem, time_limit=options["time_limit"], workers=options["workers"])
        if options["json"]:
            self.stdout.write(
                json.dumps(dumps_result(problem, result), ensure_ascii=False, indent=2)
            )
        else:
            self.stdout.write(render_text(problem, result))


def render_text(problem: Problem, result: Result) -> str:
    """Return the result for a reader: the figures, the plan by month, what is left out."""
    data = dumps_result(problem, result)
    lines = [
        f"Status: {data['status']}",
        f"Objective: {_num(data['objective'])}   bound: {_num(data['bound'])}   "
        f"gap: {_pct(data['gap'])}   time: {data['solve_seconds']:.2f} s",
        f"Placed: {len(data['placements'])} of {len(problem.requests)}",
    ]
    topics = {r.id: r.topic for r in problem.requests}
    month = None
    for p in data["placements"]:
        if p["start"][:7] != month:
            month = p["start"][:7]
            lines.append("")
            lines.append(month)
        when = p["start"] if p["start"] == p["end"] else f"{p['start']}..{p['end']}"
        topic = topics.get(str(p["id"]), "")
        lines.append(
            f"  {p['id']!s:<8} {when:<22} {p['city']} ({p['host']})"
            + (f"  {topic}" if topic else "")
        )
    if data["unplaced"]:
        lines += ["", "Not placed:"]
        for u in data["unplaced"]:
            lines.append(f"  {u['id']}")
            lines.extend(f"    - {reason}" for reason in u["reasons"])
    if data["conflicts"]:
        lines += ["", "Conflicts:"]
        for c in data["conflicts"]:
            lines.append("  " + ", ".join(str(rid) for rid in c["requests"]) + ":")
            lines.extend(f"    - {text}" for text in c["constraints"])
    return "\n".join(lines)


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.2f} %"
