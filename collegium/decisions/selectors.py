"""Reads of documents: lists, parts, revisions, the snapshot and the language gaps."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.core.exceptions import NotFound
from collegium.decisions.engine import canonical, structure
from collegium.decisions.models import (
    Document,
    DocumentNode,
    DocumentParty,
    DocumentRevision,
    Language,
    ParagraphComment,
)

NODE_FIELDS = (
    "eid",
    "kind",
    "position",
    "num",
    *(f"{field}_{lang}" for field in ("heading", "text") for lang in structure.LANGUAGES),
)


def party_links_prefetch() -> Prefetch:
    return Prefetch(
        "party_links",
        queryset=DocumentParty.objects.select_related(
            "organization", "agreed_by", "agreed_revision"
        ).order_by("pk"),
    )


def meeting_model() -> Any:
    """Return the model of meetings (the events app's, named by the foreign key only).

    Documents and events are independent apps (README: layers): a document
    points to its meeting by the key, and no module here imports the events.
    """
    return Document._meta.get_field("meeting").related_model


def meeting_by_slug(user: AnyUser, slug: str) -> Any:
    """Return the meeting ``slug`` the user may see, or raise ``NotFound``."""
    model = meeting_model()
    meeting = model.objects.filter(access.visible_row_q(model, user), slug=slug).first()
    if meeting is None:
        raise NotFound(model._meta.verbose_name)
    return meeting


def visible_documents(user: AnyUser) -> QuerySet[Document]:
    """Return the documents the user may see (public, own, or of a party they act for)."""
    return Document.objects.filter(access.visible_row_q(Document, user))


def document_list_visible_to(
    *, user: AnyUser, kind: str = "", status: str = "", meeting_id: int | None = None
) -> QuerySet[Document]:
    """Return the visible documents, newest first, with their owner, meeting and parties."""
    documents = visible_documents(user).select_related("owner", "meeting", "amends")
    if kind:
        documents = documents.filter(kind=kind)
    if status:
        documents = documents.filter(status=status)
    if meeting_id is not None:
        documents = documents.filter(meeting_id=meeting_id)
    return documents.prefetch_related(party_links_prefetch()).order_by("-dated", "title_ru", "pk")


def node_rows(document: Document) -> list[dict[str, Any]]:
    """Return the document's parts as plain rows (one query): the engine's input."""
    rows = list(
        DocumentNode.objects.filter(document=document).values("pk", "parent__eid", *NODE_FIELDS)
    )
    for row in rows:
        row["parent"] = row.pop("parent__eid")
    return rows


def ordered_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return ``rows`` in document order, each with its ``depth``."""
    by_eid = {row["eid"]: row for row in rows}
    parts = [
        structure.Part(row["eid"], row["kind"], row["parent"], row["position"]) for row in rows
    ]
    out = []
    for part in structure.ordered(parts):
        row = by_eid[part.eid]
        depth, parent = 0, row["parent"]
        while parent:
            depth += 1
            parent = by_eid[parent]["parent"]
        out.append({**row, "depth": depth})
    return out


def document_meta(document: Document, parties: list[DocumentParty]) -> dict[str, Any]:
    """Return the metadata the canonical bytes cover (not the workflow's dates or status).

    ``document.meeting`` and ``amends`` are read, so load them with the document.
    """
    return {
        "slug": document.slug,
        "kind": document.kind,
        "title": {lang: getattr(document, f"title_{lang}") for lang in structure.LANGUAGES},
        "authentic_language": document.authentic_language,
        "languages": list(Language.values),
        "dated": document.dated.isoformat() if document.dated else None,
        "meeting": document.meeting.slug if document.meeting is not None else None,
        "amends": document.amends.slug if document.amends is not None else None,
        "illustrative": document.is_illustrative,
        "parties": sorted(
            ({"organization": link.organization.slug, "role": link.role} for link in parties),
            key=lambda p: p["organization"],
        ),
    }


def document_snapshot(document: Document, rows: list[dict[str, Any]] | None = None) -> dict:
    """Return the whole document as the engine's snapshot (its canonical form)."""
    parties = list(document.party_links.select_related("organization").order_by("pk"))
    if rows is None:
        rows = node_rows(document)
    return canonical.snapshot(document_meta(document, parties), rows)


def document_gaps(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Return ``{eid: [missing languages]}`` of the parts not written in every language."""
    return dict(structure.language_gaps(rows))


def document_gaps_of(document: Document) -> list[dict[str, Any]]:
    """Return the parts of ``document`` missing in some language, in document order."""
    rows = ordered_rows(node_rows(document))
    gaps = document_gaps(rows)
    return [
        {"eid": row["eid"], "kind": row["kind"], "num": row["num"], "missing": gaps[row["eid"]]}
        for row in rows
        if row["eid"] in gaps
    ]


def revisions_of(document: Document) -> QuerySet[DocumentRevision]:
    return (
        DocumentRevision.objects.filter(document=document)
        .select_related("author")
        .defer("snapshot")
        .order_by("-number")
    )


def latest_revision(document: Document) -> DocumentRevision | None:
    return DocumentRevision.objects.filter(document=document).order_by("-number").first()


def comments_of(document: Document) -> QuerySet[ParagraphComment]:
    """Return the document's comments, oldest first, with their party and author (one query)."""
    return (
        ParagraphComment.objects.filter(document=document)
        .select_related("organization", "author")
        .order_by("created_at", "pk")
    )


def comment_threads(comments: list[ParagraphComment]) -> dict[str, list[dict[str, Any]]]:
    """Return ``{eid: [thread, ...]}``: each thread a first comment and its replies in order.

    A reply to a reply joins the thread of the first comment, so a thread reads
    as one conversation under its part.
    """
    by_pk = {comment.pk: comment for comment in comments}
    threads: dict[str, list[dict[str, Any]]] = {}
    by_root: dict[int, dict[str, Any]] = {}
    for comment in comments:
        root = comment
        while root.parent_id is not None and root.parent_id in by_pk:
            root = by_pk[root.parent_id]
        if root is comment:
            thread = {"comment": comment, "replies": []}
            by_root[comment.pk] = thread
            threads.setdefault(comment.eid, []).append(thread)
        else:
            by_root[root.pk]["replies"].append(comment)
    return threads
