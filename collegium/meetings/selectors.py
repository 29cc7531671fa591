"""Reads of meetings: the agenda with its presenters resolved, the delegations, the neighbours.

Each read is a fixed number of queries however long the agenda or the
delegations are (the meeting page pins them).
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from collegium.access.rules import AnyUser, filter_visible, is_visible
from collegium.events.calendar.selectors import visible_events
from collegium.events.models import Event, EventKind
from collegium.meetings.models import AgendaItem, Delegation, DelegationMember
from collegium.registry.models import Organization, Period, Person, Post, Tenure


def meeting_organizers() -> Prefetch:
    """Prefetch the organizers with their parents (the policy and the page read both)."""
    return Prefetch("organizers", queryset=Organization.objects.select_related("parent"))


def agenda_items(meeting: Event) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(meeting=meeting).select_related(
        "presenter_post__organization", "presenter_person"
    )


@dataclass(frozen=True)
class AgendaRow:
    """An agenda item with the person who presents it on the meeting's date, if known."""

    item: AgendaItem
    post: Post | None
    person: Person | None


def agenda_of(meeting: Event, *, user: AnyUser) -> list[AgendaRow]:
    """Return the ordered agenda, each post resolved to its holder on the meeting's first day.

    Two queries: the items, and the tenures of their posts on that day (a
    substantive holder before an acting one, as ``registry.selectors.head_of``).
    """
    items = list(agenda_items(meeting))
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
    for item in items:
        post = item.presenter_post
        if post is not None and not is_visible(user, post):
            post = None
        person = item.presenter_person
        if person is not None and not is_visible(user, person):
            person = None
        if post is not None:
            person = holders.get(post.pk)
        rows.append(AgendaRow(item=item, post=post, person=person))
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
