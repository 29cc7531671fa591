"""The one access layer: pages, the API, the admin and commands all ask here.

It sits above the ground floor (``core``) and the records it reasons about
(organizations in ``registry``, affiliations in ``accounts``), and below the
domain apps that ask it.

Roles rank viewer < editor < manager.  A user sees public records, records
owned by an organization they belong to (or whose parent they belong to
through a body), and records marked "parties" that involve such an
organization.  Only editors of the owning organization change a record.
A record the user may not see is reported exactly like a missing one.
"""

import hashlib
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from collegium.accounts.models import Affiliation, User
from collegium.core.cache import cache_get, cache_set, data_version
from collegium.core.exceptions import NotFound, ValidationError
from collegium.core.models import OwnedModel, Visibility, column_name
from collegium.core.policy import ALLOWED, Decision, deny
from collegium.registry.models import Organization

# Whom the rules are asked about: a signed-in user, the anonymous user of a
# request, or nobody (the system itself, outside a request).
type AnyUser = User | AnonymousUser | None

ROLE_RANK = {"viewer": 1, "editor": 2, "manager": 3}
ROLE_LABELS = {
    "viewer": pgettext_lazy("role", "viewer"),
    "editor": pgettext_lazy("role", "editor"),
    "manager": pgettext_lazy("role", "manager"),
}


def _roles(user: AnyUser) -> dict[int, str]:
    """Return {organization id: role} for the user: the one place roles are loaded.

    Kept on the user object for the request.  Plain SQL: a cached page runs
    this on every signed-in request, and building the ORM query costs more
    than running it.
    """
    if user is None or not user.is_authenticated:
        return {}
    roles = getattr(user, "_collegium_roles", None)
    if roles is None:
        quote = connection.ops.quote_name
        # The organizations' names come along (one join on the key), for the header that
        # names the user's organization in the reader's language.
        labels = ", ".join(f"o.{quote(column_name(Organization, name))}" for name in _LABELS)
        template = (
            "SELECT a.{org}, a.{role}, {labels} FROM {table} a "
            "JOIN {organizations} o ON o.{pk} = a.{org} WHERE a.{user} = %s"
        )
        sql = template.format(  # noqa: S608 (names from the models)
            org=quote(column_name(Affiliation, "organization")),
            role=quote(column_name(Affiliation, "role")),
            labels=labels,
            table=quote(Affiliation._meta.db_table),
            organizations=quote(Organization._meta.db_table),
            pk=quote(column_name(Organization, "id")),
            user=quote(column_name(Affiliation, "user")),
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [user.pk])
            rows = cursor.fetchall()
        roles = user._collegium_roles = {row[0]: row[1] for row in rows}
        user._collegium_labels = {row[0]: dict(zip(_LABELS, row[2:], strict=True)) for row in rows}
    return roles


# The names of the user's organizations loaded with the roles, in every language.
_LABELS = ("name_ru", "name_en", "name_be", "acronym_ru", "acronym_en", "acronym_be")


def _roles_through_cache(user: User) -> dict[int, str]:
    """Return ``_roles(user)``, from the read cache when another request loaded them.

    Roles (affiliations) change only through the accounts services, so the
    accounts version keys them; a page served from the cache then reads no affiliation at all.
    """
    if getattr(user, "_collegium_roles", None) is None:
        # The registry's version too: the names of the organizations come with the roles.
        key = f"roles:{user.pk}:{data_version('accounts', 'registry')}"
        cached = cache_get(key)
        if cached is None:
            roles = _roles(user)
            cache_set(key, (roles, user._collegium_labels))
        else:
            user._collegium_roles, user._collegium_labels = cached
    return _roles(user)


def own_organizations(user: AnyUser) -> list[Organization]:
    """Return the organizations the user holds a role in, carrying only their names.

    Read with the roles (and from the read cache with them): no query of its own on a
    page that asks for the viewer's scope.  Unsaved instances: for display only.
    """
    if user is None or not user.is_authenticated:
        return []
    _roles_through_cache(user)
    labels = getattr(user, "_collegium_labels", None)
    if labels is None:  # roles set without their names: read both again
        user.__dict__.pop("_collegium_roles", None)
        _roles(user)
        labels = user._collegium_labels
    return [Organization(pk=pk, **fields) for pk, fields in sorted(labels.items())]


def viewer_scope(user: AnyUser) -> str:
    """Return a short name for what the user may see: anonymous, admin, or a roles hash.

    Registered with the read cache (``core.cache.register_viewer_scope``):
    users with the same scope see the same records, so they may share entries.
    """
    if user is None or not user.is_authenticated:
        return "anonymous"
    if is_site_admin(user):
        return "admin"
    roles = sorted(_roles_through_cache(user).items())
    return hashlib.sha256(repr(roles).encode()).hexdigest()[:32]


def party_organization_ids(user: AnyUser) -> set[int]:
    """Return the organizations the user acts for: their own and those organizations' parents."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_collegium_party_ids", None)
    if cached is None:
        own = set(_roles(user))
        parents = Organization.objects.filter(pk__in=own, parent__isnull=False).values_list(
            "parent_id", flat=True
        )
        cached = own | set(parents)
        user._collegium_party_ids = cached
    return cached


def own_organization_ids(user: AnyUser) -> set[int]:
    """Return the organizations the user holds a role in (a site administrator gets none)."""
    return set(_roles(user))


def is_site_admin(user: AnyUser) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser)


def role_in(user: AnyUser, organization_id: int | None) -> str | None:
    if organization_id is None:
        return None
    return _roles(user).get(organization_id)


def has_role(user, organization_id: int | None, minimum: str) -> bool:
    if is_site_admin(user):
        return True
    role = role_in(user, organization_id)
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[minimum]


def visible_q(model: type[OwnedModel], user: AnyUser) -> Q:
    """Return the filter that keeps the records of ``model`` the user may see."""
    if is_site_admin(user):
        return Q()
    q = Q(visibility=Visibility.PUBLIC)
    org_ids = party_organization_ids(user)
    if org_ids:
        q |= Q(owner_id__in=_roles(user).keys())
        involved = Q(owner_id__in=org_ids)
        for path in model.party_paths:
            involved |= Q(**{f"{path}__in": org_ids})
        q |= Q(visibility=Visibility.PARTIES) & involved
    return q


def _many_valued(model: type[models.Model], path: str) -> bool:
    """Whether the lookup ``path`` from ``model`` crosses a relation to many records."""
    opts = model._meta
    for step in path.split("__"):
        try:
            field = opts.get_field(step)
        except FieldDoesNotExist:
            return False  # a transform or a lookup, past the last field
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation or field.related_model is None:
            return False
        opts = field.related_model._meta
    return False


def visible_row_q(model: type[OwnedModel], user: AnyUser, *, prefix: str = "") -> Q:
    """Return ``visible_q`` as conditions on the record's own row, reachable through ``prefix``.

    A party path across a many-valued relation (an event's organizers)
    becomes an uncorrelated subquery of the ids it admits, which reads only
    the links of the user's organizations, instead of a join: the filter
    never repeats a row, needs no subquery over the whole table around it, and
    applies through a foreign key (``prefix="event__"`` keeps the rows whose
    event the user may see).
    """
    if is_site_admin(user):
        return Q()
    q = Q(**{f"{prefix}visibility": Visibility.PUBLIC})
    org_ids = party_organization_ids(user)
    if org_ids:
        q |= Q(**{f"{prefix}owner_id__in": _roles(user).keys()})
        involved = Q(**{f"{prefix}owner_id__in": org_ids})
        for path in model.party_paths:
            if _many_valued(model, path):
                ids = model._default_manager.filter(**{f"{path}__in": org_ids}).values("pk")
                involved |= Q(**{f"{prefix}pk__in": ids})
            else:
                involved |= Q(**{f"{prefix}{path}__in": org_ids})
        q |= Q(**{f"{prefix}visibility": Visibility.PARTIES}) & involved
    return q


def filter_visible[QS: models.QuerySet[Any, Any]](queryset: QS, user: AnyUser) -> QS:
    return queryset.filter(visible_q(queryset.model, user))


def can_view(user: AnyUser, obj: OwnedModel) -> bool:
    return type(obj)._default_manager.filter(visible_q(type(obj), user), pk=obj.pk).exists()


def _path_values(obj: models.Model, path: str) -> Iterable[Any]:
    """Return the values a ``party_paths`` lookup reaches from ``obj``, in Python.

    A many-valued step (``party_links``, ``organizers``) reads the relation's
    ``all()``, which a prefetched relation answers without a query.
    """
    objects: list[Any] = [obj]
    for step in path.split("__"):
        reached: list[Any] = []
        for current in objects:
            value = getattr(current, step)
            if isinstance(value, models.Manager):
                reached.extend(value.all())
            elif value is not None:
                reached.append(value)
        objects = reached
    return objects


def is_visible(user: AnyUser, obj: OwnedModel) -> bool:
    """Whether the user may see ``obj``: the rule of ``visible_q``, decided on the loaded record.

    For records already read (a page's posts, persons, arrangements with their
    party links prefetched), where asking the database again would only repeat
    ``visible_q``; a party path through a relation that is not loaded reads it.
    """
    if is_site_admin(user) or obj.visibility == Visibility.PUBLIC:
        return True
    if obj.owner_id in _roles(user):
        return True
    if obj.visibility != Visibility.PARTIES:
        return False
    org_ids = party_organization_ids(user)
    if not org_ids:
        return False
    if obj.owner_id in org_ids:
        return True
    return any(
        value in org_ids for path in type(obj).party_paths for value in _path_values(obj, path)
    )


def get_visible[M: models.Model](queryset: models.QuerySet[M], user: AnyUser, **lookup: Any) -> M:
    """Return the one visible object matching ``lookup`` or raise ``NotFound``."""
    try:
        return filter_visible(queryset, user).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:  # the model's DoesNotExist
        raise NotFound(queryset.model._meta.verbose_name) from exc


def role_decision(user, organization_id: int | None, minimum: str) -> Decision:
    """Allow a user with at least the ``minimum`` role in the organization (site admins always)."""
    if has_role(user, organization_id, minimum):
        return ALLOWED
    return deny(
        _("This needs the %(role)s role in the owning organization.")
        % {"role": ROLE_LABELS[minimum]}
    )


def can_change(user, obj: OwnedModel) -> Decision:
    """Allow the editors of the record's owner (the rule for changing any owned record)."""
    return role_decision(user, obj.owner_id, "editor")


def require_role(user: AnyUser, organization_id: int | None, minimum: str) -> None:
    """Raise ``PermissionDenied`` unless the user has ``minimum`` role in the organization."""
    role_decision(user, organization_id, minimum).enforce()


def require_change(user: AnyUser, obj: OwnedModel) -> None:
    can_change(user, obj).enforce()


def speaks_for(user: AnyUser, organization: Organization, minimum: str) -> bool:
    """Whether ``user`` acts for ``organization``: a role in its secretariat (its record's owner).

    Whoever keeps an organization's record states facts about it (the
    registry), answers its invitations and gives its consents (events).
    """
    return has_role(user, organization.owner_id, minimum)


def acts_for_id(user: AnyUser, organization_id: int | None, minimum: str) -> bool:
    """Whether ``user`` holds at least ``minimum`` in the organization itself.

    Unlike ``has_role``, a site administrator gets no role by office here: an
    act that commits an organization (a consent, a withdrawal, a motion) is
    its own staff's, however wide the administrator's rights over records.
    """
    role = role_in(user, organization_id)
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[minimum]


def acts_for(user: AnyUser, organization: Organization, minimum: str) -> bool:
    """Whether ``user`` commits ``organization``: ``speaks_for`` without the admin's office."""
    return acts_for_id(user, organization.owner_id, minimum)


def editable_owner_ids(user: AnyUser) -> set[int] | None:
    """Return the organizations whose records the user may edit (None: all)."""
    if is_site_admin(user):
        return None
    return {org for org, role in _roles(user).items() if ROLE_RANK[role] >= ROLE_RANK["editor"]}


# --- Integrity of visibility across references ------------------------------


def _may_reference(target: OwnedModel, record: OwnedModel) -> bool:
    """A record may point to a public target, or to any target of its own owner if internal.

    Two "parties" records do not share an audience (each model reaches its
    parties along its own paths), so only an internal record, seen by its
    owner alone, may point to a restricted one, and only of the same owner.
    """
    if target.visibility == Visibility.PUBLIC:
        return True
    return target.owner_id == record.owner_id and record.visibility == Visibility.INTERNAL


def check_reference_visibility(
    record: OwnedModel, *, related: dict[str, Iterable[OwnedModel]] | None = None
) -> None:
    """Refuse references that would show a hidden record through a more visible one.

    A public tenure of an internal person would print the person's name on
    every public page; so a record may only refer to records that everyone
    who sees it may also see.  The owner is an attribute of access, not a
    reference, and is not checked here.  ``related`` gives the targets of
    many-to-many fields about to be set (``{"organizers": [...]}``).
    """
    message = _(
        "This record would show a record that is less visible than itself; "
        "make the referenced record public or this one as restricted."
    )
    errors: dict[str, str] = {}
    for field in record._meta.concrete_fields:
        if not field.is_relation or field.name == "owner":
            continue
        related_model = field.related_model
        if related_model is None or not issubclass(related_model, OwnedModel):
            continue
        target = getattr(record, field.name)
        if target is not None and not _may_reference(target, record):
            errors[field.name] = message
    for name, targets in (related or {}).items():
        if any(not _may_reference(target, record) for target in targets):
            errors[name] = message
    if errors:
        raise ValidationError(errors)


def check_referrer_visibility(
    record: OwnedModel, *, followers: tuple[type[models.Model], ...] = ()
) -> None:
    """Refuse making a record more restricted while more visible records still point to it.

    ``followers`` are models whose records take this record's visibility in
    the same transaction (an event's invitations); they are not counted.
    """
    if record.visibility == Visibility.PUBLIC or record.pk is None:
        return
    for relation in record._meta.related_objects:
        model = relation.related_model
        if relation.field.name == "owner" or not issubclass(model, OwnedModel):
            continue
        if model in followers:
            continue
        # Foreign keys and many-to-many fields alike (an event's organizers).
        referrers = model._default_manager.filter(**{relation.field.name: record}).exclude(
            owner_id=record.owner_id, visibility=Visibility.INTERNAL
        )
        if model is type(record):
            referrers = referrers.exclude(pk=record.pk)
        count = referrers.distinct().count()
        if count:
            raise ValidationError(
                {
                    "visibility": _(
                        "%(count)s more visible %(records)s still refer to this record; "
                        "restrict or remove them first."
                    )
                    % {"count": count, "records": model._meta.verbose_name_plural}
                }
            )
