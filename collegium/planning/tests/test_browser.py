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
