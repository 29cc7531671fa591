"""Signing a document and verifying its signatures; its exports and the signed PDF.

Each party signs through its authorized signatory (``policy.can_sign``) over
the canonical bytes of the whole document (``engine.canonical``), with the
signatures app's keys (``signatures.services.sign_bytes``).  When the last
party has signed, the document moves to signed and its PDF is rendered and
kept with one PAdES signature per party, in the same transaction.

Verification is computed on every call from the text stored now: a byte
changed in the database after the signing turns the signature red.
"""

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from collegium.access.rules import AnyUser
from collegium.core.audit import audited
from collegium.core.exceptions import TransitionError
from collegium.decisions import exports, policy, selectors, services
from collegium.decisions.engine import canonical
from collegium.decisions.engine.structure import LANGUAGES
from collegium.decisions.models import (
    SIGNED_STATUSES,
    Document,
    DocumentSignedPdf,
    DocumentStatus,
)
from collegium.registry.models import Organization
from collegium.signatures.models import Signature
from collegium.signatures.selectors import signature_list_for_subject
from collegium.signatures.services import (
    SigningUnavailable,
    Verification,
    pades_sign_pdf,
    sign_bytes,
    signatures_verify,
)


def document_subject(document: Document) -> str:
    """Return the stable key the signatures of ``document`` are stored under."""
    return f"decisions.document:{document.pk}"


def document_bytes(document: Document) -> bytes:
    """Return the canonical bytes of the document as stored now: what a signature covers."""
    return canonical.canonical_bytes(selectors.document_snapshot(document))


@dataclass(frozen=True)
class PartySignature:
    """A party's signature of the document, verified now against the stored text."""

    signature: Signature
    verification: Verification

    @property
    def ok(self) -> bool:
        return self.verification.ok


def document_signatures(document: Document) -> list[PartySignature]:
    """Return each party's signature with its green/red verification, computed now."""
    return [
        PartySignature(signature, verification)
        for signature, verification in signatures_verify(
            document_subject(document), document_bytes(document)
        )
    ]


def signed_parties(document: Document) -> set[int]:
    """Return the ids of the parties that have signed the document."""
    return set(
        Signature.objects.filter(subject=document_subject(document)).values_list(
            "organization_id", flat=True
        )
    )


def sign_refusal(document: Document, party: Organization) -> TransitionError | None:
    """Return why the status or the earlier signatures refuse ``party``'s signature now."""
    if document.is_signed_text:
        return TransitionError(
            _("The document is signed already; a signed text is never signed again."),
            code="document_signed_already",
        )
    if document.status == DocumentStatus.APPROVED:
        return Document.workflow.error(DocumentStatus.APPROVED, DocumentStatus.SIGNED)
    if document.status != DocumentStatus.AGREED:
        return TransitionError(
            _("Only a text every party has agreed is signed; agree it first."),
            code="document_sign_not_agreed",
        )
    if party.pk in signed_parties(document):
        return TransitionError(
            _("%(party)s has signed this document already.") % {"party": party},
            code="document_party_signed_already",
        )
    return None


def can_sign_now(user: AnyUser, document: Document, party: Organization) -> bool:
    """Whether the page offers ``user`` to sign for ``party`` today."""
    if user is None or not user.is_authenticated:
        return False
    if not policy.can_sign(user, document, party, timezone.localdate()):
        return False
    return sign_refusal(document, party) is None


def signed_languages(document: dict) -> list[str]:
    """Return the languages of the signed PDF: the authentic one, then the first other written."""
    meta = document["document"]
    authentic = meta.get("authentic_language") or "ru"
    written = {
        language
        for part in canonical.flatten(document)
        for language in LANGUAGES
        if part["text"].get(language) or part["heading"].get(language)
    }
    others = [language for language in ("be", "ru", "en") if language != authentic]
    second = next((language for language in others if language in written), None)
    return [authentic, second] if second else [authentic]


def export_labels(document: Document, signatures: Sequence[Signature] = ()) -> dict[str, str]:
    """Return the interface's labels printed around the document's own wording."""
    lines = [
        _("Signed for %(party)s by %(person)s, %(post)s, on %(date)s.")
        % {
            "party": signature.organization,
            "person": signature.signatory,
            "post": signature.post,
            "date": date_format(signature.signed_on),
        }
        for signature in signatures
    ]
    return {
        "illustrative": _("Illustrative text, not an official text.")
        if document.is_illustrative
        else "",
        "signatures": " ".join(lines),
    }


def _store_signed_pdf(actor: AnyUser, document: Document) -> DocumentSignedPdf:
    """Render the signed document's PDF, sign it once per party and keep it (in a transaction)."""
    snapshot = selectors.document_snapshot(document)
    by_party = {
        s.organization_id: s for s in signature_list_for_subject(document_subject(document))
    }
    ordered = [by_party[link.organization_id] for link in document.party_links.all()]
    pdf = exports.render_pdf(
        snapshot, signed_languages(snapshot), labels=export_labels(document, ordered)
    )
    signed = pades_sign_pdf(pdf, signatures=ordered)
    record = DocumentSignedPdf(
        document=document,
        pdf=signed,
        sha256=hashlib.sha256(signed).hexdigest(),
        created_at=timezone.now(),
    )
    record.full_clean(exclude=["document"], validate_unique=False)
    with audited(
        actor=actor,
        action="document_signed_pdf.create",
        instance=record,
        organization=document.owner,
    ):
        record.save(force_insert=True)
    return record


def document_sign(
    *,
    actor: AnyUser,
    document: Document,
    organization: Organization,
    on_date: dt.date | None = None,
) -> Document:
    """Sign the agreed document for ``organization`` as its authorized signatory on ``on_date``.

    The signature covers the canonical bytes of the whole document.  The last
    party's signature moves the document to signed and keeps its PDF with one
    PAdES signature per party; all of it in one transaction, audited.
    """
    on_date = on_date or timezone.localdate()
    policy.can_sign(actor, document, organization, on_date).enforce()
    refusal = sign_refusal(document, organization)
    if refusal is not None:
        raise refusal
    with transaction.atomic():
        # One signing of a document at a time: the last signature is counted once.
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.status != document.status:
            raise TransitionError(
                _("The document changed meanwhile; reload it."), code="document_changed"
            )
        try:
            signature = sign_bytes(
                actor=actor,  # type: ignore[arg-type]  # the policy admits signed-in users only
                organization=organization,
                data=document_bytes(document),
                subject=document_subject(document),
                on_date=on_date,
            )
        except SigningUnavailable as exc:  # no master key or authority: 409, not a crash
            raise TransitionError(str(exc), code="signing_unavailable") from exc
        with audited(
            actor=actor, action="document.party_sign", instance=document, organization=organization
        ):
            pass
        parties = {link.organization_id for link in document.party_links.all()}
        if parties <= signed_parties(document):
            services.record_signed(actor=actor, document=document, on=signature.signed_on)
            _store_signed_pdf(actor, document)
    return document


@dataclass(frozen=True)
class DocumentCheck:
    """A signed document and whether every signature of it verifies against its stored text."""

    document: Document
    signatures: list[PartySignature]

    @property
    def ok(self) -> bool:
        """No signature is red (a document recorded as signed without signatures is not)."""
        return all(item.ok for item in self.signatures)

    @property
    def verdict(self) -> str:
        if not self.signatures:
            return "unsigned"  # recorded as signed (document_mark_signed), no signature kept
        return "ok" if self.ok else "RED"


def documents_verify() -> list[DocumentCheck]:
    """Verify every signed document (and every document with a signature) now."""
    signed_ids = {
        int(subject.rsplit(":", 1)[1])
        for subject in Signature.objects.filter(
            subject__startswith="decisions.document:"
        ).values_list("subject", flat=True)
    }
    documents = (
        Document.objects.filter(pk__in=signed_ids)
        | Document.objects.filter(status__in=list(SIGNED_STATUSES))
    ).distinct()
    return [
        DocumentCheck(document, document_signatures(document))
        for document in documents.select_related("meeting", "amends", "owner").order_by("slug")
    ]
