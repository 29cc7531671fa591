"""The server under test: starting and stopping ``collegium serve``, its peak memory,
and the HTTP client that talks to it."""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[3]


def _proc_status_kib(pid: int, key: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith(f"{key}:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                # The command name is in parentheses and may hold spaces: split after it.
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == pid:
            found.append(int(entry.name))
    return found


class MemorySampler(threading.Thread):
    """Sample VmHWM (peak resident memory) of a process and its descendants."""

    def __init__(self, root_pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.root_pid = root_pid
        self.interval = interval
        self.peak_kib: dict[int, int] = {}
        self._stop_event = threading.Event()

    def sample(self) -> None:
        pending, seen = [self.root_pid], set()
        while pending:
            pid = pending.pop()
            if pid in seen:
                continue
            seen.add(pid)
            hwm = _proc_status_kib(pid, "VmHWM")
            if hwm is not None:
                self.peak_kib[pid] = max(hwm, self.peak_kib.get(pid, 0))
            pending.extend(_children(pid))

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        self.sample()
        self._stop_event.set()

    @property
    def total_kib(self) -> int:
        return sum(self.peak_kib.values())


# --- HTTP client ------------------------------------------------------------------------


@dataclass
class Sample:
    status: int  # 0: the connection failed
    seconds: float
    body: bytes = b""


class Client:
    """Keep-alive HTTP/1.1 connections to the server, one per thread."""

    def __init__(self, port: int, timeout: float = 30.0) -> None:
        self.port = port
        self.timeout = timeout
        self._local = threading.local()

    def _connection(self, fresh: bool = False) -> http.client.HTTPConnection:
        connection = getattr(self._local, "connection", None)
        if connection is None or fresh:
            if connection is not None:
                connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self._local.connection = connection
        return connection

    def get(self, path: str, headers: dict[str, str], *, keep_body: bool = False) -> Sample:
        for attempt in range(2):
            # A keep-alive connection closed by the server while idle fails at once: retry.
            connection = self._connection(fresh=attempt > 0)
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
            except (http.client.HTTPException, OSError):
                if attempt == 0:
                    continue
                return Sample(0, time.perf_counter() - started)
            return Sample(
                response.status, time.perf_counter() - started, body if keep_body else b""
            )
        raise AssertionError("unreachable")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    port: int,
    log_path: Path,
    *,
    workers: int | None,
    threads: int | None,
    environment: dict[str, str] | None = None,
):
    command = [sys.executable, "-m", "collegium.cli", "serve", "--bind", f"127.0.0.1:{port}"]
    if workers:
        command += ["--workers", str(workers)]
    if threads:
        command += ["--threads", str(threads)]
    log = log_path.open("wb")
    try:
        # A new session makes the server the leader of its own process group,
        # so stopping it reaches the gunicorn workers too.
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            command,
            cwd=BASE_DIR,
            env={**os.environ, **(environment or {})},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    finally:
        log.close()
    return process, command


def wait_ready(process, client: Client, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if client.get("/healthz", {}).status == 200:
            return True
        time.sleep(0.2)
    return False


def stop_server(process) -> None:
    """Stop the server's process group: the gunicorn master and its workers.

    The group is signalled even when the master has already exited, so that no
    orphaned worker outlives the run.
    """
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        if not _group_alive(process.pid):
            return


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True
