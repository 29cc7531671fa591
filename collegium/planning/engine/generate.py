"""Seeded plan instances in the file format: realistic two-ministry plans and large synthetic
ones, for the tests and the bench."""

import datetime as dt
import random
from typing import Any

from .calendar import Calendar
from .fileio import parse

RU, BY = "mfa-ru", "mfa-by"
THEMES = (
    "use of the diplomatic toolkit",
    "traditional values",
    "historical memory",
    "coordination with friendly states and associations",
    "countering sanctions and legal pressure",
    "information support of foreign policy",
    "bilateral cooperation",
    "the international agenda",
    "consular matters",
    "the UN and its agencies",
    "the CSTO",
    "the CIS",
    "the SCO",
    "the Union State",
    "arms control",
    "Eurasian security",
    "legal matters",
    "cultural cooperation",
    "migration",
    "the Arctic",
)
# Illustrative blackouts of the ministers and their deputies around 2026 summits.
SUMMITS_2026 = (
    ("2026-10-08", "2026-10-09", "CIS Council of Heads of State, Ashgabat"),
    ("2026-11-10", "2026-11-11", "CSTO Collective Security Council"),
)


def _window(rng: random.Random, year: int, weeks: tuple[int, int]) -> dict[str, str]:
    start = dt.date(year, 1, 12) + dt.timedelta(days=rng.randrange(0, 300))
    end = start + dt.timedelta(weeks=rng.randint(*weeks))
    end = min(end, dt.date(year, 12, 25))
    return {"from": start.isoformat(), "to": end.isoformat()}


def _pin_some(data: dict[str, Any], rng: random.Random, share: float) -> dict[str, Any]:
    """Pin a share of the requests to one of their possible dates."""
    problem = parse(data)
    calendar = Calendar(problem)
    for item, request in zip(data["requests"], problem.requests, strict=True):
        if rng.random() < share:
            starts = calendar.candidates(request).starts
            if starts:
                item["pinned"] = rng.choice(starts).isoformat()
    return data


def realistic(n: int = 80, *, seed: int = 2026, year: int = 2026) -> dict[str, Any]:
    """A plan of ``n`` consultations between the two ministries, demo-like constraints."""
    rng = random.Random(seed)  # noqa: S311 (seeded instances, not secrets)
    departments = [f"department-{k:02d}" for k in range(1, 13)]
    deputies = {party: [f"{party}-deputy-{k}" for k in range(1, 5)] for party in (RU, BY)}
    requests: list[dict[str, Any]] = []
    topic = 0
    while len(requests) < n:
        topic += 1
        rounds = min(rng.choice((1, 1, 2, 2, 3)), n - len(requests))
        department = {party: rng.choice(departments) for party in (RU, BY)}
        level = rng.random()
        if level < 0.3:
            leads = {party: rng.choice(deputies[party]) for party in (RU, BY)}
        else:
            leads = {party: f"{party}-director-{department[party]}" for party in (RU, BY)}
        previous = rng.choice((RU, BY, None))
        key = f"topic-{topic:03d}"
        theme = THEMES[topic % len(THEMES)]
        first = dt.date(year, 1, 12) + dt.timedelta(days=rng.randrange(0, 120))
        for k in range(rounds):
            start = first + dt.timedelta(days=k * 110)
            end = min(start + dt.timedelta(weeks=rng.randint(4, 10)), dt.date(year, 12, 25))
            if start >= end:
                start = end - dt.timedelta(days=28)
            requests.append(
                {
                    "id": f"R{len(requests) + 1:03d}",
                    "topic": f"Consultations on {theme} (illustrative), round {k + 1}",
                    "parties": [RU, BY],
                    "leads": leads,
                    "departments": department,
                    "days": rng.choice((1, 1, 2, 2, 3)),
                    "window": {"from": start.isoformat(), "to": end.isoformat()},
                    "host": "alternate" if rng.random() < 0.85 else rng.choice((RU, BY)),
                    "previous_host": previous,
                    "min_gap_days": rng.choice((30, 45, 60)),
                    "topic_key": key,
                }
            )
    blackouts = [
        {"official": official, "from": a, "to": b, "reason": reason}
        for a, b, reason in SUMMITS_2026
        for party in (RU, BY)
        for official in deputies[party]
    ]
    data = {
        "year": year,
        "parties": [RU, BY],
        "capitals": {RU: "Moscow", BY: "Minsk"},
        "extra_non_working_days": [],
        "blackouts": blackouts,
        "max_per_week": 3,
        "max_per_week_per_department": 1,
        "hosting_tolerance": 2,
        "requests": requests,
    }
    return _pin_some(data, rng, 0.05)


def synthetic(
    n: int = 1000, parties: int = 30, *, seed: int = 30, year: int = 2026
) -> dict[str, Any]:
    """``n`` meetings among ``parties`` parties (two of them with public holidays)."""
    rng = random.Random(seed)  # noqa: S311 (seeded instances, not secrets)
    names = [RU, BY] + [f"org-{k:02d}" for k in range(3, parties + 1)]
    capitals = {RU: "Moscow", BY: "Minsk"} | {name: f"city-{name[-2:]}" for name in names[2:]}
    officials = {name: [f"{name}-official-{k}" for k in range(1, 9)] for name in names}
    requests: list[dict[str, Any]] = []
    topic = 0
    while len(requests) < n:
        topic += 1
        pair = rng.sample(names, 2)
        rounds = min(rng.choice((1, 1, 2, 3)), n - len(requests))
        leads = {party: rng.choice(officials[party]) for party in pair}
        departments = {party: f"dept-{rng.randint(1, 6)}" for party in pair}
        previous = rng.choice((*pair, None))
        first = dt.date(year, 1, 12) + dt.timedelta(days=rng.randrange(0, 200))
        for k in range(rounds):
            start = first + dt.timedelta(days=k * 75)
            end = min(start + dt.timedelta(weeks=rng.randint(3, 8)), dt.date(year, 12, 25))
            if start >= end:
                start = end - dt.timedelta(days=21)
            requests.append(
                {
                    "id": f"M{len(requests) + 1:04d}",
                    "topic": f"Topic {topic}",
                    "parties": pair,
                    "leads": leads,
                    "departments": departments,
                    "days": rng.choice((1, 1, 2, 3)),
                    "window": {"from": start.isoformat(), "to": end.isoformat()},
                    "host": "alternate" if rng.random() < 0.8 else rng.choice(pair),
                    "previous_host": previous,
                    "min_gap_days": rng.choice((14, 21, 30)),
                    "topic_key": f"t{topic}",
                }
            )
    data = {
        "year": year,
        "parties": names,
        "capitals": capitals,
        "extra_non_working_days": [],
        "blackouts": [
            {
                "official": rng.choice(officials[rng.choice(names)]),
                "from": (
                    start := dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(360))
                ).isoformat(),
                "to": (start + dt.timedelta(days=rng.randint(0, 6))).isoformat(),
                "reason": "other commitments",
            }
            for _ in range(60)
        ],
        "max_per_week": 40,
        "max_per_week_per_department": 2,
        "hosting_tolerance": 2,
        "requests": requests,
    }
    return _pin_some(data, rng, 0.02)


def small(seed: int, n: int | None = None, year: int = 2026) -> dict[str, Any]:
    """A small random instance (5–40 requests, 2–5 parties, tight caps) for the tests."""
    rng = random.Random(seed)  # noqa: S311 (seeded instances, not secrets)
    n = n or rng.randint(5, 40)
    count = rng.randint(2, 5)
    names = [RU, BY, "org-c", "org-d", "org-e"][:count]
    officials = {name: [f"{name}-o{k}" for k in range(1, 4)] for name in names}
    requests: list[dict[str, Any]] = []
    topic = 0
    while len(requests) < n:
        topic += 1
        pair = rng.sample(names, 2)
        rounds = min(rng.choice((1, 2, 3)), n - len(requests))
        previous = rng.choice((*pair, None))
        first = dt.date(year, 1, 5) + dt.timedelta(days=rng.randrange(0, 250))
        for k in range(rounds):
            start = first + dt.timedelta(days=k * rng.randint(20, 50))
            end = min(start + dt.timedelta(days=rng.randint(7, 60)), dt.date(year, 12, 31))
            if start >= end:
                start = end - dt.timedelta(days=10)
            requests.append(
                {
                    "id": f"R{len(requests) + 1}",
                    "parties": pair,
                    "leads": {party: rng.choice(officials[party]) for party in pair},
                    "departments": {party: f"d{rng.randint(1, 3)}" for party in pair},
                    "days": rng.choice((1, 2, 3)),
                    "window": {"from": start.isoformat(), "to": end.isoformat()},
                    "host": "alternate" if rng.random() < 0.7 else rng.choice(pair),
                    "previous_host": previous,
                    "min_gap_days": rng.choice((0, 7, 14)),
                    "topic_key": f"k{topic}",
                }
            )
    data = {
        "year": year,
        "parties": names,
        "capitals": {name: f"{name}-city" for name in names},
        "extra_non_working_days": [
            (dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))).isoformat()
            for _ in range(3)
        ],
        "blackouts": [
            {
                "official": rng.choice(officials[rng.choice(names)]),
                "from": (
                    start := dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(360))
                ).isoformat(),
                "to": (start + dt.timedelta(days=rng.randint(0, 10))).isoformat(),
                "reason": "busy",
            }
            for _ in range(rng.randint(0, 5))
        ],
        "max_per_week": rng.choice((1, 2, 3, None)),
        "max_per_week_per_department": rng.choice((1, 2, None)),
        "hosting_tolerance": rng.choice((0, 1, 2, None)),
        "requests": requests,
    }
    return _pin_some(data, rng, 0.1)
