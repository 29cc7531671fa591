"""Benchmark key pages and API endpoints against a floor view, on synthetic data.

``make bench`` runs ``python -m collegium.bench``, which:

1. creates a fresh SQLite database under ``var/bench/``, migrates it, loads the
   demo scenario (when the ``demo`` command exists) and then the synthetic
   registry with its events and arrangements (``synth --scale 1 --seed 1``),
   times generating every invitation of the synthetic history from scratch
   in-process (``invitations_generate_all``: the median of a few runs, each
   rolled back but the last, against a target of ``GENERATION_TARGET_S``),
   collects the static files, and creates a bench user with a session and an
   API token, so that some targets go through the access filters of a
   signed-in user;
2. starts the server the way production runs it, ``collegium serve`` (gunicorn),
   with ``collegium.settings.bench``, which adds the floor view ``/bench/floor``
   (a bare template: the cost of Django, the middleware and gunicorn alone);
3. after a warm-up, sends a bounded number of requests to every target from a
   small thread pool over loopback, in interleaved rounds so that background
   noise spreads evenly, and reports p50/p95 latency and throughput, each target's
   p50 and p95 as a ratio to the floor's in the same run, and the server's peak
   memory (the sum of VmHWM of the gunicorn master and workers);
4. does all of step 3 in two passes (``PASSES``): *warm*, with the read cache,
   and *cold*, a server started with ``BENCH_READ_CACHE=off`` whose read cache
   keeps nothing, so every request pays a cache miss; each pass has its own
   floor, and the table shows the two side by side;
5. times in-process, with the read cache emptied before each run
   (``IN_PROCESS``): the public feed of the whole history, a page of 500
   events from the API, and creating one event through the service, on SQLite
   and, when ``BENCH_POSTGRES_URL`` names a PostgreSQL database (which is
   dropped and built afresh: migrate, synth), on PostgreSQL;
6. writes ``var/bench/latest.json`` and a dated copy, prints a table, and stops
   the server whatever happens.

Exit status: 0 when every measured target answered, 1 when a target answered
5xx or failed, 2 when the setup or the server failed.  A target slower than
its threshold (``THRESHOLD_P95`` warm, ``Target.cold_p95_ratio`` cold), or an
in-process timing over its target, is flagged in the table and the JSON but
does not fail the run.
"""

import argparse
import contextlib
import datetime as dt
import http.client
import io
import itertools
import json
import os
import platform
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import import_module, metadata
from pathlib import Path
from typing import TypedDict

BASE_DIR = Path(__file__).resolve().parent.parent
THRESHOLD_P95 = 3.0
FLOOR = "floor"
GENERATION_TARGET_S = 2.0
GENERATION_RUNS = 3
# A page that misses the read cache should still cost at most this many floors.
COLD_PAGE_P95 = 10.0


@dataclass(frozen=True)
class Target:
    """One URL to measure.  ``{organization}``, ``{person}`` and ``{state}`` in the
    path are filled with sample keys from the synthetic data; ``auth`` is
    ``anonymous``, ``session`` (the bench user's browser session) or ``token``
    (the bench user's API token).  ``cold_p95_ratio`` is its threshold in the
    cold pass (None: measured, no verdict); the warm one is ``THRESHOLD_P95``."""

    name: str
    path: str
    auth: str = "anonymous"
    cold_p95_ratio: float | None = None


# What is measured.  Add a row to measure more; a target answering 404 is skipped
# with a warning, so rows for pages that do not exist yet do no harm.
TARGETS: tuple[Target, ...] = (
    Target(FLOOR, "/bench/floor"),
    Target("healthz", "/healthz"),
    Target("page organizations", "/registry/organizations/"),
    Target("page organizations (session)", "/registry/organizations/", "session"),
    Target("page organization card", "/registry/organizations/{organization}/", "session"),
    Target("page persons", "/registry/persons/", "session"),
    Target("page person card", "/registry/persons/{person}/"),
    Target("page states", "/registry/states/"),
    Target("api organizations", "/api/v1/registry/organizations", "token"),
    Target("api organizations (anonymous)", "/api/v1/registry/organizations"),
    Target("api persons", "/api/v1/registry/persons", "token"),
    Target("api memberships", "/api/v1/registry/memberships", "token"),
    Target("api states", "/api/v1/registry/states", "token"),
    Target("api events limit=500", "/api/v1/events/events?limit=500"),
    Target("page calendar month", "/calendar/?month={month}", cold_p95_ratio=COLD_PAGE_P95),
    Target(
        "page calendar month (session)",
        "/calendar/?month={month}",
        "session",
        cold_p95_ratio=COLD_PAGE_P95,
    ),
    Target("page calendar list", "/calendar/list/", cold_p95_ratio=COLD_PAGE_P95),
    Target(
        "page event with invitations",
        "/calendar/events/{event}/",
        cold_p95_ratio=COLD_PAGE_P95,
    ),
    Target(
        "page event with invitations (session)",
        "/calendar/events/{event}/",
        "session",
        cold_p95_ratio=COLD_PAGE_P95,
    ),
    Target("page reciprocity report", "/reciprocity/?start={start}&end={end}", "session"),
    Target("feed public (whole history)", "/calendar/public.ics"),
)


@dataclass(frozen=True)
class Pass:
    """One round of measuring every target against a server of its own."""

    name: str
    environment: dict[str, str]
    description: str


PASSES: tuple[Pass, ...] = (
    Pass("warm", {"BENCH_READ_CACHE": "on"}, "read cache on, after the warm-up"),
    Pass("cold", {"BENCH_READ_CACHE": "off"}, "read cache off: every request a miss"),
)


# --- Statistics (pure) ---------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Return the ``q``-th percentile (0-100), interpolating linearly between ranks.

    The same definition as NumPy's default and ``statistics.quantiles(...,
    method="inclusive")``: p50 of [1, 2, 3, 4] is 2.5.
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError("q must be between 0 and 100")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


class Summary(TypedDict):
    """The figures :func:`summarize` reports for one target."""

    requests: int
    p50_ms: float
    p95_ms: float
    mean_ms: float
    min_ms: float
    max_ms: float
    throughput_rps: float | None


def summarize(latencies: list[float], elapsed: float) -> Summary:
    """Return count, p50/p95/mean/min/max in milliseconds and throughput per second."""
    if not latencies:
        raise ValueError("no latencies to summarize")
    return {
        "requests": len(latencies),
        "p50_ms": round(percentile(latencies, 50) * 1000, 3),
        "p95_ms": round(percentile(latencies, 95) * 1000, 3),
        "mean_ms": round(sum(latencies) / len(latencies) * 1000, 3),
        "min_ms": round(min(latencies) * 1000, 3),
        "max_ms": round(max(latencies) * 1000, 3),
        "throughput_rps": round(len(latencies) / elapsed, 1) if elapsed > 0 else None,
    }


def ratio(value: float, floor: float) -> float | None:
    """Return ``value / floor`` to two decimals, or None without a usable floor."""
    if floor <= 0:
        return None
    return round(value / floor, 2)


def passes(p95_ratio: float | None, threshold: float = THRESHOLD_P95) -> bool | None:
    """Return whether the p95 ratio is within the threshold (None when unknown)."""
    if p95_ratio is None:
        return None
    return p95_ratio <= threshold


# --- Server memory ---------------------------------------------------------------------


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


# --- Setup --------------------------------------------------------------------------------


def bench_dir() -> Path:
    """Return ``var/bench`` (``$COLLEGIUM_VAR_DIR/bench`` when that is set), as settings do."""
    return Path(os.environ.get("COLLEGIUM_VAR_DIR", BASE_DIR / "var")) / "bench"


@dataclass
class Prepared:
    scale: float = 1.0
    seed: int = 1
    timings_s: dict[str, float] = field(default_factory=dict)
    demo: str = "not available"
    keys: dict[str, str] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    generation: dict = field(default_factory=dict)


def median(values: list[float]) -> float:
    return percentile(values, 50)


def time_generation(runs: int = GENERATION_RUNS) -> dict:
    """Time generating every invitation from scratch, ``runs`` times; keep the last run's.

    Each run but the last is rolled back, so every run starts from the same
    database without invitations for the synthetic history, and the pages
    measured afterwards show the invitations of the last one.
    """
    from django.db import transaction

    from collegium.events.invitations.generation import invitations_generate_all

    class Rollback(Exception):
        pass

    seconds, result = [], None
    for number in range(runs):
        started = time.perf_counter()
        try:
            with transaction.atomic():
                result = invitations_generate_all(actor=None)
                if number < runs - 1:
                    raise Rollback
        except Rollback:
            pass
        seconds.append(round(time.perf_counter() - started, 4))
    if result is None:
        raise ValueError("runs must be at least 1")
    value = median(seconds)
    return {
        "seconds": round(value, 4),
        "runs_s": seconds,
        "target_s": GENERATION_TARGET_S,
        "pass": value <= GENERATION_TARGET_S,
        "created": result.created,
        "existing_before": result.existing,
        "events_considered": result.events,
    }


def prepare(directory: Path, *, scale: float, seed: int) -> Prepared:
    """Build a fresh database with the demo and the synthetic data; create the bench user."""
    database = directory / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{database}{suffix}").unlink()
    os.environ["DJANGO_SETTINGS_MODULE"] = "collegium.settings.bench"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["STATIC_ROOT"] = str(directory / "static")

    import django

    django.setup()
    from django.core.management import call_command, get_commands
    from django.db import connections

    prepared = Prepared(scale=scale, seed=seed)

    def step(name: str, *args, **kwargs) -> str:
        out = io.StringIO()
        started = time.perf_counter()
        call_command(*args, stdout=out, **kwargs)
        prepared.timings_s[name] = round(time.perf_counter() - started, 2)
        print(f"  {name}: {prepared.timings_s[name]:.2f}s", flush=True)
        return out.getvalue()

    step("migrate", "migrate", interactive=False, verbosity=0)
    # The demo refuses a database with other data, so it goes first.
    if "demo" in get_commands():
        try:
            step("demo", "demo")
            prepared.demo = "loaded"
        except Exception as exc:  # the demo is optional here
            prepared.demo = f"failed: {exc}"
            print(f"  warning: demo not loaded ({exc}); continuing without it", flush=True)
    else:
        print("  demo: the command does not exist yet; skipped", flush=True)
    print("  " + step("synth", "synth", "--scale", str(scale), "--seed", str(seed)).strip())
    prepared.generation = time_generation()
    print(
        f"  generate all invitations: {prepared.generation['created']} in "
        f"{prepared.generation['seconds']:.3f}s (median of {prepared.generation['runs_s']})",
        flush=True,
    )
    step("collectstatic", "collectstatic", interactive=False, verbosity=0)
    prepared.keys = _sample_keys()
    prepared.headers = _credentials(prepared.keys["organization_for_user"])
    connections.close_all()
    return prepared


def _sample_keys() -> dict[str, str]:
    """Pick representative records: a synthetic international organization, a busy person."""
    from django.db.models import Count
    from django.utils import timezone

    from collegium.events.models import Event
    from collegium.registry.models import Organization, OrganizationKind, Person, State
    from collegium.registry.synth import SYNTH_PREFIX

    synthetic = Organization.objects.filter(slug__startswith=SYNTH_PREFIX)
    organization = synthetic.filter(kind=OrganizationKind.INTERNATIONAL).order_by("slug").first()
    ministry = synthetic.filter(kind=OrganizationKind.MINISTRY).order_by("slug").first()
    person = (
        Person.objects.filter(slug__startswith=SYNTH_PREFIX, visibility="public")
        .annotate(held=Count("tenures"))
        .order_by("-held", "slug")
        .first()
    )
    state = State.objects.filter(owner=organization).order_by("code").first()
    # A public synthetic summit with the most invitations, latest first; its month.
    summit = (
        Event.objects.filter(slug__startswith=SYNTH_PREFIX, kind="summit", visibility="public")
        .annotate(invited=Count("invitations"))
        .order_by("-invited", "-start", "pk")
        .first()
    )
    if organization is None or ministry is None or person is None or state is None:
        raise RuntimeError("the synthetic data is missing; did synth load?")
    if summit is None or summit.start_date is None:
        raise RuntimeError("the synthetic events are missing; did synth load?")
    today = timezone.localdate()
    return {
        "organization": organization.slug,
        "person": person.slug,
        "state": state.code,
        "organization_for_user": ministry.slug,
        "event": summit.slug,
        "month": summit.start_date.strftime("%Y-%m"),
        "start": today.replace(year=today.year - 15, day=min(today.day, 28)).isoformat(),
        "end": today.isoformat(),
    }


def _credentials(organization_slug: str) -> dict[str, dict[str, str]]:
    """Create the bench user (a viewer of a synthetic ministry) with a session and a token.

    The session is written the way ``login()`` writes it, without the login
    signal, so no unaudited ``last_login`` update happens.
    """
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from collegium.accounts.models import Role
    from collegium.accounts.services import api_token_create, user_create
    from collegium.registry.models import Organization

    user = user_create(
        actor=None,
        username="bench",
        password=secrets.token_urlsafe(24),
        organization=Organization.objects.get(slug=organization_slug),
        role=Role.VIEWER,
        validate=False,
    )
    _token, secret = api_token_create(actor=user, name="bench")
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return {
        "anonymous": {},
        "session": {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"},
        "token": {"Authorization": f"Bearer {secret}"},
    }


# --- In-process timings ------------------------------------------------------------------------

IN_PROCESS_RUNS = 7


@dataclass(frozen=True)
class Timing:
    """One operation timed in-process against a target in milliseconds.

    ``measure(prepared)`` returns the runs (see ``timed_runs``), or raises
    ``Skipped`` with the reason when it cannot run here.
    """

    name: str
    target_ms: float
    measure: Callable[[Prepared], dict]


class Skipped(Exception):
    pass


def timed_runs(
    run: Callable[[], object],
    *,
    runs: int = IN_PROCESS_RUNS,
    before: Callable[[], object] | None = None,
) -> dict:
    """Run ``run`` once untimed, then ``runs`` times; return wall and CPU milliseconds.

    The untimed first run pays what the process pays once (compiling templates,
    building the VTIMEZONE blocks); it is reported as ``first_ms``.  ``before``
    runs ahead of each run, untimed (emptying the read cache).
    """
    wall, cpu = [], []
    for number in range(runs + 1):
        if before is not None:
            before()
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        if number == 0:
            first = wall.pop(), cpu.pop()
    return {
        "median_ms": round(median(wall) * 1000, 2),
        "min_ms": round(min(wall) * 1000, 2),
        "cpu_median_ms": round(median(cpu) * 1000, 2),
        "first_ms": round(first[0] * 1000, 2),
        "runs_ms": [round(value * 1000, 2) for value in wall],
    }


def _empty_read_cache() -> None:
    from django.core.cache import caches

    from collegium.core.cache import CACHE_ALIAS

    caches[CACHE_ALIAS].clear()


def time_read(path: str) -> Callable[[Prepared], dict]:
    """Time an anonymous GET of ``path`` through Django's handler, the read cache emptied."""

    def measure(prepared: Prepared) -> dict:
        from django.test import Client as DjangoClient

        client = DjangoClient(HTTP_HOST="127.0.0.1")

        def run() -> None:
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")

        return {"path": path, **timed_runs(run, before=_empty_read_cache)}

    return measure


def _event_create_setup():
    """Return an editor of a party to an in-force synthetic arrangement, the party, a kind."""
    from collegium.accounts.models import Role
    from collegium.accounts.services import user_create
    from collegium.events.models import Arrangement, ArrangementStatus
    from collegium.registry.synth import SYNTH_PREFIX

    arrangement = (
        Arrangement.objects.filter(status=ArrangementStatus.IN_FORCE, slug__startswith=SYNTH_PREFIX)
        .order_by("slug")
        .first()
    )
    if arrangement is None:
        raise Skipped("no synthetic arrangement in force")
    party = arrangement.party_links.order_by("pk").first().organization
    editor = user_create(
        actor=None,
        username=f"bench-editor-{secrets.token_hex(4)}",
        password=secrets.token_urlsafe(24),
        organization=party,
        role=Role.EDITOR,
        validate=False,
    )
    return editor, party, arrangement.scope[0]


def time_event_create(prepared: Prepared | None = None) -> dict:
    """Time creating one event through ``event_create``, committed, as an editor of its owner.

    The event is a party's future event that an arrangement in force covers,
    so its invitations are generated too.  Each run reads the editor afresh,
    as a request would, and commits.
    """
    from django.db import connection
    from django.utils import timezone

    from collegium.accounts.models import User
    from collegium.events.calendar.services import event_create
    from collegium.events.models import Invitation

    editor, party, kind = _event_create_setup()
    counter = itertools.count()
    created = []
    start = dt.datetime(timezone.localdate().year + 1, 6, 1, 10, 0)  # noqa: DTZ001 (local time)

    def run() -> None:
        number = next(counter)
        actor = User.objects.get(pk=editor.pk)
        created.append(
            event_create(
                actor=actor,
                data={
                    "slug": f"bench-event-{number}-{secrets.token_hex(3)}",
                    "kind": kind,
                    "title_ru": "Пробное мероприятие",
                    "title_en": "Bench event",
                    "timezone": "Europe/Moscow",
                    "start": start + dt.timedelta(days=number),
                    "end": start + dt.timedelta(days=number, hours=6),
                    "owner": party,
                },
                organizers=[party],
            )
        )

    timings = timed_runs(run)
    invitations = Invitation.objects.filter(event=created[-1]).count()
    return {"database": connection.vendor, "invitations_per_event": invitations, **timings}


def time_event_create_on_postgres(prepared: Prepared) -> dict:
    """Time ``event_create`` on the PostgreSQL database of ``BENCH_POSTGRES_URL``.

    That database is dropped and built afresh (migrate, synth) by a child
    process, which prints its timings as JSON on its last line.
    """
    url = os.environ.get("BENCH_POSTGRES_URL", "")
    if not url:
        raise Skipped("set BENCH_POSTGRES_URL (a database to drop and rebuild) to time it")
    try:
        reset_postgres_database(url)
    except Exception as exc:  # unreachable, refused: report, do not fail the run
        raise Skipped(f"PostgreSQL not reachable: {exc}") from exc
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "collegium.settings.bench",
    }
    command = [sys.executable, "-m", "collegium.bench", "--event-create-only"]
    command += ["--scale", str(prepared.scale), "--seed", str(prepared.seed)]
    finished = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        command, cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=600
    )
    if finished.returncode != 0:
        raise RuntimeError(f"the PostgreSQL run failed: {finished.stderr.strip()[-500:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def reset_postgres_database(url: str) -> None:
    """Drop and create the database that ``url`` names (connecting to ``postgres``)."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    settings = dj_database_url.parse(url)
    with psycopg.connect(
        dbname="postgres",
        user=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
        host=settings.get("HOST") or None,
        port=settings.get("PORT") or None,
        autocommit=True,
        connect_timeout=5,
    ) as connection:
        name = sql.Identifier(settings["NAME"])
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def event_create_only(*, scale: float, seed: int) -> dict:
    """The child of ``time_event_create_on_postgres``: migrate, synth, time ``event_create``."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    call_command("synth", "--scale", str(scale), "--seed", str(seed), stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the statistics autovacuum gathers after a bulk load
    return time_event_create()


# What is timed in-process, after the passes (the server stopped); a miss is flagged.
IN_PROCESS: tuple[Timing, ...] = (
    Timing("public feed, whole history (cold)", 100.0, time_read("/calendar/public.ics")),
    Timing("api events limit=500 (cold)", 50.0, time_read("/api/v1/events/events?limit=500")),
    Timing("event_create (sqlite)", 10.0, time_event_create),
    Timing("event_create (postgresql)", 10.0, time_event_create_on_postgres),
)


def run_in_process(prepared: Prepared, timings: tuple[Timing, ...] = IN_PROCESS) -> list[dict]:
    """Run each timing; return its entry (measured, skipped or error) with its verdict."""
    entries = []
    for timing in timings:
        entry: dict = {"name": timing.name, "target_ms": timing.target_ms}
        try:
            entry.update(timing.measure(prepared))
        except Skipped as exc:
            entry.update(state="skipped", message=str(exc))
        except Exception as exc:  # a failed timing is reported, the others still run
            entry.update(state="error", message=repr(exc))
        else:
            entry.update(state="measured", message="")
            entry["pass"] = entry["median_ms"] <= timing.target_ms
        print(f"  {_in_process_line(entry)}", flush=True)
        entries.append(entry)
    return entries


# --- The server ------------------------------------------------------------------------------


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


# --- Measuring --------------------------------------------------------------------------------


def run_batch(
    executor: ThreadPoolExecutor,
    client: Client,
    path: str,
    headers: dict[str, str],
    *,
    count: int,
    concurrency: int,
    deadline: float,
) -> tuple[list[Sample], float]:
    """Send ``count`` requests (fewer if the deadline comes) from ``concurrency`` threads."""
    tickets = itertools.count()

    def worker() -> list[Sample]:
        samples = []
        while time.monotonic() < deadline and next(tickets) < count:
            samples.append(client.get(path, headers))
        return samples

    started = time.perf_counter()
    futures = [executor.submit(worker) for _ in range(concurrency)]
    samples = [sample for future in futures for sample in future.result()]
    return samples, time.perf_counter() - started


@dataclass
class Result:
    target: Target
    url: str
    state: str = "pending"  # measured | skipped | error
    message: str = ""
    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)

    def count(self, sample: Sample) -> None:
        self.statuses[sample.status] = self.statuses.get(sample.status, 0) + 1

    def add(self, samples: list[Sample], elapsed: float) -> None:
        self.elapsed += elapsed
        for sample in samples:
            self.count(sample)
            if 200 <= sample.status < 400:
                self.latencies.append(sample.seconds)

    @property
    def failures(self) -> int:
        return sum(n for status, n in self.statuses.items() if _failed(status))


def _failed(status: int) -> bool:
    """A refused connection (0) or a server error."""
    return status == 0 or status >= 500


def measure(
    client: Client,
    prepared: Prepared,
    *,
    targets: tuple[Target, ...] = TARGETS,
    requests: int,
    rounds: int,
    warmup: int,
    concurrency: int,
    round_seconds: float,
    budget_seconds: float,
) -> list[Result]:
    results = [Result(target=t, url=t.path.format(**prepared.keys)) for t in targets]
    active: list[Result] = []
    for result in results:
        headers = prepared.headers[result.target.auth]
        probe = client.get(result.url, headers, keep_body=True)
        if probe.status == 404:
            result.state, result.message = "skipped", "404: not there yet"
            print(f"  warning: {result.target.name} {result.url} answers 404; skipped", flush=True)
            continue
        if _failed(probe.status):
            result.state, result.message = "error", f"probe answered {probe.status or 'nothing'}"
            result.count(probe)
            print(f"  ERROR: {result.target.name} {result.url}: {result.message}", flush=True)
            continue
        if not 200 <= probe.status < 300:
            result.state, result.message = "skipped", f"answers {probe.status}, not 2xx"
            print(f"  warning: {result.target.name} {result.url}: {result.message}; skipped")
            continue
        if result.target.auth == "session" and b"bench" not in probe.body:
            print(f"  warning: {result.target.name}: the page does not name the bench user")
        active.append(result)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="bench") as executor:
        for result in active:
            headers = prepared.headers[result.target.auth]
            samples, _ = run_batch(
                executor, client, result.url, headers,
                count=warmup, concurrency=concurrency, deadline=time.monotonic() + round_seconds,
            )  # fmt: skip
            # Warm-up answers are not timed, but a failure there still counts.
            for sample in samples:
                if _failed(sample.status):
                    result.count(sample)
        per_round = max(1, requests // rounds)
        # Interleave the targets round by round so that noise hits them all alike.
        for number in range(rounds):
            for result in active:
                deadline = min(time.monotonic() + round_seconds, started + budget_seconds)
                if time.monotonic() >= deadline:
                    result.message = "time budget exhausted before every round ran"
                    continue
                samples, elapsed = run_batch(
                    executor, client, result.url, prepared.headers[result.target.auth],
                    count=per_round, concurrency=concurrency, deadline=deadline,
                )  # fmt: skip
                result.add(samples, elapsed)
            print(f"  round {number + 1}/{rounds} done", flush=True)
    for result in active:
        if result.failures:
            result.state = "error"
            result.message = f"{result.failures} failed or 5xx responses"
        elif not result.latencies:
            result.state, result.message = "error", "no successful responses"
        else:
            result.state = "measured"
    return results


# --- Report -----------------------------------------------------------------------------------


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


def _in_process_line(timing: dict) -> str:
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
        lines += [_in_process_line(timing) for timing in timings]
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


# --- Entry point ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m collegium.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--scale", type=float, default=1.0, help="synth scale (default 1)")
    parser.add_argument("--seed", type=int, default=1, help="synth seed (default 1)")
    parser.add_argument("--requests", type=int, default=300, help="measured requests per target")
    parser.add_argument(
        "--cold-requests",
        type=int,
        default=100,
        help="measured requests per target in the cold pass, where each costs a miss (default 100)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--warmup", type=int, default=30, help="warm-up requests per target")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="client threads (default: one per gunicorn worker, which keeps queueing out of the "
        "latencies on a small machine while keeping every worker busy)",
    )
    parser.add_argument(
        "--round-seconds", type=float, default=20.0, help="cap per target and round"
    )
    parser.add_argument(
        "--budget-seconds", type=float, default=600.0, help="cap for all measuring, per pass"
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (serve's default)"
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="threads per worker (serve's default)"
    )
    parser.add_argument(
        "--port", type=int, default=None, help="the server's port (default: a free one)"
    )
    parser.add_argument(
        "--passes",
        default=",".join(p.name for p in PASSES),
        help="the passes to run, comma-separated (default: warm,cold)",
    )
    # The child process that times event_create on PostgreSQL (see IN_PROCESS).
    parser.add_argument("--event-create-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.concurrency is None:
        args.concurrency = args.workers or int(os.environ.get("WEB_CONCURRENCY", "2"))
    if (
        args.requests < 1
        or args.cold_requests < 1
        or args.rounds < 1
        or args.concurrency < 1
        or args.warmup < 0
    ):
        parser.error("--requests, --rounds and --concurrency must be positive, --warmup >= 0")
    known = {p.name for p in PASSES}
    args.passes = [name for name in args.passes.split(",") if name]
    if not args.passes or set(args.passes) - known:
        parser.error(f"--passes takes some of: {', '.join(sorted(known))}")
    return args


def run_pass(
    bench_pass: Pass, args: argparse.Namespace, prepared: Prepared, directory: Path
) -> tuple[list[Result], dict]:
    """Start a server for the pass, measure every target against it, stop it."""
    port = args.port or free_port()
    client = Client(port)
    log_path = directory / f"server-{bench_pass.name}.log"
    process, command = start_server(
        port,
        log_path,
        workers=args.workers,
        threads=args.threads,
        environment=bench_pass.environment,
    )
    sampler = MemorySampler(process.pid)
    try:
        shown = " ".join(["collegium", *command[3:]])
        print(
            f"Pass {bench_pass.name} ({bench_pass.description}): {shown} (log: {log_path})",
            flush=True,
        )
        if not wait_ready(process, client):
            raise RuntimeError(f"the server did not start; see {log_path}")
        sampler.start()
        results = measure(
            client,
            prepared,
            requests=args.requests if bench_pass.name == "warm" else args.cold_requests,
            rounds=args.rounds,
            warmup=args.warmup,
            concurrency=args.concurrency,
            round_seconds=args.round_seconds,
            budget_seconds=args.budget_seconds,
        )
        sampler.stop()
        server = {
            "command": ["collegium", *command[3:]],
            "settings": os.environ["DJANGO_SETTINGS_MODULE"],
            "environment": bench_pass.environment,
            "workers": args.workers or int(os.environ.get("WEB_CONCURRENCY", "2")),
            "threads": args.threads or 4,
            "peak_memory_kib": sampler.total_kib,
            "processes": {str(pid): kib for pid, kib in sorted(sampler.peak_kib.items())},
        }
    finally:
        sampler.stop()
        stop_server(process)
    return results, server


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.event_create_only:
        print(json.dumps(event_create_only(scale=args.scale, seed=args.seed)))
        return 0
    started_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    directory = bench_dir()
    directory.mkdir(parents=True, exist_ok=True)
    print(f"Preparing a fresh database in {directory} (scale {args.scale:g}, seed {args.seed})")
    try:
        prepared = prepare(directory, scale=args.scale, seed=args.seed)
    except Exception as exc:  # report any setup failure and stop
        print(f"Setup failed: {exc!r}", file=sys.stderr)
        return 2

    results: dict[str, list[Result]] = {}
    servers: dict[str, dict] = {}
    for bench_pass in PASSES:
        if bench_pass.name not in args.passes:
            continue
        try:
            results[bench_pass.name], servers[bench_pass.name] = run_pass(
                bench_pass, args, prepared, directory
            )
        except RuntimeError as exc:
            print(f"Pass {bench_pass.name}: {exc}", file=sys.stderr)
            return 2
    print("Timing in-process", flush=True)
    in_process = run_in_process(prepared)

    report = build_report(
        results,
        args=args,
        prepared=prepared,
        servers=servers,
        started_at=started_at,
        in_process=in_process,
    )
    latest, dated = write_report(report, directory, started_at)
    print()
    print(format_table(report))
    print(f"\nWrote {latest} and {dated}")
    if any(details["floor"] is None for details in report["passes"].values()):
        print("The floor was not measured, so there are no ratios.", file=sys.stderr)
        return 1
    if report["errors"]:
        print(f"Targets with errors: {', '.join(report['errors'])}", file=sys.stderr)
        return 1
    slow = [
        f"{target['name']} ({name})"
        for target in report["targets"]
        for name in report["passes"]
        if target.get(name, {}).get("pass") is False
    ]
    slow += [timing["name"] for timing in report["in_process"] if timing.get("pass") is False]
    if report["generation"] and not report["generation"]["pass"]:
        slow.append("generate all invitations")
    if slow:
        print(f"Over their targets (flagged, not fatal): {', '.join(slow)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
