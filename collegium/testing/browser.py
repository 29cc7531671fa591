"""Real-browser fixtures for any app's tests: a live production server and Debian's Chromium.

The server is a separate ``collegium serve`` process (gunicorn) on its own
database, migrated, with its static files collected and the demo loaded, once
per test session -- not pytest-django's live server, whose flush would run into
the append-only audit table.  On PostgreSQL runs a throwaway database is created
for it and dropped afterwards.  The browser is ``/usr/bin/chromium`` driven by
Playwright; no browser is ever downloaded (without Chromium the tests skip).

Registered for every test by the root ``conftest.py`` (``pytest_plugins``).
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import pytest

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
# A loaded machine (several test runs at once) may take this long to boot gunicorn.
HEALTH_TIMEOUT = 120
COMMAND_TIMEOUT = 600


@dataclass(frozen=True)
class LiveSite:
    """The running server: its base URL, the environment it runs in, and its log."""

    url: str
    env: dict[str, str]
    log: Path

    def run(self, *args: str) -> None:
        """Run ``python *args`` against the server's database and settings (output to the log)."""
        with self.log.open("a") as out:
            subprocess.run(  # noqa: S603 (our own command line)
                [sys.executable, *args],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=True,
                timeout=COMMAND_TIMEOUT,
            )

    def collegium(self, *args: str) -> None:
        """Run a ``collegium`` command against the server's database."""
        self.run("-m", "collegium.cli", *args)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


@pytest.fixture(scope="session")
def live_database_url() -> Iterator[str | None]:
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


def _wait_until_healthy(base_url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT
    while True:
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the server did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.3)


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """Return a ``STATIC_ROOT`` that ``collectstatic`` filled, once per test session.

    ``collegium serve`` refuses to start without it; every live server of the
    session (the browser's, the worker tests') shares it.
    """
    root = tmp_path_factory.mktemp("static")
    subprocess.run(  # noqa: S603 (our own command line)
        [sys.executable, "-m", "collegium.cli", "collectstatic", "--no-input", "-v0"],
        env={
            **os.environ,
            "STATIC_ROOT": str(root),
            "DJANGO_SETTINGS_MODULE": "collegium.settings.base",
        },
        capture_output=True,
        check=True,
        timeout=COMMAND_TIMEOUT,
    )
    return root


@pytest.fixture(scope="session")
def live_site(tmp_path_factory, live_database_url, collected_static) -> Iterator[LiveSite]:
    """Start ``collegium serve`` on a migrated demo database; yield the running site."""
    var_dir = tmp_path_factory.mktemp("browser-var")
    log = var_dir / "server.log"
    env = {
        **os.environ,
        "COLLEGIUM_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "collegium.settings.base",
        "STATIC_ROOT": str(collected_static),
        "DEBUG": "false",
    }
    env.pop("DATABASE_URL", None)
    if live_database_url:
        env["DATABASE_URL"] = live_database_url
    port = _free_port()
    site = LiveSite(url=f"http://127.0.0.1:{port}", env=env, log=log)
    site.collegium("migrate", "--no-input", "-v0")
    site.collegium("demo")

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
        _wait_until_healthy(site.url, process, log)
        yield site
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="session")
def server(live_site: LiveSite) -> str:
    """The live site's base URL (``http://127.0.0.1:PORT``)."""
    return live_site.url


@pytest.fixture(scope="session")
def chromium():
    """Launch Debian's headless Chromium once per session (skip the test if it is missing)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(chromium, server):
    """A fresh Russian-language browser page that records requests, console errors and CSP."""
    context = chromium.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
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


def csp_violations(page) -> list[str]:
    """Return the Content-Security-Policy violations the page reported."""
    return page.evaluate("window.__csp || []")


def outside_requests(page) -> list[str]:
    """Return the requests the page made to anywhere but the live server."""
    return [url for url in page.requests if urlsplit(url).hostname != "127.0.0.1"]


def sign_in(page, server: str, username: str | None, password: str | None = None) -> None:
    """Sign ``username`` in through the login form (None: stay anonymous, cookies cleared).

    The password is the demo's unless given.
    """
    from collegium.accounts.demo import DEMO_PASSWORD

    page.context.clear_cookies()
    if username is None:
        return
    page.goto(f"{server}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{server}/")
