# ruff: noqa: F811 (the events tests' fixtures, imported, are parameters of these)
"""Fixtures of the notifications tests: the events tests' world, each user with a mailbox.

The world (``events.tests.arrangements.arrangement_fixtures``): the CSTO, the
CIS, the SCO, the Union State and the MFA of Russia, each with a manager and
an editor (``csto-manager``, ``csto-editor``, ...), every one of them given
an address here, and a real SMTP server on loopback (aiosmtpd) for the tests
that send.
"""

import datetime as dt
import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.utils import timezone

from collegium.accounts.models import User
from collegium.accounts.services import user_update
from collegium.events.invitations import services as invitation_services
from collegium.events.models import Invitation

# The events tests' fixtures: organizations, the arrangement world, events.
from collegium.events.tests.conftest import (  # noqa: F401
    accession,
    cis,
    csto,
    make_arrangement,
    make_event,
    world,
)


@pytest.fixture
def mailboxes(world, site_admin) -> dict[str, User]:
    """Give every user of the world the address ``<username>@example.org``; return them by name."""
    users = {}
    for user in User.objects.filter(affiliations__isnull=False).distinct().order_by("pk"):
        users[user.username] = user_update(
            actor=site_admin, user=user, data={"email": f"{user.username}@example.org"}
        )
    return users


def in_days(days: int) -> dict[str, dt.datetime]:
    """Return the start and end of an event ``days`` days from today, at noon here.

    Noon, not now: the events are in Bishkek (three hours ahead), where after 21:00 here
    "now" plus ``days`` is already a day later and the reply date moves with it."""
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start = noon + dt.timedelta(days=days)
    return {"start": start, "end": start + dt.timedelta(hours=4)}


@pytest.fixture
def draft_invitation(make_arrangement, make_event, world, mailboxes) -> Invitation:
    """A CSTO summit's draft invitation, 60 days ahead, to the head of the CIS body."""
    make_arrangement()
    event = make_event(slug="csto-summit", **in_days(60))
    return Invitation.objects.get(event=event, invitee_post=world["posts"]["cis"][0])


@pytest.fixture
def send(world, django_capture_on_commit_callbacks):
    """Send an invitation as the CSTO's editor, running what waits for the commit."""

    def sending(invitation: Invitation) -> Invitation:
        with django_capture_on_commit_callbacks(execute=True):
            return invitation_services.invitation_send(
                actor=world["editors"]["csto"], invitation=invitation
            )

    return sending


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """What a loopback SMTP server received, and how it answers (``refuse``: the next n)."""

    def __init__(self) -> None:
        self.messages: list[tuple[Envelope, EmailMessage]] = []
        self.refuse = 0
        self.received = threading.Event()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        content = envelope.original_content or b""
        message = message_from_bytes(content, policy=policy.default)
        self.messages.append((envelope, message))
        self.received.set()
        return "250 OK"


@pytest.fixture
def smtp_server(settings) -> Iterator[Mailbox]:
    """Run an SMTP server on loopback and point Django's SMTP backend at it."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
            }
        }
        yield mailbox
    finally:
        controller.stop()
