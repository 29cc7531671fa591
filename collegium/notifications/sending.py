"""Delivering one notice: claim it, render it, hand it to the mail server, record the outcome.

A notice is claimed before it is sent (``pending``/``failed`` -> ``sending``
in one conditional UPDATE), so two workers never send it both; a sent notice
is never sent again.  A failed attempt keeps its error and the time of the
next one, later each time (``retry_delay``), and is never given up: the
caller queues the retry, and the periodic scan picks up any notice whose
retry was lost (``notices_overdue``).
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from collegium.notifications.mail import notice_message
from collegium.notifications.models import Notice, NoticeStatus
from collegium.notifications.selectors import preferences_of

logger = logging.getLogger("collegium.notifications")

# A claim older than this is taken to be a worker that died while sending.
STALE_CLAIM = dt.timedelta(minutes=15)
# A notice due this long ago with no attempt made has lost its queued task.
LOST_AFTER = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Outcome:
    status: str
    retry_at: dt.datetime | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "status": self.status,
            "retry_at": self.retry_at.isoformat() if self.retry_at else None,
        }


def retry_delay(attempts: int) -> dt.timedelta:
    """Return the wait after the ``attempts``-th failure: doubling from the first, capped."""
    first = settings.NOTIFY_RETRY_SECONDS
    seconds = min(first * 2 ** max(attempts - 1, 0), settings.NOTIFY_RETRY_MAX_SECONDS)
    return dt.timedelta(seconds=seconds)


def _claim(notice_id: int, now: dt.datetime) -> bool:
    """Take the notice for this worker if it is due and nobody sends it; return whether taken."""
    claimable = Q(status__in=[NoticeStatus.PENDING, NoticeStatus.FAILED]) | Q(
        status=NoticeStatus.SENDING, claimed_at__lt=now - STALE_CLAIM
    )
    return bool(
        Notice.objects.filter(claimable, pk=notice_id, next_attempt_at__lte=now).update(
            status=NoticeStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def _still_wanted(notice: Notice) -> bool:
    """Whether the recipient still takes this notice: active, an address, the moment on."""
    user = notice.user
    return user.is_active and bool(user.email) and preferences_of(user).wants(notice.moment)


def notice_deliver(*, notice_id: int) -> Outcome:
    """Send the notice if it is due and unsent; return what became of it.

    ``sent``; ``dropped`` (the record is gone or its moment passed, or the
    recipient turned the moment off or has no address); ``failed`` with the
    time of the next attempt; or, for a notice not taken (sent already, being
    sent by another worker, not due yet, missing), its current status.
    """
    now = timezone.now()
    if not _claim(notice_id, now):
        current = Notice.objects.filter(pk=notice_id).values_list("status", flat=True).first()
        return Outcome(current or "missing")
    notice = Notice.objects.select_related("user").get(pk=notice_id)
    try:
        message = notice_message(notice) if _still_wanted(notice) else None
        if message is None:
            _finish(notice, NoticeStatus.DROPPED)
            return Outcome(NoticeStatus.DROPPED)
        message.send()
    except Exception as exc:  # noqa: BLE001 (any failure is recorded and retried, never lost)
        retry_at = timezone.now() + retry_delay(notice.attempts)
        Notice.objects.filter(pk=notice.pk).update(
            status=NoticeStatus.FAILED,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=retry_at,
            claimed_at=None,
        )
        logger.warning(
            "notice %s to user %s failed (attempt %s), retried at %s: %s",
            notice.pk,
            notice.user_id,
            notice.attempts,
            retry_at.isoformat(),
            exc,
        )
        return Outcome(NoticeStatus.FAILED, retry_at)
    _finish(
        notice,
        NoticeStatus.SENT,
        sent_at=timezone.now(),
        address=notice.user.email,
        subject=str(message.subject)[:300],
    )
    logger.info("notice %s sent to user %s", notice.pk, notice.user_id)
    return Outcome(NoticeStatus.SENT)


def _finish(notice: Notice, status: str, **fields: object) -> None:
    Notice.objects.filter(pk=notice.pk).update(status=status, claimed_at=None, **fields)


def notices_overdue(now: dt.datetime | None = None) -> list[int]:
    """Return the unsent notices whose queued attempt was lost: long due, or stuck in sending."""
    now = now or timezone.now()
    return list(
        Notice.objects.filter(
            Q(
                status__in=[NoticeStatus.PENDING, NoticeStatus.FAILED],
                next_attempt_at__lt=now - LOST_AFTER,
            )
            | Q(status=NoticeStatus.SENDING, claimed_at__lt=now - STALE_CLAIM)
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )
