"""Users, their roles in organizations, personal API tokens and login failures."""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from collegium.core.audit import audited
from collegium.core.audit_guard import current_actor, writes_are_allowed
from collegium.core.models import AuditedModel, AuditedQuerySet


# The django-stubs plugin cannot resolve ``UserManager.from_queryset(...)`` here, not even
# as a module-level alias: the base is left untyped.
class AuditedUserManager(UserManager.from_queryset(AuditedQuerySet)):  # type: ignore[misc]
    """Django's user manager whose bulk writes (``update()``, ``bulk_*``) need a service.

    ``create_user``/``create_superuser`` save one user at a time, which
    ``User.save`` audits.
    """


class User(AbstractUser):
    """A person who signs in: secretariat or ministry staff, or a site administrator."""

    audit_exclude = ("password", "last_login")

    objects: ClassVar[AuditedUserManager] = AuditedUserManager()

    # The person this account acts as: the holder of a post who signs through it
    # (``signatures``).  Set by a site administrator only (``user_link_person``).
    person = models.OneToOneField(
        "registry.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user",
        help_text=_("The person who acts through this account, e.g. to sign as a minister."),
    )

    # Kept on the user object for one request by ``access.rules``; never stored.
    _collegium_roles: dict[int, str]
    _collegium_party_ids: set[int]
    _collegium_labels: dict[int, dict[str, str]]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save; outside a service, audit the write here.

        Services (``accounts.services``) audit their own writes.  Django itself
        also saves users: ``createsuperuser``, ``changepassword`` and the
        password forms; those writes are audited here, in the same transaction,
        with the request's user as the actor.  Stamping ``last_login`` is
        bookkeeping and is not audited.
        """
        update_fields = kwargs.get("update_fields")
        only_last_login = update_fields is not None and set(update_fields) <= {"last_login"}
        if writes_are_allowed() or only_last_login:
            super().save(*args, **kwargs)
            return
        with audited(actor=current_actor(), action="user.save", instance=self):
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if writes_are_allowed():
            return super().delete(*args, **kwargs)
        with audited(actor=current_actor(), action="user.delete", instance=self):
            return super().delete(*args, **kwargs)


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    EDITOR = "editor", _("Editor")
    MANAGER = "manager", _("Manager")


class Affiliation(AuditedModel):
    """The user works for the organization with this role."""

    # PROTECT: a user is deactivated, never deleted, so their roles stay on record.
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="affiliations")
    organization = models.ForeignKey(
        "registry.Organization", on_delete=models.PROTECT, related_name="affiliations"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_role_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization.slug}: {self.role}"


class ApiToken(AuditedModel):
    """A personal API token; only its SHA-256 is stored, the secret is shown once."""

    audit_exclude = ("digest", "last_used_at")

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class LoginFailure(models.Model):
    """A failed sign-in, kept to throttle guessing and for the security log."""

    username = models.CharField(max_length=150, db_index=True)
    at = models.DateTimeField(db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("login failure")
        verbose_name_plural = _("login failures")

    def __str__(self) -> str:
        return f"{self.username} at {self.at:%Y-%m-%d %H:%M:%S}"
