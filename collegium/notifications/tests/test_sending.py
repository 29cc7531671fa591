"""Sending: through a real SMTP server on loopback, once only, retried after a failure."""

import datetime as dt
import random
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from collegium.events.calendar.services import event_update
from collegium.notifications.mail import NoticeEmail
from collegium.notifications.models import Moment, Notice, NoticeStatus
from collegium.notifications.notices import notices_create
from collegium.notifications.sending import LOST_AFTER, notice_deliver, notices_overdue, retry_delay
from collegium.notifications.tasks import notice_send, notifications_scan
from collegium.notifications.tests.conftest import free_port


def _notice_to(username: str) -> Notice:
    return Notice.objects.get(moment=Moment.INVITATION_SENT, user__username=username)


def test_the_message_is_russian_with_a_link_and_an_html_part(
    draft_invitation, send, smtp_server, settings
):
    """Subject and body in Russian, plain text and HTML, the link built from ``SITE_URL``."""
    settings.SITE_URL = "https://collegium.example.org/"
    send(draft_invitation)
    assert notice_deliver(notice_id=_notice_to("cis-editor").pk).status == NoticeStatus.SENT
    [(envelope, message)] = smtp_server.messages
    assert envelope.rcpt_tos == ["cis-editor@example.org"]
    assert message["Subject"] == "Приглашение на мероприятие «Сессия СКБ ОДКБ»"
    assert message["To"] == "cis-editor@example.org"
    assert message["Content-Language"] == "ru"
    link = "https://collegium.example.org/calendar/events/csto-summit/"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Здравствуйте, cis-editor." in text
    assert "Мероприятие: «Сессия СКБ ОДКБ»" in text
    assert f"Открыть мероприятие и ответить: {link}" in text
    assert f'<a href="{link}">Открыть мероприятие и ответить</a>' in html
    assert "https://collegium.example.org/accounts/notifications/" in text
    notice = _notice_to("cis-editor")
    assert (notice.status, notice.attempts, notice.address) == (
        NoticeStatus.SENT,
        1,
        "cis-editor@example.org",
    )


# Subjects Python 3.12's header folder breaks (a space lost between two encoded words).
FOLDED_BADLY = [
    (
        Moment.REPLY_DUE,
        "Заседание Высшего Государственного Совета Союзного государства — Москва",
        "Приближается срок ответа на приглашение на мероприятие «%s»",
    ),
    (
        Moment.INVITATION_SENT,
        "Заседание Совета глав государств — членов Шанхайской организации сотрудничества "
        "(«ШОС плюс», расширенный формат) в г. Тяньцзинь",
        "Приглашение на мероприятие «%s»",
    ),
]


@pytest.mark.parametrize(
    ("moment", "title", "subject"), FOLDED_BADLY, ids=["reply-due", "invitation-sent"]
)
def test_a_long_cyrillic_subject_arrives_whole(
    draft_invitation, send, smtp_server, site_admin, moment, title, subject
):
    """The subject the server receives decodes to exactly the one sent, in lines of 78 or less."""
    event_update(actor=site_admin, event=draft_invitation.event, data={"title_ru": title})
    send(draft_invitation)
    notice = notices_create(
        moment=moment,
        object_id=draft_invitation.pk,
        organization_ids={draft_invitation.invitee_organization_id},
        occasion="folding",
    )[0]
    assert notice_deliver(notice_id=notice.pk).status == NoticeStatus.SENT
    [(envelope, message)] = smtp_server.messages
    assert message["Subject"] == subject % title
    raw = envelope.original_content.decode("ascii")  # every header 7-bit on the wire
    folded = raw.split("\r\nSubject: ", 1)[1].split("\r\n")
    subject_lines = [folded[0], *_continuations(folded[1:])]
    assert len(subject_lines) > 1
    assert len("Subject: ") + len(subject_lines[0]) <= 78
    assert all(len(line) + 1 <= 78 for line in subject_lines[1:])


def test_any_subject_survives_folding():
    """Random subjects of Cyrillic, Latin, digits, quotes, dashes and brackets decode unchanged."""
    rng = random.Random(2026)
    alphabet = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗ abcXYZ019 ,.;:«»\"'()[]—–-/?!@<>=№"
    for _ in range(500):
        subject = " ".join("".join(rng.choices(alphabet, k=rng.randint(1, 160))).split())
        if not subject:
            continue
        for wire in (policy.SMTP, policy.default):
            message = NoticeEmail(subject=subject, body="x", to=["a@example.org"])
            received = message_from_bytes(
                message.message(policy=wire).as_bytes(), policy=policy.default
            )
            assert received["Subject"] == subject


def _continuations(lines):
    for line in lines:
        if not line.startswith((" ", "\t")):
            return
        yield line.strip()


def test_a_notice_is_sent_once(draft_invitation, send, smtp_server):
    """Delivering a sent notice again, as a second worker or a repeated task would, sends nothing."""
    send(draft_invitation)
    notice = _notice_to("cis-editor")
    assert notice_deliver(notice_id=notice.pk).status == NoticeStatus.SENT
    assert notice_deliver(notice_id=notice.pk).status == NoticeStatus.SENT
    notice_send.call(notice.pk)
    assert len(smtp_server.messages) == 1
    notice.refresh_from_db()
    assert notice.attempts == 1


def test_the_same_moment_twice_makes_no_second_notice(
    draft_invitation, send, django_capture_on_commit_callbacks, world
):
    """The signal received twice (a retry, a second receiver) creates each notice once."""
    from collegium.events.invitations.signals import invitation_sent

    send(draft_invitation)
    before = list(Notice.objects.order_by("pk").values_list("key", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        invitation_sent.send(
            sender=type(draft_invitation),
            actor=world["editors"]["csto"],
            invitation=draft_invitation,
        )
    assert list(Notice.objects.order_by("pk").values_list("key", flat=True)) == before
    assert len(before) == 2


def test_a_refused_send_is_retried_later_and_then_delivered(draft_invitation, send, smtp_server):
    """The server answers 451 once: the notice keeps the error, waits, and goes out next time."""
    send(draft_invitation)
    notice = _notice_to("cis-editor")
    smtp_server.refuse = 1
    before = timezone.now()
    result = notice_send.call(notice.pk)
    assert result["status"] == NoticeStatus.FAILED
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.FAILED
    assert notice.attempts == 1
    assert "451" in notice.last_error
    assert notice.next_attempt_at >= before + retry_delay(1)
    # The retry is queued for that time, with the worker.
    # (A task queued to run at once has the backend's "latest" date as its run_after.)
    [retry] = [
        task
        for task in DBTaskResult.objects.filter(task_path__endswith=".notice_send")
        if task.args_kwargs["args"] == [notice.pk] and task.run_after.year < 9999
    ]
    assert abs((retry.run_after - notice.next_attempt_at).total_seconds()) < 1
    # Too early: not taken.
    assert notice_deliver(notice_id=notice.pk).status == NoticeStatus.FAILED
    assert smtp_server.messages == []
    Notice.objects.filter(pk=notice.pk).update(next_attempt_at=timezone.now())
    assert notice_deliver(notice_id=notice.pk).status == NoticeStatus.SENT
    [(envelope, _)] = smtp_server.messages
    assert envelope.rcpt_tos == ["cis-editor@example.org"]
    notice.refresh_from_db()
    assert (notice.attempts, notice.status) == (2, NoticeStatus.SENT)
    assert "451" in notice.last_error  # the history of the failure stays


def test_a_server_out_of_reach_is_retried_with_a_growing_wait(draft_invitation, send, settings):
    """No server listening: each attempt fails, each wait is longer, up to the cap; never given up."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 5},
        }
    }
    settings.NOTIFY_RETRY_SECONDS = 60
    settings.NOTIFY_RETRY_MAX_SECONDS = 300
    send(draft_invitation)
    notice = _notice_to("cis-editor")
    waits = []
    for _attempt in range(5):
        Notice.objects.filter(pk=notice.pk).update(next_attempt_at=timezone.now())
        start = timezone.now()
        outcome = notice_deliver(notice_id=notice.pk)
        assert outcome.status == NoticeStatus.FAILED
        waits.append(round((outcome.retry_at - start).total_seconds() / 60))
    assert waits == [1, 2, 4, 5, 5]
    notice.refresh_from_db()
    assert notice.attempts == 5
    assert "Connection refused" in notice.last_error or "ConnectionRefused" in notice.last_error


def test_a_notice_whose_task_was_lost_is_queued_again_by_the_scan(draft_invitation, send):
    """A failed notice long past its time, and one stuck "sending" (a dead worker), are resent."""
    send(draft_invitation)
    stale = timezone.now() - LOST_AFTER - dt.timedelta(minutes=1)
    failed, stuck = _notice_to("cis-editor"), _notice_to("cis-manager")
    Notice.objects.filter(pk=failed.pk).update(status=NoticeStatus.FAILED, next_attempt_at=stale)
    Notice.objects.filter(pk=stuck.pk).update(
        status=NoticeStatus.SENDING, claimed_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert notices_overdue() == [failed.pk, stuck.pk]
    DBTaskResult.objects.all().delete()
    assert notifications_scan.call() == {"reminders": 0, "requeued": 2}
    queued = DBTaskResult.objects.order_by("pk")
    requeued = [t.args_kwargs["args"] for t in queued if t.task_path.endswith(".notice_send")]
    assert sorted(requeued) == sorted([[failed.pk], [stuck.pk]])
    # ... and the scan has queued itself for its next run.
    [scan] = [t for t in queued if t.task_path.endswith(".notifications_scan")]
    assert scan.run_after > timezone.now()
    assert notice_deliver(notice_id=stuck.pk).status == NoticeStatus.SENT
    assert len(mail.outbox) == 1


def test_an_unsubscribed_users_queued_notice_is_dropped(draft_invitation, send, mailboxes):
    """Turning a moment off stops the notices still waiting, too."""
    from collegium.notifications.services import preferences_update

    send(draft_invitation)
    editor = mailboxes["cis-editor"]
    preferences_update(actor=editor, user=editor, data={"invitation_sent": False})
    assert notice_deliver(notice_id=_notice_to("cis-editor").pk).status == NoticeStatus.DROPPED
    assert mail.outbox == []
