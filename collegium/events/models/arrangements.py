"""Arrangements, their parties, accessions and consents."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from collegium.core.i18n import TranslatedField
from collegium.core.models import AuditedModel, OwnedModel
from collegium.core.workflow import Transition, Workflow, WorkflowMixin
from collegium.events.models.events import EventKind


class ArrangementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    IN_FORCE = "in_force", _("In force")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")


# The arrangement's status machine.  A suspended arrangement may be resumed;
# a terminated one is final (a new arrangement is drawn up instead).
ARRANGEMENT_WORKFLOW = Workflow(
    "arrangement",
    states=ArrangementStatus,
    transitions=[
        Transition("propose", {ArrangementStatus.DRAFT}, ArrangementStatus.PROPOSED),
        Transition("bring_into_force", {ArrangementStatus.PROPOSED}, ArrangementStatus.IN_FORCE),
        # A proposal the parties did not all accept goes back to its owner to amend.
        Transition(
            "redraft",
            {ArrangementStatus.PROPOSED},
            ArrangementStatus.DRAFT,
            refused=_("Only a proposed arrangement goes back to draft."),
            code="arrangement_redraft_not_proposed",
        ),
        Transition("suspend", {ArrangementStatus.IN_FORCE}, ArrangementStatus.SUSPENDED),
        Transition(
            "resume",
            {ArrangementStatus.SUSPENDED},
            ArrangementStatus.IN_FORCE,
            refused=_("Only a suspended arrangement is resumed."),
            code="arrangement_resume_not_suspended",
        ),
        Transition(
            "terminate",
            {
                ArrangementStatus.DRAFT,
                ArrangementStatus.PROPOSED,
                ArrangementStatus.IN_FORCE,
                ArrangementStatus.SUSPENDED,
            },
            ArrangementStatus.TERMINATED,
        ),
    ],
    refused=_(
        "An arrangement cannot move from “%(current)s” to “%(target)s”; "
        "from “%(current)s” it may move to: %(allowed)s."
    ),
    final={
        ArrangementStatus.TERMINATED: (
            _(
                "A terminated arrangement is final and cannot be re-opened; "
                "draw up a new arrangement instead."
            ),
            "arrangement_terminated_is_final",
        )
    },
)
# Which statuses each status may move to.
ARRANGEMENT_TRANSITIONS: dict[str, frozenset[str]] = ARRANGEMENT_WORKFLOW.table


class ArrangementDirection(models.TextChoices):
    MUTUAL = "mutual", _("Mutual")
    ONE_WAY = "one_way", _("One-way")


def validate_event_kinds(value) -> None:
    """The scope is a non-empty list of event kinds, each named once."""
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Name at least one event kind."), code="invalid")
    unknown = [kind for kind in value if kind not in EventKind.values]
    if unknown:
        raise ValidationError(
            _("Unknown event kinds: %(kinds)s; use: %(allowed)s."),
            params={"kinds": ", ".join(map(str, unknown)), "allowed": ", ".join(EventKind.values)},
            code="invalid",
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("An event kind is named twice."), code="invalid")


class Arrangement(WorkflowMixin, OwnedModel):
    """A standing practice of invitations between parties, e.g. heads of executive bodies.

    ``scope`` lists the event kinds covered: an event of such a kind organized
    by a party (or one of its bodies) is covered.  The invitee rule: the head of
    each *other* party's executive body is invited (and deputies, if
    ``include_deputies``).  A one-way arrangement covers only the events of
    ``inviting_party``.
    """

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title_ru = models.CharField(_("title (ru)"), max_length=400)
    title_en = models.CharField(_("title (en)"), max_length=400, blank=True)
    title_be = models.CharField(_("title (be)"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    parties = models.ManyToManyField(
        "registry.Organization",
        through="ArrangementParty",
        through_fields=("arrangement", "organization"),
        verbose_name=_("parties"),
        related_name="arrangements",
    )
    scope = models.JSONField(
        _("event kinds covered"),
        default=list,
        validators=[validate_event_kinds],
        help_text=_("The kinds of the parties' events the arrangement covers, e.g. summits."),
    )
    include_deputies = models.BooleanField(
        _("deputies invited too"),
        default=False,
        help_text=_("Besides the head of each other party's executive body."),
    )
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=ArrangementDirection.choices,
        default=ArrangementDirection.MUTUAL,
    )
    inviting_party = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("inviting party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a one-way arrangement: the party whose events are covered."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ArrangementStatus.choices,
        default=ArrangementStatus.DRAFT,
    )
    proposed_on = models.DateField(_("proposed on"), null=True, blank=True)
    in_force_on = models.DateField(_("in force since"), null=True, blank=True)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    resumed_on = models.DateField(_("resumed on"), null=True, blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    dates_approximate = models.BooleanField(
        _("dates approximate"),
        default=False,
        help_text=_("Public sources do not state the exact dates."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    title = TranslatedField("title")

    party_paths = ("party_links__organization_id", "party_links__executive_body_id")
    workflow = ARRANGEMENT_WORKFLOW

    class Meta:
        ordering = ["title_ru", "pk"]
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangements")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.direction == ArrangementDirection.ONE_WAY and self.inviting_party_id is None:
            raise ValidationError(
                {"inviting_party": _("A one-way arrangement names its inviting party.")}
            )
        if self.direction == ArrangementDirection.MUTUAL and self.inviting_party_id is not None:
            raise ValidationError(
                {"inviting_party": _("A mutual arrangement has no single inviting party.")}
            )

    def status_history(self) -> list[tuple[str, dt.date]]:
        """Return (status label, date) of each status change recorded, in date order."""
        steps = [
            (ArrangementStatus.PROPOSED.label, self.proposed_on),
            (ArrangementStatus.IN_FORCE.label, self.in_force_on),
            (ArrangementStatus.SUSPENDED.label, self.suspended_on),
            (gettext("Resumed"), self.resumed_on),
            (ArrangementStatus.TERMINATED.label, self.terminated_on),
        ]
        return sorted(
            ((str(label), on) for label, on in steps if on is not None), key=lambda s: s[1]
        )


class ArrangementParty(AuditedModel):
    """A party to an arrangement and its executive body, whose head is invited."""

    arrangement = models.ForeignKey(
        Arrangement, on_delete=models.CASCADE, related_name="party_links"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="arrangement_parties",
    )
    executive_body = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("executive body"),
        on_delete=models.PROTECT,
        related_name="arrangement_bodies",
        help_text=_("Its head is invited to the other parties' events."),
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        # Creation order is joining order: founding parties first, then each accession.
        ordering = ["arrangement_id", "pk"]
        verbose_name = _("arrangement party")
        verbose_name_plural = _("arrangement parties")
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "organization"], name="one_party_link_per_arrangement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} in arrangement {self.arrangement_id}"

    def is_current(self, on: dt.date) -> bool:
        return (self.joined_on is None or self.joined_on <= on) and (
            self.left_on is None or self.left_on >= on
        )


class AccessionStatus(models.TextChoices):
    PENDING = "pending", _("Pending consents")
    IN_FORCE = "in_force", _("In force")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Accession(AuditedModel):
    """A proposal that a new party (with its executive body) joins an arrangement.

    Every current party and the newcomer consent; the last consent puts it in
    force, one refusal blocks it.  Visible with its arrangement.
    """

    arrangement = models.ForeignKey(
        Arrangement,
        verbose_name=_("arrangement"),
        on_delete=models.CASCADE,
        related_name="accessions",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("new party"),
        on_delete=models.PROTECT,
        related_name="accessions",
    )
    executive_body = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("executive body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_on = models.DateField(_("proposed on"))
    proposed_by = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AccessionStatus.choices,
        default=AccessionStatus.PENDING,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["proposed_on", "pk"]
        verbose_name = _("accession")
        verbose_name_plural = _("accessions")
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "organization"],
                condition=models.Q(status="pending"),
                name="one_pending_accession_per_newcomer",
            )
        ]

    def __str__(self) -> str:
        # Not translated: it is also the object's name in the audit chain.
        return f"accession of {self.organization_id} to arrangement {self.arrangement_id}"


class MotionKind(models.TextChoices):
    BRING_INTO_FORCE = "bring_into_force", _("Bring into force")
    SUSPEND = "suspend", _("Suspend")
    RESUME = "resume", _("Resume")
    TERMINATE = "terminate", _("Terminate")


# The status each kind of motion moves the arrangement to when adopted.
MOTION_TARGETS = {
    MotionKind.BRING_INTO_FORCE: ArrangementStatus.IN_FORCE,
    MotionKind.SUSPEND: ArrangementStatus.SUSPENDED,
    MotionKind.RESUME: ArrangementStatus.IN_FORCE,
    MotionKind.TERMINATE: ArrangementStatus.TERMINATED,
}


class MotionStatus(models.TextChoices):
    PENDING = "pending", _("Pending consents")
    ADOPTED = "adopted", _("Adopted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ArrangementMotion(AuditedModel):
    """A collective step on an arrangement, put by one party to all the parties it binds.

    Bringing into force, suspending, resuming or terminating binds every party,
    so each current party consents (the same ``Consent`` records as an
    accession); the last consent adopts the motion and makes the move, one
    refusal blocks it.  A draft or a proposal binds no one: its termination
    by the owner is adopted at once.  One motion at a time is pending on an
    arrangement.  Visible with its arrangement.
    """

    arrangement = models.ForeignKey(
        Arrangement,
        verbose_name=_("arrangement"),
        on_delete=models.CASCADE,
        related_name="motions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MotionKind.choices)
    moved_by = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("moved by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The party that put the motion to the others."),
    )
    moved_on = models.DateField(_("moved on"))
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MotionStatus.choices,
        default=MotionStatus.PENDING,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["moved_on", "pk"]
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement"],
                condition=models.Q(status="pending"),
                name="one_pending_motion_per_arrangement",
            )
        ]

    def __str__(self) -> str:
        # Not translated: it is also the object's name in the audit chain.
        return f"motion to {self.kind} arrangement {self.arrangement_id}"


class ConsentState(models.TextChoices):
    PENDING = "pending", _("Pending")
    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused")
    GIVEN_ON_BEHALF = "given_on_behalf", _("Given on behalf (by note)")


CONSENTING_STATES = frozenset({ConsentState.GIVEN, ConsentState.GIVEN_ON_BEHALF})


class Consent(AuditedModel):
    """One party's answer to an accession or to a motion, recorded once by a manager for it."""

    accession = models.ForeignKey(
        Accession,
        verbose_name=_("accession"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents",
    )
    motion = models.ForeignKey(
        ArrangementMotion,
        verbose_name=_("motion"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents",
    )
    party = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ConsentState.choices, default=ConsentState.PENDING
    )
    note_reference = models.CharField(
        _("note reference"),
        max_length=200,
        blank=True,
        help_text=_("The reference of the diplomatic note that conveyed the consent."),
    )
    conditions = models.TextField(_("conditions"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    given_on = models.DateField(
        _("given on"),
        null=True,
        blank=True,
        help_text=_("The date the party answered (of its note, for a consent given on behalf)."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(fields=["accession", "party"], name="one_consent_per_party"),
            models.UniqueConstraint(
                fields=["motion", "party"], name="one_consent_per_party_per_motion"
            ),
            # A consent answers exactly one question: an accession or a motion.
            models.CheckConstraint(
                condition=(
                    models.Q(accession__isnull=False, motion__isnull=True)
                    | models.Q(accession__isnull=True, motion__isnull=False)
                ),
                name="consent_answers_an_accession_or_a_motion",
            ),
        ]

    def __str__(self) -> str:
        if self.motion_id is not None:
            return f"consent of {self.party_id} to motion {self.motion_id}"
        return f"consent of {self.party_id} to accession {self.accession_id}"

    def clean(self) -> None:
        super().clean()
        if self.state == ConsentState.GIVEN_ON_BEHALF and not self.note_reference.strip():
            raise ValidationError(
                {
                    "note_reference": _(
                        "A consent given on behalf needs the reference of the note that "
                        "conveyed it."
                    )
                }
            )


# --- Invitations ----------------------------------------------------------------------
