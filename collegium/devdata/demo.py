"""The demo scenario, assembled from the apps' ``demo.py``.

Each app ships its part of the scenario in its own ``demo.py`` (the registry
its organizations, states, posts and office-holders; accounts the demo's
administrator and users; events the 2025 joint collegium, the summits, the
cross-invitations), found the way the admin finds ``admin.py``
(``autodiscover_modules("demo")``).  A module contributes with two
decorators::

    from collegium.devdata import demo

    @demo.step(order=demo.REFERENCE)
    def load_registry(context: demo.DemoContext) -> None:
        context.shared["organizations"] = {...}  # for the steps that follow

    @demo.foreign_records
    def registry_records_not_in_the_demo() -> dict[str, int]:
        return {"organizations": ...}  # by kind; the demo refuses to mix with them

Steps run in one transaction, by ``order`` (the bands below), then in
``INSTALLED_APPS`` order, then in the order a module defines them.  A step
writes through the services, so each change is audited, and only what
differs: loading is idempotent, and an unchanged database gets no new audit
record.  ``DemoContext.upsert`` does that for one record.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from collegium.core import audit
from collegium.core.models import AuditedModel

# The order bands of the steps.
ACTORS = 0  # who loads the demo: its site administrator, the actor of every later step
REFERENCE = 100  # the registry every other record refers to
PEOPLE = 200  # the users, with their roles in the registry's organizations
RECORDS = 300  # the domain records: events, arrangements, invitations (the default)


class DemoRefused(Exception):
    """The database holds data the demo does not own; loading would mix the two."""


@dataclass(frozen=True)
class Login:
    username: str
    description: str


@dataclass
class DemoResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    # The demo's logins, printed after loading, and their one password.
    logins: list[Login] = field(default_factory=list)
    password: str = ""

    def count(self, kind: str, outcome: str | None) -> None:
        if outcome:
            bucket = self.created if outcome == "created" else self.updated
            bucket[kind] = bucket.get(kind, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass
class DemoContext:
    """What the steps share while the demo loads."""

    result: DemoResult = field(default_factory=DemoResult)
    # The demo's site administrator, who makes every change (set by the first step).
    actor: Any = None
    # What a step leaves for the later ones, by name: ``shared["organizations"][slug]``.
    shared: dict[str, Any] = field(default_factory=dict)
    # ``collegium demo --force``: bring the scenario's records back to the scenario even
    # where users moved them on (an invitation sent, an answer, a cancelled summit).
    refresh: bool = False

    def upsert[M: AuditedModel](
        self,
        model: type[M],
        lookup: dict[str, Any],
        values: dict[str, Any],
        *,
        create: Callable[..., M],
        update: Callable[[Any, M, dict[str, Any]], M],
        kind: str,
    ) -> M:
        """Create the record, or bring it to ``values``; count what was done under ``kind``.

        ``create(actor=, data=)`` and ``update(actor, instance, changes)`` are the services.
        """
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = create(actor=self.actor, data={**lookup, **values})
            self.result.count(kind, "created")
            return instance
        changes = differs(instance, values)
        if changes:
            instance = update(self.actor, instance, changes)
            self.result.count(kind, "updated")
        return instance


def differs(instance: object, values: dict[str, Any]) -> dict[str, Any]:
    """Return the items of ``values`` that ``instance`` does not already have."""
    return {key: value for key, value in values.items() if getattr(instance, key) != value}


# Registered steps by name (a module imported twice registers once): (order, step).
_steps: dict[str, tuple[int, Callable[[DemoContext], None]]] = {}
_foreign: dict[str, Callable[[], dict[str, int]]] = {}


def _app_index(function: Callable[..., object]) -> int:
    """Return the position in INSTALLED_APPS of the app that defines ``function``."""
    config = apps.get_containing_app_config(function.__module__)
    configs = list(apps.get_app_configs())
    return configs.index(config) if config is not None else len(configs)


def _name(function: Callable[..., object]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


type Step = Callable[[DemoContext], None]


def step(*, order: int = RECORDS) -> Callable[[Step], Step]:
    """Register the decorated ``function(context)`` as a step of the demo (see the bands)."""

    def register(function: Step) -> Step:
        _steps[_name(function)] = (order, function)
        return function

    return register


def foreign_records(function: Callable[[], dict[str, int]]) -> Callable[[], dict[str, int]]:
    """Register ``function() -> {kind: count}``: records of the app the demo did not create."""
    _foreign[_name(function)] = function
    return function


def steps() -> list[Callable[[DemoContext], None]]:
    """Return the apps' steps in the order they run."""
    autodiscover_modules("demo")
    # sorted() is stable: steps of one app and order keep their order of definition.
    ordered = sorted(_steps.values(), key=lambda item: (item[0], _app_index(item[1])))
    return [function for _order, function in ordered]


def non_demo_data() -> dict[str, int]:
    """Count the records the demo did not create, by kind (kinds with none left out)."""
    autodiscover_modules("demo")
    counts: dict[str, int] = {}
    for function in _foreign.values():
        counts.update(function())
    return {kind: n for kind, n in counts.items() if n}


@transaction.atomic
def demo_load(*, force: bool = False) -> DemoResult:
    """Load the demo scenario, or with ``force`` refresh it (beside any other data).

    Loading brings each of the scenario's records to its values and leaves the
    moves users made on them; a refresh also resets those (``DemoContext.refresh``)
    and records a ``demo.refresh`` audit record with what it changed.  Records that
    are not the scenario's are never deleted nor changed.
    """
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
    context = DemoContext(refresh=force)
    for load in steps():
        load(context)
    if force and context.result.changed:
        # One record of the refresh itself, with what it changed, beside the records of
        # each change; nothing else is deleted, and records users added stay as they are.
        audit.append(
            actor=context.actor,
            action="demo.refresh",
            object_type="devdata.demo",
            object_id="demo",
            object_repr="demo scenario",
            changes={"created": context.result.created, "updated": context.result.updated},
        )
    return context.result
