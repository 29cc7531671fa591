"""Arrangement reads, and which arrangements cover an event."""

import datetime as dt
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from collegium.access.rules import AnyUser, filter_visible
from collegium.events.models import (
    Accession,
    Arrangement,
    ArrangementDirection,
    ArrangementMotion,
    ArrangementParty,
    ArrangementStatus,
    Consent,
    Event,
)
from collegium.registry.models import Organization


def visible_arrangements(user: AnyUser) -> QuerySet[Arrangement]:
    """Return the arrangements the user may see, each once (the party join could repeat one)."""
    return Arrangement.objects.filter(
        pk__in=filter_visible(Arrangement.objects.all(), user).values("pk")
    )


def party_links_prefetch() -> Prefetch:
    """Prefetch the party links with their organizations and bodies, in one query."""
    return Prefetch(
        "party_links",
        queryset=ArrangementParty.objects.select_related("organization", "executive_body").order_by(
            "pk"
        ),
    )


def arrangement_list_visible_to(*, user: AnyUser, status: str = "") -> QuerySet[Arrangement]:
    """Return the visible arrangements with their parties, by title."""
    arrangements = visible_arrangements(user)
    if status:
        arrangements = arrangements.filter(status=status)
    return (
        arrangements.select_related("owner", "inviting_party")
        .prefetch_related(party_links_prefetch())
        .order_by("title_ru", "pk")
    )


def owner_link(arrangement: Arrangement) -> ArrangementParty | None:
    """Return the current party the owner is (or keeps the record of); its links loaded.

    Reads ``party_links.all()`` (prefetched by the access door) with each
    party's organization.
    """
    for link in arrangement.party_links.all():
        if link.left_on is None and arrangement.owner_id in {
            link.organization_id,
            link.organization.owner_id,
        }:
            return link
    return None


def motions_of(arrangement: Arrangement) -> QuerySet[ArrangementMotion]:
    """Return the motions of an arrangement with their consents, oldest first."""
    return (
        ArrangementMotion.objects.filter(arrangement=arrangement)
        .select_related("arrangement", "moved_by")
        .prefetch_related(
            Prefetch(
                "consents",
                queryset=Consent.objects.select_related("party", "recorded_by").order_by("pk"),
            )
        )
        .order_by("moved_on", "pk")
    )


def accessions_of(arrangement: Arrangement) -> QuerySet[Accession]:
    """Return the accessions of an arrangement with their consents, oldest first."""
    return (
        Accession.objects.filter(arrangement=arrangement)
        .select_related("organization", "executive_body", "proposed_by")
        .prefetch_related(
            Prefetch(
                "consents",
                queryset=Consent.objects.select_related("party", "recorded_by").order_by("pk"),
            )
        )
        .order_by("proposed_on", "pk")
    )


@dataclass(frozen=True)
class Coverage:
    """An in-force arrangement that covers an event, and the party whose event it is."""

    arrangement: Arrangement
    covered: ArrangementParty

    def other_parties(self, on: dt.date) -> list[ArrangementParty]:
        """Return the parties (current on ``on``) whose executive bodies' heads are invited."""
        return [
            link
            for link in self.arrangement.party_links.all()
            if link.pk != self.covered.pk and link.is_current(on)
        ]


def event_organization_ids(
    event: Event, organizers: Iterable[Organization] | None = None
) -> set[int]:
    """Return the organizations an event belongs to: organizers, body, and their parents.

    ``organizers``: the event's organizers when the caller holds them (a service
    that has just set them), which saves reading them.
    """
    pairs: list[tuple[int, int | None]]
    if organizers is None:
        pairs = list(
            Event.organizers.through.objects.filter(event_id=event.pk).values_list(
                "organization_id", "organization__parent_id"
            )
        )
    else:
        pairs = [(organization.pk, organization.parent_id) for organization in organizers]
    if event.body_id is not None and event.body is not None:
        pairs.append((event.body_id, event.body.parent_id))
    return {pk for pair in pairs for pk in pair if pk is not None}


def events_of_parties(party_ids: Iterable[int]) -> QuerySet[Event]:
    """Return the events that the parties, or their bodies, organize or hold (maybe repeated).

    The events an arrangement among these parties may cover; ``coverages_among``
    decides which it does.
    """
    party_ids = list(party_ids)
    return Event.objects.filter(
        Q(organizers__in=party_ids)
        | Q(organizers__parent__in=party_ids)
        | Q(body__in=party_ids)
        | Q(body__parent__in=party_ids)
    )


def arrangements_covering(
    event: Event, *, organization_ids: AbstractSet[int] | None = None
) -> list[Coverage]:
    """Return the in-force arrangements that cover ``event``, each with the covered party.

    An arrangement covers an event when the event's kind is in its scope, the
    arrangement was in force by the event's first day, and the event is
    organized by a party current on that day (or by one of its bodies, or
    held by such a body); a one-way arrangement covers its inviting party's
    events only.  Not filtered by any user: invitations are the system's work.
    """
    on = event.first_day
    if organization_ids is None:
        organization_ids = event_organization_ids(event)
    # One query: every party link of each candidate arrangement, with the arrangement;
    # the rule reads ids and dates only, so no organization is loaded with the links.
    links = (
        ArrangementParty.objects.filter(
            arrangement__status=ArrangementStatus.IN_FORCE,
            arrangement_id__in=ArrangementParty.objects.filter(
                organization_id__in=organization_ids
            ).values("arrangement_id"),
        )
        .filter(Q(arrangement__in_force_on__isnull=True) | Q(arrangement__in_force_on__lte=on))
        .select_related("arrangement")
        .order_by("arrangement_id", "pk")
    )
    arrangements: dict[int, Arrangement] = {}
    party_links: dict[int, list[ArrangementParty]] = {}
    for link in links:
        link.arrangement = arrangements.setdefault(link.arrangement_id, link.arrangement)
        party_links.setdefault(link.arrangement_id, []).append(link)
    for pk, arrangement in arrangements.items():
        _set_party_links(arrangement, party_links[pk])
    return coverages_among(
        arrangements.values(), kind=event.kind, on=on, organization_ids=organization_ids
    )


def _set_party_links(arrangement: Arrangement, links: list[ArrangementParty]) -> None:
    """Make ``arrangement.party_links.all()`` answer ``links`` without a query, as a prefetch
    does (``prefetch_related_objects``)."""
    queryset = arrangement.party_links.get_queryset()
    queryset._result_cache = links
    # Django's own attributes for a prefetched relation, which its stubs do not declare.
    setattr(queryset, "_prefetch_done", True)  # noqa: B010
    cache = getattr(arrangement, "_prefetched_objects_cache", None)
    if cache is None:
        cache = {}
        setattr(arrangement, "_prefetched_objects_cache", cache)  # noqa: B010
    cache["party_links"] = queryset


def coverages_among(
    arrangements: Iterable[Arrangement],
    *,
    kind: str,
    on: dt.date,
    organization_ids: AbstractSet[int],
) -> list[Coverage]:
    """Return which of the in-force ``arrangements`` (party links loaded) cover such an event.

    Pure over loaded records: the rule of ``arrangements_covering`` for an
    event of ``kind`` on the day ``on`` that belongs to ``organization_ids``.
    """
    found = []
    for arrangement in arrangements:
        if (
            arrangement.status != ArrangementStatus.IN_FORCE
            or (arrangement.in_force_on is not None and arrangement.in_force_on > on)
            or kind not in arrangement.scope
        ):
            continue
        for link in arrangement.party_links.all():
            if link.organization_id not in organization_ids or not link.is_current(on):
                continue
            if (
                arrangement.direction == ArrangementDirection.ONE_WAY
                and link.organization_id != arrangement.inviting_party_id
            ):
                continue
            found.append(Coverage(arrangement, link))
    return found
