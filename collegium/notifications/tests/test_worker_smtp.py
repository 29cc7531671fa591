"""End to end: an invitation sent through the service reaches a real SMTP server on loopback.

A real ``collegium db_worker`` process runs the queued tasks against a
migrated database of its own (a file on SQLite, a throwaway database on
PostgreSQL, as ``core/tests/test_worker.py`` does), with ``EMAIL_HOST`` and
``EMAIL_PORT`` pointing at an aiosmtpd server in this process.  The
invitation is sent by a script in another process, through the service, as a
page or the API would.  Every wait is bounded.
"""

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller

from collegium.core.tests.test_worker import _postgres_admin
from collegium.notifications.tests.conftest import Mailbox, free_port

TIMEOUT = 60  # seconds for any one thing to happen
SITE_URL = "https://collegium.example.org"

SCENARIO = """
import datetime as dt
import django
django.setup()
from django.utils import timezone
from collegium.accounts.models import Role
from collegium.accounts.services import user_create
from collegium.events.calendar.services import event_create
from collegium.events.invitations.services import invitation_create_ad_hoc, invitation_send
from collegium.notifications.services import preferences_update
from collegium.registry.models import OrganizationKind
from collegium.registry.services import organization_create, post_create

admin = user_create(actor=None, username="root", password="x", is_superuser=True, validate=False)
csto, cis = (
    organization_create(
        actor=admin,
        data={"slug": slug, "kind": OrganizationKind.INTERNATIONAL, "name_ru": ru, "name_en": en},
    )
    for slug, ru, en in (("csto", "ОДКБ", "CSTO"), ("cis", "СНГ", "CIS"))
)
head = post_create(
    actor=admin,
    data={"slug": "cis-head", "organization": cis, "label_ru": "Генеральный секретарь СНГ",
          "label_en": "Secretary General of the CIS", "is_head": True, "owner": cis},
)
def user(organization, name, role):
    return user_create(actor=admin, username=name, password="x", organization=organization,
                       role=role, email=f"{name}@example.org", validate=False)
sender = user(csto, "csto-editor", Role.EDITOR)
subscribed = user(cis, "cis-editor", Role.EDITOR)
unsubscribed = user(cis, "cis-manager", Role.MANAGER)
preferences_update(actor=unsubscribed, user=unsubscribed, data={"invitation_sent": False})
start = timezone.localtime().replace(microsecond=0) + dt.timedelta(days=60)
event = event_create(
    actor=sender,
    data={"slug": "csto-summit", "kind": "summit", "title_ru": "Сессия Совета коллективной безопасности ОДКБ",
          "title_en": "CSTO Collective Security Council", "city_ru": "Москва", "city_en": "Moscow",
          "timezone": "Europe/Moscow", "start": start, "end": start + dt.timedelta(hours=4),
          "owner": csto, "visibility": "public"},
    organizers=[csto],
)
invitation = invitation_create_ad_hoc(actor=sender, event=event, post=head)
invitation_send(actor=sender, invitation=invitation)
print(invitation.pk)
"""

REPORT = """
import json
import django
django.setup()
from collegium.notifications.models import Notice
print(json.dumps(list(Notice.objects.order_by("pk").values("user__username", "status", "attempts"))))
"""


@pytest.fixture(scope="module")
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory, mailbox) -> Iterator[dict]:
    """Yield the environment of ``collegium`` processes: their database, mail server, site."""
    var_dir = tmp_path_factory.mktemp("notify-var")
    env = {
        **os.environ,
        "COLLEGIUM_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "collegium.settings.base",
        "DEBUG": "false",
        "PYTHONUNBUFFERED": "1",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mailbox[1]),
        "EMAIL_TIMEOUT": "10",
        "DEFAULT_FROM_EMAIL": "Коллегиум <collegium@example.org>",
        "SITE_URL": SITE_URL,
        "AUDIT_CHECKPOINT_PATH": "",  # this test watches mail, not checkpoints
    }
    for name in ("DATABASE_URL", "AUDIT_SIGNING_KEY_PATH", "EMAIL_USE_TLS"):
        env.pop(name, None)
    url = os.environ.get("DATABASE_URL", "")
    database = None
    if url.startswith(("postgres://", "postgresql://")):
        database = f"{urlsplit(url).path.lstrip('/')}_notify_{secrets.token_hex(4)}"
        with _postgres_admin(url) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = urlsplit(url)._replace(path=f"/{database}").geturl()
    try:
        _python(env, "-m", "collegium.cli", "migrate", "--no-input", "-v0")
        yield env
    finally:
        if database:
            with _postgres_admin(url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _python(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=TIMEOUT * 2
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture
def worker(site, tmp_path) -> Iterator[Path]:
    """Run ``collegium db_worker`` in a process group of its own; yield its log."""
    log = tmp_path / "worker.log"
    with log.open("a") as out:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [
                sys.executable,
                "-m",
                "collegium.cli",
                "db_worker",
                "--interval",
                "0.2",
                "--no-startup-delay",
            ],
            env=site,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            assert process.wait(timeout=TIMEOUT) == 0, log.read_text()[-3000:]
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise


def _notices(site: dict) -> list[dict]:
    return json.loads(_python(site, "-c", REPORT))


def test_an_invitation_sent_reaches_the_invitees_mailbox(site, mailbox, worker):
    """The subscribed user gets one message, in Russian, with the link; the unsubscribed none."""
    box, _port = mailbox
    _python(site, "-c", SCENARIO)
    assert box.received.wait(TIMEOUT), (
        f"no message arrived; worker log:\n{worker.read_text()[-3000:]}"
    )
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        notices = _notices(site)
        if notices and all(n["status"] == "sent" for n in notices):
            break
        time.sleep(0.2)
    assert notices == [{"user__username": "cis-editor", "status": "sent", "attempts": 1}]
    time.sleep(1)  # a second message, were one wrongly queued, has had time to arrive
    assert len(box.messages) == 1
    envelope, message = box.messages[0]
    assert isinstance(message, EmailMessage)
    assert envelope.rcpt_tos == ["cis-editor@example.org"]
    assert envelope.mail_from == "collegium@example.org"
    assert message["To"] == "cis-editor@example.org"
    assert message["From"] == "Коллегиум <collegium@example.org>"
    assert message["Subject"] == (
        "Приглашение на мероприятие «Сессия Совета коллективной безопасности ОДКБ»"
    )
    text = message.get_body(("plain",)).get_content()
    assert f"{SITE_URL}/calendar/events/csto-summit/" in text
    assert "Адресат: Генеральный секретарь СНГ, СНГ." in text
    html = message.get_body(("html",)).get_content()
    assert f'href="{SITE_URL}/calendar/events/csto-summit/"' in html
