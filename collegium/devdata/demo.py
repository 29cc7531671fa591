"""Load the demo scenario: the real registry of DOMAIN.md, demo users, the 2025 joint collegium
and the 2025-2026 summits of the CSTO, the CIS and the SCO.

Loading is idempotent: records are matched by their stable keys and only
changed fields are written (through the services, so each change is audited
and an unchanged database gets no new audit records).
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from collegium.accounts.models import Role, User
from collegium.accounts.services import affiliation_set, user_create
from collegium.events.arrangements import services as arrangement_services
from collegium.events.calendar import services as event_services
from collegium.events.invitations import services as invitation_services
from collegium.events.models import (
    TRANSITIONS,
    Accession,
    Arrangement,
    ArrangementStatus,
    Event,
    EventStatus,
    Invitation,
)
from collegium.registry import demo_data as data
from collegium.registry import services as registry
from collegium.registry.models import Membership, Organization, Person, Post, State, Tenure


class DemoRefused(Exception):
    """The database holds data the demo does not own; loading would mix the two."""


@dataclass
class DemoResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, outcome: str | None) -> None:
        if outcome:
            bucket = self.created if outcome == "created" else self.updated
            bucket[kind] = bucket.get(kind, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _names(values: list[str]) -> list[dict]:
    return [{"name": value, "lang": "en" if value.isascii() else "ru"} for value in values]


def _differs(instance, values: dict) -> dict:
    return {key: value for key, value in values.items() if getattr(instance, key) != value}


def _upsert(model, lookup: dict, values: dict, *, create, update, actor, result, kind):
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = create(actor=actor, data={**lookup, **values})
        result.count(kind, "created")
        return instance
    changes = _differs(instance, values)
    if changes:
        instance = update(actor, instance, changes)
        result.count(kind, "updated")
    return instance


def non_demo_data() -> dict[str, int]:
    """Count registry records and users that the demo did not create."""
    org_slugs = [o["slug"] for o in data.ORGANIZATIONS]
    usernames = [u[0] for u in data.DEMO_USERS] + [data.DEMO_ADMIN]
    counts = {
        "organizations": Organization.objects.exclude(slug__in=org_slugs).count(),
        "states": State.objects.exclude(code__in=[s[0] for s in data.STATES]).count(),
        "persons": Person.objects.exclude(slug__in=[p[0] for p in data.PERSONS]).count(),
        "users": User.objects.exclude(username__in=usernames).count(),
    }
    return {kind: n for kind, n in counts.items() if n}


@transaction.atomic
def demo_load(*, force: bool = False) -> DemoResult:
    """Load or refresh the demo scenario; refuse a database with other data unless ``force``."""
    if getattr(settings, "COLLEGIUM_PRODUCTION", False) and not force:
        raise DemoRefused(
            "these are production settings, and the demo creates accounts with a published "
            "password; use --force only on a demonstration server"
        )
    foreign = non_demo_data()
    if foreign and not force:
        listed = ", ".join(f"{n} {kind}" for kind, n in sorted(foreign.items()))
        raise DemoRefused(
            f"the database holds data that is not the demo's ({listed}); "
            "use --force to load the demo beside it"
        )
    result = DemoResult()
    admin = User.objects.filter(username=data.DEMO_ADMIN).first()
    if admin is None:
        admin = user_create(
            actor=None,
            username=data.DEMO_ADMIN,
            password=data.DEMO_PASSWORD,
            is_superuser=True,
            first_name="Администратор",
            validate=False,
        )
        result.count("users", "created")
    orgs = _load_organizations(admin, result)
    states = _load_states(admin, orgs, result)
    _set_organization_seats_and_parents(admin, orgs, states, result)
    _load_memberships(admin, orgs, states, result)
    posts = _load_posts(admin, orgs, result)
    persons = _load_persons(admin, orgs, result)
    _load_tenures(admin, posts, persons, result)
    _load_users(admin, orgs, result)
    # Invitations are generated as events and arrangements are saved, not only below.
    invitations = Invitation.objects.count()
    _load_joint_collegium(admin, orgs, states, result)
    _load_summits(admin, orgs, states, result)
    _load_arrangements(admin, orgs, result)
    _load_invitations(admin, result)
    if created := Invitation.objects.count() - invitations:
        result.created["invitations"] = created
    return result


def _load_organizations(admin, result) -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    # Self-owned organizations first: they own everyone else's records.
    ordered = sorted(data.ORGANIZATIONS, key=lambda o: o["owner"] != o["slug"])
    for spec in ordered:
        values = {
            "kind": spec["kind"],
            "name_ru": spec["name"][0],
            "name_en": spec["name"][1],
            "name_be": spec["name"][2],
            "acronym_ru": spec["acronym"][0],
            "acronym_en": spec["acronym"][1],
            "acronym_be": spec["acronym"][2],
            "founding_date": spec.get("founding_date"),
            "other_names": _names(spec.get("other_names", [])),
        }
        if spec["owner"] != spec["slug"]:
            values["owner"] = orgs[spec["owner"]]
        orgs[spec["slug"]] = _upsert(
            Organization,
            {"slug": spec["slug"]},
            values,
            create=registry.organization_create,
            update=lambda a, o, d: registry.organization_update(actor=a, organization=o, data=d),
            actor=admin,
            result=result,
            kind="organizations",
        )
    return orgs


def _load_states(admin, orgs, result) -> dict[str, State]:
    states = {}
    for code, ru, en, be, aliases in data.STATES:
        states[code] = _upsert(
            State,
            {"code": code},
            {
                "name_ru": ru,
                "name_en": en,
                "name_be": be,
                "other_names": _names(aliases),
                # The Russian ministry keeps the shared list of states in the demo.
                "owner": orgs["mfa-ru"],
            },
            create=registry.state_create,
            update=lambda a, s, d: registry.state_update(actor=a, state=s, data=d),
            actor=admin,
            result=result,
            kind="states",
        )
    return states


def _set_organization_seats_and_parents(admin, orgs, states, result) -> None:
    for spec in data.ORGANIZATIONS:
        seat = spec["seat"]
        values = {
            "parent": orgs[spec["parent"]] if spec["parent"] else None,
            "seat_state": states[seat[0]] if seat else None,
            "seat_city_ru": seat[1] if seat else "",
            "seat_city_en": seat[2] if seat else "",
            "seat_city_be": seat[3] if seat else "",
        }
        organization = orgs[spec["slug"]]
        changes = _differs(organization, values)
        if changes:
            registry.organization_update(actor=admin, organization=organization, data=changes)
            # Completing an organization created moments ago is part of creating it.
            if not result.created.get("organizations"):
                result.count("organizations", "updated")


def _load_memberships(admin, orgs, states, result) -> None:
    for org_slug, member, role, status, start, end, approximate, note in data.MEMBERSHIPS:
        organization = orgs[org_slug]
        lookup = {"organization": organization, "start_date": start}
        if member.startswith("org:"):
            lookup["member_organization"] = orgs[member.removeprefix("org:")]
        else:
            lookup["member_state"] = states[member]
        _upsert(
            Membership,
            lookup,
            {
                "role": role,
                "status": status,
                "end_date": end,
                "dates_approximate": approximate,
                "note": note,
                "owner": organization.owner,
            },
            create=registry.membership_create,
            update=lambda a, m, d: registry.membership_update(actor=a, membership=m, data=d),
            actor=admin,
            result=result,
            kind="memberships",
        )


def _load_posts(admin, orgs, result) -> dict[str, Post]:
    posts = {}
    for slug, org_slug, is_head, labels in data.POSTS:
        organization = orgs[org_slug]
        posts[slug] = _upsert(
            Post,
            {"slug": slug},
            {
                "organization": organization,
                "is_head": is_head,
                "label_ru": labels[0],
                "label_en": labels[1],
                "label_be": labels[2],
                **data.POST_LETTER_FORMS.get(slug, {}),
                "owner": organization.owner,
            },
            create=registry.post_create,
            update=lambda a, p, d: registry.post_update(actor=a, post=p, data=d),
            actor=admin,
            result=result,
            kind="posts",
        )
    return posts


def _load_persons(admin, orgs, result) -> dict[str, Person]:
    persons = {}
    for slug, owner, names, aliases in data.PERSONS:
        persons[slug] = _upsert(
            Person,
            {"slug": slug},
            {
                "name_ru": names[0],
                "name_en": names[1],
                "name_be": names[2],
                "other_names": _names(aliases),
                **data.PERSON_LETTER_FORMS.get(slug, {}),
                "owner": orgs[owner],
            },
            create=registry.person_create,
            update=lambda a, p, d: registry.person_update(actor=a, person=p, data=d),
            actor=admin,
            result=result,
            kind="persons",
        )
    return persons


def _load_tenures(admin, posts, persons, result) -> None:
    for person, post, start, end, approximate, acting, note in data.TENURES:
        _upsert(
            Tenure,
            {"person": persons[person], "post": posts[post], "start_date": start},
            {
                "end_date": end,
                "dates_approximate": approximate,
                "acting": acting,
                "note": note,
                "owner": posts[post].owner,
            },
            create=registry.tenure_create,
            update=lambda a, t, d: registry.tenure_update(actor=a, tenure=t, data=d),
            actor=admin,
            result=result,
            kind="tenures",
        )


def _load_users(admin, orgs, result) -> None:
    for username, org_slug, full_name in data.DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user_create(
                actor=admin,
                username=username,
                password=data.DEMO_PASSWORD,
                organization=orgs[org_slug],
                role=Role.MANAGER,
                first_name=full_name,
                validate=False,
            )
            result.count("users", "created")
        elif not user.affiliations.filter(organization=orgs[org_slug], role=Role.MANAGER).exists():
            affiliation_set(actor=admin, user=user, organization=orgs[org_slug], role=Role.MANAGER)
            result.count("users", "updated")


MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
JOINT_COLLEGIUM_SLUG = "joint-collegium-2025"


def _load_joint_collegium(admin, orgs, states, result) -> Event:
    values = {
        "kind": "joint_collegium",
        "title_ru": "Совместное заседание коллегий МИД России и МИД Беларуси",
        "title_en": "Joint meeting of the collegia of the Ministries of Foreign Affairs "
        "of Russia and Belarus",
        "title_be": "Сумеснае пасяджэнне калегій МЗС Расіі і МЗС Беларусі",
        "host_state": states["ru"],
        "city_ru": "Москва",
        "city_en": "Moscow",
        "city_be": "Масква",
        "timezone": "Europe/Moscow",
        # The article gives the date only; the hours are illustrative.
        "start": dt.datetime(2025, 11, 25, 10, 0, tzinfo=MOSCOW),
        "end": dt.datetime(2025, 11, 25, 14, 0, tzinfo=MOSCOW),
        "status": "held",
        "summary": (
            "Министры подвели промежуточные итоги выполнения решений предыдущего заседания "
            "и Программы согласованных действий в области внешней политики на 2024–2026 годы; "
            "по итогам ожидалось подписание Постановления коллегий и Плана межмидовских "
            "консультаций на 2026 год. На заседании прозвучало предложение подключить "
            "Постоянный комитет Союзного государства к практике перекрёстных приглашений "
            "руководителей исполнительных структур ОДКБ, СНГ и ШОС. "
            "(Время начала и окончания указано условно.)"
        ),
        "owner": orgs["mfa-ru"],
    }
    organizers = [orgs["mfa-ru-collegium"], orgs["mfa-by-collegium"]]
    return _upsert_event(admin, JOINT_COLLEGIUM_SLUG, values, organizers, result)


# The service that moves an event into each status (see ``events.models.TRANSITIONS``).
_STATUS_SERVICES = {
    EventStatus.CONFIRMED: event_services.event_confirm,
    EventStatus.POSTPONED: event_services.event_postpone,
    EventStatus.PLANNED: event_services.event_reschedule,
    EventStatus.CANCELLED: event_services.event_cancel,
    EventStatus.HELD: event_services.event_mark_held,
}


def _status_path(current: str, target: str) -> list[str]:
    """Return the shortest chain of statuses from ``current`` to ``target`` (empty if none)."""
    paths = {current: []}
    queue = [current]
    while queue:
        status = queue.pop(0)
        if status == target:
            return paths[status]
        for following in sorted(TRANSITIONS[status]):
            if following not in paths:
                paths[following] = [*paths[status], following]
                queue.append(following)
    return []


def _upsert_event(admin, slug: str, values: dict, organizers: list, result) -> Event:
    """Create the event, or bring it to ``values``; the status moves through its transitions."""
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        event = event_services.event_create(
            actor=admin, data={"slug": slug, **values}, organizers=organizers
        )
        result.count("events", "created")
        return event
    status = values["status"]
    changes = _differs(event, {k: v for k, v in values.items() if k != "status"})
    changed = False
    if changes or set(event.organizers.all()) != set(organizers):
        event = event_services.event_update(
            actor=admin, event=event, data=changes, organizers=organizers
        )
        changed = True
    for step in _status_path(event.status, status):
        event = _STATUS_SERVICES[step](actor=admin, event=event)
        changed = True
    if changed:
        result.count("events", "updated")
    return event


# Times of day are not in the sources: the hours below are indicative and each
# summary says so.  Past summits are held, later ones planned, as of loading.
SUMMITS = [
    {
        "slug": "sco-summit-2025-tianjin",
        "body": "sco-chs",
        "organizer": "sco",
        "owner": "sco-secretariat",
        "title": (
            "Заседание Совета глав государств — членов ШОС",
            "Meeting of the SCO Council of Heads of State",
            "Пасяджэнне Савета кіраўнікоў дзяржаў — членаў ШАС",
        ),
        "state": "cn",
        "city": ("Тяньцзинь", "Tianjin", "Цяньцзінь"),
        "timezone": "Asia/Shanghai",
        "start": (2025, 8, 31, 10, 0),
        "end": (2025, 9, 1, 17, 0),
        "summary": (
            "Саммит ШОС в Тяньцзине 31 августа – 1 сентября 2025 года; в нём участвовал "
            "Генеральный секретарь ШОС Нурлан Ермекбаев. После саммита председательство в ШОС "
            "перешло к Киргизии."
        ),
    },
    {
        "slug": "cis-summit-2025-dushanbe",
        "body": "cis-chs",
        "organizer": "cis",
        "owner": "cis-executive-committee",
        "title": (
            "Заседание Совета глав государств СНГ",
            "Meeting of the CIS Council of Heads of State",
            "Пасяджэнне Савета кіраўнікоў дзяржаў СНД",
        ),
        "state": "tj",
        "city": ("Душанбе", "Dushanbe", "Душанбэ"),
        "timezone": "Asia/Dushanbe",
        "start": (2025, 10, 10, 10, 0),
        "end": (2025, 10, 10, 16, 0),
        "summary": (
            "Заседание Совета глав государств СНГ в Душанбе в год председательства Таджикистана; "
            "накануне, 9 октября, заседал Совет министров иностранных дел."
        ),
    },
    {
        "slug": "cis-summit-2026-ashgabat",
        "body": "cis-chs",
        "organizer": "cis",
        "owner": "cis-executive-committee",
        "title": (
            "Заседание Совета глав государств СНГ",
            "Meeting of the CIS Council of Heads of State",
            "Пасяджэнне Савета кіраўнікоў дзяржаў СНД",
        ),
        "state": "tm",
        "city": ("Ашхабад", "Ashgabat", "Ашхабад"),
        "timezone": "Asia/Ashgabat",
        "start": (2026, 10, 9, 10, 0),
        "end": (2026, 10, 9, 16, 0),
        "summary": (
            "Заседание Совета глав государств СНГ в Ашхабаде в год председательства Туркменистана."
        ),
    },
    {
        "slug": "csto-summit-2025-bishkek",
        "body": "csto-csc",
        "organizer": "csto",
        "owner": "csto-secretariat",
        "title": (
            "Сессия Совета коллективной безопасности ОДКБ",
            "Session of the CSTO Collective Security Council",
            "Сесія Савета калектыўнай бяспекі АДКБ",
        ),
        "state": "kg",
        "city": ("Бишкек", "Bishkek", "Бішкек"),
        "timezone": "Asia/Bishkek",
        "start": (2025, 11, 27, 10, 0),
        "end": (2025, 11, 27, 16, 0),
        "summary": (
            "Сессия Совета коллективной безопасности ОДКБ в Бишкеке в год председательства "
            "Киргизии в Организации."
        ),
    },
    {
        "slug": "csto-summit-2026-russia",
        "body": "csto-csc",
        "organizer": "csto",
        "owner": "csto-secretariat",
        "title": (
            "Сессия Совета коллективной безопасности ОДКБ",
            "Session of the CSTO Collective Security Council",
            "Сесія Савета калектыўнай бяспекі АДКБ",
        ),
        "state": "ru",
        "city": ("", "", ""),
        "timezone": "Europe/Moscow",
        "start": (2026, 11, 11, 10, 0),
        "end": (2026, 11, 11, 16, 0),
        "summary": (
            "Сессия Совета коллективной безопасности ОДКБ в России в год председательства России "
            "в Организации (с 1 января 2026 года). Город проведения в источнике не указан; "
            "часовой пояс (московское время) принят условно."
        ),
    },
    {
        # Not in the source: the next summit after the scenario's day, so that the demo shows
        # invitations still to be sent.  Labelled illustrative in its title and summary.
        "slug": "cis-informal-summit-2026-saint-petersburg",
        "body": "cis-chs",
        "organizer": "cis",
        "owner": "cis-executive-committee",
        "title": (
            "Неформальная встреча глав государств СНГ (иллюстративная запись)",
            "Informal meeting of the CIS heads of state (illustrative entry)",
            "Нефармальная сустрэча кіраўнікоў дзяржаў СНД (ілюстрацыйны запіс)",
        ),
        "state": "ru",
        "city": ("Санкт-Петербург", "Saint Petersburg", "Санкт-Пецярбург"),
        "timezone": "Europe/Moscow",
        "start": (2026, 12, 22, 10, 0),
        "end": (2026, 12, 22, 16, 0),
        "summary": (
            "Иллюстративная запись демонстрационного сценария: источник о следующей встрече не "
            "сообщает, дата и место указаны условно (по традиции декабрьских неформальных встреч "
            "глав государств СНГ в Санкт-Петербурге). "
            "(Illustrative demo entry: the date and place are assumed, not reported.)"
        ),
    },
]
INDICATIVE_TIMES = " (Время начала и окончания указано условно.)"


def _load_summits(admin, orgs, states, result) -> None:
    now = timezone.now()
    for spec in SUMMITS:
        zone = zoneinfo.ZoneInfo(spec["timezone"])
        start = dt.datetime(*spec["start"], tzinfo=zone)
        end = dt.datetime(*spec["end"], tzinfo=zone)
        values = {
            "kind": "summit",
            "title_ru": spec["title"][0],
            "title_en": spec["title"][1],
            "title_be": spec["title"][2],
            "body": orgs[spec["body"]],
            "host_state": states[spec["state"]],
            "city_ru": spec["city"][0],
            "city_en": spec["city"][1],
            "city_be": spec["city"][2],
            "timezone": spec["timezone"],
            "start": start,
            "end": end,
            "status": EventStatus.HELD if end < now else EventStatus.PLANNED,
            "summary": spec["summary"] + INDICATIVE_TIMES,
            "owner": orgs[spec["owner"]],
        }
        _upsert_event(admin, spec["slug"], values, [orgs[spec["organizer"]]], result)


CROSS_INVITATIONS_SLUG = "cross-invitations-csto-cis-sco"
# The article says only that the practice "continued"; its start is illustrative.
CROSS_INVITATIONS_SINCE = dt.date(2024, 1, 1)
CROSS_INVITATIONS = {
    "title_ru": "Перекрёстные приглашения руководителей исполнительных органов ОДКБ, СНГ и ШОС",
    "title_en": "Cross-invitations of the heads of the executive bodies of the CSTO, the CIS "
    "and the SCO",
    "title_be": "Перакрыжаваныя запрашэнні кіраўнікоў выканаўчых органаў АДКБ, СНД і ШАС",
    "description": (
        "Руководители исполнительных органов ОДКБ, СНГ и ШОС приглашаются на саммиты "
        "друг друга. Дата вступления практики в силу указана условно: источник сообщает "
        "лишь о продолжении этой практики. "
        "(The heads of the executive bodies are invited to each other's summits; the date "
        "the practice took effect is illustrative: the source only says it continued.)"
    ),
    "scope": ["summit"],
    "include_deputies": False,
    "direction": "mutual",
    "dates_approximate": True,
}
CROSS_INVITATION_PARTIES = [
    ("csto", "csto-secretariat"),
    ("cis", "cis-executive-committee"),
    ("sco", "sco-secretariat"),
]
UNION_STATE_ACCESSION_NOTE = (
    "Предложение озвучено Министром иностранных дел России С. В. Лавровым на совместном "
    "заседании коллегий МИД России и МИД Беларуси 25 ноября 2025 года: подключить "
    "Постоянный комитет Союзного государства к практике перекрёстных приглашений, если "
    "Государственный секретарь поддержит эту идею (его поддержка — согласие нового участника)."
)


def _load_arrangements(admin, orgs, result) -> None:
    """The CSTO-CIS-SCO cross-invitations in force, and the Union State's pending accession."""
    arrangement = Arrangement.objects.filter(slug=CROSS_INVITATIONS_SLUG).first()
    parties = [(orgs[party], orgs[body]) for party, body in CROSS_INVITATION_PARTIES]
    if arrangement is None:
        arrangement = arrangement_services.arrangement_create(
            actor=admin,
            data={
                "slug": CROSS_INVITATIONS_SLUG,
                **CROSS_INVITATIONS,
                "owner": orgs["csto-secretariat"],
            },
            parties=parties,
        )
        arrangement_services.arrangement_propose(
            actor=admin, arrangement=arrangement, on=CROSS_INVITATIONS_SINCE
        )
        arrangement_services.arrangement_bring_into_force(
            actor=admin, arrangement=arrangement, on=CROSS_INVITATIONS_SINCE
        )
        result.count("arrangements", "created")
    else:
        changes = _differs(arrangement, CROSS_INVITATIONS)
        if changes and arrangement.status != ArrangementStatus.TERMINATED:
            arrangement_services.arrangement_update(
                actor=admin, arrangement=arrangement, data=changes
            )
            result.count("arrangements", "updated")
    if arrangement.status != ArrangementStatus.IN_FORCE:
        return  # suspended or ended by a user: leave the accession alone
    if not Accession.objects.filter(
        arrangement=arrangement, organization=orgs["union-state"]
    ).exists():
        arrangement_services.accession_propose(
            actor=admin,
            arrangement=arrangement,
            organization=orgs["union-state"],
            executive_body=orgs["union-state-standing-committee"],
            proposed_by=orgs["mfa-ru"],
            proposed_on=dt.date(2025, 11, 25),
            note=UNION_STATE_ACCESSION_NOTE,
        )
        result.count("accessions", "created")


def _load_invitations(admin, result) -> None:
    """Create the cross-invitations the arrangements in force require for the demo's summits.

    Summits already held are covered too: the demo shows the practice as it ran.
    """
    from collegium.events.invitations.services import invitations_generate_for_event

    for event in Event.objects.filter(kind="summit").order_by("start"):
        created, _existing = invitations_generate_for_event(actor=admin, event=event)
        for invitation in created:
            if event.status == EventStatus.HELD:
                _send_as_of_old(invitation, event)


# How long before a summit its invitations are taken to have gone out.  The source does
# not date the letters: the demo's sending dates are illustrative.
DEMO_SENDING_LEAD = dt.timedelta(days=45)


def _send_as_of_old(invitation, event) -> None:
    """Record a held summit's invitation as sent by its organizer's secretariat, before it."""
    sender = (
        User.objects.filter(
            affiliations__organization=invitation.owner, affiliations__role=Role.MANAGER
        )
        .order_by("pk")
        .first()
    )
    if sender is None:
        return  # the secretariat's demo account was removed: leave the draft
    invitation_services.invitation_send(
        actor=sender, invitation=invitation, sent_at=event.start - DEMO_SENDING_LEAD
    )
