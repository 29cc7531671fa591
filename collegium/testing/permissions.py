"""The permission matrix machinery: every API operation x role x object -> expected status.

Generated, in the manner of Wagtail's ``assertUserPermissionMatrix`` and
Indico's ``bool_matrix``: the operations come from the served OpenAPI
document, so a new endpoint that no app declares fails the run
(``collegium/tests/test_permissions.py``).  The rules are the whole policy,
one rule per line, the first match wins.

Each app declares its part in its ``tests/permissions.py``, collected like
``admin.py`` (``collect()``), with module-level names, all optional:

- ``ACTIONS``: ``{action: traits}``, the app's own kinds of call beyond the
  generic ones (list, retrieve, create, update, delete, import, transition,
  report); the traits (``WRITE``, ``ONE_RECORD``, ``CHANGE``, ``AUDITED``,
  ``ACTS_FOR``, ``QUEUED``) put them under the generic rules;
- ``RULES``: rules for its own actions, placed after the generic refusals and
  before the generic grants (see ``Matrix.rules``), in ``INSTALLED_APPS`` order;
- ``OPERATIONS``: ``{operation id: Operation}``, one per operation it serves;
- ``ENTITIES``: ``{entity: Entity}``, how to name, create and change its records;
- ``PREPARE``: ``{move: function(actor, obj)}``, status moves an operation's
  object may need first;
- ``build(world)``: create the app's four objects of each entity (and the
  helpers other apps refer to) in the shared world, in ``INSTALLED_APPS`` order;
- ``FORMS`` and ``PAGELESS``: the page forms that perform its write operations,
  and the operations without a page (``collegium.testing.forms``).

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

import json
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from types import ModuleType
from typing import Any

from django.test import Client

from collegium.core.discovery import app_modules
from collegium.core.models import Visibility

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
# A report counts what the caller may see (checked in its own tests): 200 to every caller.
REPORT = "report"

# The traits of an action, which the generic rules go by.
WRITE = "write"  # anonymous callers get 401, a site administrator may; audited when accepted
ONE_RECORD = "one-record"  # acts on one record: a record hidden from the caller answers 404
CHANGE = "change"  # changes a record: home's editors change their own, others get 403
AUDITED = "audited"  # an accepted call writes to the audit chain (every write does too)
# Commits an organization (a consent, a motion, a withdrawal): only that organization's own
# staff may; a site administrator keeps the records but does not act for an organization.
ACTS_FOR = "acts-for"
# Queues work for the task worker: an accepted call answers 202 (Accepted).
QUEUED = "queued"

GENERIC_ACTIONS: dict[str, frozenset[str]] = {
    LIST: frozenset(),
    RETRIEVE: frozenset({ONE_RECORD}),
    CREATE: frozenset({WRITE}),
    UPDATE: frozenset({WRITE, ONE_RECORD, CHANGE}),
    DELETE: frozenset({WRITE, ONE_RECORD, CHANGE}),
    IMPORT: frozenset({WRITE}),
    TRANSITION: frozenset({WRITE, ONE_RECORD, CHANGE}),
    REPORT: frozenset(),
}


class _Every:
    """Every entity, those of apps yet to come included."""

    def __contains__(self, item: object) -> bool:
        return True


ALL_ENTITIES: Container[str] = _Every()

OK = "ok"  # 200, or 201 for a create, or 204 for a delete
SUCCESS = {CREATE: 201, DELETE: 204}

# A rule: (actions, roles, objects, entities, outcome).
Rule = tuple[Container[str], Container[str], Container[str], Container[str], int | str]


# --- Operations and entities ----------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    action: str
    entity: str = "-"
    objects: tuple[str, ...] = RECORD_OBJECTS
    # Transitions: the moves (names in PREPARE) that bring the object into the
    # status the transition starts from, made by the site administrator before
    # the call; and the request body, if any (or a function of the owner and the
    # visibility of the record to write, for an import).
    prepare: tuple[str, ...] = ()
    body: Any = None
    created: bool = False  # an accepted call answers 201 (it creates a record)
    # The path parameter, when it is not the entity's key: function(world, role, obj).
    key: Callable[["World", str, str], str] | None = None
    # The second path parameter, if any (a part of a document): function(world, role, obj).
    subkey: Callable[["World", str, str], str] | None = None
    # A list's query (default: one page of 500) and how to read the keys it lists.
    params: dict | None = None
    listed: Callable[[Any], list[str]] | None = None
    # A form (multipart) body instead of JSON, for an operation that takes an upload.
    form: dict | None = None


@dataclass(frozen=True)
class Entity:
    """How to name, create and change records of one kind through the API."""

    path_key: str  # the item's key in a path and in list results
    create: Any  # (owner slug, visibility) -> request body
    patch: dict
    # Whether a record can involve an organization besides its owner; if not,
    # "parties" visibility means the owner only.
    involves_parties: bool = True


# --- Collecting the apps' declarations ---------------------------------------------------


class Matrix:
    """Every app's declarations, collected in ``INSTALLED_APPS`` order."""

    def __init__(self, modules: Iterable[ModuleType]) -> None:
        self.actions: dict[str, frozenset[str]] = dict(GENERIC_ACTIONS)
        self.app_rules: list[Rule] = []
        self.operations: dict[str, Operation] = {}
        self.entities: dict[str, Entity] = {}
        self.prepare: dict[str, Callable] = {}
        self.builders: list[Callable[[World], None]] = []
        for module in modules:
            where = module.__name__
            self._merge(self.actions, getattr(module, "ACTIONS", {}), where)
            self._merge(self.operations, getattr(module, "OPERATIONS", {}), where)
            self._merge(self.entities, getattr(module, "ENTITIES", {}), where)
            self._merge(self.prepare, getattr(module, "PREPARE", {}), where)
            self.app_rules.extend(getattr(module, "RULES", []))
            if hasattr(module, "build"):
                self.builders.append(module.build)

    @staticmethod
    def _merge(into: dict, declared: dict, where: str) -> None:
        twice = sorted(set(into) & set(declared))
        if twice:
            raise ValueError(f"{where} declares again what another app declared: {twice}")
        into.update(declared)

    def having(self, trait: str) -> frozenset[str]:
        """Return the actions with ``trait``."""
        return frozenset(action for action, traits in self.actions.items() if trait in traits)

    @cached_property
    def rules(self) -> list[Rule]:
        """The whole policy: the generic refusals, the apps' rules, the generic grants."""
        writes, one_record, changes, acts_for = (
            self.having(WRITE),
            self.having(ONE_RECORD),
            self.having(CHANGE),
            self.having(ACTS_FOR),
        )
        uninvolved = frozenset(
            name for name, entity in self.entities.items() if not entity.involves_parties
        )
        # Lists are checked apart: they answer everyone and list what the caller may retrieve.
        # fmt: off
        return [
            # actions          roles         objects       entities      outcome
            ({LIST},           ANYONE,       ANY,          ALL_ENTITIES, OK),
            (writes,           {ANONYMOUS},  ANY,          ALL_ENTITIES, 401),
            (acts_for,         {SITE_ADMIN}, ANY,          ALL_ENTITIES, 403),
            (writes | {LIST, RETRIEVE}, {SITE_ADMIN}, ANY, ALL_ENTITIES, OK),
            ({CREATE, IMPORT}, HOME_EDITORS, {OWN},        ALL_ENTITIES, OK),
            ({CREATE, IMPORT}, ANYONE,       ANY,          ALL_ENTITIES, 403),
            (one_record,       ANYONE,       {RESTRICTED}, ALL_ENTITIES, 404),
            (one_record,       OUTSIDERS,    {PARTIES},    ALL_ENTITIES, 404),
            (one_record,       HOME_STAFF,   {PARTIES},    uninvolved,   404),
            *self.app_rules,
            ({RETRIEVE},       ANYONE,       ANY,          ALL_ENTITIES, OK),
            (changes,          HOME_EDITORS, {OWN},        ALL_ENTITIES, OK),
            (changes,          ANYONE,       ANY,          ALL_ENTITIES, 403),
            ({REPORT},         ANYONE,       ANY,          ALL_ENTITIES, OK),
        ]
        # fmt: on

    @cached_property
    def audited(self) -> frozenset[str]:
        return self.having(WRITE) | self.having(AUDITED)

    def expected_status(self, action: str, role: str, obj: str, entity: str) -> int:
        for actions, roles, objects, entities, outcome in self.rules:
            if action in actions and role in roles and obj in objects and entity in entities:
                if outcome == OK and QUEUED in self.actions[action]:
                    return 202
                return SUCCESS.get(action, 200) if outcome == OK else int(outcome)
        raise AssertionError(f"no rule for {action} {role} {obj} {entity}")


def collect() -> Matrix:
    """Collect every installed app's ``tests/permissions.py``."""
    return Matrix(app_modules("tests.permissions"))


# --- The world --------------------------------------------------------------------

# Who owns an object, with which visibility; a create writes the same.
PLACEMENT = {
    OWN: ("home", Visibility.PUBLIC),
    FOREIGN: ("other", Visibility.PUBLIC),
    RESTRICTED: ("other", Visibility.INTERNAL),
    PARTIES: ("other", Visibility.PARTIES),
}


@dataclass
class World:
    """The organizations, the users of each role, and the apps' objects of every entity."""

    site_admin: Any
    orgs: dict[str, Any]  # "home" and "other", the owners of the objects
    third: Any  # the foreign editor's organization
    users: dict[str, Any]
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Records an app leaves for the others' objects and bodies, by name.
    helpers: dict[str, Any] = field(default_factory=dict)

    def make_org(self, slug: str):
        from collegium.registry.models import OrganizationKind
        from collegium.registry.services import organization_create

        return organization_create(
            actor=self.site_admin,
            data={"slug": slug, "kind": OrganizationKind.INTERNATIONAL, "name_ru": slug},
        )

    def create(self, service, obj: str, **data):
        """Create a record through ``service``, owned and visible as the object says."""
        owner, visibility = PLACEMENT[obj]
        return service(
            actor=self.site_admin,
            data={**data, "owner": self.orgs[owner], "visibility": visibility},
        )


def build_world(matrix: Matrix) -> World:
    """Create the organizations and users, then let every app create its objects."""
    from collegium.accounts.services import user_create

    site_admin = user_create(
        actor=None, username="root", password="x", is_superuser=True, validate=False
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

    world = World(site_admin=site_admin, orgs={}, third=None, users={})
    home = world.make_org("home")
    other = world.make_org("other")
    world.third = world.make_org("third")
    world.orgs.update(home=home, other=other)
    world.users.update(
        {
            VIEWER: make_user(home, "viewer", username="viewer"),
            EDITOR: make_user(home, "editor", username="editor"),
            MANAGER: make_user(home, "manager", username="manager"),
            FOREIGN_EDITOR: make_user(world.third, "editor", username="foreign-editor"),
            SITE_ADMIN: site_admin,
        }
    )
    for build in matrix.builders:
        build(world)
    return world


# --- Calls ------------------------------------------------------------------------


def client_for(world: World, role: str) -> Client:
    client = Client()
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    return client


def key_of(matrix: Matrix, world: World, entity: str, obj: str) -> str:
    instance = world.objects[entity][obj]
    key = matrix.entities[entity].path_key
    return str(instance.pk if key == "id" else getattr(instance, key))


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


def prepare_call(
    matrix: Matrix, world: World, served: tuple[str, str], operation: Operation, role, obj
) -> Call:
    """Prepare the operation's request as the role, on (or about) the object."""
    method, path = served
    if operation.key is not None:
        before, _, after = path.partition("{")
        path = before + operation.key(world, role, obj) + after.partition("}")[2]
    elif "{" in path:
        before, _, after = path.partition("{")
        path = before + key_of(matrix, world, operation.entity, obj) + after.partition("}")[2]
    if operation.subkey is not None and "{" in path:
        before, _, after = path.partition("{")
        path = before + operation.subkey(world, role, obj) + after.partition("}")[2]
    owner, visibility = PLACEMENT.get(obj, (None, None))
    if operation.form is not None:
        return Call(method, path, params=operation.form)
    if operation.body is not None:
        body = operation.body(owner, visibility) if callable(operation.body) else operation.body
        return Call(method, path, body=body)
    if operation.action == CREATE:
        return Call(method, path, body=matrix.entities[operation.entity].create(owner, visibility))
    if operation.action == UPDATE:
        return Call(method, path, body=matrix.entities[operation.entity].patch)
    if operation.action == LIST:
        params = {"limit": 500} if operation.params is None else operation.params
        return Call(method, path, params=params)
    return Call(method, path)


def listed(matrix: Matrix, operation: Operation, response) -> list[str]:
    """Return the keys of the records a list answered with."""
    if operation.listed is not None:
        return operation.listed(response)
    key = matrix.entities[operation.entity].path_key
    return [str(item[key]) for item in response.json()["items"]]
