"""Shared machinery: audited models, ownership and visibility, the audit chain table."""

from collections.abc import Iterable
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from collegium.core.audit_guard import ensure_write_allowed


def column_name(model: type[models.Model], name: str) -> str:
    """Return the database column of the concrete field ``name`` of ``model``."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.column is None:
        raise TypeError(f"{model._meta.label}.{name} is not a concrete field")
    return field.column


class AuditedQuerySet(models.QuerySet):
    """A queryset whose bulk writes are refused outside a service.

    A bulk ``update()`` or ``delete()`` bypasses ``save()`` and so would leave
    no audit record; the guard makes such code fail loudly, in tests first.
    """

    def update(self, **kwargs: Any) -> int:
        ensure_write_allowed(self.model, "update")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        ensure_write_allowed(self.model, "delete")
        return super().delete()

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        ensure_write_allowed(self.model, "bulk_create")
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(
        self, objs: Iterable[Any], fields: Iterable[str], *args: Any, **kwargs: Any
    ) -> int:
        ensure_write_allowed(self.model, "bulk_update")
        return super().bulk_update(objs, fields, *args, **kwargs)


class AuditedModel(models.Model):
    """A model that may only be written inside a service (see ``core.audit``)."""

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        ensure_write_allowed(type(self), "save")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        ensure_write_allowed(type(self), "delete")
        return super().delete(*args, **kwargs)


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTIES = "parties", _("Parties")
    INTERNAL = "internal", _("Internal")


class OwnedModel(AuditedModel):
    """A record with an owning organization and a visibility.

    ``party_paths`` name the lookups from the record to the organizations
    involved in it; members of those organizations see records marked
    "parties" (see ``core.access``).
    """

    owner = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )

    party_paths: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True


class AuditRecord(models.Model):
    """One link of the hash chain; the database refuses UPDATE and DELETE on this table."""

    seq = models.BigIntegerField(_("sequence number"), primary_key=True)
    created_at = models.DateTimeField(_("time (UTC)"))
    actor_id = models.BigIntegerField(_("actor id"), null=True)
    actor = models.CharField(_("actor"), max_length=150)
    organization_id = models.BigIntegerField(_("organization id"), null=True)
    organization = models.CharField(_("organization"), max_length=100, blank=True)
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"


class CacheVersion(models.Model):
    """The data version of one namespace of the read cache (an app label; see ``core.cache``).

    ``core.audit`` moves a namespace's row in the transaction of every audited
    write to its app: ``version`` counts the writes, ``token`` is drawn at
    random on each, so a key can never stand for two states of the data even
    when a rollback or a restored backup takes ``version`` back to a number
    it had before.  Unlike the audit table, rows are updated in place: this is
    bookkeeping, not history.
    """

    # Not shown to anyone (no admin, no page), so its names are not translated.
    namespace = models.CharField(max_length=100, primary_key=True)
    version = models.BigIntegerField(default=0)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.namespace} #{self.version}"
