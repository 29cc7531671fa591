"""Document writes: documents, their parts, agreements and status moves.

Every service asks the policy (``policy.py``), checks what the document's
status allows (a signed text is never edited: 409), validates, and writes in
one transaction with its audit record on the document, so the document's
history shows every change.  Each change of the text or of the metadata the
canonical bytes cover saves a new revision and resets the parties'
agreements: a party agrees one exact text.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access.rules import AnyUser
from collegium.core import audit
from collegium.core.audit_guard import writes_allowed
from collegium.core.exceptions import TransitionError, ValidationError
from collegium.core.services import assign_fields, loaded_relations
from collegium.decisions import policy, selectors
from collegium.decisions.engine import canonical, structure
from collegium.decisions.models import (
    COMMENT_MAX_LENGTH,
    Document,
    DocumentKind,
    DocumentNode,
    DocumentParty,
    DocumentRevision,
    DocumentStatus,
    ParagraphComment,
    PartyRole,
)
from collegium.registry.models import Organization

type PartySpec = tuple[Organization, str]

DOCUMENT_MANAGED_FIELDS = frozenset(
    {
        "id",
        "status",
        "agreed_on",
        "signed_on",
        "in_force_on",
        "superseded_on",
        "expired_on",
        "amends",
        "amends_id",
        "signature_note",
        "counters",
        "revision_number",
        "created_at",
    }
)
WORDING_FIELDS = tuple(
    f"{field}_{lang}" for field in ("heading", "text") for lang in structure.LANGUAGES
)


def _today() -> dt.date:
    return timezone.localdate()


def signed_text_error() -> TransitionError:
    return TransitionError(
        _(
            "A signed text is never edited: draw up an amendment (a new draft that supersedes "
            "this document when it is signed)."
        ),
        code="document_signed_text_is_never_edited",
    )


def approved_minutes_error() -> TransitionError:
    """Return the refusal of any change to approved minutes (the workflow's final state)."""
    return Document.workflow.error(DocumentStatus.APPROVED, DocumentStatus.DRAFT)


@contextmanager
def _document_write(*, actor: AnyUser, action: str, document: Document) -> Iterator[dict[str, Any]]:
    """Run the block as one audited write of ``document``, in one transaction.

    The record is the document's (its history shows it); the block puts in
    the dictionary it is given what changed besides the document's own
    fields (a part, an agreement).
    """
    extra: dict[str, Any] = {}
    with transaction.atomic():
        audit.lock_chain()
        before = audit.snapshot(document) if document.pk is not None else None
        with writes_allowed():
            yield extra
        changes = audit.diff(before, audit.snapshot(document))
        changes.update({key: value for key, value in extra.items()})
        audit.append(
            actor=actor,
            action=action,
            object_type=Document._meta.label_lower,
            object_id=str(document.pk),
            object_repr=str(document),
            changes=changes,
            organization=document.owner,
        )


def _renumber(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Set each row's ``num`` to the engine's number; return the rows whose number changed."""
    parts = [structure.Part(r["eid"], r["kind"], r["parent"], r["position"]) for r in rows]
    numbers = structure.numbers(parts)
    changed = []
    for row in rows:
        if row["num"] != numbers[row["eid"]]:
            row["num"] = numbers[row["eid"]]
            changed.append(row)
    return changed


def _reset_agreements(document: Document) -> None:
    """Clear every party's agreement; an agreed document goes back to draft (inside a write)."""
    for link in document.party_links.all():
        if link.agreed_revision_id is not None:
            link.agreed_at = link.agreed_by = link.agreed_revision = None
            link.save(update_fields=["agreed_at", "agreed_by", "agreed_revision"])
    if document.status == DocumentStatus.AGREED:
        document.check_transition(DocumentStatus.DRAFT, via="reopen")
        document.status = DocumentStatus.DRAFT
        document.agreed_on = None


def _save_revision(actor: AnyUser, document: Document) -> DocumentRevision | None:
    """Renumber the parts and save a revision if the canonical text changed (inside a write).

    A new revision resets every agreement: the parties agreed another text.
    """
    rows = selectors.node_rows(document)
    for row in _renumber(rows):
        DocumentNode.objects.filter(pk=row["pk"]).update(num=row["num"])
    snapshot = selectors.document_snapshot(document, rows)
    digest = canonical.digest(snapshot)
    latest = selectors.latest_revision(document)
    if latest is not None and latest.digest == digest:
        return None
    revision = DocumentRevision(
        document=document,
        number=(latest.number if latest is not None else 0) + 1,
        snapshot=snapshot,
        digest=digest,
        author=actor if actor is not None and actor.is_authenticated else None,
        created_at=timezone.now(),
    )
    revision.save(force_insert=True)
    document.revision_number = revision.number
    if latest is not None:
        _reset_agreements(document)
    document.save()
    return revision


def _check_editable(actor: AnyUser, document: Document) -> None:
    policy.can_edit(actor, document).enforce()
    if document.is_signed_text:
        raise signed_text_error()
    if document.status == DocumentStatus.APPROVED:
        raise approved_minutes_error()


def _check_parties(parties: list[PartySpec]) -> None:
    if not parties:
        raise ValidationError({"parties": _("A document has at least one party.")})
    seen: set[int] = set()
    for organization, role in parties:
        if organization.pk in seen:
            raise ValidationError(
                {"parties": _("%(party)s is named twice.") % {"party": organization}}
            )
        if role not in PartyRole.values:
            raise ValidationError(
                {
                    "parties": _("Unknown role “%(role)s”; use: %(allowed)s.")
                    % {"role": role, "allowed": ", ".join(PartyRole.values)}
                }
            )
        seen.add(organization.pk)


def document_create(*, actor: AnyUser, data: dict[str, Any], parties: list[PartySpec]) -> Document:
    """Create a draft document among ``parties`` (``[(organization, role), ...]``), revision 1."""
    document = Document()
    assign_fields(document, data, managed=DOCUMENT_MANAGED_FIELDS)
    _check_parties(parties)
    if document.owner_id is None:
        document.owner = parties[0][0]
    if document.owner_id not in {organization.pk for organization, _role in parties}:
        raise ValidationError({"owner": _("The owner of a document is one of its parties.")})
    policy.can_create(actor, [organization for organization, _role in parties]).enforce()
    document.status = DocumentStatus.DRAFT
    document.created_at = timezone.now()
    document.counters = {}
    document.full_clean(exclude=loaded_relations(document))
    with _document_write(actor=actor, action="document.create", document=document):
        document.save(force_insert=True)
        for organization, role in parties:
            DocumentParty.objects.create(document=document, organization=organization, role=role)
        _save_revision(actor, document)
    return document


DOCUMENT_EDITABLE = frozenset(
    {
        "title_ru",
        "title_en",
        "title_be",
        "meeting",
        "authentic_language",
        "dated",
        "note",
        "is_illustrative",
        "visibility",
        "kind",
    }
)


def document_update(*, actor: AnyUser, document: Document, data: dict[str, Any]) -> Document:
    """Change a draft's metadata; a change of what the text covers is a new revision."""
    _check_editable(actor, document)
    unknown = sorted(set(data) - DOCUMENT_EDITABLE)
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in unknown})
    if (
        "kind" in data
        and data["kind"] != document.kind
        and document.status == DocumentStatus.CIRCULATED
    ):
        raise ValidationError(
            {"kind": _("Circulated minutes keep their kind; the parties are commenting on them.")}
        )
    with _document_write(actor=actor, action="document.update", document=document):
        assign_fields(document, data, managed=DOCUMENT_MANAGED_FIELDS)
        document.full_clean(exclude=loaded_relations(document))
        document.save()
        _save_revision(actor, document)
    return document


def _wording(data: dict[str, Any]) -> dict[str, str]:
    unknown = sorted(set(data) - set(WORDING_FIELDS))
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in unknown})
    return {name: value if value is not None else "" for name, value in data.items()}


def _siblings(document: Document, parent: DocumentNode | None) -> list[DocumentNode]:
    return list(
        DocumentNode.objects.filter(document=document, parent=parent).order_by("position", "pk")
    )


def _place(siblings: list[DocumentNode], node: DocumentNode, position: int | None) -> None:
    """Put ``node`` at ``position`` (1-based; None: last) and number the siblings 1..n."""
    others = [s for s in siblings if s.pk != node.pk]
    index = len(others) if position is None else max(0, min(position - 1, len(others)))
    others.insert(index, node)
    for number, sibling in enumerate(others, start=1):
        if sibling.position != number or sibling is node:
            sibling.position = number
            if sibling is not node:
                sibling.save(update_fields=["position"])


def _node_state(node: DocumentNode) -> dict[str, Any]:
    return {
        "eid": node.eid,
        "kind": node.kind,
        "position": node.position,
        **{name: getattr(node, name) for name in WORDING_FIELDS},
    }


def node_add(
    *,
    actor: AnyUser,
    document: Document,
    kind: str,
    parent: DocumentNode | None = None,
    position: int | None = None,
    data: dict[str, Any] | None = None,
) -> DocumentNode:
    """Add a part under ``parent`` (None: the body) with a new identifier never given before."""
    _check_editable(actor, document)
    if position is not None and position < 1:
        raise ValidationError({"position": _("A position counts from 1.")})
    if parent is not None and parent.document_id != document.pk:
        raise ValidationError({"parent": _("The parent part belongs to another document.")})
    if kind not in structure.KINDS:
        raise ValidationError(
            {
                "kind": _("Unknown kind “%(kind)s”; use: %(allowed)s.")
                % {"kind": kind, "allowed": ", ".join(structure.KINDS)}
            }
        )
    if not structure.may_contain(parent.kind if parent else None, kind):
        raise ValidationError(
            {
                "kind": _("A %(kind)s cannot stand in %(parent)s.")
                % {"kind": kind, "parent": parent.kind if parent else _("the body of the document")}
            }
        )
    wording = _wording(data or {})
    with _document_write(actor=actor, action="document.node_add", document=document) as extra:
        document.refresh_from_db(fields=["counters"])
        try:
            eid, counters = structure.next_eid(
                document.counters, parent.eid if parent else None, kind
            )
        except structure.StructureError as exc:
            raise ValidationError(
                {"kind": _("A document has one preamble, whose identifier is never given twice.")}
            ) from exc
        node = DocumentNode(document=document, parent=parent, kind=kind, eid=eid, **wording)
        _place(_siblings(document, parent), node, position)
        node.full_clean(exclude=["document", "parent"])
        node.save(force_insert=True)
        document.counters = counters
        document.save(update_fields=["counters"])
        _save_revision(actor, document)
        node.refresh_from_db(fields=["num"])
        extra["node"] = {"before": None, "after": _node_state(node)}
    return node


def node_update(
    *, actor: AnyUser, document: Document, node: DocumentNode, data: dict[str, Any]
) -> DocumentNode:
    """Change a part's wording in any language; its identifier and place stay."""
    _check_editable(actor, document)
    wording = _wording(data)
    before = _node_state(node)
    with _document_write(actor=actor, action="document.node_update", document=document) as extra:
        for name, value in wording.items():
            setattr(node, name, value)
        node.full_clean(exclude=["document", "parent"])
        node.save()
        _save_revision(actor, document)
        node.refresh_from_db(fields=["num"])
        extra["node"] = {"before": before, "after": _node_state(node)}
    return node


def node_remove(*, actor: AnyUser, document: Document, node: DocumentNode) -> None:
    """Remove a part and the parts under it; their identifiers are never given again."""
    _check_editable(actor, document)
    before = _node_state(node)
    with _document_write(actor=actor, action="document.node_remove", document=document) as extra:
        parent = node.parent
        node.delete()
        for number, sibling in enumerate(_siblings(document, parent), start=1):
            if sibling.position != number:
                sibling.position = number
                sibling.save(update_fields=["position"])
        _save_revision(actor, document)
        extra["node"] = {"before": before, "after": None}


def node_move(
    *, actor: AnyUser, document: Document, node: DocumentNode, position: int
) -> DocumentNode:
    """Move a part among its siblings to ``position`` (from 1); its identifier stays.

    A part does not change its parent: its identifier names the parent, and
    an identifier never changes.
    """
    _check_editable(actor, document)
    if position < 1:
        raise ValidationError({"position": _("A position counts from 1.")})
    before = _node_state(node)
    with _document_write(actor=actor, action="document.node_move", document=document) as extra:
        _place(_siblings(document, node.parent), node, position)
        node.save(update_fields=["position"])
        _save_revision(actor, document)
        node.refresh_from_db(fields=["num"])
        extra["node"] = {"before": before, "after": _node_state(node)}
    return node


def _link_of(document: Document, party: Organization) -> DocumentParty:
    for link in document.party_links.all():
        if link.organization_id == party.pk:
            return link
    raise ValidationError(
        {"party": _("%(party)s is not a party to this document.") % {"party": party}}
    )


def _latest(document: Document) -> DocumentRevision:
    revision = selectors.latest_revision(document)
    if revision is None:  # every document is created with its first revision
        raise TransitionError(_("The document has no revision yet."), code="document_no_revision")
    return revision


def document_agree(
    *, actor: AnyUser, document: Document, party: Organization, on: dt.date | None = None
) -> Document:
    """Record that ``party`` agrees the current text; the last agreement makes it agreed."""
    policy.can_agree(actor, document, party).enforce()
    minutes = document.kind == DocumentKind.MINUTES
    if minutes:
        _check_approvable(document)
    elif document.status != DocumentStatus.DRAFT:
        if document.is_signed_text:
            raise signed_text_error()
        raise TransitionError(
            _("Every party has agreed this text already; a change would send it back to them."),
            code="document_already_agreed",
        )
    link = _link_of(document, party)
    revision = _latest(document)
    if link.agreed_revision_id == revision.pk:
        raise TransitionError(
            _("%(party)s has agreed this revision already.") % {"party": party},
            code="document_party_already_agreed",
        )
    with _document_write(actor=actor, action="document.agree", document=document) as extra:
        link.agreed_at = timezone.now()
        link.agreed_by = actor  # type: ignore[assignment]
        link.agreed_revision = revision
        link.save(update_fields=["agreed_at", "agreed_by", "agreed_revision"])
        if all(other.agreed_revision_id == revision.pk for other in document.party_links.all()):
            # Minutes approved by every party are final; any other text is agreed, to be signed.
            target, via = (DocumentStatus.AGREED, "agree")
            if minutes:
                target, via = (DocumentStatus.APPROVED, "approve")
            document.check_transition(target, via=via)
            document.status = target
            document.agreed_on = on or _today()
            document.save(update_fields=["status", "agreed_on"])
        extra["agreement"] = {"party": party.slug, "revision": revision.number, "agreed": True}
    return document


def _check_approvable(document: Document) -> None:
    """Refuse an approval of minutes that are not circulated (a draft, or approved already)."""
    if document.status == DocumentStatus.CIRCULATED:
        return
    if document.status == DocumentStatus.APPROVED:
        raise approved_minutes_error()
    raise TransitionError(
        _("Minutes are approved once circulated to the parties; circulate them first."),
        code="document_minutes_not_circulated",
    )


def document_circulate(*, actor: AnyUser, document: Document) -> Document:
    """Circulate draft minutes to their parties: they comment, then each approves the text."""
    policy.can_circulate(actor, document).enforce()
    if document.kind != DocumentKind.MINUTES:
        raise TransitionError(
            _("Only minutes are circulated; any other document is agreed by its parties."),
            code="document_circulate_not_minutes",
        )
    if document.status == DocumentStatus.APPROVED:
        raise approved_minutes_error()
    document.check_transition(DocumentStatus.CIRCULATED, via="circulate")
    with _document_write(actor=actor, action="document.circulate", document=document) as extra:
        document.status = DocumentStatus.CIRCULATED
        document.save(update_fields=["status"])
        extra["circulated"] = {"revision": document.revision_number}
    return document


def comment_add(
    *,
    actor: AnyUser,
    document: Document,
    party: Organization,
    eid: str,
    text: str,
    parent: ParagraphComment | None = None,
    is_illustrative: bool = False,
) -> ParagraphComment:
    """Add ``party``'s comment on the part ``eid`` of circulated minutes, or a reply.

    A reply stays on its thread's part (``eid`` may be left empty for it);
    the comment records the revision it was written on.
    """
    policy.can_comment(actor, document, party).enforce()
    if document.status != DocumentStatus.CIRCULATED:
        if document.status == DocumentStatus.APPROVED:
            raise approved_minutes_error()
        raise TransitionError(
            _("The parties comment on minutes while they are circulated, not before or after."),
            code="document_comment_not_circulated",
        )
    if parent is not None:
        if parent.document_id != document.pk:
            raise ValidationError({"parent": _("The comment replied to is on another document.")})
        if eid and eid != parent.eid:
            raise ValidationError(
                {"eid": _("A reply stays on its thread's part, %(eid)s.") % {"eid": parent.eid}}
            )
        eid = parent.eid
    elif not DocumentNode.objects.filter(document=document, eid=eid).exists():
        raise ValidationError(
            {"eid": _("No part “%(eid)s” in the current text.") % {"eid": eid[:200]}}
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("A comment has at most %(limit)s characters (this one has %(n)s).")
                % {"limit": COMMENT_MAX_LENGTH, "n": len(text)}
            }
        )
    comment = ParagraphComment(  # type: ignore[misc]
        document=document,
        eid=eid,
        revision_number=document.revision_number,
        organization=party,
        author=actor,
        parent=parent,
        text=text,
        is_illustrative=is_illustrative,
        created_at=timezone.now(),
    )
    comment.full_clean(exclude=["document", "organization", "author", "parent"])
    with _document_write(actor=actor, action="document.comment", document=document) as extra:
        comment.save(force_insert=True)
        extra["comment"] = {
            "id": comment.pk,
            "eid": eid,
            "party": party.slug,
            "revision": comment.revision_number,
            "reply_to": parent.pk if parent is not None else None,
            "text": text,
        }
    return comment


def document_withdraw_agreement(
    *, actor: AnyUser, document: Document, party: Organization
) -> Document:
    """Withdraw ``party``'s agreement of the text; an agreed document goes back to draft."""
    policy.can_agree(actor, document, party).enforce()
    if document.is_signed_text:
        raise TransitionError(
            _("The text is signed: an agreement is no longer withdrawn."),
            code="document_agreement_final_once_signed",
        )
    if document.status == DocumentStatus.APPROVED:
        raise approved_minutes_error()
    link = _link_of(document, party)
    if link.agreed_revision_id is None:
        raise TransitionError(
            _("%(party)s has not agreed the text; there is nothing to withdraw.")
            % {"party": party},
            code="document_party_not_agreed",
        )
    with _document_write(
        actor=actor, action="document.withdraw_agreement", document=document
    ) as extra:
        number = link.agreed_revision.number if link.agreed_revision else None
        link.agreed_at = link.agreed_by = link.agreed_revision = None
        link.save(update_fields=["agreed_at", "agreed_by", "agreed_revision"])
        if document.status == DocumentStatus.AGREED:
            document.check_transition(DocumentStatus.DRAFT, via="reopen")
            document.status = DocumentStatus.DRAFT
            document.agreed_on = None
            document.save(update_fields=["status", "agreed_on"])
        extra["agreement"] = {"party": party.slug, "revision": number, "agreed": False}
    return document


def document_mark_signed(
    *, actor: AnyUser, document: Document, on: dt.date | None = None, note: str = ""
) -> Document:
    """Record that every party signed the agreed text; an amended document is superseded.

    The signatures (who signs, with which key, over which bytes) are the
    signatures app's; it calls this once every party's signature is made.
    """
    policy.can_mark_signed(actor, document).enforce()
    return record_signed(actor=actor, document=document, on=on, note=note)


def record_signed(
    *, actor: AnyUser, document: Document, on: dt.date | None = None, note: str = ""
) -> Document:
    """Move the agreed document to signed (no policy: its callers asked theirs).

    ``document_mark_signed`` asks the managers' rule; ``signing.document_sign``
    calls it when the last party's authorized signatory has signed.
    """
    document.check_transition(DocumentStatus.SIGNED, via="sign")
    revision = _latest(document)
    if any(link.agreed_revision_id != revision.pk for link in document.party_links.all()):
        raise TransitionError(
            _("Only the text every party agreed is signed; this revision is not agreed by all."),
            code="document_sign_not_agreed",
        )
    signed_on = on or _today()
    with _document_write(actor=actor, action="document.sign", document=document) as extra:
        document.status = DocumentStatus.SIGNED
        document.signed_on = signed_on
        document.signature_note = note
        document.full_clean(exclude=loaded_relations(document))
        document.save()
        extra["signed"] = {"revision": revision.number, "digest": revision.digest}
    if document.amends_id is not None:
        _supersede(
            actor,
            Document.objects.select_related("owner").get(pk=document.amends_id),
            document,
            signed_on,
        )
    return document


def _supersede(actor: AnyUser, old: Document, by: Document, on: dt.date) -> None:
    old.check_transition(DocumentStatus.SUPERSEDED, via="supersede")
    with _document_write(actor=actor, action="document.supersede", document=old) as extra:
        old.status = DocumentStatus.SUPERSEDED
        old.superseded_on = on
        old.save(update_fields=["status", "superseded_on"])
        extra["superseded_by"] = by.slug


def document_bring_into_force(
    *, actor: AnyUser, document: Document, on: dt.date | None = None
) -> Document:
    """Record that the signed document is in force from ``on`` (today by default)."""
    policy.can_bring_into_force(actor, document).enforce()
    document.check_transition(DocumentStatus.IN_FORCE, via="bring_into_force")
    with _document_write(actor=actor, action="document.bring_into_force", document=document):
        document.status = DocumentStatus.IN_FORCE
        document.in_force_on = on or _today()
        document.save(update_fields=["status", "in_force_on"])
    return document


def document_expire(*, actor: AnyUser, document: Document, on: dt.date | None = None) -> Document:
    """Record that the document in force has expired on ``on`` (today by default)."""
    policy.can_expire(actor, document).enforce()
    document.check_transition(DocumentStatus.EXPIRED, via="expire")
    with _document_write(actor=actor, action="document.expire", document=document):
        document.status = DocumentStatus.EXPIRED
        document.expired_on = on or _today()
        document.save(update_fields=["status", "expired_on"])
    return document


def document_amend(
    *, actor: AnyUser, document: Document, slug: str, data: dict[str, Any] | None = None
) -> Document:
    """Open a new draft amending a signed document: its text, identifiers and parties copied.

    The amendment continues the identifier counters, so a part added to it
    never takes the identifier of a part the signed text once had; it
    supersedes the signed document when it is signed itself.
    """
    policy.can_amend(actor, document).enforce()
    if document.status not in {DocumentStatus.SIGNED, DocumentStatus.IN_FORCE}:
        raise TransitionError(
            _("Only a signed document or one in force is amended; a draft is edited instead."),
            code="document_amend_not_signed",
        )
    if Document.objects.filter(
        amends=document, status__in=[DocumentStatus.DRAFT, DocumentStatus.AGREED]
    ).exists():
        raise TransitionError(
            _("An amendment of this document is open already; edit it instead."),
            code="document_amendment_open",
        )
    amendment = Document(
        slug=slug,
        kind=document.kind,
        title_ru=document.title_ru,
        title_en=document.title_en,
        title_be=document.title_be,
        meeting=document.meeting,
        authentic_language=document.authentic_language,
        dated=None,
        is_illustrative=document.is_illustrative,
        owner=document.owner,
        visibility=document.visibility,
        amends=document,
        status=DocumentStatus.DRAFT,
        counters=document.counters,
        created_at=timezone.now(),
    )
    assign_fields(amendment, data or {}, managed=DOCUMENT_MANAGED_FIELDS | {"slug", "kind"})
    amendment.full_clean(exclude=loaded_relations(amendment))
    nodes = list(
        DocumentNode.objects.filter(document=document).order_by("parent_id", "position", "pk")
    )
    with _document_write(actor=actor, action="document.create", document=amendment) as extra:
        amendment.save(force_insert=True)
        for link in document.party_links.all():
            DocumentParty.objects.create(
                document=amendment, organization=link.organization, role=link.role
            )
        copies: dict[int, DocumentNode] = {}
        for node in sorted(nodes, key=lambda n: n.eid.count("__")):
            copy = DocumentNode(
                document=amendment,
                parent=copies[node.parent_id] if node.parent_id else None,
                kind=node.kind,
                eid=node.eid,
                position=node.position,
                num=node.num,
                **{name: getattr(node, name) for name in WORDING_FIELDS},
            )
            copy.save(force_insert=True)
            copies[node.pk] = copy
        _save_revision(actor, amendment)
        extra["amends"] = document.slug
    with _document_write(actor=actor, action="document.amend", document=document) as extra:
        extra["amendment"] = amendment.slug
    return amendment
