"""Documents of the parties: resolutions, plans, programmes; their parts, parties and revisions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collegium.core.i18n import TranslatedField
from collegium.core.models import AuditedModel, OwnedModel
from collegium.core.workflow import Transition, Workflow, WorkflowMixin
from collegium.decisions.engine import structure


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    PLAN = "plan", _("Plan")
    PROGRAMME = "programme", _("Programme")
    JOINT_STATEMENT = "joint_statement", _("Joint statement")
    MEMORANDUM = "memorandum", _("Memorandum")
    MINUTES = "minutes", _("Minutes")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # Minutes only: the draft sent to the parties for their comments and approval.
    CIRCULATED = "circulated", _("Circulated")
    AGREED = "agreed", _("Agreed")
    # Minutes only: every party approved the text; final, never signed or edited.
    APPROVED = "approved", _("Approved")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")
    EXPIRED = "expired", _("Expired")


class Language(models.TextChoices):
    RU = "ru", _("Russian")
    BE = "be", _("Belarusian")
    EN = "en", _("English")


# The statuses whose text is signed and so never edited again.
SIGNED_STATUSES = frozenset(
    {
        DocumentStatus.SIGNED,
        DocumentStatus.IN_FORCE,
        DocumentStatus.SUPERSEDED,
        DocumentStatus.EXPIRED,
    }
)

DOCUMENT_WORKFLOW = Workflow(
    "document",
    states=DocumentStatus,
    transitions=[
        Transition(
            "agree",
            {DocumentStatus.DRAFT},
            DocumentStatus.AGREED,
            rule=_("A document is agreed from its draft, when every party has agreed its text."),
        ),
        Transition(
            "circulate",
            {DocumentStatus.DRAFT},
            DocumentStatus.CIRCULATED,
            rule=_("Only draft minutes are circulated to the parties."),
        ),
        Transition(
            "approve",
            {DocumentStatus.CIRCULATED},
            DocumentStatus.APPROVED,
            rule=_("Minutes are approved once circulated, when every party has approved them."),
        ),
        # An edit or a withdrawn agreement sends the text back to the parties.
        Transition("reopen", {DocumentStatus.AGREED}, DocumentStatus.DRAFT),
        Transition(
            "sign",
            {DocumentStatus.AGREED},
            DocumentStatus.SIGNED,
            rule=_("Only a text every party has agreed is signed."),
        ),
        Transition(
            "bring_into_force",
            {DocumentStatus.SIGNED},
            DocumentStatus.IN_FORCE,
            rule=_("Only a signed document comes into force."),
        ),
        Transition(
            "supersede",
            {DocumentStatus.SIGNED, DocumentStatus.IN_FORCE},
            DocumentStatus.SUPERSEDED,
            rule=_("A signed document is superseded by the signature of its amendment."),
        ),
        Transition(
            "expire",
            {DocumentStatus.IN_FORCE},
            DocumentStatus.EXPIRED,
            rule=_("Only a document in force expires."),
        ),
    ],
    refused=_(
        "A document cannot move from “%(current)s” to “%(target)s”; %(rule)s "
        "From “%(current)s” it may move to: %(allowed)s."
    ),
    nothing=_("nothing (final)"),
    final={
        DocumentStatus.APPROVED: (
            _(
                "Approved minutes are final: they are neither edited nor signed, "
                "and an approval is not withdrawn."
            ),
            "document_minutes_approved_is_final",
        ),
        DocumentStatus.SUPERSEDED: (
            _("A superseded document is final; its amendment is the text in force."),
            "document_superseded_is_final",
        ),
        DocumentStatus.EXPIRED: (
            _("An expired document is final; draw up a new document instead."),
            "document_expired_is_final",
        ),
    },
)


class Document(WorkflowMixin, OwnedModel):
    """A text the parties draw up, agree, sign and bring into force, in parallel languages.

    Its parts (``DocumentNode``) carry stable Akoma Ntoso identifiers; every
    saved change is a ``DocumentRevision``.  ``counters`` hold the last number
    given under each parent and kind (``engine.structure``), so an identifier is
    never given twice.
    """

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title_ru = models.CharField(_("title (ru)"), max_length=400)
    title_en = models.CharField(_("title (en)"), max_length=400, blank=True)
    title_be = models.CharField(_("title (be)"), max_length=400, blank=True)
    meeting = models.ForeignKey(
        "events.Event",
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("The joint meeting the document belongs to; empty for a standalone one."),
    )
    authentic_language = models.CharField(
        _("authentic language"),
        max_length=2,
        choices=Language.choices,
        default=Language.RU,
        help_text=_("The language whose text prevails; the others are parallel versions."),
    )
    dated = models.DateField(_("date of the document"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    in_force_on = models.DateField(_("in force since"), null=True, blank=True)
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True)
    expired_on = models.DateField(_("expired on"), null=True, blank=True)
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        help_text=_("The signed document this draft replaces when it is signed."),
    )
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("The text is illustrative, not an official text."),
    )
    note = models.TextField(_("note"), blank=True)
    signature_note = models.TextField(_("signature note"), blank=True)
    counters = models.JSONField(_("identifier counters"), default=dict, editable=False)
    revision_number = models.PositiveIntegerField(_("revision"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    title = TranslatedField("title")

    party_paths = ("party_links__organization_id",)
    workflow = DOCUMENT_WORKFLOW

    class Meta:
        ordering = ["-dated", "title_ru", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["kind", "status"], name="document_kind_status_idx")]

    def __str__(self) -> str:
        return self.title_ru

    def clean(self) -> None:
        super().clean()
        meeting = self.meeting if self.meeting_id is not None else None
        if meeting is not None and meeting.kind != "joint_collegium":
            raise ValidationError(
                {
                    "meeting": _(
                        "A document belongs to a joint meeting of collegia, not to %(kind)s."
                    )
                    % {"kind": meeting.get_kind_display()}
                }
            )

    @property
    def is_signed_text(self) -> bool:
        return self.status in SIGNED_STATUSES


class PartyRole(models.TextChoices):
    DRAFTING = "drafting", _("Drafting party")
    PARTY = "party", _("Party")


class DocumentParty(AuditedModel):
    """A party to a document and its agreement of the text (the revision it agreed)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="party_links")
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="document_parties",
    )
    role = models.CharField(
        _("role"), max_length=10, choices=PartyRole.choices, default=PartyRole.PARTY
    )
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agreed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    agreed_revision = models.ForeignKey(
        "DocumentRevision",
        verbose_name=_("revision agreed"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["document_id", "pk"]
        verbose_name = _("document party")
        verbose_name_plural = _("document parties")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "organization"], name="one_party_link_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} in document {self.document_id}"

    @property
    def has_agreed(self) -> bool:
        return self.agreed_revision_id is not None


class NodeKind(models.TextChoices):
    PREAMBLE = structure.PREAMBLE, _("Preamble")
    SECTION = structure.SECTION, _("Section")
    PARAGRAPH = structure.PARAGRAPH, _("Paragraph")
    SUBPARAGRAPH = structure.SUBPARAGRAPH, _("Sub-paragraph")


class DocumentNode(AuditedModel):
    """A part of a document's structure, with its wording in each language.

    ``eid`` is given at creation (``engine.structure.next_eid``) and never
    changes; ``position`` orders the part among its siblings; ``num`` is its
    number label, recomputed when the structure changes.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NodeKind.choices)
    eid = models.CharField(_("identifier"), max_length=200, editable=False)
    position = models.PositiveIntegerField(_("position"), default=1)
    num = models.CharField(_("number"), max_length=20, blank=True)
    heading_ru = models.CharField(_("heading (ru)"), max_length=400, blank=True)
    heading_be = models.CharField(_("heading (be)"), max_length=400, blank=True)
    heading_en = models.CharField(_("heading (en)"), max_length=400, blank=True)
    text_ru = models.TextField(_("text (ru)"), blank=True)
    text_be = models.TextField(_("text (be)"), blank=True)
    text_en = models.TextField(_("text (en)"), blank=True)

    class Meta:
        ordering = ["document_id", "position", "pk"]
        verbose_name = _("document part")
        verbose_name_plural = _("document parts")
        constraints = [
            models.UniqueConstraint(fields=["document", "eid"], name="one_eid_per_document")
        ]

    def __str__(self) -> str:
        return f"{self.eid} of document {self.document_id}"


class DocumentRevision(AuditedModel):
    """A saved state of the whole document: its canonical snapshot and the snapshot's digest."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("number"))
    snapshot = models.JSONField(_("snapshot"))
    digest = models.CharField(_("SHA-256"), max_length=64)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["document_id", "number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="one_revision_number_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"revision {self.number} of document {self.document_id}"


class DocumentSignedPdf(AuditedModel):
    """The signed document's PDF, rendered once when the last party signed, kept as signed.

    It carries one PAdES signature per party (``signatures.pades_sign_pdf``);
    it is served as stored, never rendered again (a later rendering would be
    signed with keys since retired).
    """

    audit_exclude = ("pdf",)

    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, related_name="signed_pdf", verbose_name=_("document")
    )
    pdf = models.BinaryField(_("signed PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("signed PDF")
        verbose_name_plural = _("signed PDFs")

    def __str__(self) -> str:
        return f"signed PDF of document {self.document_id}"


COMMENT_MAX_LENGTH = 4000


class ParagraphComment(AuditedModel):
    """A party's comment on one part of circulated minutes, or a reply in its thread.

    ``eid`` names the part by its stable identifier (kept when the part is
    removed later); ``revision_number`` is the revision the comment was
    written on.  A reply (``parent``) stays on its thread's part.
    """

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="comments", verbose_name=_("document")
    )
    eid = models.CharField(_("part"), max_length=200)
    revision_number = models.PositiveIntegerField(_("revision"))
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="document_comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["document_id", "created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["document", "eid"], name="comment_document_eid_idx")]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.eid} of document {self.document_id}"
