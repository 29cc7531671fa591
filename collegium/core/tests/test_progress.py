"""Long command-line work shows its progress: a bar on a terminal, plain lines in a log."""

import io
import json
import re

from django.core.management import call_command

from collegium.core.progress import LineProgress, TerminalProgress, progress_for


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_give_the_count_the_share_and_an_estimate():
    """A line at the start, one every few seconds with the time left, one at the end."""
    stream, clock = io.StringIO(), Clock()
    progress = LineProgress(stream, every=5.0, clock=clock)
    with progress.stage("Writing invitations", total=100) as advance:
        clock.now = 1.0
        advance(10)  # too soon for a line
        clock.now = 6.0
        advance(20)  # 30 done in 6 s: 70 more take about 14 s
        clock.now = 8.0
        advance(70)
    assert stream.getvalue().splitlines() == [
        "Writing invitations: 0/100",
        "Writing invitations: 30/100 (30%), about 14s left",
        "Writing invitations: 100/100 in 8s",
    ]


def test_a_stage_of_unknown_size_counts_what_it_did():
    stream = io.StringIO()
    with LineProgress(stream).stage("Checking the document", total=None):
        pass
    assert stream.getvalue().splitlines() == [
        "Checking the document: 0",
        "Checking the document: 0 in 0s",
    ]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_and_a_file_gets_lines():
    """The choice is made by the stream: rich's bar with done/total on a terminal."""
    assert isinstance(progress_for(io.StringIO()), LineProgress)
    terminal = Terminal()
    progress = progress_for(terminal)
    assert isinstance(progress, TerminalProgress)
    with progress.stage("Importing records", total=3) as advance:
        advance(3)
    assert "Importing records" in terminal.getvalue()
    assert "3/3" in terminal.getvalue()


def test_the_long_commands_report_their_stages(tmp_path, site_admin):
    """synth, invitations generate-all and popolo import say how far they got."""
    out = io.StringIO()
    call_command("synth", "--scale", "0.3", "--seed", "1", stdout=out)
    assert re.search(r"^Generating: 0/\d+$", out.getvalue(), re.MULTILINE)  # one per app
    assert "Inserting records: 0/" in out.getvalue()

    out = io.StringIO()
    call_command("invitations", "generate-all", stdout=out)
    lines = out.getvalue().splitlines()
    assert any(line.startswith("Reading events: 0/") for line in lines)
    assert any(line.startswith("Writing invitations: ") and " in " in line for line in lines)
    assert any(line.startswith("Writing audit records: ") for line in lines)

    document = tmp_path / "registry.json"
    call_command("popolo", "export", "--output", str(document), stdout=io.StringIO())
    assert json.loads(document.read_text())
    out = io.StringIO()
    call_command("popolo", "import", str(document), "--user", "root", "--dry-run", stdout=out)
    assert "Importing records: 0/" in out.getvalue()
