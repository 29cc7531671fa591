"""Synthetic events and arrangements among the synthetic registry's organizations.

``generate_calendar()`` is pure, like the registry generator: a function of
the registry data and the seed, drawn from its own ``random.Random`` so the
registry part of a seed stays what it was.  It gives fifteen years of history
(2011-2025) and the plans for the two years after:

- each international organization: its summit (the council of heads of state)
  every year in a member state, the council of foreign ministers before it
  where there is one, and working meetings of the secretariat at its seat;
- the foreign ministries: consultations between two of them and, now and
  then, a joint meeting of their collegia;
- cross-invitation arrangements among the international organizations, scope
  the summits, invitees the heads of the secretariats: mutual and one-way,
  in force from a date or since before the records, with deputies invited on
  some, one with a party that joined later, one terminated.

The generator records no statuses, only each event's fate (cancelled,
postponed, confirmed in advance); ``event_status`` turns that into a status
against the clock when the data is loaded, since "held" can only be said of
the past.  The loader (``insert_calendar``) writes rows in bulk inside the
transaction of ``devdata.synth.synth_load``, under its one audit record, and
creates no invitations: ``invitations_generate_all`` does that.

This is the events' part of ``collegium synth`` (``devdata.synth``): it reads
the registry's part (``context.parts["registry"]``) and the rows the registry
wrote (``context.rows``), so the registry's generator never imports this one.
"""

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass

from django.utils import timezone

from collegium.core.models import Visibility
from collegium.devdata.synth import SYNTH_NOTE, SYNTH_PREFIX, SynthContext, bulk_insert
from collegium.events.models import (
    Arrangement,
    ArrangementDirection,
    ArrangementParty,
    ArrangementStatus,
    Event,
    EventKind,
    EventStatus,
)
from collegium.registry.models import MembershipRole, Organization, OrganizationKind, State
from collegium.registry.synth import (
    PERIOD_START,
    SynthData,
    SynthOrganization,
    Tr,
    _Generator,
)

EVENTS_END = dt.date(2027, 12, 31)
# Plausible host time zones; each synthetic state gets one.
ZONES = (
    "Europe/Moscow", "Europe/Minsk", "Asia/Almaty", "Asia/Bishkek", "Asia/Dushanbe",
    "Asia/Tashkent", "Asia/Yerevan", "Asia/Baku", "Asia/Tbilisi", "Asia/Ashgabat",
    "Asia/Shanghai", "Asia/Ulaanbaatar", "Europe/Istanbul", "Asia/Tehran", "Asia/Kolkata",
)  # fmt: skip
ARRANGEMENTS_PER_SCALE = 6

CANCELLED, POSTPONED, CONFIRMED, PLANNED = "cancelled", "postponed", "confirmed", "planned"


@dataclass(frozen=True)
class SynthEvent:
    slug: str
    kind: str
    title: Tr
    organizers: tuple[str, ...]  # organization slugs; the first owns the event
    body: str | None
    host_state: str
    city: Tr
    venue: str
    timezone: str
    start: dt.datetime  # naive local time in ``timezone``
    end: dt.datetime
    fate: str  # planned | confirmed | postponed | cancelled
    visibility: str


@dataclass(frozen=True)
class SynthParty:
    organization: str
    executive_body: str
    joined_on: dt.date | None = None
    left_on: dt.date | None = None


@dataclass(frozen=True)
class SynthArrangement:
    slug: str
    title: Tr
    parties: tuple[SynthParty, ...]  # the first owns the arrangement
    scope: tuple[str, ...]
    include_deputies: bool
    direction: str
    inviting_party: str | None
    status: str
    proposed_on: dt.date | None
    in_force_on: dt.date | None
    terminated_on: dt.date | None
    dates_approximate: bool
    visibility: str


@dataclass(frozen=True)
class SynthCalendar:
    events: tuple[SynthEvent, ...]
    arrangements: tuple[SynthArrangement, ...]

    def counts(self) -> dict[str, int]:
        return {"events": len(self.events), "arrangements": len(self.arrangements)}


def synth_generate(context: SynthContext) -> SynthCalendar:
    """Return the events' part of ``collegium synth``, on the registry's part."""
    events, arrangements = generate_calendar(context.parts["registry"], seed=context.seed)
    return SynthCalendar(events=events, arrangements=arrangements)


def synth_insert(context: SynthContext, calendar: SynthCalendar) -> None:
    """Write the calendar on the organizations and states the registry's part wrote."""
    insert_calendar(
        calendar, organizations=context.rows["organizations"], states=context.rows["states"]
    )


def event_status(fate: str, start: dt.datetime, now: dt.datetime) -> str:
    """Return the status of an event with ``fate`` that starts at ``start``, seen at ``now``."""
    if fate == CANCELLED:
        return EventStatus.CANCELLED
    if start <= now:
        return EventStatus.HELD
    if fate == POSTPONED:
        return EventStatus.POSTPONED
    return EventStatus.CONFIRMED if fate == CONFIRMED else EventStatus.PLANNED


def _date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _fate(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.03:
        return CANCELLED
    if roll < 0.05:
        return POSTPONED
    return CONFIRMED if roll < 0.6 else PLANNED


def _visibility(rng: random.Random, *, parties: float, internal: float) -> str:
    roll = rng.random()
    if roll < internal:
        return Visibility.INTERNAL.value
    if roll < internal + parties:
        return Visibility.PARTIES.value
    return Visibility.PUBLIC.value


def _join(names: list[Tr]) -> Tr:
    """Return "A, B и C" in each language."""
    if len(names) == 1:
        return names[0]
    head = names[:-1]
    return Tr(
        ", ".join(n.ru for n in head) + " и " + names[-1].ru,
        ", ".join(n.en for n in head) + " and " + names[-1].en,
        ", ".join(n.be for n in head) + " і " + names[-1].be,
    )


def generate_calendar(
    data: SynthData, *, seed: int
) -> tuple[tuple[SynthEvent, ...], tuple[SynthArrangement, ...]]:
    """Return the events and arrangements for the registry ``data`` (a ``SynthData``)."""
    rng = random.Random(f"{seed}/calendar")
    names = _Generator(rng=rng, scale=data.scale)
    names.used_names.update(state.name.en for state in data.states)
    names.used_names.update(org.seat_city.en for org in data.organizations)
    zones = {state.code: rng.choice(ZONES) for state in data.states}
    organizations = {org.slug: org for org in data.organizations}
    capitals = {
        org.seat_state: org.seat_city
        for org in data.organizations
        if org.kind == OrganizationKind.MINISTRY.value and org.seat_state
    }
    for synth_state in data.states:
        if synth_state.code not in capitals:
            capitals[synth_state.code] = names.city_name()
    international = [
        org for org in data.organizations if org.kind == OrganizationKind.INTERNATIONAL.value
    ]
    ministries = [org for org in data.organizations if org.kind == OrganizationKind.MINISTRY.value]
    members: dict[str, list] = {}
    for membership in data.memberships:
        if membership.member_state and membership.role == MembershipRole.MEMBER.value:
            members.setdefault(membership.organization, []).append(membership)

    events: list[SynthEvent] = []

    def add(*, kind, title, organizers, body, state, city, venue, day, days=1, hour=10, visibility):
        start = dt.datetime.combine(day, dt.time(hour, 0))
        end = dt.datetime.combine(day + dt.timedelta(days=days - 1), dt.time(hour + 7, 0))
        slug = f"{SYNTH_PREFIX}{day.year}-{kind.replace('_', '-')}-{len(events) + 1:05d}"
        events.append(
            SynthEvent(
                slug=slug, kind=kind, title=title, organizers=tuple(organizers), body=body,
                host_state=state, city=city, venue=venue, timezone=zones[state], start=start,
                end=end, fate=_fate(rng), visibility=visibility,
            )
        )  # fmt: skip

    def host(org, day: dt.date, turn: int) -> str:
        """Return the member state whose turn it is to host on ``day`` (the seat if none)."""
        current = sorted(
            m.member_state
            for m in members.get(org.slug, [])
            if m.start_date <= day and (m.end_date is None or m.end_date >= day)
        )
        return current[turn % len(current)] if current else org.seat_state

    for org in international:
        bodies = {o.slug for o in data.organizations if o.parent == org.slug}
        council, cfm = f"{org.slug}-council", f"{org.slug}-cfm"
        secretariat = f"{org.slug}-secretariat"
        first_year = max(PERIOD_START.year, (org.founding_date or PERIOD_START).year + 1)
        for turn, year in enumerate(range(first_year, EVENTS_END.year + 1)):
            summit_day = _date(rng, dt.date(year, 5, 1), dt.date(year, 12, 10))
            state = host(org, summit_day, turn + rng.randrange(2))
            city = capitals[state]
            add(
                kind=EventKind.SUMMIT.value,
                title=org.acronym.fmt(
                    "Заседание Совета глав государств {}",
                    "Meeting of the Council of Heads of State of the {}",
                    "Пасяджэнне Савета кіраўнікоў дзяржаў {}",
                ),
                organizers=[org.slug], body=council, state=state, city=city,
                venue="Дворец Независимости", day=summit_day,
                days=rng.choice((1, 2)), visibility=_visibility(rng, parties=0.05, internal=0),
            )  # fmt: skip
            if cfm in bodies:
                add(
                    kind=EventKind.COUNCIL_OF_MINISTERS.value,
                    title=org.acronym.fmt(
                        "Заседание Совета министров иностранных дел {}",
                        "Meeting of the Council of Foreign Ministers of the {}",
                        "Пасяджэнне Савета міністраў замежных спраў {}",
                    ),
                    organizers=[org.slug], body=cfm, state=state, city=city,
                    venue="Дом приёмов МИД",
                    day=summit_day - dt.timedelta(days=rng.randint(30, 90)),
                    visibility=_visibility(rng, parties=0.1, internal=0),
                )  # fmt: skip
            for _meeting in range(2):
                add(
                    kind=EventKind.WORKING_MEETING.value,
                    title=org.acronym.fmt(
                        "Рабочее совещание Секретариата {}",
                        "Working meeting of the Secretariat of the {}",
                        "Рабочая нарада Сакратарыята {}",
                    ),
                    organizers=[org.slug], body=secretariat, state=org.seat_state,
                    city=org.seat_city, venue="Штаб-квартира",
                    day=_date(rng, dt.date(year, 1, 15), dt.date(year, 12, 20)), hour=11,
                    visibility=_visibility(rng, parties=0.2, internal=0.3),
                )  # fmt: skip

    if len(ministries) >= 2:
        for year in range(PERIOD_START.year, EVENTS_END.year + 1):
            for ministry in ministries:
                for _round in range(2):
                    other = rng.choice([m for m in ministries if m.slug != ministry.slug])
                    hosting = rng.choice((ministry, other))
                    guest = other if hosting is ministry else ministry
                    add(
                        kind=EventKind.CONSULTATIONS.value,
                        title=Tr(
                            f"Межмидовские консультации: {hosting.acronym.ru} и {guest.acronym.ru}",
                            f"Consultations: {hosting.acronym.en} and {guest.acronym.en}",
                            f"Міжмзсаўскія кансультацыі: {hosting.acronym.be} і {guest.acronym.be}",
                        ),
                        organizers=[hosting.slug, guest.slug], body=None,
                        state=hosting.seat_state, city=hosting.seat_city, venue="",
                        day=_date(rng, dt.date(year, 1, 20), dt.date(year, 12, 15)),
                        visibility=_visibility(rng, parties=0.4, internal=0.2),
                    )  # fmt: skip
                if rng.random() < 0.3:
                    other = rng.choice([m for m in ministries if m.slug != ministry.slug])
                    add(
                        kind=EventKind.JOINT_COLLEGIUM.value,
                        title=Tr(
                            f"Совместное заседание коллегий {ministry.acronym.ru} "
                            f"и {other.acronym.ru}",
                            f"Joint meeting of the collegia of the {ministry.acronym.en} and "
                            f"the {other.acronym.en}",
                            f"Сумеснае пасяджэнне калегій {ministry.acronym.be} "
                            f"і {other.acronym.be}",
                        ),
                        organizers=[ministry.slug, other.slug],
                        body=f"{ministry.slug}-collegium", state=ministry.seat_state,
                        city=ministry.seat_city, venue="", day=_date(
                            rng, dt.date(year, 2, 1), dt.date(year, 11, 30)
                        ), visibility=_visibility(rng, parties=0.3, internal=0),
                    )  # fmt: skip

    return tuple(events), tuple(_arrangements(rng, data, international, organizations))


# The arrangement patterns, in turn: every variant appears from scale 1 on.
_PATTERNS = (
    "mutual-since-before",
    "mutual-deputies",
    "one-way",
    "terminated",
    "late-joiner",
    "one-way-deputies",
)


def _arrangements(
    rng: random.Random,
    data: SynthData,
    international: list[SynthOrganization],
    organizations: dict[str, SynthOrganization],
) -> list[SynthArrangement]:
    if len(international) < 2:
        return []
    found: list[SynthArrangement] = []
    for index in range(max(1, round(ARRANGEMENTS_PER_SCALE * data.scale))):
        pattern = _PATTERNS[index % len(_PATTERNS)]
        smallest = 3 if pattern == "late-joiner" else 2
        count = rng.randint(min(smallest, len(international)), min(4, len(international)))
        parties = rng.sample(international, count)
        founded = max(org.founding_date or PERIOD_START for org in parties)
        earliest = max(founded, PERIOD_START)
        started = _date(rng, earliest, max(earliest, dt.date(2020, 12, 31)))
        # The arrangement's start, unless it dates from before anyone recorded it.
        in_force_on: dt.date | None = started
        links = [SynthParty(org.slug, f"{org.slug}-secretariat") for org in parties]
        terminated_on: dt.date | None = None
        status = ArrangementStatus.IN_FORCE.value
        if pattern == "mutual-since-before":
            in_force_on = None
        elif pattern == "terminated":
            terminated_on = _date(rng, started + dt.timedelta(days=400), dt.date(2025, 6, 30))
            status = ArrangementStatus.TERMINATED.value
        elif pattern == "late-joiner" and len(links) > 2:
            last = links[-1]
            links[-1] = SynthParty(
                last.organization,
                last.executive_body,
                joined_on=_date(rng, started + dt.timedelta(days=365), dt.date(2025, 6, 30)),
            )
        one_way = pattern.startswith("one-way")
        acronyms = [organizations[link.organization].acronym for link in links]
        title = _join(acronyms).fmt(
            "Практика взаимных приглашений глав исполнительных органов: {}",
            "Cross-invitations of the heads of executive bodies: {}",
            "Практыка ўзаемных запрашэнняў кіраўнікоў выканаўчых органаў: {}",
        )
        if one_way:
            title = Tr(acronyms[0].ru, acronyms[0].en, acronyms[0].be).fmt(
                "Приглашения на саммиты {}: " + _join(acronyms[1:]).ru,
                "Invitations to the {} summits: " + _join(acronyms[1:]).en,
                "Запрашэнні на саміты {}: " + _join(acronyms[1:]).be,
            )
        found.append(
            SynthArrangement(
                slug=f"{SYNTH_PREFIX}arrangement-{index + 1:03d}",
                title=title,
                parties=tuple(links),
                scope=(EventKind.SUMMIT.value,),
                include_deputies=pattern.endswith("deputies"),
                direction=(
                    ArrangementDirection.ONE_WAY.value
                    if one_way
                    else ArrangementDirection.MUTUAL.value
                ),
                inviting_party=links[0].organization if one_way else None,
                status=status,
                proposed_on=(in_force_on - dt.timedelta(days=rng.randint(30, 200)))
                if in_force_on
                else None,
                in_force_on=in_force_on,
                terminated_on=terminated_on,
                dates_approximate=in_force_on is None,
                visibility=_visibility(rng, parties=0.2, internal=0),
            )
        )
    return found


def insert_calendar(
    data: SynthCalendar, *, organizations: dict[str, Organization], states: dict[str, State]
) -> dict[str, int]:
    """Write the events and arrangements of ``data``; return their row counts.

    Runs inside ``synth_load``'s transaction; ``organizations`` and ``states``
    map slugs and codes to the rows the registry's part has just written.
    """
    now = timezone.now()
    rows: list[Event] = []
    for item in data.events:
        zone = zoneinfo.ZoneInfo(item.timezone)
        start, end = item.start.replace(tzinfo=zone), item.end.replace(tzinfo=zone)
        event = Event(
            slug=item.slug,
            uid=f"{item.slug}@synth.collegium",
            sequence=0,
            created_at=now,
            modified_at=now,
            kind=item.kind,
            title_ru=item.title.ru,
            title_en=item.title.en,
            title_be=item.title.be,
            body=organizations[item.body] if item.body else None,
            host_state=states[item.host_state],
            city_ru=item.city.ru,
            city_en=item.city.en,
            city_be=item.city.be,
            venue=item.venue,
            timezone=item.timezone,
            start=start,
            end=end,
            status=event_status(item.fate, start, now),
            summary=SYNTH_NOTE,
            is_illustrative=True,
            owner=organizations[item.organizers[0]],
            visibility=item.visibility,
        )
        event.set_local_dates()
        rows.append(event)
    events = bulk_insert(Event, rows)
    Through = Event.organizers.through
    Through.objects.bulk_create(
        [
            Through(event_id=event.pk, organization_id=organizations[slug].pk)
            for event, item in zip(events, data.events, strict=True)
            for slug in item.organizers
        ],
        batch_size=1000,
    )
    arrangements = bulk_insert(
        Arrangement,
        [
            Arrangement(
                slug=item.slug,
                title_ru=item.title.ru,
                title_en=item.title.en,
                title_be=item.title.be,
                description=SYNTH_NOTE,
                scope=list(item.scope),
                include_deputies=item.include_deputies,
                direction=item.direction,
                inviting_party=organizations[item.inviting_party] if item.inviting_party else None,
                status=item.status,
                proposed_on=item.proposed_on,
                in_force_on=item.in_force_on,
                terminated_on=item.terminated_on,
                dates_approximate=item.dates_approximate,
                created_at=now,
                owner=organizations[item.parties[0].organization],
                visibility=item.visibility,
            )
            for item in data.arrangements
        ],
    )
    parties = bulk_insert(
        ArrangementParty,
        [
            ArrangementParty(
                arrangement=arrangement,
                organization=organizations[party.organization],
                executive_body=organizations[party.executive_body],
                joined_on=party.joined_on,
                left_on=party.left_on,
            )
            for arrangement, item in zip(arrangements, data.arrangements, strict=True)
            for party in item.parties
        ],
    )
    return {"events": len(events), "arrangements": len(arrangements), "parties": len(parties)}
