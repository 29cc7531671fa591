"""The tasks' part of the permission matrix (``collegium.testing.permissions``).

Each task comes from the paragraph of the documents app's object of the same
name (``own``: home's resolution; ``parties``: other's, with home a party;
``foreign`` and ``restricted``: other's with the third organization).  The
lead is the document's owner; home co-executes the ``parties`` task.  Only
the managers for the document's parties create, change, move and carry over
tasks; only the responsible party's editors and managers report progress.
"""

from collegium.accounts.models import Role
from collegium.decisions import services as documents
from collegium.events.tests.arrangements.arrangement_fixtures import member_of
from collegium.execution import services
from collegium.testing.permissions import (
    ACTS_FOR,
    ANY,
    ANYONE,
    AUDITED,
    FOREIGN,
    HOME_EDITORS,
    LIST,
    MANAGER,
    NO_OBJECT,
    ONE_RECORD,
    OWN,
    PARTIES,
    RECORD_OBJECTS,
    REPORT,
    RETRIEVE,
    WRITE,
    Entity,
    Operation,
)

TASK_CREATE, TASK_EDIT, PROGRESS = "task-create", "task-edit", "report-progress"

ACTIONS = {
    TASK_CREATE: frozenset({WRITE, ACTS_FOR}),
    TASK_EDIT: frozenset({WRITE, ONE_RECORD, ACTS_FOR, AUDITED}),
    PROGRESS: frozenset({WRITE, ONE_RECORD, ACTS_FOR, AUDITED}),
}

TASKS = frozenset({"task"})

# fmt: off
RULES = [
    # actions          roles         objects           entities   outcome
    ({TASK_CREATE},    {MANAGER},    {OWN},            TASKS,     "ok"),
    ({TASK_CREATE},    ANYONE,       ANY,              TASKS,     403),
    ({TASK_EDIT},      {MANAGER},    {OWN, PARTIES},   TASKS,     "ok"),
    ({TASK_EDIT},      ANYONE,       ANY,              TASKS,     403),
    ({PROGRESS},       HOME_EDITORS, {OWN, PARTIES},   TASKS,     "ok"),
    ({PROGRESS},       ANYONE,       ANY,              TASKS,     403),
]
# fmt: on

LATER = "execution-later-resolution"


def _create_body(owner, visibility):
    document = "own-document" if owner == "home" else "foreign-document"
    return {"document": document, "source": "para_1", "lead": "home"}


def _meeting(world, role, obj) -> str:
    return world.objects["event"]["own"].slug


OPERATIONS = {
    "execution_task_list": Operation(LIST, "task"),
    "execution_task_retrieve": Operation(RETRIEVE, "task"),
    "execution_report_list": Operation(RETRIEVE, "task"),
    "execution_task_create": Operation(
        TASK_CREATE, "task", objects=(OWN, FOREIGN), created=True, body=_create_body
    ),
    "execution_task_update": Operation(TASK_EDIT, "task", body={"weight": 3}),
    "execution_task_move": Operation(TASK_EDIT, "task", body={"status": "in_progress"}),
    "execution_task_carry_over": Operation(
        TASK_EDIT, "task", created=True, body={"document": LATER, "source": "para_1"}
    ),
    "execution_report_create": Operation(
        PROGRESS,
        "task",
        created=True,
        form={"date": "2025-01-10", "status": "in_progress", "percent": "10"},
    ),  # fmt: skip
    "execution_interim_retrieve": Operation(REPORT, objects=(NO_OBJECT,), key=_meeting),
}

ENTITIES = {
    "task": Entity("id", None, {"weight": 2}),
}


def build(world) -> None:
    """Create a task on a second paragraph of each documents-app object, and a later resolution.

    The documents' own operations act on their first paragraph (one deletes it), which
    a task would protect: a provision with tasks is not deleted.
    """
    home, third = world.orgs["home"], world.third
    objects: dict = {}
    for obj in RECORD_OBJECTS:
        document = world.objects["document"][obj]
        owner = document.owner
        manager = member_of(owner, Role.MANAGER)
        node = documents.node_add(
            actor=manager, document=document, kind="paragraph", data={"text_ru": "Пункт 2"}
        )
        co = [home] if obj == PARTIES else []
        objects[obj] = services.task_create_from_node(
            actor=manager,
            node=node,
            lead=owner,
            co_executors=co,
            data={"title_ru": f"Задача {obj}"},
        )
    world.objects["task"] = objects
    manager = member_of(home, Role.MANAGER)
    later = documents.document_create(
        actor=manager,
        data={"slug": LATER, "kind": "resolution", "title_ru": "Следующее постановление",
              "owner": home},
        parties=[(home, "drafting"), (world.orgs["other"], "party"), (third, "party")],
    )  # fmt: skip
    documents.node_add(actor=manager, document=later, kind="paragraph", data={"text_ru": "Пункт"})


# Not yet walked by the form matrix (collegium/tests/test_form_matrix.py): the pages'
# forms for these are offered and checked per role in execution/tests/test_pages.py.
PAGELESS = {
    "execution_report_create": "its page form is checked per role in execution/tests/test_pages.py, not yet by the form matrix",
    "execution_task_carry_over": "its page form is checked per role in execution/tests/test_pages.py, not yet by the form matrix",
    "execution_task_create": "its page form is checked per role in execution/tests/test_pages.py, not yet by the form matrix",
    "execution_task_move": "its page form is checked per role in execution/tests/test_pages.py, not yet by the form matrix",
    "execution_task_update": "its page form is checked per role in execution/tests/test_pages.py, not yet by the form matrix",
}
