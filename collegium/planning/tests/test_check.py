"""The independent checker finds each kind of violation (so a clean verdict means something)."""

import datetime as dt

import pytest

from collegium.planning.engine.check import check
from collegium.planning.engine.model import Placement

from .helpers import BY, RU, problem, request


def at(rid: str, day: str, host: str = RU, days: int = 1, city: str | None = None) -> Placement:
    start = dt.date.fromisoformat(day)
    return Placement(
        rid,
        start,
        start + dt.timedelta(days=days - 1),
        host,
        city or {RU: "Moscow", BY: "Minsk"}[host],
    )


def test_a_valid_plan_passes():
    """Two rounds in different weeks, all rules kept: no violation."""
    p = problem(request("A", "2026-03-02", "2026-03-31"), request("B", "2026-03-02", "2026-03-31"))
    assert check(p, [at("A", "2026-03-03"), at("B", "2026-03-10", BY)]) == []


@pytest.mark.parametrize(
    ("requests", "top", "placements", "expected"),
    [
        (
            [request("A", "2026-01-01", "2026-01-31")],
            {},
            [at("A", "2026-01-07")],
            "not a working day of mfa-ru",
        ),
        (
            [request("A", "2026-07-01", "2026-07-31")],
            {},
            [at("A", "2026-07-03")],
            "not a working day of mfa-by",
        ),
        (
            [request("A", "2026-03-01", "2026-03-31")],
            {},
            [at("A", "2026-03-07")],
            "not a working day",
        ),
        (
            [request("A", "2026-03-01", "2026-03-31")],
            {"extra_non_working_days": ["2026-03-05"]},
            [at("A", "2026-03-05")],
            "not a working day",
        ),
        (
            [request("A", "2026-03-10", "2026-03-31")],
            {},
            [at("A", "2026-03-03")],
            "outside its window",
        ),
        (
            [request("A", "2026-03-01", "2026-03-31", pinned="2026-03-04")],
            {},
            [at("A", "2026-03-05")],
            "pinned",
        ),
        (
            [request("A", "2026-03-01", "2026-03-31", host=BY)],
            {},
            [at("A", "2026-03-05")],
            "fixed host",
        ),
        (
            [request("A", "2026-03-01", "2026-03-31")],
            {},
            [at("A", "2026-03-05", city="Paris")],
            "not the capital",
        ),
        (
            [request("A", "2026-03-01", "2026-03-31", days=2)],
            {},
            [at("A", "2026-03-05")],
            "2 days expected",
        ),
        (
            [request("A", "2026-03-01", "2026-03-31")],
            {"blackouts": [{"official": "ru-A", "from": "2026-03-05", "to": "2026-03-05"}]},
            [at("A", "2026-03-05")],
            "blackout of ru-A",
        ),
        (
            [
                request("A", "2026-03-01", "2026-03-31"),
                {**request("B", "2026-03-01", "2026-03-31"), "leads": {RU: "ru-A"}},
            ],
            {},
            [at("A", "2026-03-05"), at("B", "2026-03-05")],
            "on the same day",
        ),
        (
            [
                request("A", "2026-03-01", "2026-03-31"),
                {**request("B", "2026-03-01", "2026-03-31"), "leads": {RU: "ru-A"}},
            ],
            {},
            [at("A", "2026-03-05"), at("B", "2026-03-06", BY)],
            "no travel day",
        ),
        (
            [request(r, "2026-03-01", "2026-03-31") for r in "ABC"],
            {"max_per_week": 2},
            [at("A", "2026-03-03"), at("B", "2026-03-04"), at("C", "2026-03-05")],
            "week 2026-W10: 3 > 2",
        ),
        (
            [
                {**request(r, "2026-03-01", "2026-03-31"), "departments": {RU: "legal"}}
                for r in "AB"
            ],
            {"max_per_week_per_department": 1},
            [at("A", "2026-03-03"), at("B", "2026-03-04")],
            "mfa-ru/legal week 2026-W10",
        ),
        (
            [request(r, "2026-03-01", "2026-03-31", topic_key="t", min_gap_days=5) for r in "AB"],
            {},
            [at("A", "2026-03-03"), at("B", "2026-03-06", BY)],
            "2 free days apart, 5 needed",
        ),
        (
            [request(r, "2026-03-01", "2026-03-31", topic_key="t", previous_host=RU) for r in "AB"],
            {},
            [at("A", "2026-03-03", BY), at("B", "2026-03-17", BY)],
            "hosted by mfa-by again",
        ),
        (
            [request("A", "2026-03-01", "2026-03-31", previous_host=RU)],
            {},
            [at("A", "2026-03-03", RU)],
            "hosted by mfa-ru again",
        ),
        (
            [request(r, "2026-03-01", "2026-03-31") for r in "ABC"],
            {"hosting_tolerance": 1},
            [at("A", "2026-03-03"), at("B", "2026-03-10"), at("C", "2026-03-17")],
            "beyond tolerance 1",
        ),
        (
            [request("A", "2026-03-01", "2026-03-31")],
            {},
            [at("A", "2026-03-03"), at("A", "2026-03-10")],
            "placed twice",
        ),
        (
            [request("A", "2026-03-01", "2026-03-31")],
            {},
            [at("Z", "2026-03-03")],
            "no such request",
        ),
    ],
)
def test_each_violation_is_found(requests, top, placements, expected):
    """Each hard constraint broken once is reported once, in words naming it."""
    found = check(problem(*requests, **top), placements)
    assert any(expected in line for line in found), found
