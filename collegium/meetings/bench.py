"""The meetings' benchmark target (``devdata.bench``): a joint meeting's page, with its agenda
and delegations, as anonymous and as a signed-in user, cold within the pages' bound."""

from django.db.models import Count

from collegium.devdata.bench import COLD_PAGE_P95, Target
from collegium.devdata.synth import SYNTH_PREFIX
from collegium.events.models import Event

TARGETS = (
    Target("page meeting with agenda", "/calendar/events/{meeting}/", cold_p95_ratio=COLD_PAGE_P95),
    Target(
        "page meeting with agenda (session)",
        "/calendar/events/{meeting}/",
        "session",
        cold_p95_ratio=COLD_PAGE_P95,
    ),
)


def sample_keys() -> dict[str, str]:
    """Pick the public synthetic joint collegium with the longest agenda (latest first)."""
    meeting = (
        Event.objects.filter(
            slug__startswith=SYNTH_PREFIX, kind="joint_collegium", visibility="public"
        )
        .annotate(items=Count("agenda_items"))
        .order_by("-items", "-start", "pk")
        .first()
    )
    if meeting is None:
        raise RuntimeError("the synthetic joint meetings are missing; did synth load?")
    return {"meeting": meeting.slug}
