"""Synthetic volume for benchmarks and load tests, assembled from the apps' ``synth.py``.

``collegium synth --scale 1 --seed 1`` loads it.  Each app ships its part in
its own ``synth.py``, found the way the admin finds ``admin.py``, with module
functions of conventional names::

    def synth_generate(context: SynthContext) -> Part:
        '''Pure: a function of ``context.scale``, ``context.seed`` and the parts of
        the apps before it (``context.parts["registry"]``).  ``Part.counts()``
        gives ``{kind: number}`` for the summary and the audit record.'''

    def synth_insert(context: SynthContext, part: Part) -> None:
        '''Write the part in bulk, inside the load's transaction; leave the rows
        later apps refer to in ``context.rows`` (``rows["organizations"][slug]``).'''

    def synth_present() -> bool:  # optional
        '''Whether the database already holds this app's synthetic data.'''

Apps run in ``INSTALLED_APPS`` order, so the registry's part comes before the
events' that refer to it, and neither app imports the other's generator.

``synth_load()`` is the audited service that writes it all: one transaction,
bulk inserts, and a single ``synth.load`` audit record with the counts.

Everything synthetic is labelled: slugs start with ``SYNTH_PREFIX``, notes
say ``SYNTH_NOTE``, so the data never collides with the demo scenario.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.core import audit
from collegium.core.audit_guard import writes_allowed
from collegium.core.discovery import app_modules
from collegium.core.exceptions import PermissionDenied, ValidationError
from collegium.core.models import AuditedModel
from collegium.core.progress import NO_PROGRESS, Progress

SYNTH_PREFIX = "synth-"
SYNTH_NOTE = "synthetic data (collegium synth), not a real record"
MAX_SCALE = 100.0
BATCH_SIZE = 500


@dataclass
class SynthContext:
    """The scale and seed of a load, and what the apps generated and wrote so far."""

    scale: float
    seed: int
    # Each app's part, by app label, in INSTALLED_APPS order.
    parts: dict[str, Any] = field(default_factory=dict)
    # Rows written so far that later apps refer to, by kind and key.
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Return the number of records per kind, over every app's part."""
        counts: dict[str, int] = {}
        for part in self.parts.values():
            counts.update(part.counts())
        return counts


@dataclass(frozen=True)
class SynthLoadResult:
    loaded: bool
    counts: dict[str, int]


def check_scale(scale: float) -> None:
    """Refuse a scale outside ``(0, MAX_SCALE]``."""
    if not 0 < scale <= MAX_SCALE:
        raise ValueError(f"scale must be in (0, {MAX_SCALE:g}]")


def contributions() -> list[tuple[str, Any]]:
    """Return ``(app label, synth module)`` of the apps that contribute, in order."""
    found = []
    for module in app_modules("synth"):
        config = apps.get_containing_app_config(module.__name__)
        if config is not None and hasattr(module, "synth_generate"):
            found.append((config.label, module))
    return found


def generate(
    *, scale: float, seed: int, advance: Callable[[int], None] = lambda steps: None
) -> SynthContext:
    """Return every app's part for ``scale`` and ``seed``; the same inputs, the same data."""
    check_scale(scale)
    context = SynthContext(scale=scale, seed=seed)
    for label, module in contributions():
        context.parts[label] = module.synth_generate(context)
        advance(1)
    return context


def synth_present() -> bool:
    """Return whether the database already holds synthetic data of any app."""
    return any(
        module.synth_present()
        for _label, module in contributions()
        if hasattr(module, "synth_present")
    )


def _check(instances: Sequence[models.Model]) -> None:
    """Validate field values and model rules without a query per row.

    Relations are checked by the database's foreign keys, uniqueness by its
    constraints; both fail the whole transaction.
    """
    for instance in instances:
        relations = [f.name for f in instance._meta.concrete_fields if f.is_relation]
        instance.clean_fields(exclude=relations)
        instance.clean()


def bulk_insert[M: AuditedModel](model: type[M], instances: list[M]) -> list[M]:
    """Validate and insert ``instances`` in batches; return them with their keys."""
    _check(instances)
    for instance in instances:
        # bulk_create skips save(), where the search text is normally kept.
        if hasattr(instance, "refresh_search_text"):
            instance.refresh_search_text()
    return model.objects.bulk_create(instances, batch_size=BATCH_SIZE)


def synth_load(
    *,
    actor: AnyUser,
    scale: float,
    seed: int,
    force: bool = False,
    progress: Progress = NO_PROGRESS,
) -> SynthLoadResult:
    """Load the synthetic data for ``scale`` and ``seed`` in one audited transaction.

    Only a site administrator, or the system itself (``actor=None``, the CLI),
    may run it.  A database that already holds synthetic data is refused; with
    ``force`` the call succeeds but adds nothing, because deleting audited rows
    that other records (affiliations, later events) may reference is not a
    side effect a loader should have: load into a fresh database instead.
    """
    if actor is not None and not access.is_site_admin(actor):
        raise PermissionDenied(_("Only a site administrator loads synthetic data."))
    try:
        with progress.stage("Generating", total=len(contributions())) as advance:
            context = generate(scale=scale, seed=seed, advance=advance)
    except ValueError as exc:
        raise ValidationError({"scale": str(exc)}) from exc
    with transaction.atomic(), writes_allowed():
        if synth_present():
            if force:
                return SynthLoadResult(loaded=False, counts={})
            raise ValidationError(
                _(
                    "The database already holds synthetic data; "
                    "use a fresh database or pass --force to leave it as it is."
                ),
                code="synth_present",
            )
        counts = context.counts()
        # The apps' parts in records; each app's insert advances by its part's records.
        with progress.stage("Inserting records", total=sum(counts.values())) as advance:
            for label, module in contributions():
                module.synth_insert(context, context.parts[label])
                advance(sum(context.parts[label].counts().values()))
        audit.append(
            actor=actor,
            action="synth.load",
            object_type="registry.synth",
            object_id=f"{scale:g}/{seed}",
            object_repr=f"synthetic registry, scale {scale:g}, seed {seed}",
            changes={"scale": scale, "seed": seed, "counts": counts},
        )
    return SynthLoadResult(loaded=True, counts=counts)
