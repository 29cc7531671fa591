"""The events' part of the permission matrix (``collegium.testing.permissions``).

Events with their status moves, arrangements and accessions with their
consents, unavailability periods, invitations with their moves and letters,
and the reports (protocol checks, reciprocity).  The objects are organized
by, or between, home and the other organization, so that the
parties-visible one involves home.
"""

import datetime as dt

from collegium.accounts.models import Role
from collegium.events.arrangements import services as arrangement_services
from collegium.events.availability.services import unavailability_create
from collegium.events.calendar import services as event_services
from collegium.events.invitations import services as invitation_services
from collegium.events.tests.arrangements.arrangement_fixtures import (
    bring_into_force,
    consent_all,
    member_of,
    pending_motion,
    propose,
)
from collegium.registry import services
from collegium.registry.models import Organization, OrganizationKind
from collegium.testing.forms import Case, PageForm
from collegium.testing.permissions import (
    ACTS_FOR,
    ALL_ENTITIES,
    ANY,
    ANYONE,
    CHANGE,
    CREATE,
    DELETE,
    EDITOR,
    HOME_EDITORS,
    LIST,
    MANAGER,
    NO_OBJECT,
    OK,
    ONE_RECORD,
    OWN,
    PARTIES,
    PLACEMENT,
    RECORD_OBJECTS,
    REPORT,
    RESTRICTED,
    RETRIEVE,
    TRANSITION,
    UPDATE,
    WRITE,
    Entity,
    Operation,
)

# Accession (propose, withdraw): a write in the name of the proposing organization (home),
# on an arrangement the caller sees, whoever owns it.  Consent (to an accession or a motion)
# and a party's withdrawal: only home's managers commit home, a party to every arrangement of
# the world.  Motion (suspend, resume, terminate, withdraw the motion): home's editors move in
# home's name.  Propose: the owner's editors put its arrangement to the parties.  None of these
# is the site administrator's: it does not act for an organization.
ACCESSION, CONSENT, MOTION, PROPOSE = "accession", "consent", "motion", "propose"
# Invite (an ad hoc invitation, a generation run): a write under an event, checked like a
# change of the event.  Answer: only home's editors answer for home, the invitee of every
# invitation of the world (not the site administrator, who does not act for an organization).
INVITE, ANSWER = "invite", "answer"

ACTIONS = {
    ACCESSION: frozenset({WRITE, ONE_RECORD, ACTS_FOR}),
    CONSENT: frozenset({WRITE, ONE_RECORD, ACTS_FOR}),
    MOTION: frozenset({WRITE, ONE_RECORD, ACTS_FOR}),
    PROPOSE: frozenset({WRITE, ONE_RECORD, CHANGE, ACTS_FOR}),
    INVITE: frozenset({WRITE, ONE_RECORD, CHANGE}),
    ANSWER: frozenset({WRITE, ONE_RECORD, ACTS_FOR}),
}

# fmt: off
RULES = [
    # actions          roles         objects       entities      outcome
    ({ACCESSION, MOTION}, HOME_EDITORS, ANY,       ALL_ENTITIES, OK),
    ({CONSENT},        {MANAGER},    ANY,          ALL_ENTITIES, OK),
    ({ACCESSION, CONSENT, MOTION}, ANYONE, ANY,    ALL_ENTITIES, 403),
    ({ANSWER},         HOME_EDITORS, ANY,          ALL_ENTITIES, OK),
    ({ANSWER},         ANYONE,       ANY,          ALL_ENTITIES, 403),
]
# fmt: on

IN_FORCE = ("propose", "enforce")
HOME_MOVES = {"moved_by": "home"}

OPERATIONS = {
    "events_event_list": Operation(LIST, "event"),
    "events_event_retrieve": Operation(RETRIEVE, "event"),
    "events_event_create": Operation(CREATE, "event"),
    "events_event_update": Operation(UPDATE, "event"),
    "events_event_confirm": Operation(TRANSITION, "event"),
    "events_event_postpone": Operation(TRANSITION, "event"),
    "events_event_cancel": Operation(TRANSITION, "event"),
    "events_event_mark_held": Operation(TRANSITION, "event", prepare=("confirm",)),
    "events_event_reschedule": Operation(
        TRANSITION,
        "event",
        prepare=("postpone",),
        body={"start": "2025-07-01T10:00:00", "end": "2025-07-01T12:00:00"},
    ),
    "events_arrangement_list": Operation(LIST, "arrangement"),
    "events_arrangement_retrieve": Operation(RETRIEVE, "arrangement"),
    "events_arrangement_create": Operation(CREATE, "arrangement"),
    "events_arrangement_update": Operation(UPDATE, "arrangement"),
    "events_arrangement_propose": Operation(PROPOSE, "arrangement"),
    "events_arrangement_suspend": Operation(
        MOTION, "arrangement", prepare=IN_FORCE, body=HOME_MOVES, created=True
    ),
    "events_arrangement_resume": Operation(
        MOTION, "arrangement", prepare=(*IN_FORCE, "suspend"), body=HOME_MOVES, created=True
    ),
    "events_arrangement_terminate": Operation(
        MOTION, "arrangement", prepare=IN_FORCE, body=HOME_MOVES, created=True
    ),
    "events_arrangement_withdraw": Operation(
        CONSENT, "arrangement", prepare=IN_FORCE, body={"party": "home"}
    ),
    "events_motion_list": Operation(RETRIEVE, "arrangement"),
    "events_motion_consent_record": Operation(
        CONSENT, "motion", body={"party": "home", "state": "given"}
    ),
    "events_motion_withdraw": Operation(MOTION, "motion"),
    "events_accession_list": Operation(RETRIEVE, "arrangement"),
    "events_accession_propose": Operation(
        ACCESSION,
        "arrangement",
        prepare=IN_FORCE,
        body={"organization": "newcomer", "executive_body": "newcomer", "proposed_by": "home"},
        created=True,
    ),
    "events_accession_withdraw": Operation(ACCESSION, "accession"),
    "events_consent_record": Operation(
        CONSENT, "accession", body={"party": "home", "state": "given"}
    ),
    **{
        f"events_unavailability_{name}": Operation(action, "unavailability")
        for name, action in [
            ("list", LIST),
            ("retrieve", RETRIEVE),
            ("create", CREATE),
            ("update", UPDATE),
            ("delete", DELETE),
        ]
    },
    # The checks follow their event like a sub-read; the checks list is a report of
    # what the caller sees (checked in events/tests/checks/test_checks.py).
    "events_event_checks": Operation(RETRIEVE, "event"),
    "events_check_list": Operation(REPORT, objects=(NO_OBJECT,)),
    "events_invitation_list": Operation(LIST, "invitation"),
    "events_invitation_retrieve": Operation(RETRIEVE, "invitation"),
    "events_invitation_create": Operation(
        INVITE, "event", body={"post": "helper-post-new"}, created=True
    ),
    "events_invitation_generate": Operation(INVITE, "event", prepare=("cover",)),
    "events_invitation_send": Operation(TRANSITION, "invitation"),
    "events_invitation_answer": Operation(
        ANSWER, "invitation", prepare=("send",), body={"status": "accepted"}
    ),
    # The answer to correct was recorded on behalf: the invitee's editors correct it.
    "events_invitation_correct_answer": Operation(
        ANSWER, "invitation", prepare=("send", "accept"), body={"status": "declined"}
    ),
    "events_invitation_mark_no_reply": Operation(TRANSITION, "invitation", prepare=("send",)),
    "events_invitation_record_attendance": Operation(
        TRANSITION, "invitation", prepare=("send", "accept"), body={"attended": True}
    ),
    "reciprocity_report_retrieve": Operation(REPORT, objects=(NO_OBJECT,)),
    "reciprocity_report_csv": Operation(REPORT, objects=(NO_OBJECT,)),
    "reciprocity_network_svg": Operation(REPORT, objects=(NO_OBJECT,)),
    # Invitation letters: whoever sees the invitation downloads its letter.
    "events_invitation_letter_docx": Operation(RETRIEVE, "letter"),
    "events_invitation_letter_pdf": Operation(RETRIEVE, "letter"),
}

ENTITIES = {
    "event": Entity(
        "slug",
        lambda owner, visibility: {
            "slug": "new-event",
            "kind": "summit",
            "title_ru": "Новое событие",
            "organizers": [owner],
            "timezone": "Asia/Bishkek",
            "start": "2025-06-02T10:00:00",
            "end": "2025-06-02T12:00:00",
            "owner": owner,
            "visibility": visibility,
        },
        {"title_en": "Changed"},
    ),
    "arrangement": Entity(
        "slug",
        lambda owner, visibility: {
            "slug": "new-arrangement",
            "title_ru": "Новая договорённость",
            "parties": [
                {"organization": owner, "executive_body": owner},
                {"organization": "third", "executive_body": "third"},
            ],
            "scope": ["summit"],
            "owner": owner,
            "visibility": visibility,
        },
        {"title_en": "Changed"},
    ),
    "accession": Entity("id", None, {}),
    "motion": Entity("id", None, {}),
    "unavailability": Entity(
        "id",
        lambda owner, visibility: {
            "person": "helper-person",
            "start_date": "2026-01-01",
            "end_date": "2026-01-02",
            "owner": owner,
            "visibility": visibility,
        },
        {"reason": "changed"},
        involves_parties=False,
    ),
    "invitation": Entity("id", None, {}),
    # Invitation letters: one ad hoc invitation per object, its letter read like a record.
    "letter": Entity("id", None, {}),
}


def _cover(actor, event):
    """Put the event under an arrangement in force since before it, whose invitation is missing.

    The event is past, so bringing the arrangement into force invites to nothing;
    a generation run then has one invitation to create.
    """
    organizer = event.organizers.get()
    guest = services.organization_create(
        actor=actor,
        data={"slug": "guest", "kind": OrganizationKind.INTERNATIONAL, "name_ru": "Гость"},
    )
    services.post_create(
        actor=actor,
        data={
            "slug": "guest-head",
            "organization": guest,
            "label_ru": "Глава",
            "is_head": True,
            "owner": guest,
        },
    )
    arrangement = arrangement_services.arrangement_create(
        actor=actor,
        data={"slug": "cover", "title_ru": "Покрытие", "scope": ["summit"], "owner": organizer},
        parties=[(organizer, organizer), (guest, guest)],
    )
    bring_into_force(arrangement, on=dt.date(2025, 1, 1))


# The status moves an Operation may ``prepare`` its object with.
PREPARE = {
    "confirm": lambda actor, obj: event_services.event_confirm(actor=actor, event=obj),
    "postpone": lambda actor, obj: event_services.event_postpone(actor=actor, event=obj),
    # Arrangements move by their parties' own staff, not the site administrator's hand.
    "propose": lambda actor, obj: propose(obj),
    "enforce": lambda actor, obj: consent_all(pending_motion(obj)),
    "suspend": lambda actor, obj: consent_all(
        arrangement_services.arrangement_suspend(
            actor=member_of(obj.owner, Role.EDITOR), arrangement=obj, party=obj.owner
        )
    ),
    "cover": _cover,
    "send": lambda actor, obj: invitation_services.invitation_send(actor=actor, invitation=obj),
    "accept": lambda actor, obj: invitation_services.invitation_answer(
        actor=actor, invitation=obj, status="accepted", on_behalf=True
    ),
}


def build(world) -> None:
    """Create the four objects of each events entity, on the registry's helpers."""
    site_admin, orgs = world.site_admin, world.orgs
    home, other = orgs["home"], orgs["other"]
    objects: dict[str, dict] = {entity: {} for entity in ENTITIES}
    for obj in RECORD_OBJECTS:
        owner, visibility = PLACEMENT[obj]
        # Organized by home for "own" and "parties" (so the parties-visible event
        # involves home), by the other organization else.  In the past, so that
        # marking it held is allowed.
        objects["event"][obj] = event_services.event_create(
            actor=site_admin,
            data={
                "slug": f"{obj}-event",
                "kind": "summit",
                "title_ru": f"Событие {obj}",
                "timezone": "Europe/Moscow",
                "start": dt.datetime(2025, 6, 1, 10, 0, tzinfo=dt.UTC),
                "end": dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC),
                "owner": orgs[owner],
                "visibility": visibility,
            },
            organizers=[home if obj in {OWN, PARTIES} else other],
        )
    # Arrangements between the owner and home (so that home is a party of each, and the
    # "parties" one involves home), and accessions of a newcomer, proposed by home, to
    # in-force copies of them.  Home answers for itself in each accession.
    newcomer = world.make_org("newcomer")
    member_of(other, Role.MANAGER)  # the other party's secretariat, which consents for it
    for obj in RECORD_OBJECTS:
        owner, visibility = PLACEMENT[obj]
        for slug, key in ((f"{obj}-arrangement", "arrangement"), (f"{obj}-acceded", "accession")):
            arrangement = arrangement_services.arrangement_create(
                actor=site_admin,
                data={
                    "slug": slug,
                    "title_ru": f"Договорённость {obj}",
                    "scope": ["summit"],
                    "owner": orgs[owner],
                    "visibility": visibility,
                },
                parties=[(home, home), (other, other)],
            )
            if key == "arrangement":
                objects[key][obj] = arrangement
                continue
            bring_into_force(arrangement)
            editor = world.users[EDITOR]
            objects[key][obj] = arrangement_services.accession_propose(
                actor=editor,
                arrangement=arrangement,
                organization=newcomer,
                executive_body=newcomer,
                proposed_by=home,
            )
            # A motion of home's, pending the consents of home and the other party.
            objects["motion"][obj] = arrangement_services.arrangement_suspend(
                actor=editor, arrangement=arrangement, party=home
            )
    for obj in RECORD_OBJECTS:
        objects["unavailability"][obj] = world.create(
            unavailability_create,
            obj,
            person=world.helpers["person"],
            start_date=dt.date(2025, 6, 1),
            end_date=dt.date(2025, 6, 3),
        )
    objects["letter"] = _letter_invitations(site_admin, orgs)
    # An ad hoc invitation to each event, taking its owner and visibility, addressed to a
    # post of home, so that home answers each and the "parties" one involves home; the
    # restricted one to a post of the other organization, since a sent invitation shows
    # its invitee the invitation and the event.
    objects["invitation"] = {
        obj: invitation_services.invitation_create_ad_hoc(
            actor=site_admin,
            event=objects["event"][obj],
            post=world.helpers["posts"][RESTRICTED if obj == RESTRICTED else OWN],
        )
        for obj in RECORD_OBJECTS
    }
    world.objects.update(objects)


def _letter_invitations(site_admin, orgs) -> dict:
    """Invite home's post, held by a public person, ad hoc to an event placed like each object.

    Every form a letter needs is filled in, so a caller who sees the invitation gets 200.
    """
    for organization in orgs.values():
        services.organization_update(
            actor=site_admin,
            organization=organization,
            data={"name_en": organization.slug, "seat_city_ru": "Москва", "seat_city_en": "Moscow"},
        )

    def held_post(organization, slug: str):
        post = services.post_create(
            actor=site_admin,
            data={
                "slug": slug,
                "organization": organization,
                "label_ru": "Глава",
                "label_en": "Head",
                "label_ru_dative": "Главе",
                "address_title_ru": "Глава",
                "address_title_en": "Head",
                "is_head": True,
                "owner": organization,
            },
        )
        person = services.person_create(
            actor=site_admin,
            data={
                "slug": f"{slug}-holder",
                "name_ru": "Иван Петров",
                "name_en": "Ivan Petrov",
                "gender": "male",
                "name_ru_dative": "И. Петрову",
                "owner": organization,
            },
        )
        services.tenure_create(
            actor=site_admin, data={"person": person, "post": post, "owner": organization}
        )
        return post

    invited = held_post(orgs["home"], "letter-home-head")
    held_post(orgs["other"], "letter-other-head")
    invitations = {}
    for obj in RECORD_OBJECTS:
        owner, visibility = PLACEMENT[obj]
        event = event_services.event_create(
            actor=site_admin,
            data={
                "slug": f"{obj}-letter-event",
                "kind": "consultations",
                "title_ru": "Консультации",
                "title_en": "Consultations",
                "city_ru": "Москва",
                "city_en": "Moscow",
                "timezone": "Europe/Moscow",
                "start": dt.datetime(2025, 6, 1, 10, 0, tzinfo=dt.UTC),
                "end": dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC),
                "owner": orgs[owner],
                "visibility": visibility,
            },
            organizers=[orgs[owner]],
        )
        invitations[obj] = invitation_services.invitation_create_ad_hoc(
            actor=site_admin, event=event, post=invited
        )
    # Home sees the "parties" event, organized by the other organization, as its invitee
    # once the invitation is sent; the restricted one stays a draft, the other's own.
    invitation_services.invitation_send(actor=site_admin, invitation=invitations[PARTIES])
    return invitations


# --- The pages' forms (``collegium.testing.forms``) -----------------------------------


def _pk(slug: str) -> int:
    return Organization.objects.get(slug=slug).pk


EVENT_OF = "/calendar/events/{event}/"
ARRANGEMENT_OF = "/arrangements/{arrangement}/"


def _button(action: str, **values: str) -> str:
    """Return the XPath of a form posting to ``action`` with the hidden ``values``."""
    having = "".join(
        f"[.//input[@name='{name}'][@value='{value}']]" for name, value in values.items()
    )
    return f"//form[@action='{action}']{having}"


def _arrangement_step(operation: str, step: str) -> PageForm:
    return PageForm(
        operation,
        page="/arrangements/{key}/",
        offer=_button("/arrangements/{key}/step/", step=step, party="home"),
        target="/arrangements/{key}/step/",
    )


EVENT_PAGE = "/calendar/events/{key}/"
INVITATION_MOVE = "/calendar/invitations/{key}/move/"
PERSON_PAGE = "/registry/persons/helper-person/"
# A consent's note reference has room for 200 characters.
LONG_NOTE = "N" * 201


def _invitation_move(operation: str, move: str) -> PageForm:
    return PageForm(
        operation,
        page=EVENT_OF,
        offer=_button(INVITATION_MOVE, move=move),
        target=INVITATION_MOVE,
        data={"move": move},
    )


def _new_event(case: Case) -> dict:
    return {
        "slug": "fresh-event",
        "kind": "summit",
        "title_ru": "Новое событие",
        "organizers": case.owner_slug,
        "timezone": "Asia/Bishkek",
        "start_0": "2025-06-02",
        "start_1": "10:00",
        "end_0": "2025-06-02",
        "end_1": "12:00",
        "owner": case.owner_slug,
        "visibility": case.visibility,
    }


def _new_arrangement(case: Case) -> dict:
    return {
        "slug": "fresh-arrangement",
        "title_ru": "Новая договорённость",
        "scope": "summit",
        "owner": case.owner,
        "visibility": case.visibility,
        "parties-0-organization": case.owner,
        "parties-0-executive_body": case.owner,
        "parties-1-organization": _pk("third"),
        "parties-1-executive_body": _pk("third"),
    }


FORMS = [
    # Events: the form, the status moves on the event's page, rescheduling a postponed one.
    PageForm(
        "events_event_create",
        page="/calendar/new-event/",
        offer="//select[@name='owner']/option[@value='{owner_slug}']",
        target="/calendar/new-event/",
        data=_new_event,
        invalid={"slug": "не слаг"},
        field="slug",
    ),
    PageForm(
        "events_event_update",
        page=EVENT_PAGE,
        offer="//a[@href='/calendar/events/{key}/edit/']",
        target="/calendar/events/{key}/edit/",
        data={"title_en": "Changed"},
        invalid={"title_ru": ""},
        field="title_ru",
    ),
    *(
        PageForm(
            f"events_event_{move}",
            page=EVENT_PAGE,
            offer=_button("/calendar/events/{key}/move/", move=move),
            target="/calendar/events/{key}/move/",
        )
        for move in ("confirm", "postpone", "cancel", "mark_held")
    ),
    PageForm(
        "events_event_reschedule",
        page=EVENT_PAGE,
        offer="//a[@href='/calendar/events/{key}/reschedule/']",
        target="/calendar/events/{key}/reschedule/",
        data={"start_0": "2025-07-01", "start_1": "10:00", "end_0": "2025-07-01", "end_1": "12:00"},
        invalid={"start_0": "31.02.2025"},
        field="start_0",
    ),
    # Arrangements: the form, the steps on the arrangement's page, motions and accessions.
    PageForm(
        "events_arrangement_create",
        page="/arrangements/new/",
        offer="//select[@name='owner']/option[@value='{owner}']",
        target="/arrangements/new/",
        data=_new_arrangement,
        invalid={"slug": "не слаг"},
        field="slug",
    ),
    PageForm(
        "events_arrangement_update",
        page="/arrangements/{key}/",
        offer="//a[@href='/arrangements/{key}/edit/']",
        target="/arrangements/{key}/edit/",
        data={"title_en": "Changed"},
        invalid={"title_ru": ""},
        field="title_ru",
    ),
    _arrangement_step("events_arrangement_propose", "propose"),
    _arrangement_step("events_arrangement_suspend", "suspend"),
    _arrangement_step("events_arrangement_resume", "resume"),
    _arrangement_step("events_arrangement_terminate", "terminate"),
    _arrangement_step("events_arrangement_withdraw", "withdraw"),
    PageForm(
        "events_motion_consent_record",
        page=ARRANGEMENT_OF,
        offer=_button("/arrangements/{arrangement}/motions/{key}/consent/", party="home"),
        target="/arrangements/{arrangement}/motions/{key}/consent/",
        data={"party": "home", "state": "given"},
        invalid={"note_reference": LONG_NOTE},
        field="note_reference",
    ),
    PageForm(
        "events_motion_withdraw",
        page=ARRANGEMENT_OF,
        offer="//form[@action='/arrangements/{arrangement}/motions/{key}/withdraw/']",
        target="/arrangements/{arrangement}/motions/{key}/withdraw/",
    ),
    PageForm(
        "events_accession_propose",
        # A proposal in home's name, as the matrix's: an editor of another organization
        # proposes in its own name.
        page="/arrangements/{key}/accessions/new/",
        offer="//select[@name='proposed_by']/option[@value='{home}']",
        target="/arrangements/{key}/accessions/new/",
        data=lambda case: {
            "organization": _pk("newcomer"),
            "executive_body": _pk("newcomer"),
            "proposed_by": _pk("home"),
        },
        invalid={"organization": ""},
        field="organization",
    ),
    PageForm(
        "events_accession_withdraw",
        page=ARRANGEMENT_OF,
        offer="//form[@action='/arrangements/{arrangement}/accessions/{key}/withdraw/']",
        target="/arrangements/{arrangement}/accessions/{key}/withdraw/",
    ),
    PageForm(
        "events_consent_record",
        page=ARRANGEMENT_OF,
        offer=_button("/arrangements/{arrangement}/accessions/{key}/consent/", party="home"),
        target="/arrangements/{arrangement}/accessions/{key}/consent/",
        data={"party": "home", "state": "given"},
        invalid={"note_reference": LONG_NOTE},
        field="note_reference",
    ),
    # Unavailability: on the person's page.
    PageForm(
        "events_unavailability_create",
        page="/calendar/persons/helper-person/unavailability/new/",
        offer="//select[@name='owner']/option[@value='{owner_slug}']",
        target="/calendar/persons/helper-person/unavailability/new/",
        data=lambda case: {
            "start_date": "2026-01-01",
            "end_date": "2026-01-02",
            "owner": case.owner_slug,
            "visibility": case.visibility,
        },
        invalid={"end_date": "31.02.2026"},
        field="end_date",
    ),
    PageForm(
        "events_unavailability_update",
        page=PERSON_PAGE,
        offer="//a[@href='/calendar/unavailability/{key}/edit/']",
        target="/calendar/unavailability/{key}/edit/",
        data={"reason": "changed"},
        invalid={"start_date": "31.02.2026"},
        field="start_date",
    ),
    PageForm(
        "events_unavailability_delete",
        page=PERSON_PAGE,
        offer="//a[@href='/calendar/unavailability/{key}/delete/']",
        target="/calendar/unavailability/{key}/delete/",
    ),
    # Invitations: on the event's page.
    PageForm(
        "events_invitation_create",
        page=EVENT_PAGE,
        offer="//a[@href='/calendar/events/{key}/invitations/new/']",
        target="/calendar/events/{key}/invitations/new/",
        data={"post": "helper-post-new"},
        invalid={"post": "no-such-post"},
        field="post",
    ),
    PageForm(
        "events_invitation_generate",
        page=EVENT_PAGE,
        offer="//form[@action='/calendar/events/{key}/invitations/generate/']",
        target="/calendar/events/{key}/invitations/generate/",
    ),
    _invitation_move("events_invitation_send", "send"),
    _invitation_move("events_invitation_answer", "accept"),
    _invitation_move("events_invitation_mark_no_reply", "no_reply"),
    _invitation_move("events_invitation_record_attendance", "attended"),
    PageForm(
        "events_invitation_correct_answer",
        page=EVENT_OF,
        # The invitee's own correction; the organizer corrects on its behalf (a separate
        # form with ``on_behalf``) an answer it recorded for the invitee.
        offer=_button("/calendar/invitations/{key}/correct/", status="declined")
        + "[not(.//input[@name='on_behalf'])]",
        target="/calendar/invitations/{key}/correct/",
        data={"status": "declined"},
    ),
]
