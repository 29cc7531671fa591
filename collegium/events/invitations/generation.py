"""Bulk generation: every invitation the arrangements require, for the whole history at once.

``invitations_generate_all`` gives the same invitations (and the same audit
records) as calling ``invitations_generate_for_event`` on every event, past
events included, but in a fixed number of queries: it loads the in-force
arrangements, the events they may cover, the executive bodies' posts, the
existing invitations and the tenures once, runs the pure engine
(``invitations.required_invitations``) per event in memory, and writes the
missing invitations and their audit records with batched inserts in one
transaction.

The coverage rule is ``arrangements.selectors.coverages_among`` (status in
force, in force by the event's first day, a current party organizing the event
or its body, one-way arrangements covering their inviting party only), which
``arrangements_covering`` and the protocol checks use too, and the holder rule
is ``invitations.holder_on``, shared with ``services._holders_on``; the
equivalence tests keep the two paths together.
"""

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.core import audit
from collegium.core.audit_guard import writes_allowed
from collegium.core.exceptions import PermissionDenied
from collegium.core.progress import NO_PROGRESS, Progress
from collegium.events.arrangements.selectors import coverages_among, events_of_parties
from collegium.events.invitations.engine import (
    CoverageInfo,
    GenerationEvent,
    PostInfo,
    RequiredInvitation,
    holder_on,
    required_invitations,
)
from collegium.events.invitations.selectors import coverage_info
from collegium.events.models import (
    CLOSED_EVENT_STATUSES,
    Arrangement,
    ArrangementParty,
    ArrangementStatus,
    Event,
    Invitation,
)
from collegium.registry.models import Organization, Post, Tenure

BATCH_SIZE = 1000


@dataclass(frozen=True)
class GenerationResult:
    events: int  # events looked at: of a kind some arrangement covers, by one of its parties
    created: int
    existing: int  # required invitations that were there already


@dataclass(frozen=True)
class _EventRow:
    pk: int
    kind: str
    on: dt.date
    organization_ids: frozenset[int]
    visibility: str


def _arrangements_in_force() -> list[Arrangement]:
    return list(
        Arrangement.objects.filter(status=ArrangementStatus.IN_FORCE)
        .prefetch_related(Prefetch("party_links", queryset=ArrangementParty.objects.order_by("pk")))
        .order_by("pk")
    )


def _candidate_events(party_ids: set[int], kinds: set[str]) -> list[_EventRow]:
    """Return the open events of the covered kinds that a party (or one of its bodies) holds."""
    involved = events_of_parties(party_ids).values("pk")
    events = (
        Event.objects.filter(pk__in=involved, kind__in=kinds)
        .exclude(status__in=CLOSED_EVENT_STATUSES)
        .order_by("start", "pk")
    )
    rows = list(
        events.values_list(
            "pk", "kind", "start_date", "start", "timezone", "visibility", "body_id",
            "body__parent_id",
        )
    )  # fmt: skip
    # The organizations an event belongs to: organizers, body, and their parents
    # (``selectors.event_organization_ids``).
    belongs: dict[int, set[int]] = defaultdict(set)
    organizers = Event.organizers.through.objects.filter(event_id__in=events.values("pk"))
    for event_id, organization_id, parent_id in organizers.values_list(
        "event_id", "organization_id", "organization__parent_id"
    ):
        belongs[event_id].add(organization_id)
        if parent_id is not None:
            belongs[event_id].add(parent_id)
    found = []
    for pk, kind, start_date, start, zone, visibility, body_id, body_parent_id in rows:
        ids = belongs[pk]
        if body_id is not None:
            ids.add(body_id)
            if body_parent_id is not None:
                ids.add(body_parent_id)
        on = start_date or start.astimezone(zoneinfo.ZoneInfo(zone)).date()
        found.append(_EventRow(pk, kind, on, frozenset(ids), visibility))
    return found


def _coverages(arrangements: list[Arrangement], event: _EventRow) -> list[CoverageInfo]:
    """Return the engine's coverages of ``event``, by the one rule (``coverages_among``)."""
    coverages = coverages_among(
        arrangements, kind=event.kind, on=event.on, organization_ids=event.organization_ids
    )
    return [coverage_info(coverage) for coverage in coverages]


def _posts_by_body(body_ids: set[int]) -> dict[int, list[PostInfo]]:
    """Return the posts of the bodies in the order ``selectors.invitee_posts_for`` reads them."""
    posts: dict[int, list[PostInfo]] = defaultdict(list)
    for pk, organization_id, is_head in (
        Post.objects.filter(organization_id__in=body_ids)
        .order_by("-is_head", "label_ru", "pk")
        .values_list("pk", "organization_id", "is_head")
    ):
        posts[organization_id].append(PostInfo(pk, organization_id, is_head))
    return posts


class _Holders:
    """The holder of a post on a date, by the rule of ``invitations.holder_on``.

    The tenures of the posts are read once; each question looks at one post's rows.
    """

    def __init__(self, post_ids: set[int]) -> None:
        self.tenures: dict[int, list[tuple]] = defaultdict(list)
        for row in (
            Tenure.objects.filter(post_id__in=post_ids)
            .order_by("pk")
            .values_list("post_id", "person_id", "acting", "start_date", "end_date")
        ):
            self.tenures[row[0]].append(row)

    def on(self, post_id: int, day: dt.date) -> int | None:
        return holder_on(self.tenures.get(post_id, ()), day).get(post_id)


def invitations_generate_all(*, actor, progress: Progress = NO_PROGRESS) -> GenerationResult:
    """Create every invitation the arrangements in force require, for all events ever recorded.

    Only a site administrator, or the system (``actor=None``, the CLI), runs
    it.  Idempotent: a second run creates nothing and writes no audit record.
    Each invitation created gets its ``invitation.generate`` audit record, as
    from ``invitations_generate_for_event``.
    """
    if actor is not None and not access.is_site_admin(actor):
        raise PermissionDenied(
            _("Only a site administrator generates the invitations of all events.")
        )
    with transaction.atomic():
        # The chain lock first, as ``audited`` takes it, so no two writers deadlock.
        audit.lock_chain()
        arrangements = _arrangements_in_force()
        party_ids = {link.organization_id for a in arrangements for link in a.party_links.all()}
        kinds = {kind for a in arrangements for kind in a.scope}
        events = _candidate_events(party_ids, kinds) if arrangements else []
        posts = _posts_by_body(
            {link.executive_body_id for a in arrangements for link in a.party_links.all()}
        )
        required: list[tuple[_EventRow, RequiredInvitation]] = []
        with progress.stage("Reading events", total=len(events)) as advance:
            for event in events:
                coverages = _coverages(arrangements, event)
                if coverages:
                    info = GenerationEvent(on=event.on, organization_ids=event.organization_ids)
                    required += [(event, r) for r in required_invitations(info, coverages, posts)]
                advance(1)
        existing = set(
            Invitation.objects.filter(
                arrangement_id__in=[arrangement.pk for arrangement in arrangements]
            ).values_list("event_id", "arrangement_id", "invitee_post_id")
        )
        missing = [
            (event, r)
            for event, r in required
            if (event.pk, r.arrangement_id, r.invitee_post_id) not in existing
        ]
        result = GenerationResult(
            events=len(events), created=len(missing), existing=len(required) - len(missing)
        )
        if not missing:
            return result
        holders = _Holders({r.invitee_post_id for _event, r in missing})
        owners = {
            pk: (owner_id, slug)
            for pk, owner_id, slug in Organization.objects.filter(
                pk__in={r.inviting_organization_id for _event, r in missing}
            ).values_list("pk", "owner_id", "owner__slug")
        }
        now = timezone.now()
        invitations = [
            Invitation(
                event_id=event.pk,
                arrangement_id=r.arrangement_id,
                inviting_organization_id=r.inviting_organization_id,
                invitee_organization_id=r.invitee_organization_id,
                invitee_body_id=r.invitee_body_id,
                invitee_post_id=r.invitee_post_id,
                invitee_person_id=holders.on(r.invitee_post_id, event.on),
                owner_id=owners[r.inviting_organization_id][0],
                visibility=event.visibility,
                created_at=now,
            )
            for event, r in missing
        ]
        # Every value comes from validated rows (events, arrangements, posts,
        # tenures), and the database's keys and constraints check the rest, so
        # no per-row full_clean() (which would query the unique constraints).
        with progress.stage("Writing invitations", total=len(invitations)) as advance:
            for start in range(0, len(invitations), BATCH_SIZE):
                batch = invitations[start : start + BATCH_SIZE]
                with writes_allowed():
                    Invitation.objects.bulk_create(batch, batch_size=BATCH_SIZE)
                advance(len(batch))
        entries = [
            audit.creation_entry(
                invitation,
                action="invitation.generate",
                organization_id=owners[invitation.inviting_organization_id][0],
                organization=owners[invitation.inviting_organization_id][1],
            )
            for invitation in invitations
        ]
        # A batch at a time, for the progress: the same chain as one call (one head read each).
        with progress.stage("Writing audit records", total=len(entries)) as advance:
            for start in range(0, len(entries), BATCH_SIZE):
                batch_entries = entries[start : start + BATCH_SIZE]
                audit.append_many(actor=actor, entries=batch_entries, batch_size=BATCH_SIZE)
                advance(len(batch_entries))
    return result
