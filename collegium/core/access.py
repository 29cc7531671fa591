"""The one access layer: pages, the API, the admin and commands all ask here.

Roles rank viewer < editor < manager.  A user sees public records, records
owned by an organization they belong to (or whose parent they belong to
through a body), and records marked "parties" that involve such an
organization.  Only editors of the owning organization change a record.
A record the user may not see is reported exactly like a missing one.
"""

from django.db import models
from django.db.models import Q

from .exceptions import NotFound, PermissionDenied
from .models import OwnedModel, Visibility

ROLE_RANK = {"viewer": 1, "editor": 2, "manager": 3}


def _roles(user) -> dict[int, str]:
    """Return {organization id: role} for the user, cached on the user object."""
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(user, "_collegium_roles", None)
    if cached is None:
        cached = dict(user.affiliations.values_list("organization_id", "role"))
        user._collegium_roles = cached
    return cached


def party_organization_ids(user) -> set[int]:
    """Return the organizations the user acts for: their own and those organizations' parents."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_collegium_party_ids", None)
    if cached is None:
        from collegium.registry.models import Organization

        own = set(_roles(user))
        parents = Organization.objects.filter(pk__in=own, parent__isnull=False).values_list(
            "parent_id", flat=True
        )
        cached = own | set(parents)
        user._collegium_party_ids = cached
    return cached


def is_site_admin(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser)


def role_in(user, organization_id: int | None) -> str | None:
    if organization_id is None:
        return None
    return _roles(user).get(organization_id)


def has_role(user, organization_id: int | None, minimum: str) -> bool:
    if is_site_admin(user):
        return True
    role = role_in(user, organization_id)
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[minimum]


def visible_q(model: type[OwnedModel], user) -> Q:
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


def filter_visible(queryset: models.QuerySet, user) -> models.QuerySet:
    return queryset.filter(visible_q(queryset.model, user))


def can_view(user, obj: OwnedModel) -> bool:
    return type(obj)._default_manager.filter(visible_q(type(obj), user), pk=obj.pk).exists()


def get_visible(queryset: models.QuerySet, user, **lookup):
    """Return the one visible object matching ``lookup`` or raise ``NotFound``."""
    try:
        return filter_visible(queryset, user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(queryset.model._meta.verbose_name) from exc


def require_role(user, organization_id: int | None, minimum: str) -> None:
    """Raise ``PermissionDenied`` unless the user has ``minimum`` role in the organization."""
    if not has_role(user, organization_id, minimum):
        raise PermissionDenied(f"this needs the {minimum} role in the owning organization")


def require_change(user, obj: OwnedModel) -> None:
    require_role(user, obj.owner_id, "editor")


def editable_owner_ids(user) -> set[int] | None:
    """Return the organizations whose records the user may edit (None: all)."""
    if is_site_admin(user):
        return None
    return {org for org, role in _roles(user).items() if ROLE_RANK[role] >= ROLE_RANK["editor"]}
