"""The documents' benchmark targets (``devdata.bench``): the list and a document page."""

from django.db.models import Count

from collegium.decisions.models import Document
from collegium.devdata.bench import COLD_PAGE_P95, Target
from collegium.devdata.synth import SYNTH_PREFIX

TARGETS = (
    Target("api documents limit=500", "/api/v1/decisions/documents?limit=500"),
    Target("page documents list", "/documents/", cold_p95_ratio=COLD_PAGE_P95),
    Target("page document", "/documents/{document}/", cold_p95_ratio=COLD_PAGE_P95),
    Target(
        "page document (session)", "/documents/{document}/", "session", cold_p95_ratio=COLD_PAGE_P95
    ),
)


def sample_keys() -> dict[str, str]:
    """Pick the public synthetic document with the most parts."""
    document = (
        Document.objects.filter(slug__startswith=SYNTH_PREFIX, visibility="public")
        .annotate(parts=Count("nodes"))
        .order_by("-parts", "slug")
        .first()
    )
    if document is None:
        raise RuntimeError("the synthetic documents are missing; did synth load?")
    return {"document": document.slug}
