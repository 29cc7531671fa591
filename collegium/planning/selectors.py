"""Plan reads: the engine's problem built from the database, the calendar's blackouts, the
overlaps of an approved plan with the calendar, and the difference between two versions.

The officials of the engine are the lead posts (their slugs): a post's holder changes, the
post stays.  The calendar blocks a lead post on the days of every event (not cancelled, not
one of the plan's own) that its organization organizes or is invited to, or to which the
post itself is invited, and on the days its holders are known to be unavailable.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import holidays as holidays_package
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from collegium.events.models import Event, EventStatus, Invitation, Unavailability
from collegium.planning.models import (
    ALTERNATE,
    ConsultationPlan,
    ConsultationRequest,
    ManualBlackout,
    PlanVersion,
    VersionState,
)
from collegium.registry.models import Organization, Post, Tenure


def plan_requests(plan: ConsultationPlan) -> list[ConsultationRequest]:
    return list(
        ConsultationRequest.objects.filter(plan=plan)
        .select_related("party_a", "party_b", "lead_a", "lead_b", "host", "previous_host", "event")
        .order_by("code")
    )


def reason_names(plan: ConsultationPlan, requests: list[ConsultationRequest]) -> dict[str, str]:
    """Return the names, in the active language, of what the solver's reasons give by slug:
    the plan's parties and the requests' lead posts (the officials of its input)."""
    names = {post.slug: str(post) for post in lead_posts(requests).values()}
    names.update((party.slug, str(party)) for party in plan.parties.all())
    return names


def lead_posts(requests: list[ConsultationRequest]) -> dict[int, Post]:
    posts: dict[int, Post] = {}
    for request in requests:
        for post in (request.lead_a, request.lead_b):
            if post is not None:
                posts[post.pk] = post
    return posts


def capital_of(plan: ConsultationPlan, party: Organization) -> str:
    """The party's city: the plan's capitals, else the organization's seat city, else its slug."""
    return plan.capitals.get(party.slug) or party.seat_city_ru or party.slug


@dataclass(frozen=True)
class CalendarBlackout:
    post: Post
    start: dt.date
    end: dt.date
    reason: str
    event: Event | None = None


def calendar_blackouts(
    plan: ConsultationPlan, posts: dict[int, Post] | None = None
) -> list[CalendarBlackout]:
    """Return the days the calendar blocks for each lead post in the plan's year."""
    if posts is None:
        posts = lead_posts(plan_requests(plan))
    if not posts:
        return []
    first, last = dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)
    own_events = ConsultationRequest.objects.filter(plan=plan, event__isnull=False).values(
        "event_id"
    )
    org_ids = {post.organization_id for post in posts.values()}
    events = list(
        Event.objects.filter(start_date__lte=last, end_date__gte=first)
        .exclude(status=EventStatus.CANCELLED)
        .exclude(pk__in=own_events)
        .filter(
            Q(organizers__in=org_ids)
            | Q(invitations__invitee_organization__in=org_ids)
            | Q(invitations__invitee_post__in=posts.keys())
        )
        .distinct()
        .prefetch_related("organizers")
    )
    invited = {
        (row["event_id"], row["invitee_organization_id"], row["invitee_post_id"])
        for row in Invitation.objects.filter(event__in=events).values(
            "event_id", "invitee_organization_id", "invitee_post_id"
        )
    }
    out: list[CalendarBlackout] = []
    for event in events:
        organizers = {org.pk for org in event.organizers.all()}
        for post in posts.values():
            org = post.organization_id
            if org in organizers or any(
                e == event.pk and (o == org or p == post.pk) for e, o, p in invited
            ):
                out.append(
                    CalendarBlackout(post, event.first_day, event.last_day, event.title, event)
                )
    tenures = Tenure.objects.filter(post__in=posts.keys()).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=last),
        Q(end_date__isnull=True) | Q(end_date__gte=first),
    )
    held: dict[int, list[Tenure]] = {}
    for tenure in tenures:
        held.setdefault(tenure.person_id, []).append(tenure)
    periods = Unavailability.objects.filter(
        person__in=held.keys(), start_date__lte=last, end_date__gte=first
    ).select_related("person")
    for period in periods:
        for tenure in held[period.person_id]:
            start = max(period.start_date, tenure.start_date or period.start_date)
            end = min(period.end_date, tenure.end_date or period.end_date)
            if start <= end:
                reason = (
                    f"{period.person}: {period.reason}" if period.reason else str(period.person)
                )
                out.append(CalendarBlackout(posts[tenure.post_id], start, end, reason))
    out.sort(key=lambda b: (b.start, b.post.slug))
    return out


def _countries(parties: list[Organization]) -> dict[str, str]:
    supported = holidays_package.list_supported_countries()
    countries = {}
    for party in parties:
        state = party.seat_state
        if state is not None and state.code.upper() in supported:
            countries[party.slug] = state.code.upper()
    return countries


def request_input(request: ConsultationRequest) -> dict[str, Any]:
    """Return the request as an item of the engine's ``requests`` (README format)."""
    a, b = request.party_a, request.party_b
    item: dict[str, Any] = {
        "id": request.code,
        "topic": request.topic_en or request.topic_ru,
        "parties": [a.slug, b.slug],
        "leads": {
            party.slug: post.slug
            for party, post in ((a, request.lead_a), (b, request.lead_b))
            if post is not None
        },
        "departments": {
            party.slug: name
            for party, name in ((a, request.department_a), (b, request.department_b))
            if name
        },
        "days": request.days,
        "window": {},
        "host": request.host.slug if request.host is not None else ALTERNATE,
        "min_gap_days": request.min_gap_days,
    }
    if request.window_start:
        item["window"]["from"] = request.window_start.isoformat()
    if request.window_end:
        item["window"]["to"] = request.window_end.isoformat()
    if request.previous_host is not None:
        item["previous_host"] = request.previous_host.slug
    if request.topic_key:
        item["topic_key"] = request.topic_key
    if request.pinned:
        item["pinned"] = request.pinned.isoformat()
    return item


def plan_input(
    plan: ConsultationPlan,
    *,
    requests: list[ConsultationRequest] | None = None,
    previous: PlanVersion | None = None,
) -> dict[str, Any]:
    """Return the engine's input for the plan as it stands (the documented file format)."""
    parties = list(plan.parties.select_related("seat_state").order_by("slug"))
    if requests is None:
        requests = plan_requests(plan)
    posts = lead_posts(requests)
    blackouts = [
        {
            "official": b.post.slug,
            "from": b.start.isoformat(),
            "to": b.end.isoformat(),
            "reason": b.reason,
        }
        for b in calendar_blackouts(plan, posts)
    ]
    for manual in manual_blackouts(plan):
        targets = [manual.post] if manual.post is not None else list(posts.values())
        blackouts.extend(
            {
                "official": post.slug,
                "from": manual.start_date.isoformat(),
                "to": manual.end_date.isoformat(),
                "reason": manual.reason,
            }
            for post in targets
        )
    data: dict[str, Any] = {
        "description": str(plan),
        "year": plan.year,
        "parties": [p.slug for p in parties],
        "capitals": {p.slug: capital_of(plan, p) for p in parties},
        "countries": _countries(parties),
        "extra_non_working_days": sorted(str(d) for d in plan.extra_non_working_days),
        "blackouts": blackouts,
        "max_per_week": plan.max_per_week,
        "max_per_week_per_department": plan.max_per_week_per_department,
        "hosting_tolerance": plan.hosting_tolerance,
        "weights": dict(plan.weights),
        "requests": [request_input(r) for r in requests],
    }
    if previous is not None:
        codes = {r.code for r in requests}
        data["previous_plan"] = [
            {"id": p["id"], "start": p["start"], "host": p["host"]}
            for p in previous.result.get("placements", [])
            if str(p["id"]) in codes
        ]
    return data


def latest_version(plan: ConsultationPlan, *, done: bool = False) -> PlanVersion | None:
    versions = PlanVersion.objects.filter(plan=plan)
    if done:
        versions = versions.filter(state=VersionState.DONE)
    return versions.order_by("-number").first()


@dataclass(frozen=True)
class Overlap:
    request: ConsultationRequest
    start: dt.date
    end: dt.date
    blackout: CalendarBlackout


def plan_calendar_overlaps(plan: ConsultationPlan) -> list[Overlap]:
    """Return the placements of the approved version that the calendar now blocks.

    A summit moved onto a planned date, a new invitation of a lead official, an absence
    recorded later: each is an overlap, and the page offers to re-plan.
    """
    version = plan.approved_version
    if version is None:
        return []
    requests = {r.code: r for r in plan_requests(plan)}
    posts = lead_posts(list(requests.values()))
    blocked = calendar_blackouts(plan, posts)
    out: list[Overlap] = []
    for placement in version.result.get("placements", []):
        request = requests.get(str(placement["id"]))
        if request is None:
            continue
        start = dt.date.fromisoformat(placement["start"])
        end = dt.date.fromisoformat(placement["end"])
        leads = {request.lead_a_id, request.lead_b_id} - {None}
        out.extend(
            Overlap(request, start, end, b)
            for b in blocked
            if b.post.pk in leads and b.start <= end and b.end >= start
        )
    return out


def versions_diff(old: PlanVersion, new: PlanVersion) -> dict[str, list[dict[str, Any]]]:
    """Return the consultations moved, added (placed only in ``new``) and removed."""
    before = {str(p["id"]): p for p in old.result.get("placements", [])}
    after = {str(p["id"]): p for p in new.result.get("placements", [])}
    moved = [
        {"id": key, "before": before[key], "after": after[key]}
        for key in sorted(before.keys() & after.keys())
        if (before[key]["start"], before[key]["host"]) != (after[key]["start"], after[key]["host"])
    ]
    return {
        "moved": moved,
        "added": [after[key] for key in sorted(after.keys() - before.keys())],
        "removed": [before[key] for key in sorted(before.keys() - after.keys())],
    }


MONTHS = range(1, 13)
NEAR_DAYS = 7


@dataclass
class TimelineRow:
    request: ConsultationRequest
    placement: dict[str, Any] | None
    month: int | None
    why: list[str]


def timeline(plan: ConsultationPlan, version: PlanVersion | None) -> list[TimelineRow]:
    """Return one row per request: where the version placed it and why it sits there.

    The reasons are the request's window, a pinned date, and the holidays and blackouts of
    its parties and lead officials within a week of its days (the engine's own calendar),
    worded here in the reader's language (the engine's calendar gives the plain facts).
    """
    from collegium.planning.engine.calendar import Calendar
    from collegium.planning.engine.fileio import PlanFileError, parse

    requests = plan_requests(plan)
    placements: dict[str, dict[str, Any]] = {}
    calendar = problem = None
    if version is not None and version.result:
        placements = {str(p["id"]): p for p in version.result.get("placements", [])}
        try:
            problem = parse(version.input)
            calendar = Calendar(problem)
        except PlanFileError:
            problem = None
    rows = []
    for request in requests:
        placement = placements.get(request.code)
        why: list[str] = []
        if request.pinned:
            why.append(_("pinned date: %(date)s") % {"date": _short(request.pinned)})
        if request.window_start or request.window_end:
            why.append(
                _("preferred window: %(start)s … %(end)s")
                % {
                    "start": _short(request.window_start) if request.window_start else "…",
                    "end": _short(request.window_end) if request.window_end else "…",
                }
            )
        month = None
        if placement is not None:
            start = dt.date.fromisoformat(placement["start"])
            end = dt.date.fromisoformat(placement["end"])
            month = start.month
            if calendar is not None and problem is not None:
                near = [
                    start + dt.timedelta(days=n)
                    for n in range(-NEAR_DAYS, (end - start).days + NEAR_DAYS + 1)
                ]
                for party in (request.party_a, request.party_b):
                    for day in near:
                        name = calendar.holiday(party.slug, day)
                        if name:
                            why.append(
                                _("%(day)s: holiday “%(name)s” (%(party)s)")
                                % {"day": _short(day), "name": name, "party": party}
                            )
                officials = {p.slug: p for p in (request.lead_a, request.lead_b) if p is not None}
                why.extend(
                    _("%(start)s…%(end)s: %(official)s is busy — %(reason)s")
                    % {
                        "start": _short(b.start),
                        "end": _short(b.end),
                        "official": officials[b.official],
                        "reason": b.reason,
                    }
                    for b in problem.blackouts
                    if b.official in officials and b.start <= near[-1] and b.end >= near[0]
                )
        rows.append(TimelineRow(request, placement, month, list(dict.fromkeys(why))))
    rows.sort(
        key=lambda r: (
            r.placement is None,
            r.placement["start"] if r.placement else "",
            r.request.code,
        )
    )
    return rows


def _short(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def manual_blackouts(plan: ConsultationPlan) -> QuerySet[ManualBlackout]:
    """Return the plan's manual blackouts with their posts (one query)."""
    return ManualBlackout.objects.filter(plan=plan).select_related("post")
