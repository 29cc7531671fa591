"""The events' part of the demo scenario: the 2025 joint collegium of the Russian and
Belarusian ministries, the 2025-2026 summits of the CSTO, the CIS and the SCO, the
cross-invitations among them with the Union State's pending accession, and the
invitations those require.

Loaded last, on the registry's organizations and states (``context.shared``).
Past summits are held and later ones planned, as of loading.
"""

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any, NotRequired, TypedDict

from django.utils import timezone

from collegium.accounts.models import Role, User
from collegium.core.audit import audited
from collegium.devdata import demo
from collegium.events.arrangements import services as arrangement_services
from collegium.events.calendar import services as event_services
from collegium.events.invitations import services as invitation_services
from collegium.events.models import (
    TRANSITIONS,
    Accession,
    Arrangement,
    ArrangementMotion,
    ArrangementStatus,
    ConsentState,
    Event,
    EventStatus,
    Invitation,
    InvitationStatus,
    MotionStatus,
)
from collegium.registry.models import Organization, State

type Organizations = dict[str, Organization]
type States = dict[str, State]


@demo.step()
def load_events(context: demo.DemoContext) -> None:
    """Load the events, the arrangements and their invitations."""
    orgs, states = context.shared["organizations"], context.shared["states"]
    admin, result = context.actor, context.result
    # Invitations are generated as events and arrangements are saved, not only below.
    invitations = Invitation.objects.count()
    if context.refresh:
        _reset_to_scenario(admin, result)
    _load_joint_collegium_2024(admin, orgs, states, result)
    _load_joint_collegium(admin, orgs, states, result)
    _load_summits(admin, orgs, states, result)
    _load_arrangements(admin, orgs, result)
    _load_invitations(admin, result)
    if created := Invitation.objects.count() - invitations:
        result.created["invitations"] = created


MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
JOINT_COLLEGIUM_SLUG = "joint-collegium-2025"


def _load_joint_collegium(
    admin: User, orgs: Organizations, states: States, result: demo.DemoResult
) -> Event:
    values: dict[str, Any] = {
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


JOINT_COLLEGIUM_2024_SLUG = "joint-collegium-2024"
MINSK = zoneinfo.ZoneInfo("Europe/Minsk")


def _load_joint_collegium_2024(
    admin: User, orgs: Organizations, states: States, result: demo.DemoResult
) -> Event:
    """The previous joint meeting, whose decisions the 2025 meeting reviewed.

    Reported (Zakharova's briefing; Belarusian press) in Brest during
    S. V. Lavrov's visit of 21–22 Nov 2024; the hours are indicative.
    """
    values: dict[str, Any] = {
        "kind": "joint_collegium",
        "title_ru": "Совместное заседание коллегий МИД России и МИД Беларуси (2024)",
        "title_en": "Joint meeting of the collegia of the Ministries of Foreign Affairs "
        "of Russia and Belarus (2024)",
        "title_be": "Сумеснае пасяджэнне калегій МЗС Расіі і МЗС Беларусі (2024)",
        "host_state": states["by"],
        "city_ru": "Брест",
        "city_en": "Brest",
        "city_be": "Брэст",
        "timezone": "Europe/Minsk",
        "start": dt.datetime(2024, 11, 22, 10, 0, tzinfo=MINSK),
        "end": dt.datetime(2024, 11, 22, 14, 0, tzinfo=MINSK),
        "status": "held",
        "summary": (
            "Ежегодное совместное заседание коллегий; по сообщениям, проведено в Бресте "
            "в ходе визита С. В. Лаврова 21–22 ноября 2024 года; предполагалось принятие "
            "постановления и плана межмидовских консультаций на 2025 год. "
            "(Время начала и окончания указано условно.)"
        ),
        "owner": orgs["mfa-by"],
    }
    organizers = [orgs["mfa-by-collegium"], orgs["mfa-ru-collegium"]]
    return _upsert_event(admin, JOINT_COLLEGIUM_2024_SLUG, values, organizers, result)


# The service that moves an event into each status (see ``events.models.TRANSITIONS``).
_STATUS_SERVICES: dict[str, Callable[..., Event]] = {
    EventStatus.CONFIRMED: event_services.event_confirm,
    EventStatus.POSTPONED: event_services.event_postpone,
    EventStatus.PLANNED: event_services.event_reschedule,
    EventStatus.CANCELLED: event_services.event_cancel,
    EventStatus.HELD: event_services.event_mark_held,
}


def _status_path(current: str, target: str) -> list[str]:
    """Return the shortest chain of statuses from ``current`` to ``target`` (empty if none)."""
    paths: dict[str, list[str]] = {current: []}
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


def _upsert_event(
    admin: User,
    slug: str,
    values: dict[str, Any],
    organizers: list[Organization],
    result: demo.DemoResult,
) -> Event:
    """Create the event, or bring it to ``values``; the status moves through its transitions."""
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        event = event_services.event_create(
            actor=admin, data={"slug": slug, **values}, organizers=organizers
        )
        result.count("events", "created")
        return event
    status = values["status"]
    changes = demo.differs(event, {k: v for k, v in values.items() if k != "status"})
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
class SummitSpec(TypedDict):
    slug: str
    body: str  # organization slugs
    organizer: str
    owner: str
    title: tuple[str, str, str]  # ru, en, be
    state: str  # ISO code
    city: tuple[str, str, str]
    timezone: str
    start: tuple[int, int, int, int, int]  # year, month, day, hour, minute (local)
    end: tuple[int, int, int, int, int]
    summary: str
    illustrative: NotRequired[bool]  # not in the sources: a badge and specimen letters


SUMMITS: list[SummitSpec] = [
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
        # invitations still to be sent.  Marked illustrative (a badge on every page that lists
        # it, a specimen letter) and said so in its summary; the title stays the event's own,
        # since letters print it.
        "illustrative": True,
        "slug": "cis-informal-summit-2026-saint-petersburg",
        "body": "cis-chs",
        "organizer": "cis",
        "owner": "cis-executive-committee",
        "title": (
            "Неформальная встреча глав государств СНГ",
            "Informal meeting of the CIS heads of state",
            "Нефармальная сустрэча кіраўнікоў дзяржаў СНД",
        ),
        "state": "ru",
        "city": ("Санкт-Петербург", "Saint Petersburg", "Санкт-Пецярбург"),
        "timezone": "Europe/Moscow",
        "start": (2026, 12, 22, 10, 0),
        "end": (2026, 12, 22, 16, 0),
        "summary": (
            "Иллюстративная запись демонстрационного сценария: источник о следующей встрече не "
            "сообщает, дата и место указаны условно (по традиции декабрьских неформальных встреч "
            "глав государств СНГ в Санкт-Петербурге)."
        ),
    },
]
INDICATIVE_TIMES = " (Время начала и окончания указано условно.)"
# The sources do not say which invited heads answered or came: a held summit's answers
# and attendance are recorded for the demo (``_record_as_of_old``) and labelled so, on
# every summit alike, so that a summit's passing changes nothing but its status.
ILLUSTRATIVE_OUTCOMES = (
    " Ответы на перекрёстные приглашения и участие приглашённых, где они записаны, условны: "
    "источник о них не сообщает."
)


def _load_summits(
    admin: User, orgs: Organizations, states: States, result: demo.DemoResult
) -> None:
    now = timezone.now()
    for spec in SUMMITS:
        zone = zoneinfo.ZoneInfo(spec["timezone"])
        start = dt.datetime(*spec["start"], tzinfo=zone)
        end = dt.datetime(*spec["end"], tzinfo=zone)
        values: dict[str, Any] = {
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
            "summary": spec["summary"] + INDICATIVE_TIMES + ILLUSTRATIVE_OUTCOMES,
            "is_illustrative": spec.get("illustrative", False),
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
        "лишь о продолжении этой практики."
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


CROSS_INVITATIONS_CONSENT_NOTE = (
    "Согласия сторон записаны условно, датой начала практики: их даты не публиковались."
)


def _secretariat(organization: Organization) -> User | None:
    """Return the demo manager of the secretariat that keeps ``organization``'s record."""
    return (
        User.objects.filter(
            affiliations__organization_id=organization.owner_id or organization.pk,
            affiliations__role=Role.MANAGER,
        )
        .order_by("pk")
        .first()
    )


def _load_arrangements(admin: User, orgs: Organizations, result: demo.DemoResult) -> None:
    """The CSTO-CIS-SCO cross-invitations in force by the parties' consents, and the Union
    State's pending accession.

    Each secretariat acts for its own party: the CSTO Secretariat draws the
    arrangement up and puts it to the parties, each party's secretariat records
    its consent (dated illustratively), the Russian ministry voices the accession.
    """
    arrangement = Arrangement.objects.filter(slug=CROSS_INVITATIONS_SLUG).first()
    parties = [(orgs[party], orgs[body]) for party, body in CROSS_INVITATION_PARTIES]
    if arrangement is None:
        secretariats = {party: _secretariat(party) for party, _body in parties}
        owner = _secretariat(orgs["csto-secretariat"])
        if owner is None or None in secretariats.values():
            return  # a secretariat's demo account was removed: no one to consent
        arrangement = arrangement_services.arrangement_create(
            actor=owner,
            data={
                "slug": CROSS_INVITATIONS_SLUG,
                **CROSS_INVITATIONS,
                "owner": orgs["csto-secretariat"],
            },
            parties=parties,
        )
        arrangement_services.arrangement_propose(
            actor=owner,
            arrangement=arrangement,
            on=CROSS_INVITATIONS_SINCE,
            note=CROSS_INVITATIONS_CONSENT_NOTE,
        )
        motion = arrangement.motions.get(status=MotionStatus.PENDING)
        for party, secretariat in secretariats.items():
            arrangement_services.motion_consent_record(
                actor=secretariat,
                motion=motion,
                party=party,
                state=ConsentState.GIVEN,
                given_on=CROSS_INVITATIONS_SINCE,
            )
        arrangement.refresh_from_db()
        result.count("arrangements", "created")
    else:
        changes = demo.differs(arrangement, CROSS_INVITATIONS)
        if arrangement.status != ArrangementStatus.DRAFT:
            # The parties consented to the terms as they stand: the demo leaves them.
            changes = {k: v for k, v in changes.items() if k not in arrangement_services.TERMS}
        if changes and arrangement.status != ArrangementStatus.TERMINATED:
            arrangement_services.arrangement_update(
                actor=admin, arrangement=arrangement, data=changes
            )
            result.count("arrangements", "updated")
    if arrangement.status != ArrangementStatus.IN_FORCE:
        return  # suspended or ended by a user: leave the accession alone
    proposer = _secretariat(orgs["mfa-ru"])
    if proposer is None:
        return
    if not Accession.objects.filter(
        arrangement=arrangement, organization=orgs["union-state"]
    ).exists():
        arrangement_services.accession_propose(
            actor=proposer,
            arrangement=arrangement,
            organization=orgs["union-state"],
            executive_body=orgs["union-state-standing-committee"],
            proposed_by=orgs["mfa-ru"],
            proposed_on=dt.date(2025, 11, 25),
            note=UNION_STATE_ACCESSION_NOTE,
        )
        result.count("accessions", "created")


def _load_invitations(admin: User, result: demo.DemoResult) -> None:
    """Create the cross-invitations the arrangements in force require for the demo's summits.

    Summits already held are covered too: the demo shows the practice as it ran, each
    invitation sent, answered and attended (illustrative, as the summit's summary says).
    """
    for event in Event.objects.filter(kind="summit").order_by("start"):
        invitation_services.invitations_generate_for_event(actor=admin, event=event)
        if event.status == EventStatus.HELD:
            for invitation in Invitation.objects.filter(event=event).order_by("pk"):
                _record_as_of_old(invitation, event)


def _scenario_status(slug: str, end: dt.datetime) -> str:
    """Return the status the scenario gives an event: held once over, planned before."""
    if slug == JOINT_COLLEGIUM_SLUG or end < timezone.now():
        return EventStatus.HELD
    return EventStatus.PLANNED


# An invitation as generated: no step taken on it yet.
_DRAFT_INVITATION = {
    "status": InvitationStatus.DRAFT,
    "sent_at": None,
    "sent_by": None,
    "answered_at": None,
    "answered_by": None,
    "answered_on_behalf": False,
    "attendance_recorded_at": None,
    "attendance_recorded_by": None,
}
# The statuses from which loading brings a held summit's invitation to "attended".
_ON_THE_WAY_TO_ATTENDED = {
    InvitationStatus.DRAFT,
    InvitationStatus.SENT,
    InvitationStatus.ACCEPTED,
    InvitationStatus.ATTENDED,
}


def _reset_to_scenario(admin: User, result: demo.DemoResult) -> None:
    """Undo what users did to the scenario's events and cross-invitations (``demo --force``).

    A summit cancelled or postponed goes back to its scenario status; an invitation of a
    scenario event under the demo's arrangement goes back to a draft when the scenario
    would not reach its state by the workflow (a planned summit's invitations are drafts;
    a held summit's are then sent, accepted and attended again by the loading that
    follows).  Each reset is one ``demo.refresh`` audit record with its before and after;
    ad hoc invitations and every record users added are left as they are.
    """
    # The note of the motion that brought the practice into force, as the scenario words it.
    for motion in ArrangementMotion.objects.filter(
        arrangement__slug=CROSS_INVITATIONS_SLUG, moved_on=CROSS_INVITATIONS_SINCE
    ).exclude(note=CROSS_INVITATIONS_CONSENT_NOTE):
        with audited(actor=admin, action="demo.refresh", instance=motion):
            motion.note = CROSS_INVITATIONS_CONSENT_NOTE
            motion.save(update_fields=["note"])
        result.count("motions", "updated")
    slugs = {JOINT_COLLEGIUM_SLUG, *(spec["slug"] for spec in SUMMITS)}
    for event in Event.objects.filter(slug__in=slugs).order_by("pk"):
        target = _scenario_status(event.slug, event.end)
        if event.status != target and not _status_path(event.status, target):
            with audited(actor=admin, action="demo.refresh", instance=event):
                event.status = target
                event.save(update_fields=["status"])
            result.count("events", "updated")
        held = target == EventStatus.HELD
        invitations = Invitation.objects.filter(
            event=event, arrangement__slug=CROSS_INVITATIONS_SLUG
        ).order_by("pk")
        for invitation in invitations:
            reachable = (
                invitation.status in _ON_THE_WAY_TO_ATTENDED and not invitation.answered_on_behalf
                if held
                else invitation.status == InvitationStatus.DRAFT
            )
            if reachable:
                continue
            with audited(actor=admin, action="demo.refresh", instance=invitation):
                for name, value in _DRAFT_INVITATION.items():
                    setattr(invitation, name, value)
                invitation.save(update_fields=list(_DRAFT_INVITATION))
            result.count("invitations", "updated")


# How long before a summit its invitations are taken to have gone out.  The source does
# not date the letters: the demo's sending dates are illustrative.
DEMO_SENDING_LEAD = dt.timedelta(days=45)


def _record_as_of_old(invitation: Invitation, event: Event) -> None:
    """Bring a held summit's invitation to "attended", each step by the side that takes it.

    The organizer's secretariat sends it (before the summit) and records the
    attendance, the invitee's secretariat accepts.  A step already taken, or
    another outcome a user recorded, is left as it is; so is a step whose
    secretariat's demo account was removed.
    """
    sender = (
        User.objects.filter(
            affiliations__organization=invitation.owner, affiliations__role=Role.MANAGER
        )
        .order_by("pk")
        .first()
    )
    answerer = _secretariat(invitation.invitee_organization)
    if sender is None or answerer is None:
        return
    if invitation.status == InvitationStatus.DRAFT:
        invitation = invitation_services.invitation_send(
            actor=sender, invitation=invitation, sent_at=event.start - DEMO_SENDING_LEAD
        )
    if invitation.status == InvitationStatus.SENT:
        invitation = invitation_services.invitation_answer(
            actor=answerer, invitation=invitation, status=InvitationStatus.ACCEPTED
        )
    if invitation.status == InvitationStatus.ACCEPTED:
        invitation_services.invitation_record_attendance(
            actor=sender, invitation=invitation, attended=True
        )
