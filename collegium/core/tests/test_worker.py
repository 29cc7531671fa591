"""The task worker end to end: real ``collegium db_worker`` and ``serve --with-worker`` processes.

The processes share a migrated database of their own -- a file on SQLite, a
throwaway database on PostgreSQL -- as the browser test does: pytest-django's
test database lives in memory (SQLite) or inside a transaction that other
processes never see, and its flush would run into the append-only audit table.
Every wait is bounded.
"""

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import pytest

from collegium.core.management.commands.serve import control_socket_arguments

TIMEOUT = 60  # seconds for any one thing to happen
COMMAND_TIMEOUT = 600  # seconds for a whole command (a migration on a loaded machine)

WRITE = """
import django
django.setup()
from django.db import transaction
from collegium.core import audit
with transaction.atomic():
    for n in range({count}):
        record = audit.append(actor=None, action="test.write", object_type="test", object_id=n)
print(record.seq)
"""

REPORT = """
import io, json
import django
django.setup()
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
out = io.StringIO()
call_command("audit", "verify", stdout=out)
tasks = DBTaskResult.objects.order_by("enqueued_at")
print(json.dumps({
    "verify": out.getvalue(),
    "tasks": [[t.task_path, t.status, t.return_value] for t in tasks],
}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_admin(url: str):
    import psycopg

    config = dj_database_url.parse(url)
    return psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory, collected_static) -> Iterator[dict]:
    """Yield the environment of ``collegium`` processes on a migrated database of their own
    (``serve`` refuses to start without collected static files: the session's)."""
    var_dir = tmp_path_factory.mktemp("worker-var")
    env = {
        **os.environ,
        "COLLEGIUM_VAR_DIR": str(var_dir),
        "STATIC_ROOT": str(collected_static),
        "DJANGO_SETTINGS_MODULE": "collegium.settings.base",
        "DEBUG": "false",
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("DATABASE_URL", "AUDIT_CHECKPOINT_PATH", "AUDIT_SIGNING_KEY_PATH"):
        env.pop(name, None)
    url = os.environ.get("DATABASE_URL", "")
    database = None
    if url.startswith(("postgres://", "postgresql://")):
        database = f"{urlsplit(url).path.lstrip('/')}_worker_{secrets.token_hex(4)}"
        with _postgres_admin(url) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = urlsplit(url)._replace(path=f"/{database}").geturl()
    try:
        _collegium(env, "migrate", "--no-input", "-v0")
        yield env
    finally:
        if database:
            with _postgres_admin(url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _collegium(env: dict, *args: str) -> str:
    return _python(env, "-m", "collegium.cli", *args)


def _python(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _write(env: dict, count: int) -> int:
    """Append ``count`` records in one transaction in a process of its own; return the head."""
    return int(_python(env, "-c", WRITE.format(count=count)).strip())


def _start(env: dict, log: Path, *args: str) -> subprocess.Popen:
    """Start ``collegium ARGS`` as the leader of a new process group, as a terminal would."""
    with log.open("a") as out:
        return subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, "-m", "collegium.cli", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _until[T](condition: Callable[[], T | None], what: str, log: Path) -> T:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    pytest.fail(f"{what} did not happen within {TIMEOUT}s; log:\n{log.read_text()[-3000:]}")


def _checkpoint_head(env: dict) -> Callable[[], int | None]:
    path = Path(env["COLLEGIUM_VAR_DIR"]) / "checkpoints" / "latest.json"

    def head() -> int | None:
        try:
            return json.loads(path.read_text())["statement"]["head_seq"]
        except FileNotFoundError:
            return None

    return head


def _stop(process: subprocess.Popen, signum: int = signal.SIGTERM) -> int:
    """Signal the process group, wait, and kill it if it lingers; return the exit status."""
    try:
        os.killpg(process.pid, signum)
        return process.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    except ProcessLookupError:
        return process.wait()


def _gone(pid: int) -> bool:
    """Whether no process is left in the group ``pid`` led."""
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def serve(site, tmp_path) -> Iterator[tuple[subprocess.Popen, Path, int, dict[str, int]]]:
    """Start ``collegium serve --with-worker``; yield it, its log, its port and its children.

    Whatever a failing test leaves running is killed: the command, and the
    process groups of the server and the worker it reported.
    """
    log = tmp_path / "serve.log"
    port = _free_port()
    args = ("serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--with-worker")
    process = _start(site, log, *args)
    children: dict[str, int] = {}
    try:
        line = _until(
            lambda: re.search(r"server pid (\d+), worker pid (\d+)", log.read_text()),
            "the start of the server and the worker",
            log,
        )
        children = {"server": int(line[1]), "worker": int(line[2])}
        yield process, log, port, children
    finally:
        for pid in (process.pid, *children.values()):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        process.wait()


def test_the_worker_keeps_the_latest_checkpoint_up_to_date(site, tmp_path):
    """Each committed write is followed by a signed checkpoint of the new head, then verified."""
    log = tmp_path / "worker.log"
    head = _checkpoint_head(site)
    worker = _start(site, log, "db_worker", "--interval", "0.2", "--no-startup-delay")
    try:
        first = _write(site, 3)
        _until(lambda: head() == first, f"the checkpoint of record #{first}", log)
        second = _write(site, 2)
        assert second == first + 2
        _until(lambda: head() == second, f"the checkpoint of record #{second}", log)
    finally:
        returncode = _stop(worker)
    assert returncode == 0, log.read_text()[-3000:]

    report = json.loads(_python(site, "-c", REPORT))
    assert f"checkpoint OK: record #{second} is intact" in report["verify"]
    refreshes = [task for task in report["tasks"] if task[0].endswith(".audit_checkpoint_refresh")]
    # One refresh for each committed write, run after it: none lost, none failed.
    assert [result["head_seq"] for _, _, result in refreshes[-2:]] == [first, second]
    assert {status for _, status, _ in refreshes} == {"SUCCESSFUL"}


def test_serve_with_worker_runs_tasks_and_ctrl_c_stops_everything(site, serve):
    """``make run``'s server: both processes up, tasks run, one Ctrl+C leaves no process behind."""
    process, log, port, children = serve
    _until(lambda: _healthy(port), "the server's health check", log)
    assert not _gone(children["worker"])
    # gunicorn's control socket is this installation's, not the user's shared ~/.gunicorn one.
    control_socket = Path(site["COLLEGIUM_VAR_DIR"]) / "gunicorn.ctl"
    assert f"Control socket listening at {control_socket}" in log.read_text()
    written = _write(site, 1)
    _until(lambda: _checkpoint_head(site)() == written, "the worker's refresh", log)
    # Ctrl+C: the terminal signals its foreground process group, led by `collegium serve`.
    assert _stop(process, signal.SIGINT) == 0, log.read_text()[-3000:]
    assert _gone(children["server"]), "gunicorn outlived collegium serve"
    assert _gone(children["worker"]), "the worker outlived collegium serve"


def test_serve_with_worker_stops_the_server_when_the_worker_dies(serve):
    """The server does not go on alone while the side effects of its writes pile up unseen."""
    process, log, _, children = serve
    os.killpg(children["worker"], signal.SIGKILL)
    assert process.wait(timeout=TIMEOUT) != 0
    assert "The worker stopped" in log.read_text()
    assert _gone(children["server"]), "gunicorn outlived its worker"


def test_each_installation_has_its_own_control_socket(tmp_path):
    """Two servers of one user (two var directories) never share gunicorn's control socket."""
    first, second = tmp_path / "one", tmp_path / "two"
    assert control_socket_arguments(first) == ["--control-socket", str(first / "gunicorn.ctl")]
    assert control_socket_arguments(second) == ["--control-socket", str(second / "gunicorn.ctl")]
    too_long = tmp_path / ("x" * 120)
    assert control_socket_arguments(too_long) == ["--no-control-socket"]
