"""The plan file: every malformed input is refused naming the key and the request id;
the output has exactly the documented keys."""

import datetime as dt
import json

import pytest

from collegium.planning.engine.fileio import PlanFileError, dumps_result, loads, parse
from collegium.planning.engine.solver import solve

from .helpers import BY, RU, plan, request


def refused(data) -> str:
    with pytest.raises(PlanFileError) as caught:
        parse(data) if not isinstance(data, str) else loads(data)
    return str(caught.value)


def test_bad_json_names_line_and_column():
    """Text that is not JSON is refused with its position."""
    assert "bad JSON at line 1, column" in refused('{"year": 2026,')


def test_unknown_top_level_key():
    """An unknown key is named."""
    assert "key 'colour': unknown key" in refused(plan(colour="red"))


def test_unknown_request_key_names_the_request():
    """An unknown key inside a request names the key and the request's id."""
    message = refused(plan(request("R7", "2026-03-01", "2026-03-31", colour="red")))
    assert message.startswith("requests[0] (id R7): key 'colour': unknown key")


def test_window_ending_before_it_starts():
    """A window that ends before it starts is refused with the request id."""
    message = refused(plan(request("R3", "2026-04-01", "2026-03-01")))
    assert message == (
        "requests[0] (id R3): key 'window': ends (2026-03-01) before it starts (2026-04-01)"
    )


def test_pinned_date_on_a_holiday():
    """A pinned date on Russia Day (12 June) is refused, naming the holiday."""
    message = refused(plan(request("R5", "2026-06-01", "2026-06-30", pinned="2026-06-12")))
    assert message.startswith("requests[0] (id R5): key 'pinned'")
    assert "holiday of mfa-ru" in message


def test_pinned_consultation_running_into_a_weekend():
    """A two-day consultation pinned on a Friday runs into Saturday: refused."""
    message = refused(plan(request("R6", "2026-06-01", "2026-06-30", days=2, pinned="2026-06-19")))
    assert "key 'pinned'" in message
    assert "weekend" in message


def test_zero_length_request():
    """A request of zero days is refused."""
    assert "(id R1): key 'days': must be at least 1, got 0" in refused(
        plan(request("R1", "2026-03-01", "2026-03-31", days=0))
    )


def test_unknown_party():
    """A request between parties the plan does not list is refused."""
    message = refused(plan({**request("R2", "2026-03-01", "2026-03-31"), "parties": [RU, "x"]}))
    assert "(id R2): key 'parties': unknown party \"x\"" in message


def test_duplicate_ids():
    """Two requests with one id are refused, naming the second."""
    message = refused(
        plan(request("R1", "2026-03-01", "2026-03-31"), request("R1", "2026-04-01", "2026-04-30"))
    )
    assert message.startswith("requests[1] (id R1): key 'id': duplicate id")


def test_bad_date_format():
    """Dates are YYYY-MM-DD."""
    assert "key 'window.from': expected a date YYYY-MM-DD" in refused(
        plan(request("R1", "01.03.2026", "2026-03-31"))
    )


def test_host_must_be_a_party_of_the_request():
    """A fixed host outside the request's parties is refused."""
    assert "(id R1): key 'host'" in refused(
        plan(request("R1", "2026-03-01", "2026-03-31", host="cis"))
    )


def test_blackout_ending_before_it_starts():
    """A blackout's dates are checked too."""
    assert "key 'blackouts[0].to': ends" in refused(
        plan(blackouts=[{"official": "x", "from": "2026-03-02", "to": "2026-03-01"}])
    )


def test_missing_required_key():
    """``year``, ``parties`` and ``requests`` are required."""
    assert "key 'year': required key is missing" in refused({"parties": [RU, BY], "requests": []})


def test_output_has_exactly_the_documented_keys():
    """The result serialises with the keys of the README, dates as YYYY-MM-DD and the
    host's capital as the city; a numeric id stays a number."""
    data = plan({**request("R1", "2026-03-02", "2026-03-06", host=BY, days=2), "id": 17})
    problem = parse(data)
    out = dumps_result(problem, solve(problem, time_limit=2))
    assert set(out) == {
        "status",
        "objective",
        "bound",
        "gap",
        "solve_seconds",
        "placements",
        "unplaced",
        "conflicts",
    }
    [placement] = out["placements"]
    assert set(placement) == {"id", "start", "end", "host", "city"}
    assert placement["id"] == 17
    assert (placement["host"], placement["city"]) == (BY, "Minsk")
    start, end = (dt.date.fromisoformat(placement[k]) for k in ("start", "end"))
    assert (end - start).days == 1
    assert "2026-03-02" <= placement["start"] <= "2026-03-05"
    json.dumps(out)  # plain JSON


def test_a_weight_too_large_for_the_solver_is_refused():
    """Weights and caps are bounded (CP-SAT takes 64-bit coefficients): named, not a crash."""
    message = refused(plan(request("R1", "2026-03-01", "2026-03-31"), weights={"spread": 10**30}))
    assert message == f"key 'weights.spread': must be at most 1000000000, got {10**30}"


def test_a_consultation_longer_than_a_year_is_refused():
    """No consultation lasts more than a year: the request is named."""
    message = refused(plan(request("R4", "2026-03-01", "2026-03-31", days=400)))
    assert message == "requests[0] (id R4): key 'days': must be at most 366, got 400"


def test_a_lone_surrogate_is_refused_naming_the_key():
    """JSON may escape half a character ("\\ud800"); such a topic is no text."""
    text = json.dumps(plan(request("R2", "2026-03-01", "2026-03-31"))).replace(
        '"Topic R2"', '"\\ud800"'
    )
    assert refused(text) == (
        "requests[0] (id R2): key 'topic': not valid Unicode text (a lone surrogate)"
    )


@pytest.mark.parametrize(
    "text",
    ['{"year": ' + "9" * 5000 + "}", "[" * 100_000 + "]" * 100_000],
    ids=["a number of 5,000 digits", "nesting 100,000 deep"],
)
def test_json_python_cannot_read_is_refused_as_bad_json(text):
    """What the JSON reader itself gives up on is a refused file, not a traceback."""
    assert refused(text).startswith("bad JSON: ")
