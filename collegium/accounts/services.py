"""Writes to accounts: users, affiliations and personal API tokens."""

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.accounts.models import Affiliation, ApiToken, Role, User
from collegium.core.audit import audited
from collegium.core.exceptions import PermissionDenied, ValidationError
from collegium.core.tokens import secret_digest, token_holder
from collegium.registry.models import Organization, Person

TOKEN_PREFIX = "clg"  # noqa: S105 (a public marker, not a secret)


def user_create(
    *,
    actor: access.AnyUser,
    username: str,
    password: str,
    organization: Organization | None = None,
    role: str = Role.VIEWER,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_superuser: bool = False,
    validate: bool = True,
) -> User:
    """Create a user, optionally with a role in one organization.

    Site administrators create anyone; a manager creates users of their own
    organization only.  ``actor=None`` is the system itself (``createsuperuser``,
    the demo loader).
    """
    if actor is not None:
        if is_superuser and not access.is_site_admin(actor):
            raise PermissionDenied(_("Only site administrators create site administrators."))
        if not access.is_site_admin(actor):
            if organization is None:
                raise PermissionDenied(_("Managers create users of their own organization only."))
            access.require_role(actor, organization.pk, "manager")
    if role not in Role.values:
        raise ValidationError({"role": _unknown_role(role)})
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_superuser=is_superuser,
        is_staff=is_superuser or role == Role.MANAGER,
    )
    if validate:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean()
    with transaction.atomic():
        with audited(actor=actor, action="user.create", instance=user, organization=organization):
            user.save()
        if organization is not None:
            affiliation_set(actor=actor, user=user, organization=organization, role=role)
    return user


def affiliation_set(
    *, actor: access.AnyUser, user: User, organization: Organization, role: str
) -> Affiliation:
    """Give the user ``role`` in the organization (replacing any earlier role there)."""
    if actor is not None:
        access.require_role(actor, organization.pk, "manager")
    if role not in Role.values:
        raise ValidationError(
            {"role": f"Unknown role {role!r}; use one of {', '.join(Role.values)}."}
        )
    with transaction.atomic():
        affiliation = Affiliation.objects.filter(user=user, organization=organization).first()
        affiliation = affiliation or Affiliation(user=user, organization=organization)
        affiliation.role = role
        with audited(
            actor=actor, action="affiliation.set", instance=affiliation, organization=organization
        ):
            affiliation.save()
        # The admin is for managers (and site administrators) only.
        is_staff = user.is_superuser or user.affiliations.filter(role=Role.MANAGER).exists()
        if user.is_staff != is_staff:
            with audited(
                actor=actor, action="user.update", instance=user, organization=organization
            ):
                user.is_staff = is_staff
                user.save(update_fields=["is_staff"])
    for cached in ("_collegium_roles", "_collegium_party_ids", "_collegium_labels"):
        user.__dict__.pop(cached, None)
    return affiliation


USER_EDITABLE_FIELDS = frozenset({"first_name", "last_name", "email", "is_active"})


def user_can_manage(actor: access.AnyUser, user: User) -> bool:
    """Site administrators manage everyone; a manager manages a user of their own organization.

    A user who works for several organizations is managed only by someone who
    manages all of them: otherwise the manager of one could take over the
    account and act with its roles in the others.
    """
    if access.is_site_admin(actor):
        return True
    if user.is_superuser:
        return False
    organization_ids = set(
        Affiliation.objects.filter(user=user).values_list("organization_id", flat=True)
    )
    return bool(organization_ids) and all(
        access.has_role(actor, org_id, Role.MANAGER) for org_id in organization_ids
    )


def user_update(
    *, actor: access.AnyUser, user: User, data: dict[str, Any], password: str | None = None
) -> User:
    """Change a user's name, e-mail or active flag, and optionally set a new password."""
    if not user_can_manage(actor, user):
        raise PermissionDenied(_("Only site administrators or the user's managers change a user."))
    unknown = sorted(set(data) - USER_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: "this field cannot be changed here" for name in unknown})
    with audited(actor=actor, action="user.update", instance=user):
        for name, value in data.items():
            setattr(user, name, value)
        if password:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise ValidationError({"password": exc.messages}) from exc
            user.set_password(password)
        user.full_clean()
        user.save()
    return user


def user_link_person(*, actor: access.AnyUser, user: User, person: Person | None) -> User:
    """Link the account to the person who acts through it (None: unlink).

    Only site administrators link: the linked account signs for whichever
    organization designates a post the person holds, so no organization's
    manager may hand that power to an account.
    """
    if actor is not None and not access.is_site_admin(actor):
        raise PermissionDenied(_("Only site administrators link an account to a person."))
    if person is not None:
        other = User.objects.filter(person=person).exclude(pk=user.pk).first()
        if other is not None:
            raise ValidationError(
                {
                    "person": _("%(person)s is already linked to the account %(username)s.")
                    % {"person": person, "username": other.username}
                }
            )
    if user.person_id == (person.pk if person is not None else None):
        return user
    with audited(actor=actor, action="user.link_person", instance=user):
        user.person = person
        user.save(update_fields=["person"])
    return user


def _unknown_role(role: str) -> str:
    return _("Unknown role %(role)s; use one of: %(roles)s.") % {
        "role": role,
        "roles": ", ".join(Role.values),
    }


def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal token for ``actor``; return it with the secret, which is shown once."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to create a token."))
    name = (name or "").strip()
    if not name:
        raise ValidationError(
            {"name": _("Give the token a name, such as the script that uses it.")}
        )
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=actor, name=name[:100], prefix=prefix, digest=secret_digest(secret))
    with audited(actor=actor, action="api_token.create", instance=token):
        token.save()
    return token, secret


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk and not access.is_site_admin(actor):
        raise PermissionDenied(_("Only the token's owner revokes it."))
    if token.revoked_at is not None:
        return token
    with audited(actor=actor, action="api_token.revoke", instance=token):
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(secret: str) -> User | None:
    """Return the active user behind a token secret, or None."""
    if not secret or not secret.startswith(f"{TOKEN_PREFIX}_"):
        return None
    return token_holder(ApiToken, secret)
