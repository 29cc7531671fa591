"""Working days and candidate dates: holidays of both states, weekends, extra days, blackouts."""

import datetime as dt

from collegium.planning.engine.calendar import Calendar

from .helpers import BY, RU, problem, request


def test_new_year_holidays_of_russia_push_the_first_date_to_the_twelfth_of_january():
    """Russia rests 1–9 January 2026 (the 9th moved from the 3rd), Belarus 1, 2 and 7
    January: the first working day of both is Monday 12 January."""
    p = problem(request("A", "2026-01-01", "2026-01-16"))
    calendar = Calendar(p)
    starts = calendar.candidates(p.requests[0]).starts
    assert starts[0] == dt.date(2026, 1, 12)
    assert calendar.is_working(BY, dt.date(2026, 1, 9))
    assert not calendar.is_working(RU, dt.date(2026, 1, 9))


def test_a_holiday_of_the_other_state_rules_the_date_out():
    """3 July, Belarus's Independence Day, is a working day in Russia but not a date for both."""
    p = problem(request("A", "2026-07-01", "2026-07-07"))
    calendar = Calendar(p)
    assert calendar.is_working(RU, dt.date(2026, 7, 3))
    assert not calendar.is_working(BY, dt.date(2026, 7, 3))
    assert dt.date(2026, 7, 3) not in calendar.candidates(p.requests[0]).starts


def test_a_party_without_a_known_state_has_only_weekends_and_extra_days():
    """An organization not in the table rests on weekends and the extra days only."""
    p = problem(
        {
            **request("A", "2026-01-01", "2026-01-09"),
            "parties": [RU, "org-x"],
            "leads": {},
            "departments": {},
        },
        parties=[RU, BY, "org-x"],
        extra_non_working_days=["2026-01-02"],
    )
    calendar = Calendar(p)
    assert calendar.is_working("org-x", dt.date(2026, 1, 1))
    assert not calendar.is_working("org-x", dt.date(2026, 1, 2))


def test_a_multi_day_consultation_takes_consecutive_working_days():
    """Three days cannot start on Thursday (Saturday is the third) nor span a holiday."""
    p = problem(request("A", "2026-03-02", "2026-03-13", days=3))
    starts = Calendar(p).candidates(p.requests[0]).starts
    assert dt.date(2026, 3, 5) not in starts  # Thu, Fri, Sat
    assert dt.date(2026, 3, 2) in starts
    # 8 March is a Sunday in 2026, so Russia rests on Monday 9 March.
    assert dt.date(2026, 3, 9) not in starts


def test_blackouts_of_a_lead_remove_dates_and_say_so():
    """A blackout over the whole window leaves no date, and the reason names it."""
    p = problem(
        request("A", "2026-03-02", "2026-03-06"),
        blackouts=[
            {"official": "ru-A", "from": "2026-03-01", "to": "2026-03-08", "reason": "summit"}
        ],
    )
    found = Calendar(p).candidates(p.requests[0])
    assert found.starts == []
    assert "ru-A unavailable 2026-03-01..2026-03-08 (summit)" in found.reasons[0]


def test_no_working_day_in_the_window_is_explained_with_the_holidays():
    """A window inside the New Year holidays yields a reason naming the window and holidays."""
    p = problem(request("A", "2026-01-01", "2026-01-08"))
    found = Calendar(p).candidates(p.requests[0])
    assert found.starts == []
    assert "window 2026-01-01..2026-01-08" in found.reasons[0]
    assert "holiday of mfa-ru" in found.reasons[0]
