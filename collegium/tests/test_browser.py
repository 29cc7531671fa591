"""A real browser journey: Debian's headless Chromium against the production server.

The server is a separate ``collegium serve`` process (gunicorn) on its own
database, loaded with ``collegium demo`` -- not pytest-django's live server,
whose flush would run into the append-only audit table.  On PostgreSQL runs a
throwaway database is created for it and dropped afterwards.
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import pytest
from django.conf import settings

from collegium.testing import ics_strict

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
DEMO_PASSWORD = "collegium-demo"  # noqa: S105 (the published demo password)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _collegium(*args: str, env: dict, log: Path) -> None:
    with log.open("a") as out:
        subprocess.run(  # noqa: S603 (our own command line)
            [sys.executable, "-m", "collegium.cli", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
            timeout=300,
        )


def _postgres_admin(url: str):
    import psycopg

    config = dj_database_url.parse(url)
    return psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture(scope="module")
def database_url() -> Iterator[str | None]:
    """Yield a throwaway PostgreSQL database for PostgreSQL runs; None means SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield None
        return
    name = f"collegium_browser_{secrets.token_hex(4)}"
    with _postgres_admin(url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(url)._replace(path=f"/{name}").geturl()
    finally:
        with _postgres_admin(url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def server(tmp_path_factory, database_url) -> Iterator[str]:
    """Start ``collegium serve`` on a migrated demo database; yield its base URL."""
    var_dir = tmp_path_factory.mktemp("browser-var")
    log = var_dir / "server.log"
    env = {
        **os.environ,
        "COLLEGIUM_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "collegium.settings.base",
        "STATIC_ROOT": str(var_dir / "static"),
        "DEBUG": "false",
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    _collegium("migrate", "--no-input", "-v0", env=env, log=log)
    _collegium("collectstatic", "--no-input", "-v0", env=env, log=log)
    _collegium("demo", env=env, log=log)

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    with log.open("a") as out:
        process = subprocess.Popen(  # noqa: S603 (our own command line)
            [
                sys.executable,
                "-m",
                "collegium.cli",
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield base_url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def page(server):
    """A fresh Russian-language browser page that records requests, console and CSP reports."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
        # Reported by the page itself, whatever the console says.
        context.add_init_script(
            "window.__csp = [];"
            "document.addEventListener('securitypolicyviolation',"
            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
        )
        page = context.new_page()
        page.requests = []
        page.console_errors = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                page.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        try:
            yield page
        finally:
            context.close()
            browser.close()


def _csp_violations(page) -> list[str]:
    return page.evaluate("window.__csp")


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

    outside = [url for url in page.requests if urlsplit(url).hostname != "127.0.0.1"]
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
    assert [url for url in page.requests if urlsplit(url).hostname != "127.0.0.1"] == []
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


def _sign_in(page, server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{server}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{server}/")


def _invitations_text(page) -> str:
    return page.locator("#invitations").inner_text()


def test_cross_invitations_accession_and_reciprocity(page, server):
    """Issue 3's journey: the Bishkek invitations, every consent recorded, Glazyev invited."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _sign_in(page, server, "csto-secretariat")

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
        _sign_in(page, server, manager)
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

    _sign_in(page, server, "csto-secretariat")
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

    assert [url for url in page.requests if urlsplit(url).hostname != "127.0.0.1"] == []
    assert _csp_violations(page) == []
    assert page.console_errors == []
