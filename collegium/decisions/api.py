"""Documents endpoints: documents, their parts, revisions and diffs, agreements and moves.

Reads are open to anonymous callers (public documents only); writes need a
token or the session.  A document the caller may not see answers 404.  The
services decide who may write (``decisions.policy``, 403 naming the rule):
only the managers for the document's parties edit it, agree it in their own
party's name, bring it into force or amend it.  A signed text is never
edited: 409 with the rule in ``detail`` and ``code``
``document_signed_text_is_never_edited``; so is any move the status does not
allow.  Bad input answers 422 naming the field.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from collegium.access.rules import AnyUser
from collegium.accounts.api_auth import api_auth_required
from collegium.core.api.pagination import Pagination
from collegium.core.api.schemas import Text
from collegium.core.exceptions import NotFound, ValidationError
from collegium.decisions import exports, selectors, services, signing, signing_views
from collegium.decisions.access import (
    access_comment_by_id,
    access_document_by_slug,
    access_node_by_eid,
    access_revision_by_number,
)
from collegium.decisions.engine import diff as diff_engine
from collegium.decisions.models import Document, ParagraphComment
from collegium.decisions.schemas import (
    AmendInputSchema,
    CommentInputSchema,
    CommentSchema,
    DiffQuerySchema,
    DiffSchema,
    DocumentFilterSchema,
    DocumentInputSchema,
    DocumentPatchSchema,
    DocumentSchema,
    ExportQuerySchema,
    GapSchema,
    MoveInputSchema,
    NodeInputSchema,
    NodeMoveInputSchema,
    NodePatchSchema,
    NodeSchema,
    PartyInputSchema,
    RevisionSchema,
    SignaturesSchema,
    SignInputSchema,
)
from collegium.registry.access import organization_for_field

router = Router(tags=["decisions"])


def _meeting(user: AnyUser, slug: str | None) -> Any:
    """Return the visible meeting ``slug`` names (None for none), or refuse the field (422)."""
    if slug is None:
        return None
    try:
        return selectors.meeting_by_slug(user, slug)
    except NotFound as exc:
        raise ValidationError(
            {"meeting": _("Unknown meeting: “%(key)s”.") % {"key": slug}}
        ) from exc


def _reloaded(document: Document) -> Document:
    return (
        Document.objects.select_related("owner", "meeting", "amends")
        .prefetch_related(selectors.party_links_prefetch())
        .get(pk=document.pk)
    )


@router.get("/documents", response=list[DocumentSchema], operation_id="decisions_document_list")
@paginate(Pagination)
def document_list(request: HttpRequest, filters: Query[DocumentFilterSchema]) -> QuerySet[Document]:
    """List the documents the caller may see, newest first."""
    return selectors.document_list_visible_to(
        user=request.user, kind=filters.kind or "", status=filters.status or ""
    )


@router.get(
    "/documents/{slug}", response=DocumentSchema, operation_id="decisions_document_retrieve"
)
def document_retrieve(request: HttpRequest, slug: Text) -> Document:
    return access_document_by_slug(request.user, slug)


@router.post(
    "/documents",
    response={201: DocumentSchema},
    auth=api_auth_required,
    operation_id="decisions_document_create",
)
def document_create(request: HttpRequest, payload: DocumentInputSchema) -> Status:
    """Draw up a draft document among its parties (a manager for one of them)."""
    user = request.user
    data: dict[str, Any] = payload.model_dump()
    parties = [
        (organization_for_field(user, item["organization"], "parties"), item["role"])
        for item in data.pop("parties")
    ]
    data["meeting"] = _meeting(user, data.pop("meeting"))
    owner = data.pop("owner")
    if owner is not None:
        data["owner"] = organization_for_field(user, owner, "owner")
    document = services.document_create(actor=user, data=data, parties=parties)
    return Status(201, _reloaded(document))


@router.patch(
    "/documents/{slug}", response=DocumentSchema, auth=api_auth_required,
    operation_id="decisions_document_update",
)  # fmt: skip
def document_update(request: HttpRequest, slug: Text, payload: DocumentPatchSchema) -> Document:
    """Change a draft's metadata (a new revision; the agreements are reset)."""
    document = access_document_by_slug(request.user, slug)
    data = payload.model_dump(exclude_unset=True)
    if "meeting" in data:
        data["meeting"] = _meeting(request.user, data["meeting"])
    services.document_update(actor=request.user, document=document, data=data)
    return _reloaded(document)


# --- Parts -------------------------------------------------------------------------


def _node_rows(document: Document) -> list[dict[str, Any]]:
    rows = selectors.ordered_rows(selectors.node_rows(document))
    gaps = selectors.document_gaps(rows)
    return [{**row, "missing_languages": gaps.get(row["eid"], [])} for row in rows]


def _node_row(document: Document, eid: str) -> dict[str, Any]:
    return next(row for row in _node_rows(document) if row["eid"] == eid)


@router.get(
    "/documents/{slug}/nodes", response=list[NodeSchema], operation_id="decisions_node_list"
)
def node_list(request: HttpRequest, slug: Text) -> list[dict[str, Any]]:
    """List a document's parts in document order, with the languages each one misses."""
    return _node_rows(access_document_by_slug(request.user, slug))


@router.post(
    "/documents/{slug}/nodes", response={201: NodeSchema}, auth=api_auth_required,
    operation_id="decisions_node_create",
)  # fmt: skip
def node_create(request: HttpRequest, slug: Text, payload: NodeInputSchema) -> Status:
    """Add a part; its identifier is new and never given before."""
    document = access_document_by_slug(request.user, slug)
    data = payload.model_dump()
    parent_eid = data.pop("parent")
    parent = None
    if parent_eid is not None:
        try:
            parent = access_node_by_eid(request.user, document, parent_eid)
        except NotFound as exc:
            raise ValidationError(
                {"parent": _("Unknown part: “%(key)s”.") % {"key": parent_eid}}
            ) from exc
    node = services.node_add(
        actor=request.user,
        document=document,
        kind=data.pop("kind"),
        parent=parent,
        position=data.pop("position"),
        data=data,
    )
    return Status(201, _node_row(document, node.eid))


@router.patch(
    "/documents/{slug}/nodes/{eid}", response=NodeSchema, auth=api_auth_required,
    operation_id="decisions_node_update",
)  # fmt: skip
def node_update(
    request: HttpRequest, slug: Text, eid: Text, payload: NodePatchSchema
) -> dict[str, Any]:
    """Change a part's wording in any of its languages."""
    document = access_document_by_slug(request.user, slug)
    node = access_node_by_eid(request.user, document, eid)
    services.node_update(
        actor=request.user,
        document=document,
        node=node,
        data=payload.model_dump(exclude_unset=True),
    )
    return _node_row(document, eid)


@router.delete(
    "/documents/{slug}/nodes/{eid}", response=DocumentSchema, auth=api_auth_required,
    operation_id="decisions_node_delete",
)  # fmt: skip
def node_delete(request: HttpRequest, slug: Text, eid: Text) -> Document:
    """Remove a part and those under it; their identifiers are never given again.

    Answers with the document, whose revision the removal moved on.
    """
    document = access_document_by_slug(request.user, slug)
    node = access_node_by_eid(request.user, document, eid)
    services.node_remove(actor=request.user, document=document, node=node)
    return _reloaded(document)


@router.post(
    "/documents/{slug}/nodes/{eid}/move", response=NodeSchema, auth=api_auth_required,
    operation_id="decisions_node_move",
)  # fmt: skip
def node_move(
    request: HttpRequest, slug: Text, eid: Text, payload: NodeMoveInputSchema
) -> dict[str, Any]:
    """Move a part among its siblings; its identifier stays."""
    document = access_document_by_slug(request.user, slug)
    node = access_node_by_eid(request.user, document, eid)
    services.node_move(actor=request.user, document=document, node=node, position=payload.position)
    return _node_row(document, eid)


@router.get("/documents/{slug}/gaps", response=list[GapSchema], operation_id="decisions_gap_list")
def gap_list(request: HttpRequest, slug: Text) -> list[dict[str, Any]]:
    """List the parts written in some language but missing in another."""
    return selectors.document_gaps_of(access_document_by_slug(request.user, slug))


# --- Revisions ---------------------------------------------------------------------


@router.get(
    "/documents/{slug}/revisions",
    response=list[RevisionSchema],
    operation_id="decisions_revision_list",
)
def revision_list(request: HttpRequest, slug: Text) -> list[Any]:
    """List a document's revisions, newest first: every saved change is one."""
    return list(selectors.revisions_of(access_document_by_slug(request.user, slug)))


@router.get("/documents/{slug}/diff", response=DiffSchema, operation_id="decisions_revision_diff")
def revision_diff(request: HttpRequest, slug: Text, query: Query[DiffQuerySchema]) -> dict:
    """Compare two revisions in one language: parts by identifier, words inside a part.

    By default the current revision with the one before it.
    """
    document = access_document_by_slug(request.user, slug)
    to_number = query.to_revision or document.revision_number
    from_number = query.from_revision or max(1, to_number - 1)
    revisions = {}
    for field, number in (("from_revision", from_number), ("to_revision", to_number)):
        try:
            revisions[field] = access_revision_by_number(request.user, document, number)
        except NotFound as exc:
            raise ValidationError(
                {field: _("No revision %(number)s of this document.") % {"number": number}}
            ) from exc
    changes = diff_engine.diff(
        revisions["from_revision"].snapshot, revisions["to_revision"].snapshot, query.language
    )
    return {
        "from_revision": from_number,
        "to_revision": to_number,
        "language": query.language,
        "changes": changes,
    }


# --- Agreements and moves ------------------------------------------------------------


@router.post(
    "/documents/{slug}/agree", response=DocumentSchema, auth=api_auth_required,
    operation_id="decisions_document_agree",
)  # fmt: skip
def document_agree(request: HttpRequest, slug: Text, payload: PartyInputSchema) -> Document:
    """Agree the current text in your party's name; the last agreement makes it agreed."""
    document = access_document_by_slug(request.user, slug)
    party = organization_for_field(request.user, payload.party, "party")
    services.document_agree(actor=request.user, document=document, party=party)
    return _reloaded(document)


@router.post(
    "/documents/{slug}/circulate", response=DocumentSchema, auth=api_auth_required,
    operation_id="decisions_document_circulate",
)  # fmt: skip
def document_circulate(request: HttpRequest, slug: Text) -> Document:
    """Circulate draft minutes to their parties, who comment and then approve them.

    Minutes are approved through ``agree``, by each party while they are
    circulated; the last approval makes them approved, which is final.
    """
    document = access_document_by_slug(request.user, slug)
    services.document_circulate(actor=request.user, document=document)
    return _reloaded(document)


@router.get(
    "/documents/{slug}/comments", response=list[CommentSchema],
    operation_id="decisions_comment_list",
)  # fmt: skip
def comment_list(request: HttpRequest, slug: Text) -> list[ParagraphComment]:
    """List the parties' comments on the document's parts, oldest first (replies name theirs)."""
    return list(selectors.comments_of(access_document_by_slug(request.user, slug)))


@router.post(
    "/documents/{slug}/comments", response={201: CommentSchema}, auth=api_auth_required,
    operation_id="decisions_comment_create",
)  # fmt: skip
def comment_create(request: HttpRequest, slug: Text, payload: CommentInputSchema) -> Status:
    """Comment on a part of circulated minutes, or reply to a comment, in your party's name."""
    document = access_document_by_slug(request.user, slug)
    party = organization_for_field(request.user, payload.party, "party")
    parent = None
    if payload.reply_to is not None:
        try:
            parent = access_comment_by_id(request.user, document, payload.reply_to)
        except NotFound as exc:
            raise ValidationError(
                {"reply_to": _("Unknown comment: “%(key)s”.") % {"key": payload.reply_to}}
            ) from exc
    comment = services.comment_add(
        actor=request.user,
        document=document,
        party=party,
        eid=payload.eid,
        text=payload.text,
        parent=parent,
    )
    return Status(
        201, ParagraphComment.objects.select_related("organization", "author").get(pk=comment.pk)
    )


@router.post(
    "/documents/{slug}/withdraw-agreement", response=DocumentSchema, auth=api_auth_required,
    operation_id="decisions_document_withdraw_agreement",
)  # fmt: skip
def document_withdraw_agreement(
    request: HttpRequest, slug: Text, payload: PartyInputSchema
) -> Document:
    """Withdraw your party's agreement; an agreed document goes back to draft."""
    document = access_document_by_slug(request.user, slug)
    party = organization_for_field(request.user, payload.party, "party")
    services.document_withdraw_agreement(actor=request.user, document=document, party=party)
    return _reloaded(document)


@router.post(
    "/documents/{slug}/bring-into-force", response=DocumentSchema, auth=api_auth_required,
    operation_id="decisions_document_bring_into_force",
)  # fmt: skip
def document_bring_into_force(
    request: HttpRequest, slug: Text, payload: MoveInputSchema
) -> Document:
    """Record that a signed document is in force."""
    document = access_document_by_slug(request.user, slug)
    services.document_bring_into_force(actor=request.user, document=document, on=payload.on)
    return _reloaded(document)


@router.post(
    "/documents/{slug}/expire", response=DocumentSchema, auth=api_auth_required,
    operation_id="decisions_document_expire",
)  # fmt: skip
def document_expire(request: HttpRequest, slug: Text, payload: MoveInputSchema) -> Document:
    """Record that a document in force has expired."""
    document = access_document_by_slug(request.user, slug)
    services.document_expire(actor=request.user, document=document, on=payload.on)
    return _reloaded(document)


@router.post(
    "/documents/{slug}/amend", response={201: DocumentSchema}, auth=api_auth_required,
    operation_id="decisions_document_amend",
)  # fmt: skip
def document_amend(request: HttpRequest, slug: Text, payload: AmendInputSchema) -> Status:
    """Open an amending draft of a signed document; it supersedes it when signed."""
    document = access_document_by_slug(request.user, slug)
    data = {"title_ru": payload.title_ru} if payload.title_ru else {}
    amendment = services.document_amend(
        actor=request.user, document=document, slug=payload.slug, data=data
    )
    return Status(201, _reloaded(amendment))


# --- Signatures and exports --------------------------------------------------------------


def _signatures(document: Document) -> dict[str, Any]:
    items = signing.document_signatures(document)
    parties = {link.organization_id for link in document.party_links.all()}
    return {
        "status": document.status,
        "verified": bool(items)
        and all(item.ok for item in items)
        and parties <= {item.signature.organization_id for item in items},
        "items": [
            {
                "party": item.signature.organization.slug,
                "signatory": str(item.signature.signatory),
                "post": str(item.signature.post),
                "signed_on": item.signature.signed_on,
                "signed_at": item.signature.signed_at,
                "fingerprint": item.signature.key.fingerprint,
                "verified": item.ok,
                "reason": item.verification.reason,
            }
            for item in items
        ],
    }


@router.post(
    "/documents/{slug}/sign", response=SignaturesSchema, auth=api_auth_required,
    operation_id="decisions_document_sign",
)  # fmt: skip
def document_sign(request: HttpRequest, slug: Text, payload: SignInputSchema) -> dict[str, Any]:
    """Sign the agreed text for a party, as its authorized signatory; the last signs it."""
    document = access_document_by_slug(request.user, slug)
    party = organization_for_field(request.user, payload.party, "party")
    signing.document_sign(
        actor=request.user, document=document, organization=party, on_date=payload.on_date
    )
    return _signatures(_reloaded(document))


@router.get(
    "/documents/{slug}/signatures", response=SignaturesSchema,
    operation_id="decisions_signature_list",
)  # fmt: skip
def signature_list(request: HttpRequest, slug: Text) -> dict[str, Any]:
    """Each party's signature, verified now against the stored text (green or red)."""
    return _signatures(access_document_by_slug(request.user, slug))


def _export(request: HttpRequest, slug: str, fmt: str, languages: str) -> HttpResponse:
    document = access_document_by_slug(request.user, slug)
    try:
        return signing_views.export_response(
            document, fmt, [part.strip() for part in languages.split(",") if part.strip()]
        )
    except exports.ExportError as exc:
        raise ValidationError({"languages": str(exc)}) from exc


def _file(content_type: str, what: str) -> dict[str, Any]:
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"responses": {200: {"description": what, "content": {content_type: binary}}}}


@router.get(
    "/documents/{slug}/export.docx", operation_id="decisions_document_docx",
    openapi_extra=_file(exports.CONTENT_TYPES["docx"], "DOCX, one language or two side by side."),
)  # fmt: skip
def document_docx(
    request: HttpRequest, slug: Text, query: Query[ExportQuerySchema]
) -> HttpResponse:
    """The document as DOCX: one language, or two side by side (``languages=ru,be``)."""
    return _export(request, slug, "docx", query.languages)


@router.get(
    "/documents/{slug}/export.pdf", operation_id="decisions_document_pdf",
    openapi_extra=_file("application/pdf", "PDF, one language or two side by side."),
)  # fmt: skip
def document_pdf(request: HttpRequest, slug: Text, query: Query[ExportQuerySchema]) -> HttpResponse:
    """The document as PDF (WeasyPrint): one language, or two side by side."""
    return _export(request, slug, "pdf", query.languages)


@router.get(
    "/documents/{slug}/export.akn.xml", operation_id="decisions_document_akn",
    openapi_extra=_file(exports.CONTENT_TYPES["xml"], "Akoma Ntoso 3.0, one expression."),
)  # fmt: skip
def document_akn(request: HttpRequest, slug: Text, query: Query[ExportQuerySchema]) -> HttpResponse:
    """The document as Akoma Ntoso 3.0 XML in one language (its FRBR expression)."""
    return _export(request, slug, "xml", query.languages)


@router.get(
    "/documents/{slug}/signed.pdf", operation_id="decisions_document_signed_pdf",
    openapi_extra=_file("application/pdf", "The signed PDF as stored, a signature per party."),
)  # fmt: skip
def document_signed_pdf(request: HttpRequest, slug: Text) -> HttpResponse:
    """The signed PDF as stored when the last party signed (404 before)."""
    return signing_views.signed_pdf_response(access_document_by_slug(request.user, slug))
