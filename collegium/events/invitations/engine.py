"""The invitation engine: which invitations an event requires, over plain data (no database).

A service loads the event, the arrangements covering it and the posts of the
invited parties' executive bodies, turns them into the dataclasses below and
calls ``required_invitations``; it saves what is missing.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class GenerationEvent:
    """The event: its first day (in the host's zone) and the organizations it belongs to."""

    on: dt.date
    organization_ids: frozenset[int]


@dataclass(frozen=True)
class PartyInfo:
    """A party to an arrangement with its executive body and its time as a party."""

    organization_id: int
    executive_body_id: int
    joined_on: dt.date | None = None
    left_on: dt.date | None = None

    def is_current(self, on: dt.date) -> bool:
        return (self.joined_on is None or self.joined_on <= on) and (
            self.left_on is None or self.left_on >= on
        )


@dataclass(frozen=True)
class CoverageInfo:
    """An arrangement covering the event, the covered (inviting) party and all its parties."""

    arrangement_id: int
    covered: PartyInfo
    parties: tuple[PartyInfo, ...]
    include_deputies: bool = False


@dataclass(frozen=True)
class PostInfo:
    """A post of an executive body; ``is_head`` marks its head."""

    pk: int
    organization_id: int
    is_head: bool


@dataclass(frozen=True)
class RequiredInvitation:
    arrangement_id: int
    inviting_organization_id: int
    invitee_organization_id: int
    invitee_body_id: int
    invitee_post_id: int


def required_invitations(
    event_info: GenerationEvent,
    coverages: Sequence[CoverageInfo],
    holders: Mapping[int, Sequence[PostInfo]],
) -> list[RequiredInvitation]:
    """Return the invitations the event requires, in coverage and party order, each once.

    For each coverage the covered party invites the posts (the head, and the
    deputies if the arrangement says so) of the executive body of each other
    party current on the event's first day; ``holders`` maps an executive
    body's id to its posts.  A party the event belongs to is not invited to
    it.  A post is required once per arrangement.
    """
    required: list[RequiredInvitation] = []
    seen: set[tuple[int, int]] = set()
    for coverage in coverages:
        for party in coverage.parties:
            if (
                party.organization_id == coverage.covered.organization_id
                or party.organization_id in event_info.organization_ids
                or not party.is_current(event_info.on)
            ):
                continue
            posts = required_invitee_posts(
                others=[party], posts_by_body=holders, include_deputies=coverage.include_deputies
            )
            for post in posts:
                key = (coverage.arrangement_id, post.pk)
                if key in seen:
                    continue
                seen.add(key)
                required.append(
                    RequiredInvitation(
                        arrangement_id=coverage.arrangement_id,
                        inviting_organization_id=coverage.covered.organization_id,
                        invitee_organization_id=party.organization_id,
                        invitee_body_id=party.executive_body_id,
                        invitee_post_id=post.pk,
                    )
                )
    return required


TenureRow = tuple[int, int, bool, dt.date | None, dt.date | None]


def holder_on(tenures: Iterable[TenureRow], on: dt.date) -> dict[int, int]:
    """Return {post id: person id} of the holders on ``on``.

    ``tenures`` are (post, person, acting, start, end) rows in primary key
    order.  A substantive holder wins over an acting one, then the latest
    start (an open start counts as the earliest), then the first recorded.
    One rule for generation, bulk generation and the protocol checks, kept in
    Python so that no database's ordering of empty dates can change it.
    """
    best: dict[int, tuple] = {}
    for post_id, person_id, acting, start, end in tenures:
        if (start is not None and start > on) or (end is not None and end < on):
            continue
        rank = (acting, -(start.toordinal() if start else 0))
        if post_id not in best or rank < best[post_id][0]:
            best[post_id] = (rank, person_id)
    return {post_id: person_id for post_id, (_rank, person_id) in best.items()}


def required_invitee_posts(
    *,
    others: Iterable[Any],
    posts_by_body: Mapping[int, Sequence[Any]],
    include_deputies: bool = False,
) -> list[Any]:
    """Return the posts to invite: the head post of each other party's executive body.

    Pure, over anything shaped like a party (``executive_body_id``) and a post
    (``is_head``): ``posts_by_body`` maps an executive body's id to its posts.  With
    ``include_deputies`` the body's other posts are added after its head (the
    registry has no deputy flag; an executive body's posts besides the head
    are its deputies).  A body without a head post adds nothing.
    """
    invited: list[Any] = []
    for link in others:
        posts = posts_by_body.get(link.executive_body_id, ())
        invited += [post for post in posts if post.is_head]
        if include_deputies:
            invited += [post for post in posts if not post.is_head]
    return invited
