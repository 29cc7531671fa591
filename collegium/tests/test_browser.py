"""A real browser journey: Debian's headless Chromium against the production server.

The server and the browser are the shared fixtures of ``collegium.testing.browser``:
``collegium serve`` on its own demo database, once per session.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from collegium.accounts.demo import DEMO_PASSWORD
from collegium.testing import ics_strict
from collegium.testing.browser import csp_violations as _csp_violations
from collegium.testing.browser import outside_requests, sign_in

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def test_sign_in_switch_language_and_open_an_organization(page, server):
    """Log in, switch to English, find the CSTO, read its Secretary General, switch back."""
    page.goto(f"{server}/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == "Коллегиум"
    assert _csp_violations(page) == []

    page.get_by_role("link", name="Войти").first.click()
    page.fill("#id_username", "csto-secretariat")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{server}/")
    assert page.get_by_role("button", name="Выйти").is_visible()

    page.locator(".lang-switch button[value=en]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Log out").is_visible()

    # The organization list's live search (HTMX) finds the CSTO.
    page.get_by_role("link", name="Registry", exact=True).first.click()
    page.fill("input[name=q]", "CSTO")
    page.wait_for_url(re.compile(r".*/registry/organizations/\?q=CSTO"))
    results = page.locator("#results")
    results.get_by_role("link", name="Collective Security Treaty Organization").click()
    page.wait_for_url(f"{server}/registry/organizations/csto/")

    assert page.locator("h1").inner_text() == "Collective Security Treaty Organization"
    leadership = page.locator(".head-card").first.text_content()
    assert "Secretary General" in leadership
    assert "Masadykov" in leadership or "Tasmagambetov" in leadership
    assert "Suspended" in page.locator("main").inner_text()  # Armenia's frozen participation

    page.locator(".lang-switch button[value=ru]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == "Организация Договора о коллективной безопасности"
    assert "Генеральный секретарь" in page.locator(".head-card").first.text_content()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "organization-csto-ru.png"), full_page=True)

    outside = outside_requests(page)
    assert outside == []
    assert _csp_violations(page) == []
    assert page.console_errors == []


def test_pages_load_only_local_resources(page, server):
    """The main pages load nothing from elsewhere and break no CSP rule."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for path in [
        "/",
        "/accounts/login/",
        "/registry/organizations/",
        "/registry/organizations/cis/",
        "/registry/persons/",
        "/registry/persons/sergey-lavrov/",
        "/registry/states/",
        "/registry/states/am/",
        "/reciprocity/",
        "/calendar/",
        "/calendar/list/",
        "/calendar/checks/",
        "/calendar/invitations/",
        "/calendar/events/csto-summit-2025-bishkek/",
        "/arrangements/",
        "/arrangements/cross-invitations-csto-cis-sco/",
    ]:
        response = page.goto(f"{server}{path}")
        assert response.status == 200, path
        assert _csp_violations(page) == [], path
        name = path.strip("/").replace("/", "-") or "home"
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert outside_requests(page) == []
    assert page.console_errors == []


# --- Issue 3: summits, cross-invitations, accession, reciprocity -----------------------------

ARRANGEMENT = "/arrangements/cross-invitations-csto-cis-sco/"
BISHKEK = "/calendar/events/csto-summit-2025-bishkek/"
NEXT_SUMMIT = "/calendar/events/cis-informal-summit-2026-saint-petersburg/"
CONSENTING = {
    # party (as the consent form names it): its secretariat's manager
    "Организация Договора о коллективной безопасности": "csto-secretariat",
    "Содружество Независимых Государств": "cis-executive-committee",
    "Шанхайская организация сотрудничества": "sco-secretariat",
    "Союзное государство": "union-state-standing-committee",
}


def _invitations_text(page) -> str:
    return page.locator("#invitations").inner_text()


def test_cross_invitations_accession_and_reciprocity(page, server):
    """Issue 3's journey: the Bishkek invitations, every consent recorded, Glazyev invited."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, server, "csto-secretariat")

    page.goto(f"{server}{BISHKEK}")
    invited = _invitations_text(page)
    assert "Лебедев" in invited
    assert "Ермекбаев" in invited
    assert "Глазьев" not in invited
    page.screenshot(path=str(SCREENSHOTS / "event-bishkek-invitations.png"), full_page=True)

    page.goto(f"{server}{ARRANGEMENT}")
    accession = page.locator("article[id^=accession-]")
    assert accession.locator("tbody tr td .badge", has_text="Ожидается").count() == 4
    page.screenshot(path=str(SCREENSHOTS / "arrangement-accession-pending.png"), full_page=True)

    page.goto(f"{server}{NEXT_SUMMIT}")
    assert "Глазьев" not in _invitations_text(page)

    for party, manager in CONSENTING.items():
        sign_in(page, server, manager)
        page.goto(f"{server}{ARRANGEMENT}")
        # Each manager sees a form for its own party only.
        forms = page.locator("form[aria-label^='Согласие']")
        assert forms.count() == 1, manager
        form = page.get_by_role("form", name=f"Согласие: {party}")
        form.locator("select[name=state]").select_option("given")
        form.get_by_role("button", name=f"Записать согласие: {party}").click()
        page.wait_for_url(re.compile(rf".*{ARRANGEMENT}.*"))

    accession = page.locator("article[id^=accession-]")
    assert accession.locator(".title-row .badge", has_text="Действует").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "arrangement-accession-in-force.png"), full_page=True)

    sign_in(page, server, "csto-secretariat")
    page.goto(f"{server}{NEXT_SUMMIT}")
    assert "Глазьев" in _invitations_text(page)
    page.screenshot(path=str(SCREENSHOTS / "event-next-summit-invitations.png"), full_page=True)

    response = page.goto(f"{server}/reciprocity/?start=2025-01-01&end=2026-12-31")
    assert response.status == 200
    assert page.locator("main table").count() >= 1
    assert page.locator("main svg circle, main svg rect").count() >= 3
    page.screenshot(path=str(SCREENSHOTS / "reciprocity.png"), full_page=True)

    # The public feed the calendar advertises imports into an independent strict parser.
    page.goto(f"{server}/calendar/")
    feed = page.locator("link[rel=alternate][type='text/calendar']").get_attribute("href")
    calendar = ics_strict.parse(page.request.get(f"{server}{feed}").body())
    summaries = [event.text("SUMMARY") for event in calendar.components("VEVENT")]
    assert any("ОДКБ" in summary for summary in summaries)

    assert outside_requests(page) == []
    assert _csp_violations(page) == []
    assert page.console_errors == []
