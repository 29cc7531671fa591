"""Reads of meetings: the agenda with its presenters and documents, the interim report that
comes first, the delegations, the neighbours.

Each read is a fixed number of queries however long the agenda or the
delegations are (the meeting page pins them).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from collegium.access.rules import AnyUser, filter_visible, is_visible
from collegium.decisions.models import Document
from collegium.decisions.selectors import visible_documents
from collegium.events.calendar.selectors import visible_events
from collegium.events.models import Event, EventKind
from collegium.execution.interim import InterimSources, meeting_report
from collegium.meetings.models import AgendaDocument, AgendaItem, Delegation, DelegationMember
from collegium.registry.models import Organization, Period, Person, Post, Tenure


def meeting_organizers() -> Prefetch:
    """Prefetch the organizers with their parents (the policy and the page read both)."""
    return Prefetch("organizers", queryset=Organization.objects.select_related("parent"))


def agenda_items(meeting: Event) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(meeting=meeting).select_related(
        "presenter_post__organization", "presenter_person"
    )


def item_documents(user: AnyUser) -> Prefetch:
    """Prefetch each item's attached documents the user may see, in their order (one query)."""
    attachments = (
        AgendaDocument.objects.filter(document__in=visible_documents(user))
        .select_related("document")
        .order_by("order", "pk")
    )
    return Prefetch("attachments", queryset=attachments, to_attr="visible_attachments")


def agenda_items_with_documents(meeting: Event, *, user: AnyUser) -> list[AgendaItem]:
    """Return the items in order, each with ``documents``: those attached the user sees.

    Two queries however many items and documents; each item's meeting is ``meeting``.
    """
    items = list(agenda_items(meeting).prefetch_related(item_documents(user)))
    for item in items:
        item.meeting = meeting
        item.documents = [attachment.document for attachment in item.visible_attachments]
    return items


def meeting_sides(meeting: Event) -> set[int]:
    """Return the ids of the organizers and of their parents (organizers read as loaded).

    A collegium organizes the meeting; its documents name the ministry, its parent, as party.
    """
    ids: set[int] = set()
    for organizer in meeting.organizers.all():
        ids.add(organizer.pk)
        if organizer.parent_id is not None:
            ids.add(organizer.parent_id)
    return ids


def attachable_q(meeting: Event) -> Q:
    """Documents an item of ``meeting`` may carry: the meeting's own, or with a party among
    its organizers (or their parent ministries)."""
    return Q(meeting=meeting) | Q(party_links__organization_id__in=meeting_sides(meeting))


def attachable_documents(meeting: Event, *, user: AnyUser) -> QuerySet[Document]:
    """Return the documents the user sees that the meeting's items may carry, by title."""
    eligible = Document.objects.filter(attachable_q(meeting)).values("pk")
    return visible_documents(user).filter(pk__in=eligible).order_by("-dated", "title_ru", "pk")


@dataclass(frozen=True)
class AgendaReport:
    """The interim-results report, shown as the agenda's first item (derived, never stored)."""

    meeting: Event
    sources: InterimSources

    @property
    def title(self) -> str:
        return self.sources.title


def agenda_report(meeting: Event, *, user: AnyUser) -> AgendaReport | None:
    """Return the interim report that opens a joint collegium's agenda, if it applies.

    ``execution.interim.meeting_report`` decides: at most three queries, none
    for another kind of meeting.
    """
    sources = meeting_report(user=user, meeting=meeting)
    return AgendaReport(meeting, sources) if sources is not None else None


@dataclass(frozen=True)
class AgendaRow:
    """An agenda item with the person who presents it on the meeting's date, if known, its
    number as shown (after the interim report when it comes first) and its documents."""

    item: AgendaItem
    post: Post | None
    person: Person | None
    number: int = 0
    documents: list[Document] = field(default_factory=list)


def agenda_of(meeting: Event, *, user: AnyUser, first: int = 1) -> list[AgendaRow]:
    """Return the ordered agenda, each post resolved to its holder on the meeting's first day.

    Three queries: the items, their documents the user sees, and the tenures of
    their posts on that day (a substantive holder before an acting one, as
    ``registry.selectors.head_of``).  The items are numbered from ``first``.
    """
    items = agenda_items_with_documents(meeting, user=user)
    post_ids = {item.presenter_post_id for item in items if item.presenter_post_id}
    holders: dict[int, Person] = {}
    if post_ids:
        tenures = filter_visible(
            Tenure.objects.filter(Period.on_q(meeting.first_day), post_id__in=post_ids), user
        ).select_related("person")
        for tenure in tenures.order_by("post_id", "acting", "-start_date"):
            if tenure.post_id not in holders and is_visible(user, tenure.person):
                holders[tenure.post_id] = tenure.person
    rows = []
    for index, item in enumerate(items):
        post = item.presenter_post
        if post is not None and not is_visible(user, post):
            post = None
        person = item.presenter_person
        if person is not None and not is_visible(user, person):
            person = None
        if post is not None:
            person = holders.get(post.pk)
        rows.append(
            AgendaRow(
                item=item,
                post=post,
                person=person,
                number=first + index,
                documents=item.documents,
            )
        )
    return rows


def delegations_of(meeting: Event) -> QuerySet[Delegation]:
    """Return the meeting's delegations with their members (head first), in two queries."""
    members = DelegationMember.objects.select_related("person")
    return (
        Delegation.objects.filter(meeting=meeting)
        .select_related("organization")
        .prefetch_related(Prefetch("members", queryset=members))
    )


@dataclass(frozen=True)
class DelegationView:
    """A party of the meeting with its delegation (None while it has none) and its members."""

    organization: Organization
    delegation: Delegation | None
    members: list[DelegationMember]

    @property
    def head(self) -> DelegationMember | None:
        return next((member for member in self.members if member.is_head), None)


def delegations_by_party(meeting: Event, *, user: AnyUser) -> list[DelegationView]:
    """Return one entry per organizer, in the organizers' order by name, side by side."""
    by_org = {delegation.organization_id: delegation for delegation in delegations_of(meeting)}
    views = []
    for organizer in sorted(meeting.organizers.all(), key=lambda org: str(org.name)):
        delegation = by_org.get(organizer.pk)
        members = (
            [m for m in delegation.members.all() if is_visible(user, m.person)]
            if delegation
            else []
        )
        views.append(DelegationView(organizer, delegation, members))
    return views


def _same_meetings(meeting: Event, user: AnyUser) -> QuerySet[Event]:
    """Return the visible events of the meeting's kind organized by all of its organizers."""
    events = visible_events(user).filter(kind=meeting.kind).exclude(pk=meeting.pk)
    for organizer in meeting.organizers.all():
        events = events.filter(organizers=organizer)
    return events


def meeting_neighbours(meeting: Event, *, user: AnyUser) -> tuple[Event | None, Event | None]:
    """Return the previous and the next meeting of the same kind among the same organizers."""
    same = _same_meetings(meeting, user).only("slug", "title_ru", "title_en", "title_be", "start")
    previous = same.filter(start__lt=meeting.start).order_by("-start", "-pk").first()
    following = same.filter(start__gt=meeting.start).order_by("start", "pk").first()
    return previous, following


def meeting_list_visible_to(*, user: AnyUser) -> QuerySet[Event]:
    """Return the joint meetings the user may see, newest first, with their agenda's length."""
    return (
        visible_events(user)
        .filter(kind=EventKind.JOINT_COLLEGIUM)
        .annotate(agenda_length=Count("agenda_items"))
        .select_related("host_state")
        .prefetch_related("organizers")
        .order_by("-start", "-pk")
    )
