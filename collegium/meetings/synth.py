"""Agendas and delegations for the synthetic joint meetings (``collegium synth``).

``generate_meetings()`` is pure, a function of the registry's and the events'
parts and the seed: each synthetic joint collegium gets three to six agenda
items on the themes of DOMAIN.md, presented in turn by the two ministers, and
one delegation per ministry, headed by its minister on the meeting's date,
with up to two other office-holders of the ministry.  Only public persons are
named (a public meeting shows them).  The loader writes the rows in bulk
inside ``synth_load``'s transaction, under its one audit record.
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from collegium.core.models import Visibility
from collegium.devdata.synth import SYNTH_NOTE, SynthContext, bulk_insert
from collegium.events.models import Event, EventKind
from collegium.meetings.models import AgendaItem, Delegation, DelegationMember
from collegium.registry.models import Person, Post
from collegium.registry.synth import SynthData, SynthTenure, Tr

THEMES = (
    Tr("О ходе выполнения программы согласованных действий",
       "Progress of the programme of coordinated actions",
       "Аб ходзе выканання праграмы ўзгодненых дзеянняў"),
    Tr("Об использовании дипломатического инструментария",
       "Use of the diplomatic toolkit", "Аб выкарыстанні дыпламатычнага інструментарыю"),
    Tr("О продвижении традиционных ценностей", "Promotion of traditional values",
       "Аб прасоўванні традыцыйных каштоўнасцей"),
    Tr("О сбережении исторической памяти", "Preservation of historical memory",
       "Аб захаванні гістарычнай памяці"),
    Tr("О координации с дружественными государствами и объединениями",
       "Coordination with friendly states and associations",
       "Аб каардынацыі з дружалюбнымі дзяржавамі і аб'яднаннямі"),
    Tr("Об информационном сопровождении внешней политики",
       "Information support of foreign policy",
       "Аб інфармацыйным суправаджэнні знешняй палітыкі"),
    Tr("О двустороннем сотрудничестве", "Bilateral cooperation", "Аб двухбаковым супрацоўніцтве"),
    Tr("О международной повестке дня", "The international agenda", "Аб міжнародным парадку дня"),
)  # fmt: skip
SIGNING = Tr(
    "Подписание постановления коллегий и плана консультаций",
    "Signing of the resolution of the collegia and the plan of consultations",
    "Падпісанне пастановы калегій і плана кансультацый",
)
MEMBER_ROLE = Tr("Член делегации", "Member of the delegation", "Член дэлегацыі")
HEAD_ROLE = Tr("Глава делегации", "Head of delegation", "Кіраўнік дэлегацыі")


@dataclass(frozen=True)
class SynthItem:
    meeting: str  # event slug
    order: int
    title: Tr
    post: str | None
    minutes: int


@dataclass(frozen=True)
class SynthMember:
    meeting: str
    party: str  # organization slug
    person: str
    is_head: bool
    order: int


@dataclass(frozen=True)
class SynthMeetings:
    items: tuple[SynthItem, ...]
    members: tuple[SynthMember, ...]

    def counts(self) -> dict[str, int]:
        meetings = {(member.meeting, member.party) for member in self.members}
        return {
            "agenda items": len(self.items),
            "delegations": len(meetings),
            "delegation members": len(self.members),
        }


def synth_generate(context: SynthContext) -> SynthMeetings:
    return generate_meetings(context.parts["registry"], context.parts["events"], seed=context.seed)


def synth_insert(context: SynthContext, data: SynthMeetings) -> None:
    insert_meetings(data)


def _holders(tenures: list[SynthTenure], public: set[str], on: dt.date) -> list[tuple[str, str]]:
    """Return (post, person) of the public substantive holders of ``tenures`` on the day."""
    return sorted(
        (tenure.post, tenure.person)
        for tenure in tenures
        if tenure.person in public
        and not tenure.acting
        and tenure.start_date <= on
        and (tenure.end_date is None or tenure.end_date >= on)
    )


def generate_meetings(registry: SynthData, calendar, *, seed: int) -> SynthMeetings:
    """Return the agendas and delegations of the calendar's joint collegia."""
    rng = random.Random(f"meetings:{seed}")  # noqa: S311 (synthetic data, not secrets)
    heads = {post.slug for post in registry.posts if post.is_head}
    post_org = {post.slug: post.organization for post in registry.posts}
    public = {p.slug for p in registry.persons if p.visibility == Visibility.PUBLIC}
    tenures_of: dict[str, list[SynthTenure]] = defaultdict(list)
    for tenure in registry.tenures:
        tenures_of[post_org[tenure.post]].append(tenure)
    items: list[SynthItem] = []
    members: list[SynthMember] = []
    for event in calendar.events:
        if event.kind != EventKind.JOINT_COLLEGIUM:
            continue
        day = event.start.date()
        head_posts = []
        for party in event.organizers:
            holders = _holders(tenures_of[party], public, day)
            head = next(((p, person) for p, person in holders if p in heads), None)
            others = [(p, person) for p, person in holders if p not in heads]
            chosen = ([head] if head else []) + rng.sample(others, min(2, len(others)))
            taken = {m.person for m in members if m.meeting == event.slug}
            for order, (_post, person) in enumerate(chosen, start=1):
                if person in taken:
                    continue
                members.append(
                    SynthMember(event.slug, party, person, bool(head) and order == 1, order)
                )
            head_posts.append(head[0] if head else None)
        themes = rng.sample(THEMES, rng.randint(2, 5))
        for order, theme in enumerate([*themes, SIGNING], start=1):
            post = head_posts[(order - 1) % len(head_posts)] if theme is not SIGNING else None
            items.append(SynthItem(event.slug, order, theme, post, rng.choice((10, 15, 20, 30))))
    return SynthMeetings(items=tuple(items), members=tuple(members))


def insert_meetings(data: SynthMeetings) -> dict[str, int]:
    """Write the agendas and delegations on the events the events' part wrote."""
    slugs = {item.meeting for item in data.items} | {m.meeting for m in data.members}
    events = dict(Event.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    organizers = {
        (slug, org_slug): org_id
        for slug, org_slug, org_id in Event.organizers.through.objects.filter(
            event__slug__in=slugs
        ).values_list("event__slug", "organization__slug", "organization_id")
    }
    posts = dict(
        Post.objects.filter(slug__in={i.post for i in data.items if i.post}).values_list(
            "slug", "pk"
        )
    )
    persons = dict(
        Person.objects.filter(slug__in={m.person for m in data.members}).values_list("slug", "pk")
    )
    items = bulk_insert(
        AgendaItem,
        [
            AgendaItem(
                meeting_id=events[item.meeting],
                order=item.order,
                title_ru=item.title.ru,
                title_en=item.title.en,
                title_be=item.title.be,
                presenter_post_id=posts.get(item.post) if item.post else None,
                duration_minutes=item.minutes,
                notes=SYNTH_NOTE,
                is_illustrative=True,
            )
            for item in data.items
        ],
    )
    keys = sorted({(m.meeting, m.party) for m in data.members})
    delegations = bulk_insert(
        Delegation,
        [
            Delegation(meeting_id=events[meeting], organization_id=organizers[(meeting, party)])
            for meeting, party in keys
        ],
    )
    delegation_of = {key: d.pk for key, d in zip(keys, delegations, strict=True)}
    members = bulk_insert(
        DelegationMember,
        [
            DelegationMember(
                delegation_id=delegation_of[(m.meeting, m.party)],
                person_id=persons[m.person],
                is_head=m.is_head,
                role_ru=(HEAD_ROLE if m.is_head else MEMBER_ROLE).ru,
                role_en=(HEAD_ROLE if m.is_head else MEMBER_ROLE).en,
                role_be=(HEAD_ROLE if m.is_head else MEMBER_ROLE).be,
                order=m.order,
            )
            for m in data.members
        ],
    )
    return {"agenda items": len(items), "delegations": len(delegations), "members": len(members)}
