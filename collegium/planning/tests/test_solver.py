"""The solver keeps every hard constraint, on small plans that exercise each one; the
independent checker confirms each plan."""

import datetime as dt

import pytest

from collegium.planning.engine.check import check
from collegium.planning.engine.model import Problem, Result
from collegium.planning.engine.solver import solve

from .helpers import BY, RU, problem, request


def solved(p: Problem, **kwargs) -> Result:
    result = solve(p, time_limit=kwargs.pop("time_limit", 3), **kwargs)
    assert result.dropped == []
    assert check(p, result.placements) == []
    return result


def by_id(result: Result) -> dict:
    return {p.id: p for p in result.placements}


def test_everything_placed_is_optimal():
    """A plan with room for all gets status optimal, a zero gap and every placement."""
    result = solved(
        problem(request("A", "2026-03-02", "2026-03-31"), request("B", "2026-04-01", "2026-04-30"))
    )
    assert result.status == "optimal"
    assert result.gap == 0.0
    assert result.objective == result.bound
    assert set(by_id(result)) == {"A", "B"}
    assert not result.unplaced


def test_placements_avoid_holidays_of_both_states():
    """Between 1 and 12 January only the 12th is a working day of both states."""
    result = solved(problem(request("A", "2026-01-01", "2026-01-12")))
    assert by_id(result)["A"].start == dt.date(2026, 1, 12)


def test_pinned_date_is_kept():
    """A pinned request starts on its date."""
    result = solved(problem(request("A", "2026-03-02", "2026-03-31", pinned="2026-03-18")))
    assert by_id(result)["A"].start == dt.date(2026, 3, 18)


def test_fixed_host_and_its_capital():
    """A fixed host hosts, in its capital."""
    result = solved(problem(request("A", "2026-03-02", "2026-03-31", host=BY)))
    assert (by_id(result)["A"].host, by_id(result)["A"].city) == (BY, "Minsk")


def test_one_official_one_consultation_a_day():
    """Two requests of one official with one possible day: one is left out, and the
    conflict names both and the official."""
    a = request("A", "2026-03-03", "2026-03-03")
    b = {**request("B", "2026-03-03", "2026-03-03"), "leads": {RU: "ru-A", BY: "by-B"}}
    result = solved(problem(a, b))
    assert result.status == "infeasible"
    assert len(result.placements) == 1
    assert len(result.unplaced) == 1
    [conflict] = result.conflicts
    assert conflict.requests == ["A", "B"]
    assert any("official ru-A" in text for text in conflict.constraints)


def test_travel_day_between_cities():
    """One official, Monday in Moscow and Tuesday in Minsk: no free day to travel, so one
    round is left out; in the same city both fit on consecutive days."""
    a = request("A", "2026-03-02", "2026-03-03", host=RU)
    b = {**request("B", "2026-03-02", "2026-03-03", host=BY), "leads": {RU: "ru-A", BY: "by-B"}}
    apart = solved(problem(a, b))
    assert len(apart.placements) == 1
    assert any("travel day" in text for c in apart.conflicts for text in c.constraints)
    together = solved(problem(a, {**b, "host": RU}))
    assert len(together.placements) == 2


def test_at_most_k_per_iso_week():
    """Three requests in one week under a cap of two: two are placed."""
    week = [request(rid, "2026-03-02", "2026-03-06") for rid in "ABC"]
    result = solved(problem(*week, max_per_week=2))
    assert len(result.placements) == 2
    assert any("week 2026-W10" in t for c in result.conflicts for t in c.constraints)


def test_at_most_k_per_department_and_week():
    """Two requests of one department in one week under a cap of one: one is placed;
    in different weeks both are."""
    a = {**request("A", "2026-03-02", "2026-03-06"), "departments": {RU: "legal", BY: "x"}}
    b = {**request("B", "2026-03-02", "2026-03-06"), "departments": {RU: "legal", BY: "y"}}
    assert len(solved(problem(a, b, max_per_week_per_department=1)).placements) == 1
    b_later = {**b, "window": {"from": "2026-03-09", "to": "2026-03-13"}}
    assert len(solved(problem(a, b_later, max_per_week_per_department=1)).placements) == 2


def test_minimum_gap_between_rounds():
    """Rounds of one topic keep at least min_gap_days free days between them."""
    a = request("A", "2026-03-02", "2026-03-06", topic_key="t", min_gap_days=7)
    b = request("B", "2026-03-02", "2026-03-20", topic_key="t", min_gap_days=7)
    result = solved(problem(a, b))
    placed = sorted(result.placements, key=lambda p: p.start)
    assert len(placed) == 2
    assert (placed[1].start - placed[0].end).days - 1 >= 7


def test_minimum_gap_too_long_for_the_windows():
    """When the windows leave no room for the gap, one round is left out and the gap named."""
    a = request("A", "2026-03-02", "2026-03-06", topic_key="t", min_gap_days=30)
    b = request("B", "2026-03-09", "2026-03-13", topic_key="t", min_gap_days=30)
    result = solved(problem(a, b))
    assert len(result.placements) == 1
    assert any("30 free days" in t for c in result.conflicts for t in c.constraints)


def test_alternation_follows_the_previous_host():
    """Three rounds after a round in Moscow: Minsk, Moscow, Minsk in the order of dates."""
    rounds = [
        request(rid, frm, to, topic_key="t", previous_host=RU)
        for rid, frm, to in (
            ("A", "2026-09-01", "2026-09-30"),
            ("B", "2026-03-02", "2026-03-31"),
            ("C", "2026-06-01", "2026-06-30"),
        )
    ]
    result = solved(problem(*rounds))
    hosts = [p.host for p in sorted(result.placements, key=lambda p: p.start)]
    assert hosts == [BY, RU, BY]


def test_alternation_against_a_fixed_host():
    """A fixed host that breaks the alternation leaves the alternating round out."""
    a = request("A", "2026-03-02", "2026-03-31", topic_key="t", host=BY)
    b = request("B", "2026-05-04", "2026-05-29", topic_key="t", host=BY)
    c = request("C", "2026-04-01", "2026-04-30", topic_key="t", previous_host=RU)
    result = solved(problem(a, b, c))
    # C follows A (fixed, Minsk) in the order of dates: it alternates to Moscow.
    assert by_id(result)["C"].host == RU


def test_hosting_balance_within_tolerance():
    """Three independent rounds under a tolerance of zero: only two can be balanced."""
    rounds = [request(rid, "2026-03-02", "2026-05-29") for rid in "ABC"]
    result = solved(problem(*rounds, hosting_tolerance=0))
    assert len(result.placements) == 2
    assert {p.host for p in result.placements} == {RU, BY}
    four = solved(problem(*rounds, request("D", "2026-03-02", "2026-05-29"), hosting_tolerance=0))
    assert len(four.placements) == 4


def test_blackout_leaves_the_free_days():
    """A lead blacked out for three days of a week is placed on one of the two others."""
    p = problem(
        request("A", "2026-03-02", "2026-03-06"),
        blackouts=[
            {"official": "by-A", "from": "2026-03-02", "to": "2026-03-04", "reason": "visit"}
        ],
    )
    assert by_id(solved(p))["A"].start == dt.date(2026, 3, 5) or by_id(solved(p))[
        "A"
    ].start == dt.date(2026, 3, 6)


def test_zero_candidates_is_explained_without_the_solver():
    """A request whose window holds no working day is unplaced with the holidays named."""
    result = solved(
        problem(request("A", "2026-01-01", "2026-01-08"), request("B", "2026-03-02", "2026-03-06"))
    )
    assert result.status == "infeasible"
    [unplaced] = result.unplaced
    assert unplaced.id == "A"
    assert "holiday of mfa-ru" in unplaced.reasons[0]
    assert result.conflicts[0].requests == ["A"]


def test_replanning_keeps_the_previous_dates():
    """With a previous plan that still fits, nothing moves."""
    previous = [
        {"id": "A", "start": "2026-03-11", "host": RU},
        {"id": "B", "start": "2026-04-15", "host": BY},
    ]
    p = problem(
        request("A", "2026-03-02", "2026-03-31"),
        request("B", "2026-04-01", "2026-04-30"),
        previous_plan=previous,
    )
    placed = by_id(solved(p))
    assert (placed["A"].start, placed["A"].host) == (dt.date(2026, 3, 11), RU)
    assert (placed["B"].start, placed["B"].host) == (dt.date(2026, 4, 15), BY)


def test_replanning_moves_only_what_must_move():
    """A blackout over one previous date moves that round and keeps the other."""
    previous = [
        {"id": "A", "start": "2026-03-11", "host": RU},
        {"id": "B", "start": "2026-04-15", "host": BY},
    ]
    p = problem(
        request("A", "2026-03-02", "2026-03-31"),
        request("B", "2026-04-01", "2026-04-30"),
        previous_plan=previous,
        blackouts=[
            {"official": "ru-A", "from": "2026-03-11", "to": "2026-03-11", "reason": "summit"}
        ],
    )
    result = solved(p)
    placed = by_id(result)
    assert placed["A"].start != dt.date(2026, 3, 11)
    assert (placed["B"].start, placed["B"].host) == (dt.date(2026, 4, 15), BY)
    assert result.objective == 1000  # one moved round


@pytest.mark.parametrize("weight", [0, 10])
def test_spread_weight_evens_the_weeks(weight):
    """With a spread weight, four rounds that may share a week spread over four weeks."""
    rounds = [request(rid, "2026-03-02", "2026-03-27") for rid in "ABCD"]
    result = solved(problem(*rounds, weights={"spread": weight}))
    weeks = {p.start.isocalendar()[1] for p in result.placements}
    if weight:
        assert len(weeks) == 4
    assert result.status == "optimal"


def test_alternation_skips_an_unplaced_round():
    """When the middle round cannot be placed, the third alternates with the first."""
    first = request("A", "2026-03-02", "2026-03-06", topic_key="t", previous_host=RU)
    middle = request("B", "2026-01-01", "2026-01-08", topic_key="t", previous_host=RU)
    last = request("C", "2026-05-04", "2026-05-08", topic_key="t", previous_host=RU)
    result = solved(problem(first, middle, last))
    assert [u.id for u in result.unplaced] == ["B"]
    assert by_id(result)["A"].host == BY
    assert by_id(result)["C"].host == RU


def test_travel_day_among_three_parties():
    """An official of Russia meets Belarus in Minsk, then a third party in its capital: a
    free day lies between the two cities; both fit in a week that allows it."""
    third = "org-x"
    a = {**request("A", "2026-03-02", "2026-03-06", host=BY), "leads": {RU: "ru-1", BY: "by-1"}}
    b = {
        "id": "B",
        "parties": [RU, third],
        "leads": {RU: "ru-1", third: "x-1"},
        "days": 2,
        "window": {"from": "2026-03-02", "to": "2026-03-06"},
        "host": third,
    }
    p = problem(
        a, b, parties=[RU, BY, third], capitals={RU: "Moscow", BY: "Minsk", third: "Astana"}
    )
    result = solved(p)
    placed = sorted(result.placements, key=lambda x: x.start)
    assert len(placed) == 2
    assert (placed[1].start - placed[0].end).days >= 2
