"""``collegium planning solve``: exit codes, the readable and the JSON output."""

import datetime as dt
import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from collegium.planning.engine.check import check
from collegium.planning.engine.fileio import loads
from collegium.planning.engine.model import Placement

from .helpers import plan, request

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "collegium" / "planning" / "examples" / "plan-2026.json"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed command as the README does."""
    return subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [str(Path(sys.executable).parent / "collegium"), "planning", "solve", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_readme_example_prints_the_plan_by_month():
    """The README's command solves the example: status, figures, months, cities."""
    out = StringIO()
    call_command("planning", "solve", str(EXAMPLE), "--time-limit", "5", stdout=out)
    text = out.getvalue()
    assert text.startswith("Status: optimal")
    assert "Placed: 19 of 19" in text
    assert "\n2026-03\n" in text
    assert "Minsk (mfa-by)" in text
    assert "Moscow (mfa-ru)" in text


def test_json_output_passes_the_checker(tmp_path):
    """--json prints the documented object; its plan keeps every hard constraint."""
    out = StringIO()
    call_command("planning", "solve", str(EXAMPLE), "--json", "--time-limit", "5", stdout=out)
    data = json.loads(out.getvalue())
    assert data["status"] == "optimal"
    problem = loads(EXAMPLE.read_text(encoding="utf-8"))

    placements = [
        Placement(
            str(p["id"]),
            dt.date.fromisoformat(p["start"]),
            dt.date.fromisoformat(p["end"]),
            p["host"],
            p["city"],
        )
        for p in data["placements"]
    ]
    assert check(problem, placements) == []


def test_malformed_file_exits_2_naming_key_and_request(tmp_path):
    """A window ending before it starts: exit status 2, the message on standard error."""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(plan(request("R9", "2026-05-01", "2026-04-01"))))
    done = run(str(path))
    assert done.returncode == 2
    assert "requests[0] (id R9): key 'window': ends (2026-04-01) before it starts" in done.stderr
    assert done.stdout == ""


def test_bad_json_and_missing_file_exit_2(tmp_path):
    """Text that is not JSON, or no file at all: exit status 2 with the reason."""
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    with pytest.raises(CommandError) as caught:
        call_command("planning", "solve", str(path))
    assert caught.value.returncode == 2
    assert "bad JSON" in str(caught.value)
    with pytest.raises(CommandError) as caught:
        call_command("planning", "solve", str(tmp_path / "missing.json"))
    assert caught.value.returncode == 2
    assert "cannot read" in str(caught.value)


def test_infeasible_plan_exits_0_with_reasons(tmp_path):
    """A plan that cannot all be placed is still a result: exit 0, reasons listed."""
    path = tmp_path / "over.json"
    path.write_text(
        json.dumps(
            plan(request("A", "2026-01-01", "2026-01-08"), request("B", "2026-03-02", "2026-03-06"))
        )
    )
    done = run(str(path), "--json", "--time-limit", "2")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["status"] == "infeasible"
    assert data["unplaced"][0]["id"] == "A"
    assert "holiday of mfa-ru" in data["unplaced"][0]["reasons"][0]
