"""Popolo JSON import and export of the registry.

A Popolo document is ``{"persons": [...], "organizations": [...],
"memberships": [...], "posts": [...]}`` (https://www.popoloproject.com).  The
export carries every registry field, so ``export -> import into an empty
database -> export`` gives the same document; it is sorted by ``id`` and
leaves out empty values (``None``, ``""``, ``[]``), so it diffs cleanly.

Mapping
-------
Popolo fields are used wherever Popolo has a slot for the value.  Everything
else travels in one namespaced key, ``"collegium"``, on the item it belongs
to.  The official schemas are JSON Schema draft-03 and none of them sets
``additionalProperties``, which in draft-03 means extra properties are
allowed: the export validates against them as it is.  They are not part of
Collegium: ``settings.POPOLO_SCHEMA_DIR`` (the ``POPOLO_SCHEMA_DIR``
environment variable) names their folder, and the tests check the export
against them wherever they are found.

``organizations``, a Collegium organization:
    ``id`` = slug, ``name`` = ``name_ru`` (Russian is the original),
    ``classification`` = kind, ``parent_id``, ``founding_date``,
    ``dissolution_date``; ``other_names`` = the English and Belarusian names
    and the acronyms in all three languages, each marked
    ``"collegium": {"field": "name_en"}`` (``lang`` and ``note`` are written
    for readers), followed by the aliases exactly as stored (aliases cannot
    carry a ``collegium`` key, so the two never mix);
    ``collegium`` = ``owner_id``, ``visibility``, ``seat_state_id``,
    ``seat_city_ru/en/be``.
``organizations``, a state:
    ``id`` = ``state:<ISO code>``, ``classification`` = ``state`` (no
    organization kind is called so, and ``:`` cannot occur in a slug),
    ``name``, ``other_names`` as above, ``identifiers`` = the ISO 3166-1
    alpha-2 code (must agree with the id); ``collegium`` = ``owner_id``,
    ``visibility``.  Popolo models states as organizations too (a member of an
    organization is a person or an organization).
``persons``:
    ``id`` = slug, ``name`` = ``name_ru``, ``birth_date``, ``gender``
    (``female`` or ``male``), ``honorific_prefix`` (the English style, "H.E."),
    ``other_names`` as above; ``collegium`` = ``owner_id``, ``visibility``,
    and the Russian forms letters print, ``name_ru_dative``, ``name_ru_short``.
``posts``:
    ``id`` = slug, ``label`` = ``label_ru``, ``organization_id``;
    ``collegium`` = ``owner_id``, ``visibility``, ``is_head``, ``label_en``,
    ``label_be``, and the forms letters print: ``label_ru_dative``,
    ``letter_label_ru``, ``letter_label_en``, ``address_title_ru``,
    ``address_title_en``.
``memberships``, a state or organization in an organization:
    ``organization_id``, ``member`` = ``{"@type": "Organization", "id": ...}``,
    ``role`` = membership role (``member``, ``observer`` ...), ``start_date``,
    ``end_date``; ``collegium`` = ``owner_id``, ``visibility``, ``status``,
    ``note``, ``dates_approximate``.  ``id`` =
    ``membership/<organization>/<member>/<role>/<start date or ->``.
``memberships``, a tenure (a person holds a post):
    ``person_id``, ``post_id``, ``organization_id`` (the post's),
    ``role`` = the post's Russian label (for readers; ignored on import),
    ``start_date``, ``end_date``; ``collegium`` = ``owner_id``,
    ``visibility``, ``acting``, ``note``, ``dates_approximate``.  ``id`` =
    ``tenure/<post>/<person>/<start date or ->``.

References (``*_id``, ``owner_id``) are written as stored, so a partial export
(what one user may see) may name records that are not in it.

Import
------
``import_popolo`` first checks the whole document: every item against the
official Popolo schemas if ``POPOLO_SCHEMA_DIR`` names their folder, then
Collegium's own rules, which apply with or without the schemas (known fields
only, strings where text is due, ids that are slugs, full ``YYYY-MM-DD``
dates, known choices, no duplicate ids or keys, every reference naming an
item of the document or a record the actor may see).  Any problem raises
one ``ValidationError`` listing ``path.field: message`` for each.  Then it
upserts by stable key (organization, post and person slug, ISO
code; for memberships organization + member + role + start date, for tenures
post + person + start date; the ``id`` of a membership item is not used) through
the registry services in one transaction, so every change is access-checked
and audited, and an unchanged record is not written at all.  Records missing
from the document are left alone.  Natural keys are not enforced by the
database: two stored memberships with the same key export under one id and
make the import stop with a clear message.  Without ``collegium.owner_id`` an
organization owns its own record (site administrators only, as in
``organization_create``), a post or membership is owned by its organization
and a tenure by its post's organization; states and persons need an owner.

Access: each write needs the editor role in the record's owner (and in its new
owner when it moves), checked by the services; a record restated unchanged
passes if the actor may see it, and otherwise needs the same right, so an
import cannot confirm the content of a record hidden from the actor.
"""

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.core.exceptions import PermissionDenied, ValidationError
from collegium.core.models import OwnedModel, Visibility
from collegium.core.progress import NO_PROGRESS, Advance, Progress
from collegium.core.text import contains_unstorable
from collegium.registry import services
from collegium.registry.models import (
    Gender,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
    OrganizationKind,
    Person,
    Post,
    Searchable,
    State,
    Tenure,
)

EXTENSION = "collegium"
STATE_CLASSIFICATION = "state"
STATE_ID_PREFIX = "state:"
ISO_SCHEME = "ISO 3166-1 alpha-2"
SCHEMA_BASE_URL = "http://www.popoloproject.com/schemas/"
KINDS = ("states", "organizations", "persons", "posts", "memberships", "tenures")
DOCUMENT_KEYS = ("persons", "organizations", "memberships", "posts")
MAX_REPORTED_ERRORS = 50

# One JSON object of a Popolo document (a person, an organization, a name, ...).
type Item = dict[str, Any]


class _System:
    """The system itself: sees every record (the CLI's default export)."""

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()

_TRANSLATION_NOTES = {"name": "official name", "acronym": "acronym"}
_NAME_FIELDS = ("name_en", "name_be")
_ORGANIZATION_NAME_FIELDS = (*_NAME_FIELDS, "acronym_ru", "acronym_en", "acronym_be")
# The forms invitation letters print, carried in the extension (Popolo has no slot for them).
_PERSON_FORMS = ("name_ru_dative", "name_ru_short")
_POST_FORMS = (
    "label_ru_dative",
    "letter_label_ru",
    "letter_label_en",
    "address_title_ru",
    "address_title_en",
)
_ALIAS_KEYS = {"name", "lang", "note", "start_date", "end_date"}
_SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+\Z")
_STATE_ID_RE = re.compile(r"^state:([a-z]{2})\Z")
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


# --- Export -------------------------------------------------------------------


def _visible[QS: models.QuerySet[Any, Any]](queryset: QS, user: access.AnyUser | _System) -> QS:
    return queryset if isinstance(user, _System) else access.filter_visible(queryset, user)


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values, so absent and empty mean the same on import."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _state_id(state: State | None) -> str | None:
    return f"{STATE_ID_PREFIX}{state.code}" if state is not None else None


def _slug(organization: Organization | None) -> str | None:
    return organization.slug if organization is not None else None


def _member_id(membership: Membership) -> str:
    """Return the Popolo id of the member: a state's id or an organization's slug."""
    state_id = _state_id(membership.member_state)
    if state_id:
        return state_id
    organization = membership.member_organization
    if organization is None:  # the constraint ``membership_one_member`` forbids it
        raise ValueError(f"membership #{membership.pk} has no member")
    return organization.slug


def _other_names(instance: Searchable, fields: tuple[str, ...]) -> list[Item]:
    names = []
    for name in fields:
        value = getattr(instance, name)
        if value:
            base, language = name.rsplit("_", 1)
            names.append(
                {
                    "name": value,
                    "lang": language,
                    "note": _TRANSLATION_NOTES[base],
                    EXTENSION: {"field": name},
                }
            )
    names.extend(dict(alias) for alias in instance.other_names)
    return names


def _owned(instance: OwnedModel, **extra: Any) -> Item:
    return _compact({"owner_id": _slug(instance.owner), "visibility": instance.visibility, **extra})


def _state_item(state: State) -> Item:
    return _compact(
        {
            "id": _state_id(state),
            "name": state.name_ru,
            "classification": STATE_CLASSIFICATION,
            "identifiers": [{"identifier": state.code.upper(), "scheme": ISO_SCHEME}],
            "other_names": _other_names(state, _NAME_FIELDS),
            EXTENSION: _owned(state),
        }
    )


def _organization_item(organization: Organization) -> Item:
    return _compact(
        {
            "id": organization.slug,
            "name": organization.name_ru,
            "classification": organization.kind,
            "parent_id": _slug(organization.parent),
            "founding_date": _date(organization.founding_date),
            "dissolution_date": _date(organization.dissolution_date),
            "other_names": _other_names(organization, _ORGANIZATION_NAME_FIELDS),
            EXTENSION: _owned(
                organization,
                seat_state_id=_state_id(organization.seat_state),
                seat_city_ru=organization.seat_city_ru,
                seat_city_en=organization.seat_city_en,
                seat_city_be=organization.seat_city_be,
            ),
        }
    )


def _person_item(person: Person) -> Item:
    return _compact(
        {
            "id": person.slug,
            "name": person.name_ru,
            "birth_date": _date(person.birth_date),
            "gender": person.gender,
            "honorific_prefix": person.honorific_prefix,
            "other_names": _other_names(person, _NAME_FIELDS),
            EXTENSION: _owned(person, **{name: getattr(person, name) for name in _PERSON_FORMS}),
        }
    )


def _post_item(post: Post) -> Item:
    return _compact(
        {
            "id": post.slug,
            "label": post.label_ru,
            "organization_id": post.organization.slug,
            EXTENSION: _owned(
                post,
                is_head=post.is_head,
                label_en=post.label_en,
                label_be=post.label_be,
                **{name: getattr(post, name) for name in _POST_FORMS},
            ),
        }
    )


def membership_popolo_id(*, organization: str, member: str, role: str, start: str | None) -> str:
    """Return the Popolo id of a membership: its natural key, written out."""
    return f"membership/{organization}/{member}/{role}/{start or '-'}"


def tenure_popolo_id(*, post: str, person: str, start: str | None) -> str:
    """Return the Popolo id of a tenure: its natural key, written out."""
    return f"tenure/{post}/{person}/{start or '-'}"


def _membership_item(membership: Membership) -> Item:
    member = _member_id(membership)
    start = _date(membership.start_date)
    return _compact(
        {
            "id": membership_popolo_id(
                organization=membership.organization.slug,
                member=member,
                role=membership.role,
                start=start,
            ),
            "organization_id": membership.organization.slug,
            "member": {"@type": "Organization", "id": member},
            "role": membership.role,
            "start_date": start,
            "end_date": _date(membership.end_date),
            EXTENSION: _owned(
                membership,
                status=membership.status,
                note=membership.note,
                dates_approximate=membership.dates_approximate,
            ),
        }
    )


def _tenure_item(tenure: Tenure) -> Item:
    start = _date(tenure.start_date)
    return _compact(
        {
            "id": tenure_popolo_id(post=tenure.post.slug, person=tenure.person.slug, start=start),
            "person_id": tenure.person.slug,
            "post_id": tenure.post.slug,
            "organization_id": tenure.post.organization.slug,
            "role": tenure.post.label_ru,
            "start_date": start,
            "end_date": _date(tenure.end_date),
            EXTENSION: _owned(
                tenure,
                acting=tenure.acting,
                note=tenure.note,
                dates_approximate=tenure.dates_approximate,
            ),
        }
    )


def _sorted(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda item: item["id"])


def export_popolo(*, user: access.AnyUser | _System) -> dict[str, list[Item]]:
    """Return every registry record ``user`` may see as a Popolo document, sorted by id.

    Pass ``SYSTEM`` to export everything (the command line's default).
    """
    states = _visible(State.objects.select_related("owner"), user)
    organizations = _visible(
        Organization.objects.select_related("owner", "parent", "seat_state"), user
    )
    persons = _visible(Person.objects.select_related("owner"), user)
    posts = _visible(Post.objects.select_related("owner", "organization"), user)
    memberships = _visible(
        Membership.objects.select_related(
            "owner", "organization", "member_state", "member_organization"
        ),
        user,
    )
    tenures = _visible(
        Tenure.objects.select_related("owner", "person", "post", "post__organization"), user
    )
    return {
        "persons": _sorted([_person_item(p) for p in persons]),
        "organizations": _sorted(
            [_state_item(s) for s in states] + [_organization_item(o) for o in organizations]
        ),
        "memberships": _sorted(
            [_membership_item(m) for m in memberships] + [_tenure_item(t) for t in tenures]
        ),
        "posts": _sorted([_post_item(p) for p in posts]),
    }


# --- The official schemas -----------------------------------------------------


def popolo_schemas_dir() -> Path | None:
    """Return the folder of the official Popolo schemas (``POPOLO_SCHEMA_DIR``), or None."""
    folder = settings.POPOLO_SCHEMA_DIR
    return Path(folder) if folder else None


@lru_cache(maxsize=4)
def _validators(folder: str) -> dict:
    try:
        from jsonschema import Draft3Validator
        from referencing import Registry
        from referencing.jsonschema import DRAFT3
    except ImportError as exc:  # pragma: no cover - jsonschema ships with the project
        raise ImproperlyConfigured("Popolo validation needs the jsonschema package.") from exc
    paths = sorted(Path(folder).glob("*.json"))
    schemas = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in paths}
    missing = {"organization", "person", "post", "membership"} - set(schemas)
    if missing:
        # A folder that was asked for but cannot be used is a mistake, never a
        # reason to import without the checks it was asked for.
        raise ImproperlyConfigured(
            f"POPOLO_SCHEMA_DIR is {folder}, which lacks the official Popolo schemas "
            f"{', '.join(f'{name}.json' for name in sorted(missing))}"
        )
    # Every $ref is a URL under SCHEMA_BASE_URL; map each to the local file so
    # nothing is fetched from the network.
    registry = Registry().with_resources(
        (f"{SCHEMA_BASE_URL}{name}.json", DRAFT3.create_resource(schema))
        for name, schema in schemas.items()
    )
    return {name: Draft3Validator(schema, registry=registry) for name, schema in schemas.items()}


def check_popolo_schemas(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """System check: a configured ``POPOLO_SCHEMA_DIR`` holds the official schemas."""
    folder = popolo_schemas_dir()
    if folder is None:
        return []
    try:
        _validators(str(folder))
    except (ImproperlyConfigured, OSError, ValueError) as exc:
        return [
            checks.Error(
                str(exc),
                hint="Point POPOLO_SCHEMA_DIR at the folder of the official Popolo JSON "
                "schemas, or unset it to check imports with Collegium's own rules only.",
                id="registry.E001",
            )
        ]
    return []


def popolo_validator(schema: str):
    """Return the ``Draft3Validator`` of one Popolo schema (``"organization"``, ``"post"``...).

    Return None when ``POPOLO_SCHEMA_DIR`` is not set: the import then applies
    Collegium's own rules only.
    """
    folder = popolo_schemas_dir()
    return None if folder is None else _validators(str(folder)).get(schema)


def _json_path(parts: Iterable[str | int]) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in parts)


def popolo_schema_errors(schema: str, item: object, *, path: str = "") -> list[str]:
    """Return ``path.field: message`` for each way ``item`` breaks the Popolo schema."""
    validator = popolo_validator(schema)
    if validator is None:
        return []
    errors = validator.iter_errors(item)
    return sorted(f"{path}{_json_path(error.absolute_path)}: {error.message}" for error in errors)


# --- Import: checking the document -------------------------------------------

_SCHEMA_OF = {
    "persons": "person",
    "organizations": "organization",
    "memberships": "membership",
    "posts": "post",
}

_FIELDS = {
    "states": {"id", "name", "classification", "identifiers", "other_names", EXTENSION},
    "organizations": {
        "id",
        "name",
        "classification",
        "parent_id",
        "founding_date",
        "dissolution_date",
        "other_names",
        EXTENSION,
    },
    "persons": {
        "id",
        "name",
        "birth_date",
        "gender",
        "honorific_prefix",
        "other_names",
        EXTENSION,
    },
    "posts": {"id", "label", "organization_id", EXTENSION},
    "memberships": {
        "id",
        "organization_id",
        "member",
        "role",
        "start_date",
        "end_date",
        EXTENSION,
    },
    "tenures": {
        "id",
        "person_id",
        "post_id",
        "organization_id",
        "role",
        "start_date",
        "end_date",
        EXTENSION,
    },
}

_OWNED = {"owner_id", "visibility"}
_EXTENSION_FIELDS = {
    "states": _OWNED,
    "organizations": _OWNED | {"seat_state_id", "seat_city_ru", "seat_city_en", "seat_city_be"},
    "persons": _OWNED | set(_PERSON_FORMS),
    "posts": _OWNED | {"is_head", "label_en", "label_be", *_POST_FORMS},
    "memberships": _OWNED | {"status", "note", "dates_approximate"},
    "tenures": _OWNED | {"acting", "note", "dates_approximate"},
}


@dataclass
class _Plan:
    """One checked item: model field values and references still to resolve to keys."""

    kind: str
    path: str
    key: Any
    label: str
    fields: dict[str, Any]
    refs: dict[str, tuple[str, str] | None]
    # A tenure's ``organization_id`` as given: it must be the post's organization.
    organization: str = ""


class _Errors(list[str]):
    def add(self, path: str, message: str) -> None:
        self.append(f"{path}: {message}")

    def raise_if_any(self) -> None:
        if not self:
            return
        messages = list(self[:MAX_REPORTED_ERRORS])
        if len(self) > MAX_REPORTED_ERRORS:
            messages.append(
                _("… and %(count)s more problems.") % {"count": len(self) - MAX_REPORTED_ERRORS}
            )
        raise ValidationError(messages)


class _Reader:
    """Read the fields of one item, recording each problem under its path."""

    def __init__(self, errors: _Errors, path: str, item: Item, kind: str) -> None:
        self.errors = errors
        self.path = path
        self.item = item
        for name in sorted(set(item) - _FIELDS[kind]):
            self.error(name, _("not supported by Collegium"))
        extension = item.get(EXTENSION)
        if extension is None:
            extension = {}
        elif not isinstance(extension, dict):
            self.error(EXTENSION, _("must be an object"))
            extension = {}
        for name in sorted(set(extension) - _EXTENSION_FIELDS[kind]):
            self.error(f"{EXTENSION}.{name}", _("not supported by Collegium"))
        self.extension = extension

    def error(self, name: str, message: str) -> None:
        self.errors.add(f"{self.path}.{name}", message)

    def _get(self, name: str) -> Any:
        if name.startswith(f"{EXTENSION}."):
            return self.extension.get(name.removeprefix(f"{EXTENSION}."))
        return self.item.get(name)

    def string(self, name: str, *, required: bool = False) -> str:
        value = self._get(name)
        if value is None or value == "":
            if required:
                self.error(name, _("this field is required"))
            return ""
        if not isinstance(value, str):
            self.error(name, _("must be a string"))
            return ""
        return value

    def slug(self, name: str, *, required: bool = False) -> str:
        value = self.string(name, required=required)
        if value and not _SLUG_RE.match(value):
            self.error(
                name,
                _("'%(value)s' is not a slug (letters, digits, hyphens, underscores)")
                % {"value": value},
            )
            return ""
        return value

    def date(self, name: str) -> dt.date | None:
        value = self.string(name)
        if not value:
            return None
        try:
            if not _DATE_RE.match(value):
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            self.error(name, _("'%(value)s' is not a date; use YYYY-MM-DD") % {"value": value})
            return None

    def period(self, start: str, end: str) -> tuple[dt.date | None, dt.date | None]:
        start_date, end_date = self.date(start), self.date(end)
        if start_date and end_date and end_date < start_date:
            self.error(end, _("ends before it starts (%(start)s)") % {"start": start_date})
        return start_date, end_date

    def choice(self, name: str, choices: list[str], *, default: str = "") -> str:
        value = self.string(name, required=not default)
        if not value:
            return default
        if value not in choices:
            self.error(
                name,
                _("'%(value)s' is not one of: %(choices)s")
                % {"value": value, "choices": ", ".join(choices)},
            )
            return default
        return value

    def optional_choice(self, name: str, choices: list[str]) -> str:
        """Return one of ``choices``, or "" when the value is absent."""
        if not self.string(name):
            return ""
        return self.choice(name, choices)

    def boolean(self, name: str) -> bool:
        value = self._get(name)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(name, _("must be true or false"))
            return False
        return value

    def names(self, allowed: tuple[str, ...]) -> tuple[dict[str, str], list[Item]]:
        """Split ``other_names`` into translated fields and aliases."""
        translated: dict[str, str] = {}
        aliases: list[Item] = []
        for index, entry in enumerate(self.item.get("other_names") or []):
            name = f"other_names[{index}]"
            if not isinstance(entry, dict):
                self.error(name, _("must be an object"))
                continue
            marker = entry.get(EXTENSION)
            if marker is None:
                self._alias(name, entry, aliases)
                continue
            target = marker.get("field") if isinstance(marker, dict) else None
            if not isinstance(marker, dict) or set(marker) != {"field"} or target not in allowed:
                self.error(
                    f"{name}.{EXTENSION}",
                    _('must be {"field": one of %(fields)s}') % {"fields": ", ".join(allowed)},
                )
            elif target in translated:
                self.error(name, _("'%(field)s' is given twice") % {"field": target})
            elif not isinstance(entry.get("name"), str) or not entry["name"]:
                self.error(f"{name}.name", _("this field is required"))
            else:
                translated[target] = entry["name"]
        return translated, aliases

    def _alias(self, name: str, entry: Item, aliases: list[Item]) -> None:
        unknown = sorted(set(entry) - _ALIAS_KEYS)
        if unknown:
            self.error(name, _("unknown keys: %(keys)s") % {"keys": ", ".join(unknown)})
        elif not isinstance(entry.get("name"), str) or not entry["name"]:
            self.error(f"{name}.name", _("this field is required"))
        elif any(not isinstance(value, str) for value in entry.values()):
            self.error(name, _("values must be strings"))
        else:
            aliases.append(dict(entry))


def _check_document(data: object) -> dict[str, list[Any]]:
    errors = _Errors()
    if not isinstance(data, dict):
        raise ValidationError(_("The Popolo document must be a JSON object."))
    if contains_unstorable(data):
        raise ValidationError(
            _(
                "Control characters (other than tab and line breaks) and unpaired surrogates "
                "are not allowed."
            )
        )
    for key in sorted(set(data) - set(DOCUMENT_KEYS)):
        errors.add(key, _("not supported by Collegium"))
    lists = {}
    for key in DOCUMENT_KEYS:
        items = data.get(key)
        if items is None:
            items = []
        if not isinstance(items, list):
            errors.add(key, _("must be a list"))
            continue
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                errors.add(f"{key}[{index}]", _("must be an object"))
            else:
                errors.extend(popolo_schema_errors(_SCHEMA_OF[key], item, path=f"{key}[{index}]"))
        lists[key] = items
    errors.raise_if_any()
    return lists


def _owner_ref(reader: _Reader, default: str | None) -> tuple[str, str] | None:
    owner = reader.slug(f"{EXTENSION}.owner_id", required=default is None) or default
    return ("org", owner) if owner else None


def _owned_fields(reader: _Reader) -> dict[str, Any]:
    return {
        "visibility": reader.choice(
            f"{EXTENSION}.visibility", Visibility.values, default=Visibility.PUBLIC
        )
    }


def _read_state(reader: _Reader, code: str) -> _Plan:
    translated, aliases = reader.names(_NAME_FIELDS)
    for index, identifier in enumerate(reader.item.get("identifiers") or []):
        if identifier.get("scheme") == ISO_SCHEME and identifier.get("identifier") != code.upper():
            reader.error(
                f"identifiers[{index}].identifier",
                _("'%(value)s' does not match the id '%(id)s'")
                % {"value": identifier.get("identifier"), "id": reader.item["id"]},
            )
    return _Plan(
        kind="states",
        path=reader.path,
        key=code,
        label=reader.item["id"],
        fields={
            "code": code,
            "name_ru": reader.string("name", required=True),
            "name_en": translated.get("name_en", ""),
            "name_be": translated.get("name_be", ""),
            "other_names": aliases,
            **_owned_fields(reader),
        },
        refs={"owner_id": _owner_ref(reader, None)},
    )


def _read_organization(reader: _Reader, slug: str) -> _Plan:
    translated, aliases = reader.names(_ORGANIZATION_NAME_FIELDS)
    founding, dissolution = reader.period("founding_date", "dissolution_date")
    parent = reader.slug("parent_id")
    seat = reader.string(f"{EXTENSION}.seat_state_id")
    seat_match = _STATE_ID_RE.match(seat)
    if seat and not seat_match:
        reader.error(
            f"{EXTENSION}.seat_state_id",
            _("'%(value)s' is not a state id such as 'state:ru'") % {"value": seat},
        )
    fields = {
        "slug": slug,
        "kind": reader.choice("classification", OrganizationKind.values),
        "name_ru": reader.string("name", required=True),
        "founding_date": founding,
        "dissolution_date": dissolution,
        "other_names": aliases,
        **{name: translated.get(name, "") for name in _ORGANIZATION_NAME_FIELDS},
        **{
            f"seat_city_{lang}": reader.string(f"{EXTENSION}.seat_city_{lang}")
            for lang in ("ru", "en", "be")
        },
        **_owned_fields(reader),
    }
    return _Plan(
        kind="organizations",
        path=reader.path,
        key=slug,
        label=slug,
        fields=fields,
        refs={
            "owner_id": _owner_ref(reader, slug),
            "parent_id": ("org", parent) if parent else None,
            "seat_state_id": ("state", seat_match.group(1)) if seat_match else None,
        },
    )


def _read_person(reader: _Reader) -> _Plan:
    slug = reader.slug("id", required=True)
    translated, aliases = reader.names(_NAME_FIELDS)
    return _Plan(
        kind="persons",
        path=reader.path,
        key=slug,
        label=slug,
        fields={
            "slug": slug,
            "name_ru": reader.string("name", required=True),
            "name_en": translated.get("name_en", ""),
            "name_be": translated.get("name_be", ""),
            "birth_date": reader.date("birth_date"),
            "gender": reader.optional_choice("gender", Gender.values),
            "honorific_prefix": reader.string("honorific_prefix"),
            **{name: reader.string(f"{EXTENSION}.{name}") for name in _PERSON_FORMS},
            "other_names": aliases,
            **_owned_fields(reader),
        },
        refs={"owner_id": _owner_ref(reader, None)},
    )


def _read_post(reader: _Reader) -> _Plan:
    slug = reader.slug("id", required=True)
    organization = reader.slug("organization_id", required=True)
    return _Plan(
        kind="posts",
        path=reader.path,
        key=slug,
        label=slug,
        fields={
            "slug": slug,
            "label_ru": reader.string("label", required=True),
            "label_en": reader.string(f"{EXTENSION}.label_en"),
            "label_be": reader.string(f"{EXTENSION}.label_be"),
            "is_head": reader.boolean(f"{EXTENSION}.is_head"),
            **{name: reader.string(f"{EXTENSION}.{name}") for name in _POST_FORMS},
            **_owned_fields(reader),
        },
        refs={
            "organization_id": ("org", organization) if organization else None,
            "owner_id": _owner_ref(reader, organization or None),
        },
    )


def _read_membership(reader: _Reader) -> _Plan:
    organization = reader.slug("organization_id", required=True)
    member = reader.item.get("member")
    member_ref = None
    member_id = ""
    if not isinstance(member, dict) or not isinstance(member.get("id"), str):
        reader.error("member", _('give the member as {"@type": "Organization", "id": ...}'))
    elif member.get("@type", "Organization") != "Organization":
        reader.error(
            "member.@type",
            _("only organizations and states are members; a person holds a post (person_id)"),
        )
    elif match := _STATE_ID_RE.match(member["id"]):
        member_ref = ("state", match.group(1))
        member_id = member["id"]
    elif _SLUG_RE.match(member["id"]):
        member_ref = ("org", member["id"])
        member_id = member["id"]
    else:
        reader.error(
            "member.id",
            _("'%(value)s' is not an organization or state id") % {"value": member["id"]},
        )
    start, end = reader.period("start_date", "end_date")
    role = reader.choice("role", MembershipRole.values, default=MembershipRole.MEMBER)
    return _Plan(
        kind="memberships",
        path=reader.path,
        key=(organization, member_id, role, start),
        label=str(reader.item.get("id") or member_id),
        fields={
            "role": role,
            "status": reader.choice(
                f"{EXTENSION}.status", MembershipStatus.values, default=MembershipStatus.ACTIVE
            ),
            "start_date": start,
            "end_date": end,
            "dates_approximate": reader.boolean(f"{EXTENSION}.dates_approximate"),
            "note": reader.string(f"{EXTENSION}.note"),
            **_owned_fields(reader),
        },
        refs={
            "organization_id": ("org", organization) if organization else None,
            "member_state_id": member_ref if member_ref and member_ref[0] == "state" else None,
            "member_organization_id": member_ref if member_ref and member_ref[0] == "org" else None,
            "owner_id": _owner_ref(reader, organization or None),
        },
    )


def _read_tenure(reader: _Reader) -> _Plan:
    person = reader.slug("person_id", required=True)
    post = reader.slug("post_id", required=True)
    organization = reader.slug("organization_id")
    start, end = reader.period("start_date", "end_date")
    owner = reader.slug(f"{EXTENSION}.owner_id")
    return _Plan(
        kind="tenures",
        path=reader.path,
        key=(post, person, start),
        label=str(reader.item.get("id") or f"{post}/{person}"),
        fields={
            "start_date": start,
            "end_date": end,
            "dates_approximate": reader.boolean(f"{EXTENSION}.dates_approximate"),
            "acting": reader.boolean(f"{EXTENSION}.acting"),
            "note": reader.string(f"{EXTENSION}.note"),
            **_owned_fields(reader),
        },
        # Without an owner, the post's organization owns the tenure (resolved below).
        refs={
            "person_id": ("person", person) if person else None,
            "post_id": ("post", post) if post else None,
            "owner_id": ("org", owner) if owner else None,
        },
        organization=organization,
    )


def _unknown(kind: str, key: str) -> str:
    if kind == "org":
        return _("unknown organization '%(id)s'") % {"id": key}
    if kind == "state":
        return _("unknown state '%(id)s'") % {"id": f"{STATE_ID_PREFIX}{key}"}
    if kind == "person":
        return _("unknown person '%(id)s'") % {"id": key}
    return _("unknown post '%(id)s'") % {"id": key}


def _ref_field(attname: str) -> str:
    """Return the Popolo path of a reference, for messages."""
    return {
        "owner_id": f"{EXTENSION}.owner_id",
        "seat_state_id": f"{EXTENSION}.seat_state_id",
        "member_state_id": "member.id",
        "member_organization_id": "member.id",
    }.get(attname, attname)


def _plan_document(actor: access.AnyUser, lists: dict[str, list[Any]]) -> list[_Plan]:
    errors = _Errors()
    plans: list[_Plan] = []
    for index, item in enumerate(lists["organizations"]):
        path = f"organizations[{index}]"
        is_state = item.get("classification") == STATE_CLASSIFICATION
        reader = _Reader(errors, path, item, "states" if is_state else "organizations")
        if is_state:
            match = _STATE_ID_RE.match(item.get("id") or "")
            if not match:
                reader.error("id", _("a state's id is 'state:' and its ISO code, e.g. 'state:ru'"))
                continue
            plans.append(_read_state(reader, match.group(1)))
        else:
            slug = reader.slug("id", required=True)
            if slug:
                plans.append(_read_organization(reader, slug))
    for index, item in enumerate(lists["persons"]):
        plans.append(_read_person(_Reader(errors, f"persons[{index}]", item, "persons")))
    for index, item in enumerate(lists["posts"]):
        plans.append(_read_post(_Reader(errors, f"posts[{index}]", item, "posts")))
    for index, item in enumerate(lists["memberships"]):
        path = f"memberships[{index}]"
        if item.get("person_id") is not None or item.get("post_id") is not None:
            plans.append(_read_tenure(_Reader(errors, path, item, "tenures")))
        else:
            plans.append(_read_membership(_Reader(errors, path, item, "memberships")))
    _check_duplicates(errors, lists, plans)
    _check_references(errors, actor, plans)
    errors.raise_if_any()
    return plans


def _check_duplicates(errors: _Errors, lists: dict[str, list[Any]], plans: list[_Plan]) -> None:
    for key, items in lists.items():
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            item_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(item_id, str):
                continue
            if item_id in seen:
                errors.add(
                    f"{key}[{index}].id",
                    _("duplicate id '%(id)s' (also %(key)s[%(other)s])")
                    % {"id": item_id, "key": key, "other": seen[item_id]},
                )
            else:
                seen[item_id] = index
    first: dict[tuple, _Plan] = {}
    for plan in plans:
        if plan.kind not in {"memberships", "tenures"}:
            continue  # their keys are their ids, checked above
        other = first.setdefault((plan.kind, plan.key), plan)
        if other is not plan:
            what = (
                _("organization, member, role and start date")
                if plan.kind == "memberships"
                else _("post, person and start date")
            )
            errors.add(
                plan.path,
                _("same %(what)s as %(other)s") % {"what": what, "other": other.path},
            )


def _check_references(errors: _Errors, actor: access.AnyUser, plans: list[_Plan]) -> None:
    """Every reference names an item of the document or a record the actor may see."""
    known: dict[str, set[str]] = {
        "org": set(
            access.filter_visible(Organization.objects.all(), actor).values_list("slug", flat=True)
        ),
        "state": set(
            access.filter_visible(State.objects.all(), actor).values_list("code", flat=True)
        ),
        "person": set(
            access.filter_visible(Person.objects.all(), actor).values_list("slug", flat=True)
        ),
    }
    post_organization = dict(
        access.filter_visible(Post.objects.all(), actor).values_list("slug", "organization__slug")
    )
    kind_of_plan = {"organizations": "org", "states": "state", "persons": "person"}
    for plan in plans:
        if plan.kind in kind_of_plan:
            known[kind_of_plan[plan.kind]].add(plan.key)
        elif plan.kind == "posts" and plan.refs["organization_id"]:
            post_organization[plan.key] = plan.refs["organization_id"][1]
    known["post"] = set(post_organization)
    for plan in plans:
        for attname, ref in plan.refs.items():
            if ref is not None and ref[1] not in known[ref[0]]:
                errors.add(f"{plan.path}.{_ref_field(attname)}", _unknown(*ref))
        if plan.kind == "tenures" and plan.refs["post_id"]:
            organization = post_organization.get(plan.refs["post_id"][1])
            if organization is None:
                continue
            if plan.refs["owner_id"] is None:
                plan.refs["owner_id"] = ("org", organization)
            if plan.organization and plan.organization != organization:
                errors.add(
                    f"{plan.path}.organization_id",
                    _("post '%(post)s' belongs to '%(organization)s'")
                    % {"post": plan.refs["post_id"][1], "organization": organization},
                )


# --- Import: writing ------------------------------------------------------------


@dataclass
class ImportResult:
    """How many records of each kind the import created, updated and left unchanged."""

    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
        }


_CREATE: dict[str, Callable] = {
    "states": services.state_create,
    "organizations": services.organization_create,
    "persons": services.person_create,
    "posts": services.post_create,
    "memberships": services.membership_create,
    "tenures": services.tenure_create,
}

_UPDATE: dict[str, Callable] = {
    "states": lambda actor, obj, data: services.state_update(actor=actor, state=obj, data=data),
    "organizations": lambda actor, obj, data: services.organization_update(
        actor=actor, organization=obj, data=data
    ),
    "persons": lambda actor, obj, data: services.person_update(actor=actor, person=obj, data=data),
    "posts": lambda actor, obj, data: services.post_update(actor=actor, post=obj, data=data),
    "memberships": lambda actor, obj, data: services.membership_update(
        actor=actor, membership=obj, data=data
    ),
    "tenures": lambda actor, obj, data: services.tenure_update(actor=actor, tenure=obj, data=data),
}


@contextmanager
def _about(plan: _Plan) -> Iterator[None]:
    """Name the item in errors raised by the services."""
    where = f"{plan.path} ({plan.label})"
    try:
        yield
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            messages = [
                f"{where}: {message}" if name == "__all__" else f"{where}: {name}: {message}"
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        else:
            messages = [f"{where}: {message}" for message in exc.messages]
        raise ValidationError(messages) from exc
    except PermissionDenied as exc:
        raise PermissionDenied(f"{where}: {exc}") from exc


class _Writer:
    def __init__(
        self, actor: access.AnyUser, plans: list[_Plan], *, advance: Advance = lambda steps: None
    ) -> None:
        self.actor = actor
        self.advance = advance
        self.result = ImportResult()
        self.pks: dict[str, dict[str, int]] = {
            "org": dict(Organization.objects.values_list("slug", "pk")),
            "state": dict(State.objects.values_list("code", "pk")),
            "person": dict(Person.objects.values_list("slug", "pk")),
            "post": dict(Post.objects.values_list("slug", "pk")),
        }
        self.existing = self._existing(plans)
        self._visible_cache: dict[type[OwnedModel], set[int] | None] = {}

    def _existing(self, plans: list[_Plan]) -> dict[tuple[str, Any], OwnedModel | None]:
        """Return the stored record of each plan's natural key (None: more than one)."""
        keys: dict[str, set] = {kind: set() for kind in KINDS}
        for plan in plans:
            keys[plan.kind].add(plan.key)
        existing: dict[tuple[str, Any], OwnedModel | None] = {}
        for state in State.objects.filter(code__in=keys["states"]):
            existing["states", state.code] = state
        for organization in Organization.objects.filter(slug__in=keys["organizations"]):
            existing["organizations", organization.slug] = organization
        for person in Person.objects.filter(slug__in=keys["persons"]):
            existing["persons", person.slug] = person
        for post in Post.objects.filter(slug__in=keys["posts"]):
            existing["posts", post.slug] = post
        organizations = {key[0] for key in keys["memberships"]}
        memberships = Membership.objects.filter(organization__slug__in=organizations)
        for membership in memberships.select_related(
            "organization", "member_state", "member_organization"
        ):
            membership_key = (
                membership.organization.slug,
                _member_id(membership),
                membership.role,
                membership.start_date,
            )
            self._add_unique(existing, "memberships", membership_key, membership)
        posts = {key[0] for key in keys["tenures"]}
        tenures = Tenure.objects.filter(post__slug__in=posts).select_related("post", "person")
        for tenure in tenures:
            tenure_key = (tenure.post.slug, tenure.person.slug, tenure.start_date)
            self._add_unique(existing, "tenures", tenure_key, tenure)
        return existing

    @staticmethod
    def _add_unique(
        existing: dict[tuple[str, Any], OwnedModel | None],
        kind: str,
        key: tuple[Any, ...],
        instance: OwnedModel,
    ) -> None:
        if (kind, key) in existing:
            # Two stored records share the natural key: the import cannot tell them apart.
            existing[kind, key] = None
        else:
            existing[kind, key] = instance

    def _visible_pks(self, model: type[OwnedModel]) -> set[int] | None:
        if access.is_site_admin(self.actor):
            return None
        if model not in self._visible_cache:
            queryset = access.filter_visible(model.objects.all(), self.actor)
            self._visible_cache[model] = set(queryset.values_list("pk", flat=True))
        return self._visible_cache[model]

    def _pk(self, ref: tuple[str, str]) -> int | None:
        return self.pks[ref[0]].get(ref[1])

    def _missing_refs(self, plan: _Plan) -> set[tuple[str, str]]:
        own = _ref_of(plan)
        return {
            ref
            for ref in plan.refs.values()
            if ref is not None and ref != own and self._pk(ref) is None
        }

    def _on_a_cycle(self, start: _Plan, pending: list[_Plan]) -> bool:
        """Tell whether ``start`` waits, through pending records, on itself."""
        by_ref = {_ref_of(plan): plan for plan in pending}
        seen: set[tuple[str, str]] = set()
        stack = list(self._missing_refs(start))
        while stack:
            ref = stack.pop()
            if ref == _ref_of(start):
                return True
            if ref not in seen and ref in by_ref:
                seen.add(ref)
                stack.extend(self._missing_refs(by_ref[ref]))
        return False

    def upsert(self, plan: _Plan) -> tuple[str, bool]:
        """Create or update the record of ``plan``.

        Return ``("created" | "updated" | "unchanged", complete)``; ``complete``
        is False when a reference had to wait for a record not written yet.
        """
        data = dict(plan.fields)
        complete = True
        for attname, ref in plan.refs.items():
            pk = None if ref is None else self._pk(ref)
            if ref is not None and pk is None:
                # An organization's own record (it is created self-owned), or a
                # link in a cycle, which the second pass sets.
                complete = complete and plan.kind == "organizations" and ref == ("org", plan.key)
                continue
            data[attname] = pk
        instance = self.existing.get((plan.kind, plan.key))
        with _about(plan):
            if instance is None and (plan.kind, plan.key) in self.existing:
                raise ValidationError(
                    _("matches more than one stored record; remove the duplicate first")
                )
            if instance is None:
                instance = _CREATE[plan.kind](actor=self.actor, data=data)
                self.existing[plan.kind, plan.key] = instance
                self._remember(plan, instance)
                return "created", complete
            changed = {
                name: value for name, value in data.items() if _differs(instance, name, value)
            }
            if changed:
                _UPDATE[plan.kind](self.actor, instance, changed)
                return "updated", complete
            visible = self._visible_pks(type(instance))
            if visible is not None and instance.pk not in visible:
                # Unchanged, but the actor may not even see it: it needs the right to change it.
                access.require_change(self.actor, instance)
            return "unchanged", complete

    def _count(self, plan: _Plan, outcome: str) -> None:
        getattr(self.result, outcome)[plan.kind] += 1
        self.advance(1)

    def _remember(self, plan: _Plan, instance: models.Model) -> None:
        ref_kind = {"organizations": "org", "states": "state", "persons": "person", "posts": "post"}
        if plan.kind in ref_kind:
            self.pks[ref_kind[plan.kind]][plan.key] = instance.pk

    def run(self, plans: list[_Plan]) -> ImportResult:
        by_kind: dict[str, list[_Plan]] = {kind: [] for kind in KINDS}
        for plan in plans:
            by_kind[plan.kind].append(plan)
        self._organizations_and_states(by_kind["states"] + by_kind["organizations"])
        # Posts giving up the head seat go first, so a new head can take it.
        posts = sorted(by_kind["posts"], key=lambda p: (p.fields["is_head"], p.key))
        # Tenure updates go before new tenures: a shortened one makes room for a new holder.
        tenures = sorted(
            by_kind["tenures"],
            key=lambda p: (("tenures", p.key) not in self.existing, _natural_order(p)),
        )
        persons = sorted(by_kind["persons"], key=lambda p: p.key)
        memberships = sorted(by_kind["memberships"], key=_natural_order)
        for plan in [*persons, *posts, *memberships, *tenures]:
            self._count(plan, self.upsert(plan)[0])
        return self.result

    def _organizations_and_states(self, plans: list[_Plan]) -> None:
        """Write states and organizations after the records they refer to.

        States are owned by organizations and organizations are seated in
        states, so references can form cycles (the Russian MFA owns the
        record of Russia and is seated there).  When no record is ready, an
        organization on such a cycle, missing fewest references, is written
        without them and completed in a second pass.
        """
        pending = sorted(plans, key=lambda p: (p.kind, p.key))
        incomplete: list[tuple[_Plan, str]] = []
        while pending:
            ready = [plan for plan in pending if not self._missing_refs(plan)]
            if not ready:
                organizations = [plan for plan in pending if plan.kind == "organizations"]
                on_cycles = [plan for plan in organizations if self._on_a_cycle(plan, pending)]
                ready = [min(on_cycles, key=lambda p: len(self._missing_refs(p)))]
            for plan in ready:
                outcome, complete = self.upsert(plan)
                if complete:
                    self._count(plan, outcome)
                else:
                    incomplete.append((plan, outcome))
                pending.remove(plan)
        for plan, outcome in incomplete:
            second, _complete = self.upsert(plan)
            self._count(
                plan, "updated" if outcome == "unchanged" and second == "updated" else outcome
            )


def _ref_of(plan: _Plan) -> tuple[str, Any]:
    return ({"organizations": "org", "states": "state"}.get(plan.kind, plan.kind), plan.key)


def _natural_order(plan: _Plan) -> tuple:
    return tuple("" if part is None else str(part) for part in plan.key)


def _differs(instance: models.Model, name: str, value: Any) -> bool:
    return getattr(instance, name) != value


def import_popolo(
    *, actor: access.AnyUser, data: dict[str, Any], progress: Progress = NO_PROGRESS
) -> ImportResult:
    """Check a Popolo document and upsert its records through the registry services.

    All or nothing: a bad item raises ``ValidationError`` (every problem,
    each as ``path.field: message``) before anything is written, and a
    refused write (``PermissionDenied``) rolls back the whole import.
    """
    with progress.stage("Checking the document", total=None):
        lists = _check_document(data)
    with transaction.atomic():
        plans = _plan_document(actor, lists)
        with progress.stage("Importing records", total=len(plans)) as advance:
            return _Writer(actor, plans, advance=advance).run(plans)
