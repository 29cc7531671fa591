"""Progress of long command-line work: a live bar on a terminal, plain lines otherwise.

A service that runs long takes a ``Progress`` (``NO_PROGRESS`` by default) and
reports its stages::

    with progress.stage("Writing invitations", total=len(rows)) as advance:
        for batch in batches:
            ...
            advance(len(batch))

A command passes ``progress_for(self.stdout)``: on a terminal, rich draws a bar
with the count, the time spent and an estimate of the time left; in a log or a
pipe, a line at the start, every few seconds and at the end, so the log says
how far the work got without filling up.
"""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

type Advance = Callable[[int], None]


class Progress:
    """Report nothing: what a service reports to when no one is watching."""

    @contextmanager
    def stage(self, label: str, total: int | None) -> Iterator[Advance]:
        """Run one stage of ``total`` steps (None: not known); yield ``advance(steps)``."""

        def advance(steps: int = 1) -> None:
            pass

        yield advance


NO_PROGRESS = Progress()


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


class LineProgress(Progress):
    """Plain lines: "Writing invitations: 1200/5000 (24%), about 12s left"."""

    def __init__(
        self,
        stream: IO[str] | Any,
        *,
        every: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.every = every
        self.clock = clock

    def _write(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()

    @contextmanager
    def stage(self, label: str, total: int | None) -> Iterator[Advance]:
        started = last = self.clock()
        done = 0
        self._write(f"{label}: {0 if total is None else f'0/{total}'}")

        def advance(steps: int = 1) -> None:
            nonlocal done, last
            done += steps
            now = self.clock()
            if now - last < self.every:
                return
            last = now
            if total:
                left = (now - started) / done * (total - done) if done else 0.0
                self._write(
                    f"{label}: {done}/{total} ({done * 100 // total}%), "
                    f"about {_duration(left)} left"
                )
            else:
                self._write(f"{label}: {done}")

        yield advance
        count = f"{done}/{total}" if total is not None else str(done)
        self._write(f"{label}: {count} in {_duration(self.clock() - started)}")


class TerminalProgress(Progress):
    """A live bar (rich): the stage, the bar, done/total, time spent, time left."""

    def __init__(self, stream: IO[str] | Any) -> None:
        self.stream = stream

    @contextmanager
    def stage(self, label: str, total: int | None) -> Iterator[Advance]:
        # Imported here: a command on a terminal is the only user of rich.
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import (
            Progress as Bar,
        )

        bar = Bar(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=Console(file=self.stream),
        )
        with bar:
            task = bar.add_task(label, total=total)

            def advance(steps: int = 1) -> None:
                bar.advance(task, steps)

            yield advance


def progress_for(stream: IO[str] | Any) -> Progress:
    """Return a live bar for a terminal, plain lines for a file or a pipe."""
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        # The terminal itself, not Django's OutputWrapper, which ends every write with a
        # line break and would break the bar's redrawing.
        return TerminalProgress(getattr(stream, "_out", stream))
    return LineProgress(stream)
