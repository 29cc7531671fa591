"""One door per document and revision: return it or raise ``NotFound``."""

from collegium.access.rules import AnyUser
from collegium.core.exceptions import NotFound
from collegium.decisions.models import Document, DocumentNode, DocumentRevision, ParagraphComment
from collegium.decisions.selectors import party_links_prefetch, visible_documents


def access_document_by_slug(user: AnyUser, slug: str) -> Document:
    """Return the document the user may see, or raise ``NotFound`` (missing or hidden alike)."""
    document = (
        visible_documents(user)
        .select_related("owner", "meeting", "amends")
        .prefetch_related(party_links_prefetch())
        .filter(slug=slug)
        .first()
    )
    if document is None:
        raise NotFound(Document._meta.verbose_name)
    return document


def access_node_by_eid(user: AnyUser, document: Document, eid: str) -> DocumentNode:
    """Return the part ``eid`` of a document from its door, or raise ``NotFound``."""
    node = DocumentNode.objects.filter(document=document, eid=eid).select_related("parent").first()
    if node is None:
        raise NotFound(DocumentNode._meta.verbose_name)
    return node


def access_revision_by_number(user: AnyUser, document: Document, number: int) -> DocumentRevision:
    """Return revision ``number`` of a document the user sees, or raise ``NotFound``."""
    revision = DocumentRevision.objects.filter(document=document, number=number).first()
    if revision is None:
        raise NotFound(DocumentRevision._meta.verbose_name)
    return revision


def access_comment_by_id(user: AnyUser, document: Document, comment_id: int) -> ParagraphComment:
    """Return comment ``comment_id`` of a document the user sees, or raise ``NotFound``."""
    comment = ParagraphComment.objects.filter(document=document, pk=comment_id).first()
    if comment is None:
        raise NotFound(ParagraphComment._meta.verbose_name)
    return comment
