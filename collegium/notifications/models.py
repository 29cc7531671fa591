"""Each user's choice of e-mail notifications, and the notices sent (or to be sent)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collegium.core.models import AuditedModel


class Moment(models.TextChoices):
    """The moments a user may be told of by e-mail; each is a preference of its own."""

    INVITATION_SENT = "invitation_sent", _("An invitation sent to my organization")
    INVITATION_ANSWERED = "invitation_answered", _("An answer to my organization's invitation")
    CONSENT_REQUESTED = "consent_requested", _("My organization's consent requested")
    REPLY_DUE = "reply_due", _("The reply date of an invitation to my organization near")


class MailLanguage(models.TextChoices):
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")
    BELARUSIAN = "be", _("Belarusian")


class NotificationPreferences(AuditedModel):
    """Which moments a user is told of by e-mail, and in which language.

    A user without a record gets every notice, in Russian: every moment is on
    by default, and the language is set from the interface's when the user
    first saves the choice (``services.preferences_update``).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    invitation_sent = models.BooleanField(Moment.INVITATION_SENT.label, default=True)
    invitation_answered = models.BooleanField(Moment.INVITATION_ANSWERED.label, default=True)
    consent_requested = models.BooleanField(Moment.CONSENT_REQUESTED.label, default=True)
    reply_due = models.BooleanField(Moment.REPLY_DUE.label, default=True)
    language = models.CharField(
        _("language of the e-mails"),
        max_length=2,
        choices=MailLanguage.choices,
        default=MailLanguage.RUSSIAN,
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        # Not translated: it is also the object's name in the audit chain.
        return f"notification preferences of user {self.user_id}"

    def wants(self, moment: str) -> bool:
        return bool(getattr(self, Moment(moment).value))


class NoticeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    FAILED = "failed", _("Failed; to be retried")
    SENT = "sent", _("Sent")
    DROPPED = "dropped", _("Not sent (nothing left to tell)")


# A notice in these statuses still has to reach its recipient.
UNSENT_STATUSES = frozenset({NoticeStatus.PENDING, NoticeStatus.FAILED, NoticeStatus.SENDING})


class Notice(models.Model):
    """One e-mail to one user about one moment of one record; the task worker sends it.

    ``key`` names the notice (the moment, the record, the occasion, the user),
    so the same notice is never created twice, whoever asks for it.  A failed
    attempt is kept with its error and retried later (``next_attempt_at``);
    nothing is deleted.  Bookkeeping of the worker, like a task result: not
    audited.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    moment = models.CharField(_("moment"), max_length=30, choices=Moment.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    object_id = models.BigIntegerField(_("record"))
    language = models.CharField(_("language"), max_length=2, choices=MailLanguage.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    address = models.EmailField(_("address"), blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notice_due")]

    def __str__(self) -> str:
        return self.key
