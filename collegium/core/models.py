"""Shared machinery: audited models, ownership and visibility, the audit chain table."""

import re
from collections.abc import Collection, Iterable
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from collegium.core.audit_guard import ensure_write_allowed
from collegium.core.text import contains_unstorable, has_bidi_control, has_visible_character


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


# The text fields that name or title a record, in every language and grammatical form:
# ``name_ru``, ``title_en``, ``acronym_be``, ``label_ru_dative``, ``letter_label_en``...
# Slugs the pages use as words of their own (``organizations/new/``): a record so named
# would be shadowed by the page.
RESERVED_SLUGS = frozenset({"new"})
NAME_FIELD = re.compile(r"^(name|title|acronym|label|letter_label|address_title)(_|$)")


def text_errors(model: models.Model, exclude: Iterable[str] = ()) -> dict[str, str]:
    """Return {field: message} for the text fields of ``model`` that may not be stored.

    The one text rule of every entry point (pages, admin, API, commands), asked by
    ``full_clean()``: no control character but tab and line breaks, nor an unpaired
    surrogate, in any text; a name or a title (``NAME_FIELD``) also shows at least one
    visible character, if filled in, and holds no character that reorders text for
    display (``core.text.has_bidi_control``).
    """
    errors = {}
    skipped = set(exclude)
    for field in model._meta.concrete_fields:
        if field.name in skipped or not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(model, field.attname)
        if not isinstance(value, str) or not value:
            continue
        values = {"field": capfirst(field.verbose_name)}
        if isinstance(field, models.SlugField) and value in RESERVED_SLUGS:
            errors[field.name] = gettext(
                "%(field)s: “%(value)s” names a page of the site; choose another."
            ) % {**values, "value": value}
        elif contains_unstorable(value):
            errors[field.name] = (
                gettext(
                    "%(field)s: control characters (other than tab and line breaks) are not "
                    "allowed."
                )
                % values
            )
        elif NAME_FIELD.match(field.name) and not has_visible_character(value):
            errors[field.name] = (
                gettext("%(field)s: enter at least one visible character.") % values
            )
        elif NAME_FIELD.match(field.name) and has_bidi_control(value):
            errors[field.name] = (
                gettext(
                    "%(field)s: characters that change the direction of text "
                    "(U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) are not allowed in a name "
                    "or a title."
                )
                % values
            )
    return errors


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

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        """Check each field, then the text rule of ``text_errors`` on the fields left."""
        errors: dict[str, list[Any]] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = dict(exc.error_dict)
        checked = text_errors(self, exclude=set(exclude or ()) | set(errors))
        for name, message in checked.items():
            errors[name] = [ValidationError(message, code="text")]
        if errors:
            raise ValidationError(errors)


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
