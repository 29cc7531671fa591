"""The meeting page in a real Chromium: as each ministry's secretariat, at 1280 and 390 px."""

import pytest

from collegium.testing.browser import csp_violations, outside_requests, sign_in

pytestmark = pytest.mark.browser

MEETING = "/calendar/events/joint-collegium-2025/"


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_joint_meeting_as_each_secretariat(page, server):
    """mfa-ru sees the agenda and both delegations, edits the agenda and its own delegation
    only, follows the link to the previous meeting; the page fits a phone."""
    sign_in(page, server, "mfa-ru")
    page.goto(server + MEETING)
    rows = page.locator("#agenda tbody tr")
    assert rows.count() == 6  # the interim report, then the five stored items
    assert "Промежуточные итоги выполнения решений" in rows.first.inner_text()
    assert "План межмидовских консультаций на 2026 год" in rows.last.inner_text()
    assert "Лавров" in page.locator("#delegation-mfa-ru-collegium").inner_text()
    assert "Рыженков" in page.locator("#delegation-mfa-by-collegium").inner_text()
    assert page.locator("#delegation-mfa-ru-collegium details").count() == 1
    assert page.locator("#delegation-mfa-by-collegium details").count() == 0

    page.locator("#agenda-add summary").click()
    page.fill("#agenda-add [name=title_ru]", "Разное (проверка из браузера)")
    page.fill("#agenda-add [name=duration_minutes]", "5")
    page.locator("#agenda-add button[type=submit]").click()
    page.wait_for_url(f"{server}{MEETING}#agenda-item-*")
    assert rows.count() == 7
    assert "Разное" in rows.last.inner_text()
    rows.last.get_by_role("button", name="Удалить").click()
    page.wait_for_url(f"{server}{MEETING}#agenda")
    assert rows.count() == 6

    page.set_viewport_size({"width": 390, "height": 900})
    assert _no_sideways_scroll(page)
    page.locator("a[rel=prev]").click()
    page.wait_for_url(f"{server}/calendar/events/joint-collegium-2024/")
    assert page.locator("#agenda tbody tr").count() == 3  # the report and two stored items
    assert _no_sideways_scroll(page)

    sign_in(page, server, "mfa-by")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + MEETING)
    assert page.locator("#delegation-mfa-by-collegium details").count() == 1
    assert page.locator("#delegation-mfa-ru-collegium details").count() == 0
    assert _no_sideways_scroll(page)
    assert not outside_requests(page)
    assert not csp_violations(page)
    assert not page.console_errors
