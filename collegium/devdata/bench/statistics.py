"""The bench's statistics: percentiles, summaries, ratios to the floor (pure)."""

from typing import TypedDict

# A warm target's p95 should cost at most this many floors.
THRESHOLD_P95 = 3.0


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


def median(values: list[float]) -> float:
    return percentile(values, 50)
