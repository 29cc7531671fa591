"""The plan page in a real Chromium: the 2026 plan by month, solved again, at 1280 and 390 px."""

import pytest

from collegium.testing.browser import csp_violations, outside_requests, sign_in

pytestmark = pytest.mark.browser

PLAN = "/planning/consultations-2026/"
VARIANT = "/planning/consultations-2026-overconstrained/"


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_plan_for_2026_as_the_russian_secretariat(page, server):
    """mfa-ru sees the 19 rounds by month and the variant's conflict in words; the page fits a
    phone, the timeline scrolling inside its card."""
    sign_in(page, server, "mfa-ru")
    page.goto(server + "/planning/")
    page.get_by_role("link", name="План межмидовских консультаций на 2026 год").first.click()
    page.wait_for_url(server + PLAN)
    assert page.locator("#timeline tbody tr").count() == 19
    assert page.locator("#solve").count() == 1
    assert page.locator("#approve").count() == 1
    assert "Москва" in page.locator("#timeline").inner_text()
    assert "Минск" in page.locator("#timeline").inner_text()
    assert _no_sideways_scroll(page)

    page.set_viewport_size({"width": 390, "height": 900})
    assert _no_sideways_scroll(page)
    wide = page.evaluate(
        "(() => { const w = document.querySelector('#timeline .table-wrap');"
        " return w.scrollWidth > w.clientWidth; })()"
    )
    assert wide  # the table scrolls inside its card

    page.goto(server + VARIANT)
    assert page.locator("#conflicts li").count() >= 1
    assert "c15" in page.locator("#conflicts").inner_text()
    assert _no_sideways_scroll(page)
    assert not outside_requests(page)
    assert not csp_violations(page)
    assert not page.console_errors


def test_the_russian_secretariat_solves_and_approves_the_plan_into_the_calendar(
    page, server, live_site
):
    """mfa-ru solves the 2026 plan (the task worker at work, the page polling), approves it:
    the rounds are consultation events of the calendar, and the plan's status is its
    document's (the decisions' Plan for 2026, its text now the rounds).

    It rewrites the document the documents' browser test reads, so on a shared live site
    it runs after that test, as collected (a pytest-xdist worker keeps that order)."""
    sign_in(page, server, "mfa-ru")
    page.goto(server + PLAN)
    before = page.locator("#timeline h2").inner_text()
    page.locator("#solve").click()
    page.wait_for_url(server + PLAN)
    live_site.collegium("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay")
    page.reload()  # the page polls the version's state; done, it shows the new version
    assert page.locator("#timeline h2").inner_text() != before
    page.locator("#approve").click()
    page.wait_for_url(server + PLAN)
    assert page.locator("#approve").count() == 0
    status = page.locator("#plan-status")
    assert "документ: Проект" in status.inner_text()
    first = page.locator("#timeline tbody tr th").first.inner_text()
    topic = first.split(" · ", 1)[1][:20]

    page.goto(server + "/calendar/list/?kind=consultations&from=2026-01-01&to=2026-12-31")
    listed = page.locator("main").inner_text()
    assert "Консультации: " in listed
    page.get_by_role("link", name="Консультации: ").first.click()
    assert page.locator("#plan-of-consultations").count() == 1

    page.goto(server + PLAN)
    page.locator("#plan-status a").click()
    assert "/documents/consultation-plan-2026/" in page.url
    assert page.locator("#plan-of-consultations").count() == 1
    assert topic in page.locator("main").inner_text()
    assert not outside_requests(page)
    assert not csp_violations(page)
    assert not page.console_errors
