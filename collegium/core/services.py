"""Helpers shared by the apps' services, and the generic create, update and delete of records.

``record_create``, ``record_update`` and ``record_delete`` are the one
write path of a plain owned record (a state, a person, a period of
unavailability): set the fields, check who may, validate, write it with its
audit record.  Who may is the app's policy (``may_change(actor, record)``
returning a ``core.policy.Decision``), asked before a change and again
after it, so a record moved to another owner needs the right there too;
what else to check is the app's ``check``.  The ground floor knows neither
roles nor organizations: the app passes its rules in.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collegium.core.audit import audited
from collegium.core.exceptions import TransitionError, ValidationError
from collegium.core.policy import Decision

type Policy = Callable[[Any, Any], Decision]
type Check = Callable[[Any, Any], None]


def assign_fields(
    instance: models.Model, data: dict[str, Any], *, managed: Iterable[str] = ()
) -> None:
    """Set ``data`` on ``instance``; a name that is not a settable field is a ValidationError.

    ``managed`` names fields that only the service itself sets (counters, UIDs).
    """
    fields = instance._meta.concrete_fields
    settable = ({f.name for f in fields} | {f.attname for f in fields}) - set(managed)
    unknown = sorted(set(data) - settable)
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in unknown})
    for name, value in data.items():
        setattr(instance, name, value)


def loaded_relations(instance: models.Model) -> list[str]:
    """Return the foreign keys of ``instance`` that hold records read from the database.

    ``full_clean()`` asks the database whether the record of each foreign key
    exists, one query each; a record the service was handed loaded exists (and
    the database's key refuses it if it goes meanwhile), so a service may leave
    these out: ``instance.full_clean(exclude=loaded_relations(instance))``.
    """
    names = []
    for field in instance._meta.concrete_fields:
        if not field.many_to_one or not isinstance(field, models.ForeignObject):
            continue
        related = field.get_cached_value(instance, None)
        if (
            related is not None
            and not related._state.adding
            and related.pk is not None
            and related.pk == getattr(instance, field.attname)
        ):
            names.append(field.name)
    return names


OWNER_REQUIRED = gettext_lazy("Choose the organization that owns this record.")


def _require_owner(instance: models.Model, message: str | Promise) -> None:
    if getattr(instance, "owner_id", None) is None:
        raise ValidationError({"owner": str(message)})


def _action(instance: models.Model, verb: str) -> str:
    return f"{instance._meta.model_name}.{verb}"


def record_create[M: models.Model](
    *,
    actor,
    model: type[M],
    data: dict[str, Any],
    may_change: Policy,
    check: Check | None = None,
    locked_check: Check | None = None,
    managed: Iterable[str] = (),
    initial: dict[str, Any] | None = None,
    owner_required: str | Promise = OWNER_REQUIRED,
) -> M:
    """Create a ``model`` record from ``data`` and append its ``<model>.create`` audit record.

    ``initial`` holds the values the service sets itself (``managed`` fields);
    ``check(actor, record)`` runs after ``full_clean()``, ``locked_check``
    inside the audit chain's lock, just before the insert (a rule across
    rows, e.g. two holders of one post, that two writers must not both pass).
    """
    instance = model()
    assign_fields(instance, data, managed=managed)
    for name, value in (initial or {}).items():
        setattr(instance, name, value)
    _require_owner(instance, owner_required)
    may_change(actor, instance).enforce()
    instance.full_clean()
    if check is not None:
        check(actor, instance)
    with audited(actor=actor, action=_action(instance, "create"), instance=instance):
        if locked_check is not None:
            locked_check(actor, instance)
        instance.save(force_insert=True)
    return instance


def record_update[M: models.Model](
    *,
    actor,
    instance: M,
    data: dict[str, Any],
    may_change: Policy,
    check: Check | None = None,
    locked_check: Check | None = None,
    managed: Iterable[str] = (),
    owner_required: str | Promise | None = None,
) -> M:
    """Change ``instance`` with ``data`` and append its ``<model>.update`` audit record.

    The policy is asked before the change and again after it (a new owner's
    editors too).  With ``owner_required`` a record left without an owner is
    refused with that message first.
    """
    may_change(actor, instance).enforce()
    with audited(actor=actor, action=_action(instance, "update"), instance=instance):
        assign_fields(instance, data, managed=managed)
        if owner_required is not None:
            _require_owner(instance, owner_required)
        may_change(actor, instance).enforce()
        instance.full_clean()
        if check is not None:
            check(actor, instance)
        if locked_check is not None:
            locked_check(actor, instance)
        instance.save()
    return instance


def record_delete(*, actor, instance: models.Model, may_change: Policy) -> None:
    """Delete ``instance`` with its ``<model>.delete`` audit record; refuse if still referenced.

    A record other records still name is not deleted: ``TransitionError`` with
    the code ``referenced`` (409 in the API), its message naming the kinds of
    those records and how many of each.
    """
    may_change(actor, instance).enforce()
    try:
        with audited(actor=actor, action=_action(instance, "delete"), instance=instance):
            instance.delete()
    except (models.ProtectedError, models.RestrictedError) as exc:
        referrers = (
            exc.protected_objects
            if isinstance(exc, models.ProtectedError)
            else exc.restricted_objects
        )
        raise TransitionError(
            _(
                "This record is still referenced by other records (%(referrers)s); "
                "end or remove those first."
            )
            % {"referrers": _referrer_counts(referrers)},
            code="referenced",
        ) from exc


def _referrer_counts(referrers: Iterable[models.Model]) -> str:
    """Return "memberships: 2, tenures: 1": the kinds of ``referrers`` and how many of each."""
    counts = Counter(str(referrer._meta.verbose_name_plural) for referrer in referrers)
    return ", ".join(f"{kind}: {count}" for kind, count in sorted(counts.items()))
