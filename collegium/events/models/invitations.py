"""Invitations and the moves they allow."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collegium.core.models import OwnedModel
from collegium.core.workflow import Transition, Workflow, WorkflowMixin
from collegium.events.models.arrangements import Arrangement
from collegium.events.models.events import Event


class InvitationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    NO_REPLY = "no_reply", _("No reply")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")


_SENT, _ACCEPTED = {InvitationStatus.SENT}, {InvitationStatus.ACCEPTED}
_ANSWERED = _("Only a sent invitation is answered.")
_ATTENDANCE = _("Attendance is recorded only for an accepted invitation.")

# The invitation's status machine: an answer only to a sent invitation, and
# the answering side may correct it (accepted <-> declined, audited like the
# answer) until attendance is recorded; attendance only after an acceptance.
# No reply, attended and absent are final.  Each move names the rule it
# follows, for its refusal.  When a move may be made is ``Invitation.too_early``.
INVITATION_WORKFLOW = Workflow(
    "invitation",
    states=InvitationStatus,
    transitions=[
        Transition(
            "send",
            {InvitationStatus.DRAFT},
            InvitationStatus.SENT,
            rule=_("Only a draft invitation is sent."),
        ),
        Transition(
            "accept",
            {InvitationStatus.SENT, InvitationStatus.DECLINED},
            InvitationStatus.ACCEPTED,
            rule=_ANSWERED,
        ),
        Transition(
            "decline",
            {InvitationStatus.SENT, InvitationStatus.ACCEPTED},
            InvitationStatus.DECLINED,
            rule=_ANSWERED,
        ),
        Transition(
            "no_reply",
            _SENT,
            InvitationStatus.NO_REPLY,
            rule=_("Only a sent invitation is marked as unanswered."),
        ),
        Transition("attended", _ACCEPTED, InvitationStatus.ATTENDED, rule=_ATTENDANCE),
        Transition("absent", _ACCEPTED, InvitationStatus.ABSENT, rule=_ATTENDANCE),
    ],
    refused=_("%(rule)s This invitation is “%(current)s”."),
)
# Which statuses each status may move to.
INVITATION_TRANSITIONS: dict[str, frozenset[str]] = INVITATION_WORKFLOW.table

# The moves that record what happened at the event, or that no answer came before it:
# made only from the event's start.  An invitation has no reply-by date of its own, so
# the event's start is the last moment an answer is awaited.
FROM_EVENT_START = {
    InvitationStatus.NO_REPLY: _(
        "“No reply” is recorded only once the event has started: until then an answer may "
        "still come."
    ),
    InvitationStatus.ATTENDED: _("Attendance is recorded only from the event's start."),
    InvitationStatus.ABSENT: _("Attendance is recorded only from the event's start."),
}

# The statuses of an invitation that has reached its invitee: the invited
# organization may then see the event (``calendar.selectors.visible_events``)
# and the invitation, whatever the event's visibility.  A draft is the
# organizer's own business and shows the invitee nothing.  Listed rather than
# "all but draft", so that a status added later (a withdrawal) grants nothing
# until it is placed here on purpose.
INVITEE_SEES_EVENT_STATUSES = frozenset(
    {
        InvitationStatus.SENT,
        InvitationStatus.ACCEPTED,
        InvitationStatus.DECLINED,
        InvitationStatus.NO_REPLY,
        InvitationStatus.ATTENDED,
        InvitationStatus.ABSENT,
    }
)


class Invitation(WorkflowMixin, OwnedModel):
    """An invitation to an event, addressed to a post and resolved to its holder on the event date.

    Generated for the arrangements that cover the event (``arrangement``), or
    made ad hoc (no arrangement).  The inviting organization is the organizer
    party; its secretariat owns the invitation and sends it, the invitee's
    secretariat records the answer (or the organizer records it on behalf).
    """

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitations"
    )
    arrangement = models.ForeignKey(
        Arrangement,
        verbose_name=_("arrangement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        help_text=_("Empty for an ad hoc invitation."),
    )
    inviting_organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("inviting organization"),
        on_delete=models.PROTECT,
        related_name="invitations_sent",
    )
    invitee_organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("invited organization"),
        on_delete=models.PROTECT,
        related_name="invitations_received",
    )
    invitee_body = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("invited body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    invitee_post = models.ForeignKey(
        "registry.Post",
        verbose_name=_("invited post"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    invitee_person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("invited person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        help_text=_("The holder of the post on the event's first day; empty if it is vacant."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.DRAFT,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answer recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_on_behalf = models.BooleanField(
        _("answer recorded on behalf"),
        default=False,
        help_text=_("The organizer recorded the invitee's answer."),
    )
    attendance_recorded_at = models.DateTimeField(
        _("attendance recorded at"), null=True, blank=True
    )
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendance recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    party_paths = ("inviting_organization_id", "invitee_organization_id")
    workflow = INVITATION_WORKFLOW

    class Meta:
        ordering = ["event_id", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # Generation is idempotent: one invitation per post under each arrangement.
            models.UniqueConstraint(
                fields=["event", "invitee_post", "arrangement"],
                name="one_invitation_per_post_and_arrangement",
            ),
            # NULLs are distinct in a unique constraint: ad hoc ones get their own.
            models.UniqueConstraint(
                fields=["event", "invitee_post"],
                condition=models.Q(arrangement__isnull=True),
                name="one_ad_hoc_invitation_per_post",
            ),
        ]

    def __str__(self) -> str:
        # Not translated: it is also the object's name in the audit chain.
        return f"invitation of post {self.invitee_post_id} to event {self.event_id}"

    def too_early(self, status: str, *, now: dt.datetime) -> str:
        """Return why the move to ``status`` may not be made yet at ``now``; empty if it may.

        Attendance and "no reply" only from the event's start (``FROM_EVENT_START``).
        """
        rule = FROM_EVENT_START.get(InvitationStatus(status))
        if rule is None or self.event.start <= now:
            return ""
        return str(rule)


# --- Availability ---------------------------------------------------------------------
