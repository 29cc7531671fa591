"""The events' benchmark targets (``devdata.bench``): the calendar, an event page, reciprocity,
the event list API and the public feed."""

from django.db.models import Count
from django.utils import timezone

from collegium.devdata.bench import COLD_PAGE_P95, Target
from collegium.devdata.synth import SYNTH_PREFIX
from collegium.events.models import Event

TARGETS = (
    Target("api events limit=500", "/api/v1/events/events?limit=500"),
    Target("page calendar month", "/calendar/?month={month}", cold_p95_ratio=COLD_PAGE_P95),
    Target(
        "page calendar month (session)",
        "/calendar/?month={month}",
        "session",
        cold_p95_ratio=COLD_PAGE_P95,
    ),
    Target("page calendar list", "/calendar/list/", cold_p95_ratio=COLD_PAGE_P95),
    Target(
        "page event with invitations", "/calendar/events/{event}/", cold_p95_ratio=COLD_PAGE_P95
    ),
    Target(
        "page event with invitations (session)",
        "/calendar/events/{event}/",
        "session",
        cold_p95_ratio=COLD_PAGE_P95,
    ),
    Target("page reciprocity report", "/reciprocity/?start={start}&end={end}", "session"),
    Target("feed public (whole history)", "/calendar/public.ics"),
)


def sample_keys() -> dict[str, str]:
    """Pick the public synthetic summit with the most invitations (latest first), its month,
    and the fifteen years up to today for the reciprocity report."""
    summit = (
        Event.objects.filter(slug__startswith=SYNTH_PREFIX, kind="summit", visibility="public")
        .annotate(invited=Count("invitations"))
        .order_by("-invited", "-start", "pk")
        .first()
    )
    if summit is None or summit.start_date is None:
        raise RuntimeError("the synthetic events are missing; did synth load?")
    today = timezone.localdate()
    return {
        "event": summit.slug,
        "month": summit.start_date.strftime("%Y-%m"),
        "start": today.replace(year=today.year - 15, day=min(today.day, 28)).isoformat(),
        "end": today.isoformat(),
    }
