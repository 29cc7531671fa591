"""Measuring the targets over HTTP: the passes, the setup they need, interleaved rounds."""

import itertools
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from collegium.devdata.bench import Target
from collegium.devdata.bench import targets as all_targets
from collegium.devdata.bench.server import Client, Sample


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


@dataclass
class Prepared:
    scale: float = 1.0
    seed: int = 1
    timings_s: dict[str, float] = field(default_factory=dict)
    demo: str = "not available"
    keys: dict[str, str] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    generation: dict = field(default_factory=dict)


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
    targets: tuple[Target, ...] | None = None,
    requests: int,
    rounds: int,
    warmup: int,
    concurrency: int,
    round_seconds: float,
    budget_seconds: float,
) -> list[Result]:
    """Probe every target (``devdata.bench.targets()`` by default), warm up, then time
    them in interleaved rounds."""
    if targets is None:
        targets = all_targets()
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
