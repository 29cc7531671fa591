"""Serve Collegium with gunicorn, the way production runs it.

With ``--with-worker`` the command also runs the task worker (``collegium
db_worker``) and watches both: a signal (Ctrl+C, SIGTERM, SIGHUP) is passed
on to each, and when either stops the other is stopped too, so neither is
left running alone.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from collegium.core.staticfiles import static_files_problem

# How long the server and the worker get to finish after a stop signal.
STOP_TIMEOUT_SECONDS = 20
# A Unix socket's path holds at most 108 bytes on Linux and 104 on macOS.
SOCKET_PATH_MAX_BYTES = 100


def control_socket_arguments(var_dir: Path) -> list[str]:
    """Return gunicorn's control socket options: a socket of this installation's own.

    gunicorn 25.1+ opens a control socket at ``~/.gunicorn/gunicorn.ctl`` (or
    under ``$XDG_RUNTIME_DIR``) by default, one path for every server of the
    user, so a second server takes it over from the first.  Under the var
    directory each installation has its own; where that path is too long
    for a Unix socket, the socket is turned off (nothing of Collegium uses it).
    """
    from gunicorn import version_info

    if version_info < (25, 1):
        return []  # no control socket before 25.1, and no option to name it
    path = var_dir / "gunicorn.ctl"
    if len(os.fsencode(path)) > SOCKET_PATH_MAX_BYTES:
        return ["--no-control-socket"]
    return ["--control-socket", str(path)]


class Command(BaseCommand):
    help = "Serve the site with gunicorn (production server, static files via WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="host:port to listen on")
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="also run the background task worker (collegium db_worker) beside the server",
        )

    def handle(
        self,
        *args: Any,
        bind: str,
        workers: int,
        threads: int,
        with_worker: bool,
        **options: Any,
    ) -> None:
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1")
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable))
        if gunicorn is None:
            raise CommandError("gunicorn is not installed in this environment (run make install)")
        problem = static_files_problem()
        if problem is not None:
            raise CommandError(f"{problem}\nRun `collegium collectstatic --no-input` first.")
        server = [
            gunicorn,
            "collegium.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--access-logfile",
            "-",
            "--logger-class",
            "collegium.core.logs.MaskingGunicornLogger",
            "--graceful-timeout",
            "10",
            *control_socket_arguments(Path(settings.VAR_DIR)),
        ]
        if not with_worker:
            self.stdout.write(f"Collegium is serving on http://{bind}/  (Ctrl+C stops it)")
            sys.stdout.flush()
            os.execv(gunicorn, server)  # noqa: S606 (replace this process with the server)
        worker = [sys.executable, "-m", "collegium.cli", "db_worker", "--no-reload"]
        returncode = self._supervise(bind, server, worker)
        if returncode:
            sys.exit(returncode)

    def _supervise(self, bind: str, server: list[str], worker: list[str]) -> int:
        """Run the server and the worker until a signal or until either stops.

        Each child leads its own process group, so a terminal's Ctrl+C reaches
        this process alone and each child is told once, and stopping a group
        also stops gunicorn's own workers.  Return the exit status to give.
        """
        received: list[int] = []

        def on_signal(signum: int, frame: FrameType | None) -> None:
            received.append(signum)

        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, on_signal)

        children: dict[str, subprocess.Popen] = {}
        try:
            for name, command in (("server", server), ("worker", worker)):
                children[name] = subprocess.Popen(  # noqa: S603 (our own command lines)
                    command, start_new_session=True
                )
            self.stdout.write(
                f"Collegium is serving on http://{bind}/ with the task worker "
                f"(server pid {children['server'].pid}, worker pid {children['worker'].pid}; "
                "Ctrl+C stops both)"
            )
            sys.stdout.flush()
            while not received and all(child.poll() is None for child in children.values()):
                time.sleep(0.2)
        finally:
            ended = [name for name, child in children.items() if child.poll() is not None]
            # SIGINT stops gunicorn and the worker at once; SIGTERM gracefully.
            signum = signal.SIGINT if received[:1] == [signal.SIGINT] else signal.SIGTERM
            _stop(list(children.values()), signum, received)
        if received:
            return 0
        for name in ended:
            self.stderr.write(
                f"The {name} stopped (exit status {children[name].returncode}), "
                "so the rest was stopped too."
            )
        codes = [children[name].returncode for name in ended]
        return next((code for code in codes if code and code > 0), 1)


def _stop(children: list[subprocess.Popen], signum: int, received: list[int]) -> None:
    """Signal each running child's process group and wait for them all.

    What still runs after ``STOP_TIMEOUT_SECONDS``, or after one more signal
    to this process (a second Ctrl+C), is killed.
    """
    for child in children:
        if child.poll() is None:
            _signal_group(child, signum)
    signals_before = len(received)
    deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
    while any(child.poll() is None for child in children):
        if time.monotonic() > deadline or len(received) > signals_before:
            for child in children:
                # Not reaped yet, so its group id cannot belong to anyone else.
                if child.poll() is None:
                    _signal_group(child, signal.SIGKILL)
            for child in children:
                child.wait()
            return
        time.sleep(0.1)


def _signal_group(child: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signum)
