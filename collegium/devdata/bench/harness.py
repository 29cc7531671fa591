"""Benchmark key pages and API endpoints against a floor view, on synthetic data.

``make bench`` runs ``python -m collegium.devdata.bench``, which:

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
3. after a warm-up, sends a bounded number of requests to every target (the
   apps' ``bench.py``, gathered by ``collegium.devdata.bench.targets()``) from a
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
   dropped and built afresh: migrate, synth), on PostgreSQL; then runs the apps'
   report sections (``SECTIONS`` in their ``bench.py``: the planning solver's runs);
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
import io
import itertools
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from collegium.devdata.bench import sample_keys, sections
from collegium.devdata.bench.measure import PASSES, Pass, Prepared, Result, measure
from collegium.devdata.bench.report import (
    build_report,
    format_table,
    in_process_line,
    write_report,
)
from collegium.devdata.bench.server import (
    BASE_DIR,
    Client,
    MemorySampler,
    free_port,
    start_server,
    stop_server,
    wait_ready,
)
from collegium.devdata.bench.statistics import median

GENERATION_TARGET_S = 2.0
GENERATION_RUNS = 3


# --- Setup --------------------------------------------------------------------------------


def bench_dir() -> Path:
    """Return ``var/bench`` (``$COLLEGIUM_VAR_DIR/bench`` when that is set), as settings do."""
    return Path(os.environ.get("COLLEGIUM_VAR_DIR", BASE_DIR / "var")) / "bench"


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
    prepared.keys = sample_keys()
    prepared.headers = _credentials(prepared.keys["organization_for_user"])
    connections.close_all()
    return prepared


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
    command = [sys.executable, "-m", "collegium.devdata.bench", "--event-create-only"]
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
        print(f"  {in_process_line(entry)}", flush=True)
        entries.append(entry)
    return entries


def run_sections() -> list[dict]:
    """Run the apps' report sections (solver runs and the like); a failure is reported."""
    found = []
    for section in sections():
        try:
            entry = section()
        except Exception as exc:  # a failed section is reported, the others still run
            entry = {"title": getattr(section, "__name__", "section"), "lines": [], "pass": False}
            entry["error"] = repr(exc)
            entry["lines"] = [f"error: {exc!r}"]
        print(f"  {entry['title']}", flush=True)
        for line in entry["lines"]:
            print(f"  {line}", flush=True)
        found.append(entry)
    return found


# --- Entry point ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m collegium.devdata.bench", description=__doc__.split("\n")[0]
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
    print("Report sections of the apps", flush=True)
    extra = run_sections()

    report = build_report(
        results,
        args=args,
        prepared=prepared,
        servers=servers,
        started_at=started_at,
        in_process=in_process,
    )
    report["sections"] = extra
    latest, dated = write_report(report, directory, started_at)
    print()
    print(format_table(report))
    for section in extra:
        print(f"\n{section['title']}")
        print("\n".join(section["lines"]))
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
    slow += [section["title"] for section in extra if section.get("pass") is False]
    if report["generation"] and not report["generation"]["pass"]:
        slow.append("generate all invitations")
    if slow:
        print(f"Over their targets (flagged, not fatal): {', '.join(slow)}")
    return 0
