"""The meetings' part of the permission matrix (``collegium.testing.permissions``).

The meetings are the events app's objects (summits, a meeting kind): organized
by home for "own" and "parties", by the other organization else.  Each has one
agenda item and, in its organizer's delegation, one member.  The agenda is
changed by the managers of any organizer; a delegation only by its own party's
managers: so home's managers change both on the meetings home organizes, and
nobody else but the site administrator (who keeps the records).  Editors and
viewers are refused (403), as are the managers of a party on another's delegation.

An item's documents (attach, detach) follow the agenda's rule.  Each item carries one
document from the start (detached by the matrix): the decisions' "parties" document on the
meetings home organizes, the "foreign" one on the others'; the matrix attaches home's "own"
document to the former and the "parties" document to the latter (each with a party among
the meeting's organizers).
"""

from collegium.meetings import services
from collegium.meetings.models import AgendaItem
from collegium.registry import services as registry
from collegium.testing.permissions import (
    ANY,
    ANYONE,
    DELETE,
    FOREIGN,
    MANAGER,
    OK,
    ONE_RECORD,
    OWN,
    PARTIES,
    PLACEMENT,
    RECORD_OBJECTS,
    RETRIEVE,
    UPDATE,
    WRITE,
    Entity,
    Operation,
)

# Agenda: a write under a meeting by the managers of its organizers.  Delegation: a write to
# the delegation of the party named in the body, the meeting's organizer, by its managers.
AGENDA, DELEGATION = "agenda", "delegation"
ACTIONS = {
    AGENDA: frozenset({WRITE, ONE_RECORD}),
    DELEGATION: frozenset({WRITE, ONE_RECORD}),
}
MINE = frozenset({"agenda_item", "delegation_member"})

# fmt: off
RULES = [
    # actions                  roles      objects          entities      outcome
    ({AGENDA, DELEGATION},     {MANAGER}, {OWN, PARTIES},  MINE | {"event"}, OK),
    ({AGENDA, DELEGATION},     ANYONE,    ANY,             MINE | {"event"}, 403),
    ({UPDATE, DELETE},         {MANAGER}, {OWN, PARTIES},  MINE,         OK),
    ({UPDATE, DELETE},         ANYONE,    ANY,             MINE,         403),
]
# fmt: on


def _object(owner: str, visibility: str) -> str:
    return next(obj for obj, placed in PLACEMENT.items() if placed == (owner, visibility))


def _organizer(owner: str, visibility: str) -> str:
    """Return the slug of the organizer of the events app's object so placed."""
    return "home" if _object(owner, visibility) in {OWN, PARTIES} else "other"


HOME_MEETINGS = {OWN, PARTIES}


def _attach(owner: str, visibility: str) -> dict:
    home = _object(owner, visibility) in HOME_MEETINGS
    return {"document": "own-document" if home else "parties-document"}


def _attached(world, role: str, obj: str) -> str:
    return "parties-document" if obj in HOME_MEETINGS else "foreign-document"


def _order(owner: str, visibility: str) -> dict:
    slug = f"{_object(owner, visibility)}-event"
    ids = AgendaItem.objects.filter(meeting__slug=slug).values_list("pk", flat=True)
    return {"items": list(reversed(ids))}


OPERATIONS = {
    "meetings_meeting_retrieve": Operation(RETRIEVE, "event"),
    "meetings_agenda_list": Operation(RETRIEVE, "event"),
    "meetings_delegation_list": Operation(RETRIEVE, "event"),
    "meetings_agenda_item_create": Operation(
        AGENDA, "event", body={"title_ru": "Новый пункт"}, created=True
    ),
    "meetings_agenda_reorder": Operation(AGENDA, "event", body=_order),
    "meetings_agenda_item_update": Operation(UPDATE, "agenda_item"),
    "meetings_agenda_item_move": Operation(AGENDA, "agenda_item", body={"position": 1}),
    "meetings_agenda_item_delete": Operation(DELETE, "agenda_item"),
    "meetings_agenda_document_attach": Operation(AGENDA, "agenda_item", body=_attach, created=True),
    "meetings_agenda_document_detach": Operation(DELETE, "agenda_item", subkey=_attached),
    "meetings_delegation_set_head": Operation(
        DELEGATION,
        "event",
        body=lambda owner, visibility: {
            "party": _organizer(owner, visibility),
            "person": "helper-person",
        },
    ),
    "meetings_delegation_member_create": Operation(
        DELEGATION,
        "event",
        body=lambda owner, visibility: {
            "party": _organizer(owner, visibility),
            "person": "helper-person",
            "role_ru": "Советник",
        },
        created=True,
    ),
    "meetings_delegation_member_update": Operation(UPDATE, "delegation_member"),
    "meetings_delegation_member_delete": Operation(DELETE, "delegation_member"),
}

ENTITIES = {
    "agenda_item": Entity("id", None, {"title_en": "Changed"}),
    "delegation_member": Entity("id", None, {"role_en": "Adviser"}),
}


def build(world) -> None:
    """Give each events object one agenda item, with a document, and one member of its
    organizer's delegation."""
    site_admin = world.site_admin
    documents = world.objects["document"]
    person = registry.person_create(
        actor=site_admin,
        data={"slug": "meetings-member", "name_ru": "Член делегации", "owner": world.orgs["other"]},
    )
    items, members = {}, {}
    for obj in RECORD_OBJECTS:
        meeting = world.objects["event"][obj]
        organizer = meeting.organizers.get()
        items[obj] = services.agenda_item_add(
            actor=site_admin, meeting=meeting, data={"title_ru": f"Пункт {obj}"}
        )
        services.agenda_document_attach(
            actor=site_admin,
            item=items[obj],
            document=documents[PARTIES if obj in HOME_MEETINGS else FOREIGN],
        )
        members[obj] = services.delegation_member_add(
            actor=site_admin, meeting=meeting, organization=organizer, person=person
        )
    world.objects.update(agenda_item=items, delegation_member=members)


# Not yet walked by the form matrix (collegium/tests/test_form_matrix.py): the pages'
# forms for these are offered and checked per role in meetings/tests/test_page.py.
PAGELESS = {
    "meetings_agenda_item_create": "its page form is checked per role in meetings/tests/test_page.py, not yet by the form matrix",
    "meetings_agenda_item_delete": "its page form is checked per role in meetings/tests/test_page.py, not yet by the form matrix",
    "meetings_agenda_item_move": "its page form is checked per role in meetings/tests/test_page.py, not yet by the form matrix",
    "meetings_agenda_item_update": "its page form is checked per role in meetings/tests/test_page.py, not yet by the form matrix",
    "meetings_agenda_document_attach": "its page form is checked per role in meetings/tests/test_documents.py, not yet by the form matrix",
    "meetings_agenda_document_detach": "its page form is checked per role in meetings/tests/test_documents.py, not yet by the form matrix",
    "meetings_agenda_reorder": "its page form is checked per role in meetings/tests/test_page.py, not yet by the form matrix",
    "meetings_delegation_member_create": "its page form is checked per role in meetings/tests/test_page.py, not yet by the form matrix",
    "meetings_delegation_member_delete": "its page form is checked per role in meetings/tests/test_page.py, not yet by the form matrix",
    "meetings_delegation_member_update": "its page form is checked per role in meetings/tests/test_page.py, not yet by the form matrix",
    "meetings_delegation_set_head": "its page form is checked per role in meetings/tests/test_page.py, not yet by the form matrix",
}
