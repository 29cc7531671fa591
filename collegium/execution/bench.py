"""The execution benchmark targets (``devdata.bench``): the interim report of a resolution of
500 provisions (page warm and cold, DOCX), the task lists and the programme page."""

from collegium.decisions.models import Document, DocumentKind
from collegium.devdata.bench import COLD_PAGE_P95, Target
from collegium.devdata.synth import SYNTH_PREFIX
from collegium.execution.synth import BIG_SLUG

TARGETS = (
    Target(
        "page interim report 500 items",
        "/tasks/resolutions/{big_resolution}/interim/?date=2025-11-25",
        cold_p95_ratio=COLD_PAGE_P95,
    ),
    Target(
        "docx interim report 500 items",
        "/tasks/resolutions/{big_resolution}/interim/docx/?date=2025-11-25",
    ),
    Target("page task list", "/tasks/", cold_p95_ratio=COLD_PAGE_P95),
    Target("page task list overdue", "/tasks/?overdue=1", cold_p95_ratio=COLD_PAGE_P95),
    Target("api tasks limit=500", "/api/v1/execution/tasks?limit=500"),
    Target("page programme", "/tasks/programme/{programme}/", cold_p95_ratio=COLD_PAGE_P95),
)


def sample_keys() -> dict[str, str]:
    """Pick the 500-provision resolution and a programme (the demo's, else a resolution)."""
    if not Document.objects.filter(slug=BIG_SLUG).exists():
        raise RuntimeError("the synthetic 500-provision resolution is missing; did synth load?")
    programme = (
        Document.objects.filter(kind=DocumentKind.PROGRAMME, visibility="public")
        .order_by("pk")
        .values_list("slug", flat=True)
        .first()
    )
    if programme is None:
        # Synth makes no programme: the page is measured on a synthetic one's absence as 404.
        programme = (
            Document.objects.filter(slug__startswith=SYNTH_PREFIX)
            .values_list("slug", flat=True)
            .first()
            or BIG_SLUG
        )
    return {"big_resolution": BIG_SLUG, "programme": programme}
