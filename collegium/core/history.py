"""A record's history, read from the audit chain: who did what, when, and what changed.

Every service write appends an audit record naming its object (``app.model``
and pk, see ``core.audit``), so a record's history is the chain's records of
that object, newest first.  A page shows it as a panel (``core.panels``)::

    register_history_panel(page="registry.person")

The panel shows the history to signed-in users only, on a page whose access
door has already let them see the record: the chain names the staff who made
each change, which the public pages do not.

What a change shows must not reveal more than the page does.  The record's
own plain fields (names, dates, status, visibility) are shown with their
values: the viewer sees the record.  A reference to another record (a foreign
key or a many-to-many field) is named only if the viewer may see that record
now (the access layer's rule, registered with ``register_visibility_filter``);
otherwise, and for records the rule cannot judge (users), it shows as a record
not shown to them.  Fields the model keeps out of the chain (``audit_exclude``)
never reach it; bookkeeping fields no one edits (``editable=False``: search
text, creation stamps) are left out.

The read cache needs nothing more: appending a record moves the namespace of
its object's app (``core.audit``), which the page showing the object keys on.
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from collegium.core.models import AuditRecord, OwnedModel
from collegium.core.panels import Panel, register_panel

# A page shows this many records of a history; "show all" (``?history=all``) the rest.
HISTORY_CAP = 10
SHOW_ALL = "all"
# A long text (a description, a note) is cut to this many characters in a change.
VALUE_CHARS = 200

# The verbs of the services' actions (``<model>.<verb>``) with a label of their own.  A
# verb not listed here that changed the record's status reads "status: <new status>";
# any other shows the action as recorded.
VERB_LABELS = {
    "create": pgettext_lazy("history", "created"),
    "create_ad_hoc": pgettext_lazy("history", "created"),
    "generate": pgettext_lazy("history", "created by generation"),
    "update": pgettext_lazy("history", "changed"),
    "delete": pgettext_lazy("history", "deleted"),
    "refresh": pgettext_lazy("history", "brought up to date"),
    "open": pgettext_lazy("history", "opened"),
}
# The fields that hold a record's status in its workflow, in the order they are looked for.
STATUS_FIELDS = ("status", "state")

# What may be seen of a model's records: set by the access layer, above the ground floor.
type VisibleFilter = Callable[[models.QuerySet[Any], Any], models.QuerySet[Any]]
_visible_filter: VisibleFilter | None = None


def register_visibility_filter(function: VisibleFilter) -> None:
    """Set the function that keeps the records of a queryset the user may see."""
    global _visible_filter
    _visible_filter = function


def audit_record_list_for_object(
    *, instance: models.Model, limit: int | None = None
) -> list[AuditRecord]:
    """Return the audit records of ``instance``, newest first, at most ``limit`` of them.

    Read through the chain's (object type, object id) index.  The caller has
    the instance from its access door: this selector does not decide who may
    see it.
    """
    records = AuditRecord.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    ).order_by("-seq")
    if limit is not None:
        records = records[:limit]
    return list(records)


@dataclass(frozen=True)
class Change:
    """One field of a change: its label and its value before and after, as text."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    """One audit record as the history shows it."""

    seq: int
    at: dt.datetime
    actor: str
    action: str
    label: str
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class History:
    """The entries shown, newest first, and whether older ones were left out."""

    entries: list[HistoryEntry]
    more: bool


class _Hidden:
    """The value of a reference to a record the viewer may not see."""


_HIDDEN = _Hidden()


def _fields(model: type[models.Model]) -> dict[str, models.Field]:
    """Return the fields a change may show, by the name the chain records them under."""
    excluded = set(getattr(model, "audit_exclude", ()))
    shown: dict[str, models.Field] = {}
    for item in model._meta.concrete_fields:
        if item.primary_key or not item.editable or item.attname in excluded:
            continue
        shown[item.attname] = item
    for item in model._meta.many_to_many:
        if isinstance(item, models.ManyToManyField) and item.name not in excluded:
            shown[item.name] = item
    return shown


def _related_ids(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _visible_related(user: Any, wanted: dict[type[models.Model], set[Any]]) -> dict:
    """Return {(model, pk): record} of the referenced records the user may see: a query a model."""
    seen: dict[tuple[type[models.Model], Any], models.Model] = {}
    for model, ids in wanted.items():
        if not issubclass(model, OwnedModel) or _visible_filter is None:
            continue  # no rule says who sees it: never named
        for record in _visible_filter(model._default_manager.filter(pk__in=ids), user):
            seen[(model, record.pk)] = record
    return seen


def _text(item: models.Field, value: Any, related: dict) -> str:
    """Return a recorded value of ``item`` as the history shows it."""
    if item.is_relation and item.related_model is not None:
        names = []
        for pk in _related_ids(value):
            record = related.get((item.related_model, pk), _HIDDEN)
            names.append(_("a record not shown to you") if record is _HIDDEN else str(record))
        return ", ".join(names) or "—"
    if value is None or value == "" or value == []:
        return "—"
    if item.choices:
        return str(dict(item.flatchoices).get(value, value))
    if isinstance(item, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(value, str):
        if isinstance(item, models.DateTimeField):
            moment = dt.datetime.fromisoformat(value)
            return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
        if isinstance(item, models.DateField):
            return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
        return Truncator(value).chars(VALUE_CHARS)
    if isinstance(value, list) and all(isinstance(v, dict) and "name" in v for v in value):
        # Other names ({"lang", "name"}): the names are what a reader looks for.
        return Truncator(", ".join(str(v["name"]) for v in value)).chars(VALUE_CHARS)
    if isinstance(value, list | dict):
        return Truncator(json.dumps(value, ensure_ascii=False)).chars(VALUE_CHARS)
    return str(value)


def _label(record: AuditRecord, fields: dict[str, models.Field]) -> str:
    """Return the translated label of the record's action, falling back to the action itself."""
    verb = record.action.rpartition(".")[2]
    if verb in VERB_LABELS:
        return str(VERB_LABELS[verb])
    after = (record.changes or {}).get("after") or {}
    for name in STATUS_FIELDS:
        if name in after and name in fields:
            status = _text(fields[name], after[name], {})
            return pgettext("history", "status: %(status)s") % {"status": status}
    return record.action


def _changed(record: AuditRecord, fields: dict[str, models.Field]) -> list[tuple[str, Any, Any]]:
    """Return (field name, before, after) of each shown field the record changed."""
    changes = record.changes or {}
    before, after = changes.get("before") or {}, changes.get("after") or {}
    created = not before
    return [
        (name, before.get(name), after.get(name))
        for name in fields
        if (name in before or name in after)
        and before.get(name) != after.get(name)
        # A new record shows the values it was given, not every empty field.
        and not (created and after.get(name) in (None, "", [], {}))
    ]


def history_for(*, user: Any, instance: models.Model, show_all: bool = False) -> History:
    """Return the history of ``instance`` (from its access door) as ``user`` may see it."""
    limit = None if show_all else HISTORY_CAP + 1
    records = audit_record_list_for_object(instance=instance, limit=limit)
    more = not show_all and len(records) > HISTORY_CAP
    records = records[:HISTORY_CAP] if more else records
    fields = _fields(type(instance))
    changed = {record.seq: _changed(record, fields) for record in records}
    wanted: dict[type[models.Model], set[Any]] = {}
    for rows in changed.values():
        for name, before, after in rows:
            target = fields[name].related_model
            if fields[name].is_relation and isinstance(target, type):
                wanted.setdefault(target, set()).update(_related_ids(before) + _related_ids(after))
    related = _visible_related(user, wanted)
    entries = [
        HistoryEntry(
            seq=record.seq,
            at=record.created_at,
            actor=record.actor,
            action=record.action,
            label=_label(record, fields),
            changes=[
                Change(
                    label=str(fields[name].verbose_name),
                    before=_text(fields[name], before, related),
                    after=_text(fields[name], after, related),
                )
                for name, before, after in changed[record.seq]
            ],
        )
        for record in records
    ]
    return History(entries=entries, more=more)


def history_panel(request: HttpRequest, instance: models.Model) -> dict[str, Any]:
    """Return the history panel's context: nothing for anonymous visitors."""
    if not request.user.is_authenticated:
        return {"history": None}
    show_all = request.GET.get("history") == SHOW_ALL
    return {"history": history_for(user=request.user, instance=instance, show_all=show_all)}


def register_history_panel(*, page: str, slot: str = "wide", order: int = 900) -> Panel:
    """Show the history of the page's record on ``page`` (``"<app label>.<model>"``).

    The panel follows the read cache version of the page's app, the namespace
    every audit record of its records moves.
    """
    return register_panel(
        page=page,
        name="history",
        template="core/_history.html",
        context=history_panel,
        slot=slot,
        order=order,
        depends_on=(page.partition(".")[0],),
    )
