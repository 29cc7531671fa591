"""The agenda and the delegations of a meeting.

A meeting is an event of a meeting kind (``MEETING_KINDS``): a joint collegium,
a council of ministers, consultations, a working meeting or a summit have an
agenda; "other" events do not.  The records belong to their meeting: whoever
sees the event sees its agenda and delegations (no visibility of their own).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from collegium.core.i18n import TranslatedField
from collegium.core.models import AuditedModel
from collegium.events.models import EventKind

# The kinds of event that are meetings with an agenda and delegations.
MEETING_KINDS = frozenset(
    {
        EventKind.JOINT_COLLEGIUM,
        EventKind.COUNCIL_OF_MINISTERS,
        EventKind.CONSULTATIONS,
        EventKind.WORKING_MEETING,
        EventKind.SUMMIT,
    }
)

MAX_DURATION_MINUTES = 24 * 60


class AgendaItem(AuditedModel):
    """One item of a meeting's agenda, in its place; presented by a post or a person."""

    meeting = models.ForeignKey(
        "events.Event",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    order = models.PositiveIntegerField(_("position"), default=1)
    title_ru = models.CharField(_("title (ru)"), max_length=500)
    title_en = models.CharField(_("title (en)"), max_length=500, blank=True)
    title_be = models.CharField(_("title (be)"), max_length=500, blank=True)
    presenter_post = models.ForeignKey(
        "registry.Post",
        verbose_name=_("presenter (post)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The holder of the post on the meeting's date presents the item."),
    )
    presenter_person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("presenter (person)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demo content not taken from an official source."),
    )

    title = TranslatedField("title")

    # Set by the reads (``selectors.agenda_items_with_documents``): the attached documents
    # the reader may see, in their order.
    documents: list[Any]
    visible_attachments: list["AgendaDocument"]

    class Meta:
        ordering = ["meeting_id", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        indexes = [models.Index(fields=["meeting", "order"], name="agenda_meeting_order_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(presenter_post__isnull=True)
                | models.Q(presenter_person__isnull=True),
                name="agenda_presenter_one_of",
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title_ru}"

    def clean(self) -> None:
        super().clean()
        if self.presenter_post_id is not None and self.presenter_person_id is not None:
            message = _("Presenter: give a post or a person, not both.")
            raise ValidationError({"presenter_post": message, "presenter_person": message})
        if self.duration_minutes is not None and not (
            1 <= self.duration_minutes <= MAX_DURATION_MINUTES
        ):
            raise ValidationError(
                {
                    "duration_minutes": _("Duration: give a number of minutes from 1 to %(most)s.")
                    % {"most": MAX_DURATION_MINUTES}
                }
            )


class Delegation(AuditedModel):
    """The delegation of one party (an organizer of the meeting) to the meeting."""

    meeting = models.ForeignKey(
        "events.Event",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="delegations",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["meeting_id", "pk"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organization"], name="one_delegation_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"delegation {self.organization_id} to meeting {self.meeting_id}"


class DelegationMember(AuditedModel):
    """A person in a delegation, with their role in it; one member heads the delegation."""

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    is_head = models.BooleanField(_("head of delegation"), default=False)
    role_ru = models.CharField(_("role in the delegation (ru)"), max_length=300, blank=True)
    role_en = models.CharField(_("role in the delegation (en)"), max_length=300, blank=True)
    role_be = models.CharField(_("role in the delegation (be)"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("position"), default=1)

    role = TranslatedField("role")

    class Meta:
        ordering = ["delegation_id", "-is_head", "order", "pk"]
        verbose_name = _("member of a delegation")
        verbose_name_plural = _("members of delegations")
        constraints = [
            models.UniqueConstraint(
                fields=["delegation"],
                condition=models.Q(is_head=True),
                name="one_head_per_delegation",
            ),
            models.UniqueConstraint(
                fields=["delegation", "person"], name="person_once_per_delegation"
            ),
        ]

    def __str__(self) -> str:
        return f"member {self.person_id} of delegation {self.delegation_id}"


class AgendaDocument(AuditedModel):
    """A document attached to an agenda item, in its place among the item's documents.

    The document belongs to the meeting or has a party among its organizers
    (``services.agenda_document_attach``); a reader sees only the attached
    documents they may see.
    """

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    # Documents are never deleted (their workflow supersedes or expires them).
    document = models.ForeignKey(
        "decisions.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.PositiveIntegerField(_("position"), default=1)

    class Meta:
        ordering = ["item_id", "order", "pk"]
        verbose_name = _("document of an agenda item")
        verbose_name_plural = _("documents of agenda items")
        constraints = [
            models.UniqueConstraint(fields=["item", "document"], name="document_once_per_item")
        ]

    def __str__(self) -> str:
        return f"document {self.document_id} of agenda item {self.item_id}"
