"""The documents in a real browser: Debian's headless Chromium against the production server.

The server and the page are the site's browser fixtures (``collegium.testing.browser``):
a ``collegium serve`` process on its own database, loaded with the demo.
"""

from pathlib import Path

import pytest
from django.conf import settings

from collegium.testing.browser import csp_violations, outside_requests, sign_in

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

pytestmark = pytest.mark.browser


def _overflow(tab) -> int:
    return tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_agreements_gaps_side_by_side_editing_and_the_signed_text(page, server):
    """As mfa-ru: the 2025 resolution agreed and signed by both ministers (both signatures
    verified green, the signed PDF offered), a gap filled in the editor, 2024 signed."""
    sign_in(page, server, "mfa-ru")

    page.get_by_role("link", name="Документы", exact=True).first.click()
    page.wait_for_url(f"{server}/documents/")
    page.get_by_role("link", name="Постановление совместного заседания коллегий МИД России и МИД "
                     "Беларуси (Москва, 25 ноября 2025 года)").click()  # fmt: skip
    main = page.locator("main").inner_text()
    assert main.count("согласована редакция") == 2
    assert "иллюстративный" in main
    assert page.locator('[data-verification="green"]').count() == 2
    assert page.locator('[data-verification="red"]').count() == 0
    assert "Сергей Викторович Лавров" in main
    assert page.get_by_role("link", name="Подписанный PDF").is_visible()
    assert page.locator("[data-sign]").count() == 0  # signed: nothing left to sign
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "document-resolution-2025-ru.png"), full_page=True)

    # The Plan's second consultation lacks its English text: flagged, then filled in.
    page.goto(f"{server}/documents/consultation-plan-2026/")
    assert "нет текста: EN" in page.locator("main").inner_text()
    page.get_by_role("link", name="Редактировать параллельно").click()
    row = page.locator("#part-sec_1__para_2")
    row.locator("textarea[name=text_en]").fill("Consultations on consular matters (Minsk).")
    row.get_by_role("button", name="Сохранить").click()
    page.locator("#part-sec_1__para_2 [role=status]").wait_for()
    assert "нет текста" not in page.locator("#part-sec_1__para_2").inner_text()
    page.goto(f"{server}/documents/consultation-plan-2026/")
    assert "нет текста" not in page.locator("main").inner_text()

    # A signed text offers no editing, and the editor names the rule.
    page.goto(f"{server}/documents/resolution-2024/")
    assert page.get_by_role("link", name="Редактировать параллельно").count() == 0
    assert page.get_by_role("button", name="Подготовить новую редакцию").is_visible()
    page.goto(f"{server}/documents/resolution-2024/edit/")
    assert "Подписанный текст не редактируется" in page.locator("main").inner_text()
    assert page.locator("main textarea").count() == 0

    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/documents/", "/documents/resolution-2025/",
                     "/documents/consultation-plan-2026/edit/"):  # fmt: skip
            page.goto(f"{server}{path}")
            assert _overflow(page) <= 0, (width, path)
    page.screenshot(path=str(SCREENSHOTS / "document-editor-390.png"), full_page=True)

    assert outside_requests(page) == []
    assert csp_violations(page) == []
    assert page.console_errors == []
