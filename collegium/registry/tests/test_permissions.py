"""The permission matrix: every API operation x role x object -> expected status.

Generated, in the manner of Wagtail's ``assertUserPermissionMatrix`` and
Indico's ``bool_matrix``: the operations come from the served OpenAPI
document, so a new endpoint without an entry in ``OPERATIONS`` fails here.
``RULES`` is the whole policy, one rule per line, the first match wins.

The world, seen from the *home* organization:

- roles: anonymous; viewer, editor and manager of home; an editor of a
  *third* organization (a foreign editor); a site administrator;
- objects, one of each per entity: ``own`` (home's, public), ``foreign``
  (other's, public), ``restricted`` (other's, internal) and ``parties``
  (other's, visible to the parties, involving home where the entity can
  involve an organization at all; states and persons cannot).

For a create or an import, the object names the record to be written: owned
by home (``own``) or by the other organization with the object's visibility.
Lists answer 200 to everyone; they are checked for listing exactly the
objects the caller may retrieve.  A refused call must leave the audit chain
untouched; an accepted write must add to it.
"""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from collegium.accounts.services import api_token_create, user_create
from collegium.api import api
from collegium.core.models import AuditRecord, Visibility
from collegium.events.arrangements import services as arrangement_services
from collegium.events.availability.services import unavailability_create
from collegium.events.calendar import services as event_services
from collegium.events.invitations import services as invitation_services
from collegium.registry import services
from collegium.registry.models import OrganizationKind

# --- Roles, objects, actions ----------------------------------------------------

ANONYMOUS, VIEWER, EDITOR, MANAGER, FOREIGN_EDITOR, SITE_ADMIN = (
    "anonymous",
    "viewer",
    "editor",
    "manager",
    "foreign-editor",
    "site-admin",
)
ROLES = (ANONYMOUS, VIEWER, EDITOR, MANAGER, FOREIGN_EDITOR, SITE_ADMIN)
ANYONE = frozenset(ROLES)
HOME_STAFF = frozenset({VIEWER, EDITOR, MANAGER})
HOME_EDITORS = frozenset({EDITOR, MANAGER})
OUTSIDERS = frozenset({ANONYMOUS, FOREIGN_EDITOR})

OWN, FOREIGN, RESTRICTED, PARTIES = "own", "foreign", "restricted", "parties"
RECORD_OBJECTS = (OWN, FOREIGN, RESTRICTED, PARTIES)
NO_OBJECT = "-"
TOKEN_OBJECTS = (OWN, FOREIGN)  # the caller's own token, another user's token
ANY = frozenset({*RECORD_OBJECTS, NO_OBJECT})

LIST, RETRIEVE, CREATE, UPDATE, DELETE, IMPORT = (
    "list",
    "retrieve",
    "create",
    "update",
    "delete",
    "import",
)
TRANSITION = "transition"  # a status move of one record: checked like an update
# Accession (propose, withdraw): a write in the name of the proposing organization (home),
# on an arrangement the caller sees, whoever owns it.  Consent: only home's managers
# answer for home, a party to every arrangement of the world.
ACCESSION, CONSENT = "accession", "consent"
# A report counts what the caller may see (checked in its own tests): 200 to every caller.
REPORT = "report"
# Invite (an ad hoc invitation, a generation run): a write under an event, checked like a
# change of the event.  Answer: only home's editors answer for home, the invitee of every
# invitation of the world.
INVITE, ANSWER = "invite", "answer"
ME, TOKEN_LIST, TOKEN_CREATE, TOKEN_REVOKE = "me", "token-list", "token-create", "token-revoke"
ONE_RECORD = frozenset({RETRIEVE, UPDATE, DELETE, TRANSITION, ACCESSION, CONSENT, INVITE, ANSWER})
CHANGES = frozenset({UPDATE, DELETE, TRANSITION, INVITE})
WRITES = frozenset({CREATE, UPDATE, DELETE, IMPORT, TRANSITION, ACCESSION, CONSENT, INVITE, ANSWER})
ACCOUNT = frozenset({ME, TOKEN_LIST, TOKEN_CREATE, TOKEN_REVOKE})
EVERY = WRITES | {LIST, RETRIEVE} | ACCOUNT
AUDITED = WRITES | {TOKEN_CREATE, TOKEN_REVOKE}

ALL_ENTITIES = frozenset(
    {
        "state",
        "organization",
        "membership",
        "post",
        "person",
        "tenure",
        "event",
        "arrangement",
        "accession",
        "unavailability",
        "invitation",
        "-",
    }
)
# Invitation letters: one ad hoc invitation per object, its letter read like a record.
ALL_ENTITIES = ALL_ENTITIES | {"letter"}
# No party paths: "parties" means the owner only.
UNINVOLVED = frozenset({"state", "person", "unavailability"})

OK = "ok"  # 200, or 201 for a create, or 204 for a delete
SUCCESS = {CREATE: 201, DELETE: 204, TOKEN_CREATE: 201}

# fmt: off
RULES = [
    # actions          roles         objects       entities      outcome
    (ACCOUNT,          {ANONYMOUS},  ANY,          ALL_ENTITIES, 401),
    ({TOKEN_REVOKE},   ANYONE,       {FOREIGN},    ALL_ENTITIES, 404),  # others' tokens, admins' too
    (ACCOUNT,          ANYONE,       ANY,          ALL_ENTITIES, OK),
    ({LIST},           ANYONE,       ANY,          ALL_ENTITIES, OK),  # listing checked apart
    (WRITES,           {ANONYMOUS},  ANY,          ALL_ENTITIES, 401),
    (EVERY,            {SITE_ADMIN}, ANY,          ALL_ENTITIES, OK),
    ({CREATE, IMPORT}, HOME_EDITORS, {OWN},        ALL_ENTITIES, OK),
    ({CREATE, IMPORT}, ANYONE,       ANY,          ALL_ENTITIES, 403),
    (ONE_RECORD,       ANYONE,       {RESTRICTED}, ALL_ENTITIES, 404),
    (ONE_RECORD,       OUTSIDERS,    {PARTIES},    ALL_ENTITIES, 404),
    (ONE_RECORD,       HOME_STAFF,   {PARTIES},    UNINVOLVED,   404),
    ({ACCESSION},      HOME_EDITORS, ANY,          ALL_ENTITIES, OK),
    ({CONSENT},        {MANAGER},    ANY,          ALL_ENTITIES, OK),
    ({ACCESSION, CONSENT}, ANYONE,   ANY,          ALL_ENTITIES, 403),
    ({ANSWER},         HOME_EDITORS, ANY,          ALL_ENTITIES, OK),
    ({ANSWER},         ANYONE,       ANY,          ALL_ENTITIES, 403),
    ({RETRIEVE},       ANYONE,       ANY,          ALL_ENTITIES, OK),
    (CHANGES,          HOME_EDITORS, {OWN},        ALL_ENTITIES, OK),
    (CHANGES,          ANYONE,       ANY,          ALL_ENTITIES, 403),
    ({REPORT},         ANYONE,       ANY,          ALL_ENTITIES, OK),
]
# fmt: on

# A report over what the caller may see (the protocol checks list): open to everyone.
REPORT = "report"
RULES.append(({REPORT}, ANYONE, ANY, ALL_ENTITIES, OK))


def expected_status(action: str, role: str, obj: str, entity: str) -> int:
    for actions, roles, objects, entities, outcome in RULES:
        if action in actions and role in roles and obj in objects and entity in entities:
            return SUCCESS.get(action, 200) if outcome == OK else outcome
    raise AssertionError(f"no rule for {action} {role} {obj} {entity}")


# --- Operations -----------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    action: str
    entity: str = "-"
    objects: tuple[str, ...] = RECORD_OBJECTS
    # Transitions: the moves (names in PREPARE) that bring the object into the
    # status the transition starts from, made by the site administrator before
    # the call; and the request body, if any.
    prepare: tuple[str, ...] = ()
    body: Any = None
    created: bool = False  # an accepted call answers 201 (it creates a record)


def _crud(entity: str) -> dict[str, Operation]:
    return {
        f"registry_{entity}_{name}": Operation(action, entity)
        for name, action in [
            ("list", LIST),
            ("retrieve", RETRIEVE),
            ("create", CREATE),
            ("update", UPDATE),
            ("delete", DELETE),
        ]
    }


IN_FORCE = ("propose", "enforce")

# Every operation of the API; the sub-reads of a record (its head, its members,
# a person's tenures) follow the record's visibility like a retrieve.
OPERATIONS: dict[str, Operation] = {
    **_crud("state"),
    **_crud("organization"),
    **_crud("membership"),
    **_crud("post"),
    **_crud("person"),
    **_crud("tenure"),
    "registry_organization_head": Operation(RETRIEVE, "organization"),
    "registry_organization_members": Operation(RETRIEVE, "organization"),
    "registry_person_tenures": Operation(RETRIEVE, "person"),
    "registry_popolo_export": Operation(LIST, "person"),
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
    "registry_popolo_import": Operation(IMPORT, "person"),
    "events_arrangement_list": Operation(LIST, "arrangement"),
    "events_arrangement_retrieve": Operation(RETRIEVE, "arrangement"),
    "events_arrangement_create": Operation(CREATE, "arrangement"),
    "events_arrangement_update": Operation(UPDATE, "arrangement"),
    "events_arrangement_propose": Operation(TRANSITION, "arrangement"),
    "events_arrangement_bring_into_force": Operation(
        TRANSITION, "arrangement", prepare=("propose",)
    ),
    "events_arrangement_suspend": Operation(TRANSITION, "arrangement", prepare=IN_FORCE),
    "events_arrangement_resume": Operation(
        TRANSITION, "arrangement", prepare=(*IN_FORCE, "suspend")
    ),
    "events_arrangement_terminate": Operation(TRANSITION, "arrangement"),
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
    # what the caller sees (checked in events/tests/test_checks.py).
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
    "events_invitation_mark_no_reply": Operation(TRANSITION, "invitation", prepare=("send",)),
    "events_invitation_record_attendance": Operation(
        TRANSITION, "invitation", prepare=("send", "accept"), body={"attended": True}
    ),
    "accounts_user_me": Operation(ME, objects=(NO_OBJECT,)),
    "accounts_token_list": Operation(TOKEN_LIST, objects=(NO_OBJECT,)),
    "accounts_token_create": Operation(TOKEN_CREATE, objects=(NO_OBJECT,)),
    "accounts_token_revoke": Operation(TOKEN_REVOKE, objects=TOKEN_OBJECTS),
    "reciprocity_report_retrieve": Operation(REPORT, objects=(NO_OBJECT,)),
    "reciprocity_report_csv": Operation(REPORT, objects=(NO_OBJECT,)),
    "reciprocity_network_svg": Operation(REPORT, objects=(NO_OBJECT,)),
}
# Invitation letters: whoever sees the invitation downloads its letter.
OPERATIONS.update(
    {
        "events_invitation_letter_docx": Operation(RETRIEVE, "letter"),
        "events_invitation_letter_pdf": Operation(RETRIEVE, "letter"),
    }
)


def _served_operations() -> dict[str, tuple[str, str]]:
    """Return {operation id: (method, path)} of the served OpenAPI document."""
    schema = api.get_openapi_schema()
    return {
        operation["operationId"]: (method, path)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


SERVED = _served_operations()
CASES = [
    pytest.param(operation_id, role, obj, id=f"{operation_id}-{role}-{obj}")
    for operation_id in sorted(SERVED)
    for obj in (OPERATIONS[operation_id].objects if operation_id in OPERATIONS else (NO_OBJECT,))
    for role in ROLES
]


def test_every_operation_has_a_matrix_entry():
    """A new endpoint fails here until ``OPERATIONS`` says how to check it."""
    missing = sorted(set(SERVED) - set(OPERATIONS))
    stale = sorted(set(OPERATIONS) - set(SERVED))
    assert not missing, f"add these operations to OPERATIONS in {__name__}: {missing}"
    assert not stale, f"these OPERATIONS entries name no served operation: {stale}"


def test_every_case_has_a_rule():
    """The rules cover every combination (none falls through)."""
    for operation in OPERATIONS.values():
        for role in ROLES:
            for obj in operation.objects:
                assert expected_status(operation.action, role, obj, operation.entity)


# --- The world --------------------------------------------------------------------


@dataclass(frozen=True)
class Entity:
    """How to name, create and change records of one kind through the API."""

    path_key: str  # the item's key in a path and in list results
    create: Any  # (owner slug, visibility) -> request body
    patch: dict


ENTITIES = {
    "state": Entity(
        "code",
        lambda owner, visibility: {
            "code": "nw",
            "name_ru": "Новое",
            "owner": owner,
            "visibility": visibility,
        },
        {"name_en": "Changed"},
    ),
    "organization": Entity(
        "slug",
        lambda owner, visibility: {
            "slug": "new-body",
            "kind": "council",
            "name_ru": "Новый орган",
            "parent": owner,
            "owner": owner,
            "visibility": visibility,
        },
        {"name_en": "Changed"},
    ),
    "membership": Entity(
        "id",
        lambda owner, visibility: {
            "organization": owner,
            "member_state": "hs",
            "owner": owner,
            "visibility": visibility,
        },
        {"note": "changed"},
    ),
    "post": Entity(
        "slug",
        lambda owner, visibility: {
            "slug": "new-post",
            "organization": owner,
            "label_ru": "Новая должность",
            "owner": owner,
            "visibility": visibility,
        },
        {"label_en": "Changed"},
    ),
    "person": Entity(
        "slug",
        lambda owner, visibility: {
            "slug": "new-person",
            "name_ru": "Новое лицо",
            "owner": owner,
            "visibility": visibility,
        },
        {"name_en": "Changed"},
    ),
    "tenure": Entity(
        "id",
        lambda owner, visibility: {
            "person": "helper-person",
            "post": "helper-post-new",
            "owner": owner,
            "visibility": visibility,
        },
        {"note": "changed"},
    ),
}

ENTITIES["event"] = Entity(
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
)

ENTITIES["arrangement"] = Entity(
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
)
ENTITIES["accession"] = Entity("id", None, {})
ENTITIES["unavailability"] = Entity(
    "id",
    lambda owner, visibility: {
        "person": "helper-person",
        "start_date": "2026-01-01",
        "end_date": "2026-01-02",
        "owner": owner,
        "visibility": visibility,
    },
    {"reason": "changed"},
)
ENTITIES["invitation"] = Entity("id", None, {})


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
    for move in (
        arrangement_services.arrangement_propose,
        arrangement_services.arrangement_bring_into_force,
    ):
        move(actor=actor, arrangement=arrangement, on=dt.date(2025, 1, 1))


# The status moves an Operation may ``prepare`` its object with.
PREPARE = {
    "confirm": lambda actor, obj: event_services.event_confirm(actor=actor, event=obj),
    "postpone": lambda actor, obj: event_services.event_postpone(actor=actor, event=obj),
    "propose": lambda actor, obj: arrangement_services.arrangement_propose(
        actor=actor, arrangement=obj
    ),
    "enforce": lambda actor, obj: arrangement_services.arrangement_bring_into_force(
        actor=actor, arrangement=obj
    ),
    "suspend": lambda actor, obj: arrangement_services.arrangement_suspend(
        actor=actor, arrangement=obj
    ),
    "cover": _cover,
    "send": lambda actor, obj: invitation_services.invitation_send(actor=actor, invitation=obj),
    "accept": lambda actor, obj: invitation_services.invitation_answer(
        actor=actor, invitation=obj, status="accepted", on_behalf=True
    ),
}

# Who owns an object, with which visibility; a create writes the same.
PLACEMENT = {
    OWN: ("home", Visibility.PUBLIC),
    FOREIGN: ("other", Visibility.PUBLIC),
    RESTRICTED: ("other", Visibility.INTERNAL),
    PARTIES: ("other", Visibility.PARTIES),
}


def _build_world() -> dict[str, Any]:
    """Create the organizations, users and the four objects of every entity."""
    site_admin = user_create(
        actor=None, username="root", password="x", is_superuser=True, validate=False
    )

    def make_org(slug: str):
        return services.organization_create(
            actor=site_admin,
            data={"slug": slug, "kind": OrganizationKind.INTERNATIONAL, "name_ru": slug},
        )

    def make_user(organization, role: str, username: str):
        return user_create(
            actor=site_admin,
            username=username,
            password="x",
            organization=organization,
            role=role,
            validate=False,
        )

    home = make_org("home")
    other = make_org("other")
    third = make_org("third")
    orgs = {"home": home, "other": other}
    users = {
        VIEWER: make_user(home, "viewer", username="viewer"),
        EDITOR: make_user(home, "editor", username="editor"),
        MANAGER: make_user(home, "manager", username="manager"),
        FOREIGN_EDITOR: make_user(third, "editor", username="foreign-editor"),
        SITE_ADMIN: site_admin,
    }

    def create(service, obj, **data):
        owner, visibility = PLACEMENT[obj]
        return service(
            actor=site_admin, data={**data, "owner": orgs[owner], "visibility": visibility}
        )

    # Public helpers the objects and the creates refer to; never objects themselves.
    helper_state = services.state_create(
        actor=site_admin, data={"code": "hs", "name_ru": "Вспомогательное", "owner": other}
    )
    helper_person = services.person_create(
        actor=site_admin, data={"slug": "helper-person", "name_ru": "Помощник", "owner": other}
    )
    helper_posts = {
        name: services.post_create(
            actor=site_admin,
            data={
                "slug": f"helper-post-{name}",
                "organization": org,
                "label_ru": name,
                "owner": org,
            },
        )
        for name, org in [
            (OWN, home),
            (FOREIGN, other),
            (RESTRICTED, other),
            (PARTIES, home),
            ("new", home),
        ]
    }

    objects: dict[str, dict[str, Any]] = {entity: {} for entity in ENTITIES}
    letters = dict(zip(RECORD_OBJECTS, "abcd", strict=True))
    for obj in RECORD_OBJECTS:
        # The organization the record is about: home for "own" and for "parties", so
        # that the parties-visible record involves home; the other organization else.
        about = home if obj in {OWN, PARTIES} else other
        objects["state"][obj] = create(
            services.state_create, obj, code=f"x{letters[obj]}", name_ru=f"Государство {obj}"
        )
        objects["organization"][obj] = create(
            services.organization_create,
            obj,
            slug=f"{obj}-body",
            kind=OrganizationKind.COUNCIL,
            name_ru=f"Орган {obj}",
            parent=about,
        )
        member = {"member_organization": home} if obj == PARTIES else {"member_state": helper_state}
        # A membership is a fact about its organization, which only its keepers state:
        # the own one is about home; the parties one is other's, with home as the member.
        objects["membership"][obj] = create(
            services.membership_create,
            obj,
            organization=home if obj == OWN else other,
            **member,
        )
        objects["post"][obj] = create(
            services.post_create, obj, slug=f"{obj}-post", organization=about, label_ru=obj
        )
        objects["person"][obj] = create(
            services.person_create, obj, slug=f"{obj}-person", name_ru=f"Лицо {obj}"
        )
        objects["tenure"][obj] = create(
            services.tenure_create, obj, person=helper_person, post=helper_posts[obj]
        )
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
    newcomer = make_org("newcomer")
    objects["arrangement"], objects["accession"] = {}, {}
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
            arrangement_services.arrangement_propose(actor=site_admin, arrangement=arrangement)
            arrangement_services.arrangement_bring_into_force(
                actor=site_admin, arrangement=arrangement
            )
            objects[key][obj] = arrangement_services.accession_propose(
                actor=site_admin,
                arrangement=arrangement,
                organization=newcomer,
                executive_body=newcomer,
                proposed_by=home,
            )
    for obj in RECORD_OBJECTS:
        objects["unavailability"][obj] = create(
            unavailability_create,
            obj,
            person=helper_person,
            start_date=dt.date(2025, 6, 1),
            end_date=dt.date(2025, 6, 3),
        )
    objects["letter"] = _letter_invitations(site_admin, orgs)
    # An ad hoc invitation to each event, taking its owner and visibility, addressed to a
    # post of home, so that home answers each and the "parties" one involves home.
    objects["invitation"] = {
        obj: invitation_services.invitation_create_ad_hoc(
            actor=site_admin, event=objects["event"][obj], post=helper_posts[OWN]
        )
        for obj in RECORD_OBJECTS
    }
    return {"users": users, "objects": objects, "site_admin": site_admin}


ENTITIES["letter"] = Entity("id", None, {})


def _letter_invitations(site_admin, orgs) -> dict[str, Any]:
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
    return invitations


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """Build the world once for the module, inside a transaction rolled back at the end.

    Each test runs in a savepoint within it (the ``db`` fixture), so every
    test starts from the same world, as with ``TestCase.setUpTestData``: a
    few hundred service calls once instead of for each of the ~900 cases.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(_module_world, db):
    return _module_world


def _client(world, role: str) -> Client:
    client = Client()
    if role != ANONYMOUS:
        client.force_login(world["users"][role])
    return client


def _key(world, entity: str, obj: str) -> str:
    instance = world["objects"][entity][obj]
    key = ENTITIES[entity].path_key
    return str(instance.pk if key == "id" else getattr(instance, key))


def _token_id(world, role: str, obj: str) -> int:
    """Return the id of the caller's own token (``own``) or of another user's (``foreign``)."""
    if obj == OWN and role == ANONYMOUS:
        return 1  # anonymous callers have no token; the answer is 401 before any lookup
    holder = (
        world["users"][role] if obj == OWN else world["users"][EDITOR if role == VIEWER else VIEWER]
    )
    return api_token_create(actor=holder, name="matrix")[0].pk


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: Any = None
    params: dict | None = None

    def send(self, client: Client):
        if self.body is not None:
            return getattr(client, self.method)(
                self.path, json.dumps(self.body), content_type="application/json"
            )
        return getattr(client, self.method)(self.path, self.params or {})


def _call(world, operation_id: str, role: str, obj: str) -> Call:
    """Prepare the operation's request as the role, on (or about) the object."""
    method, path = SERVED[operation_id]
    operation = OPERATIONS[operation_id]
    if operation.action == TOKEN_REVOKE:
        path = path.replace("{token_id}", str(_token_id(world, role, obj)))
    elif "{" in path:
        before, _, after = path.partition("{")
        path = before + _key(world, operation.entity, obj) + after.partition("}")[2]
    owner, visibility = PLACEMENT.get(obj, (None, None))
    if operation.action == CREATE:
        return Call(method, path, body=ENTITIES[operation.entity].create(owner, visibility))
    if operation.action == UPDATE:
        return Call(method, path, body=ENTITIES[operation.entity].patch)
    if operation.action in {TRANSITION, ACCESSION, CONSENT, INVITE, ANSWER}:
        return Call(method, path, body=operation.body)
    if operation.action == IMPORT:
        item = {
            "id": "imported-person",
            "name": "Импорт",
            "collegium": {"owner_id": owner, "visibility": visibility},
        }
        return Call(method, path, body={"persons": [item]})
    if operation.action == TOKEN_CREATE:
        return Call(method, path, body={"name": "matrix"})
    if operation.action == LIST and operation_id != "registry_popolo_export":
        return Call(method, path, params={"limit": 500})
    return Call(method, path)


def _listed(response, operation_id: str, entity: str) -> list[str]:
    if operation_id == "registry_popolo_export":
        return [item["id"] for item in response.json()["persons"]]
    key = ENTITIES[entity].path_key
    return [str(item[key]) for item in response.json()["items"]]


# --- The matrix -------------------------------------------------------------------


@pytest.mark.parametrize(("operation_id", "role", "obj"), CASES)
def test_permission_matrix(world, operation_id, role, obj):
    """The operation answers as RULES say; lists show what the role may see; refusals write nothing."""
    assert operation_id in OPERATIONS, f"{operation_id} has no entry in the permission matrix"
    operation = OPERATIONS[operation_id]
    expected = expected_status(operation.action, role, obj, operation.entity)
    if operation.created and expected == 200:
        expected = 201
    client = _client(world, role)
    call = _call(world, operation_id, role, obj)
    for move in operation.prepare:
        # A fresh copy: the world's instances outlive each test's rollback.
        instance = world["objects"][operation.entity][obj]
        PREPARE[move](world["site_admin"], type(instance).objects.get(pk=instance.pk))
    audit_before = AuditRecord.objects.count()

    response = call.send(client)

    assert response.status_code == expected, (
        f"{operation_id} as {role} on the {obj} object: "
        f"expected {expected}, got {response.status_code} {response.content[:300]!r}"
    )
    if operation.action == LIST:
        visible = expected_status(RETRIEVE, role, obj, operation.entity) == 200
        listed = _listed(response, operation_id, operation.entity)
        assert (_key(world, operation.entity, obj) in listed) == visible, (
            f"{operation_id} as {role}: the {obj} object should {'' if visible else 'not '}be listed"
        )
    audit_after = AuditRecord.objects.count()
    if operation.action in AUDITED and response.status_code < 300:
        assert audit_after > audit_before, "an accepted write left no audit record"
    else:
        assert audit_after == audit_before, "a refused call or a read changed the audit chain"
