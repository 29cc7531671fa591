"""Tasks and the interim report in a real browser (headless Chromium, the demo, ``collegium serve``)."""

from pathlib import Path

import pytest
from django.conf import settings

from collegium.testing.browser import csp_violations, outside_requests, sign_in

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

pytestmark = pytest.mark.browser


def _overflow(tab) -> int:
    return tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_interim_report_programme_and_a_progress_report(page, server):
    """As mfa-by: the interim report with its charts, the programme, a report on a task it leads."""
    sign_in(page, server, "mfa-by")
    page.goto(f"{server}/tasks/interim/joint-collegium-2025/")
    main = page.locator("main")
    assert "Промежуточные итоги выполнения" in main.inner_text()
    assert main.locator("svg[role=img]").count() == 2
    assert "Просроченные задачи по сторонам" in main.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "interim-report-2025-ru.png"), full_page=True)

    page.goto(f"{server}/tasks/programme/programme-2024-2026/")
    charts = page.locator("main svg[role=img]")
    assert charts.count() == 2
    assert "Ход выполнения по разделам" in charts.first.locator("title").first.text_content()

    page.get_by_role("link", name="Задачи", exact=True).first.click()
    page.wait_for_url(f"{server}/tasks/")
    page.goto(f"{server}/tasks/?party=mfa-by&status=in_progress")
    page.locator("main table a").first.click()
    form = page.locator("form[action$='/report/']")
    form.locator("input[name=percent]").fill("85")
    form.locator("textarea[name=narrative_ru]").fill("Проверено в браузере (иллюстративно).")
    form.get_by_role("button", name="Сохранить отчёт").click()
    assert "Отчёт о ходе выполнения сохранён" in page.locator("body").inner_text()
    assert "Проверено в браузере" in page.locator("main").inner_text()

    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/tasks/", "/tasks/interim/joint-collegium-2025/",
                     "/tasks/programme/programme-2024-2026/"):  # fmt: skip
            page.goto(f"{server}{path}")
            assert _overflow(page) <= 0, (width, path)
    page.screenshot(path=str(SCREENSHOTS / "interim-report-390.png"), full_page=True)

    assert outside_requests(page) == []
    assert csp_violations(page) == []
    assert page.console_errors == []
