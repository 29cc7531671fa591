"""The admin's shared base, and the read-only audit chain.

Managers (``is_staff``) and site administrators use the Django admin.  It is
one more client of the services: ``ServiceModelAdmin`` sends every add,
change and delete to the app's service with ``request.user`` as the actor, so
the same access checks, validation and audit record apply as in the API.
Reads are filtered by ``access.rules`` like everywhere else.
"""

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext

from collegium.access import rules as access
from collegium.core.admin import is_admin_user
from collegium.core.models import AuditRecord, OwnedModel


class _DryRun(Exception):
    """Raised to roll back a service call made only to validate a form."""


class ServiceModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose writes go through services and whose reads go through the access layer.

    Subclasses name their services::

        service_create = staticmethod(organization_create)  # (actor=, data=)
        service_update = staticmethod(organization_update)  # (actor=, <service_arg>=, data=)
        service_delete = staticmethod(organization_delete)  # (actor=, <service_arg>=)
        service_arg = "organization"

    A missing service removes the matching permission.  Before the admin saves,
    the form runs the service once inside a rolled-back savepoint, so a rule
    that only the service knows (an overlapping tenure, a forbidden owner)
    shows up as a form error instead of a failed request.
    """

    service_create: ClassVar[Callable[..., Any] | None] = None
    service_update: ClassVar[Callable[..., Any] | None] = None
    service_delete: ClassVar[Callable[..., Any] | None] = None
    service_arg: ClassVar[str] = ""

    # --- reads -------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        queryset = super().get_queryset(request)
        if issubclass(self.model, OwnedModel):
            queryset = access.filter_visible(queryset, request.user)
        return queryset

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        related = db_field.related_model
        if db_field.name == "owner" and not access.is_site_admin(request.user):
            # A record may be given only to an organization the user edits for.
            kwargs["queryset"] = related._default_manager.filter(
                pk__in=access.editable_owner_ids(request.user) or ()
            )
        elif issubclass(related, OwnedModel):
            kwargs["queryset"] = access.filter_visible(related._default_manager.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- permissions: the access layer, not Django's model permissions -----

    def _may_edit_some(self, user: access.AnyUser) -> bool:
        return access.is_site_admin(user) or bool(access.editable_owner_ids(user))

    def _may_edit(self, user: access.AnyUser, obj: OwnedModel | None) -> bool:
        if obj is None:
            return self._may_edit_some(user)
        return bool(access.can_change(user, obj))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin_user(request.user)

    def has_view_permission(self, request: HttpRequest, obj: OwnedModel | None = None) -> bool:
        return is_admin_user(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return (
            self.service_create is not None
            and is_admin_user(request.user)
            and self._may_edit_some(request.user)
        )

    def has_change_permission(self, request: HttpRequest, obj: OwnedModel | None = None) -> bool:
        return (
            self.service_update is not None
            and is_admin_user(request.user)
            and self._may_edit(request.user, obj)
        )

    def has_delete_permission(self, request: HttpRequest, obj: OwnedModel | None = None) -> bool:
        return (
            self.service_delete is not None
            and is_admin_user(request.user)
            and self._may_edit(request.user, obj)
        )

    # --- writes: through the services ---------------------------------------

    @staticmethod
    def _service(service: Callable[..., Any] | None) -> Callable[..., Any]:
        """Return the service; without one the admin grants no permission to get here."""
        if service is None:
            raise PermissionDenied
        return service

    def service_data(self, form: forms.ModelForm, change: bool) -> dict[str, Any]:
        """Return the model fields the form sets (on change: only those that changed)."""
        model_fields = {field.name for field in self.model._meta.concrete_fields}
        names = form.changed_data if change else form.cleaned_data.keys()
        return {name: form.cleaned_data[name] for name in names if name in model_fields}

    def run_service(
        self, request: HttpRequest, form: forms.ModelForm, change: bool
    ) -> models.Model:
        """Call the create or update service for the form; return the saved instance."""
        data = self.service_data(form, change)
        if not change:
            create = self._service(self.service_create)
            return create(actor=request.user, data=data)
        current = self.model._default_manager.get(pk=form.instance.pk)
        if not data:
            return current
        update = self._service(self.service_update)
        return update(actor=request.user, data=data, **{self.service_arg: current})

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ServiceForm(form_class):
            def _post_clean(self):
                super()._post_clean()
                if self._errors:
                    return
                try:
                    with transaction.atomic():
                        model_admin.run_service(request, self, change=self.instance.pk is not None)
                        raise _DryRun
                except _DryRun:
                    pass
                except ValidationError as exc:
                    _add_service_errors(self, exc)
                except PermissionDenied:
                    self.add_error(None, gettext("You may not save this record with these values."))

        return ServiceForm

    def save_model(
        self, request: HttpRequest, obj: models.Model, form: forms.ModelForm, change: bool
    ) -> None:
        saved = self.run_service(request, form, change)
        # The admin goes on with ``obj`` (messages, redirects): give it the saved state.
        for field in self.model._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        obj._state.db = saved._state.db

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        delete = self._service(self.service_delete)
        delete(actor=request.user, **{self.service_arg: obj})

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        """Delete one by one through the service, so each deletion is checked and audited."""
        with transaction.atomic():
            for obj in queryset:
                self._service(self.service_delete)(actor=request.user, **{self.service_arg: obj})

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        # No many-to-many fields or inlines: everything was written by the service.
        return None


def _add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, messages in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """The audit chain, read-only: the database refuses to change it anyway."""

    list_display = ("seq", "created_at", "actor", "organization", "action", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("actor", "organization", "action", "object_repr", "object_id")
    date_hierarchy = "created_at"
    ordering = ("-seq",)
    actions = None
    readonly_fields = [field.name for field in AuditRecord._meta.fields]

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[AuditRecord]:
        queryset = super().get_queryset(request)
        if access.is_site_admin(request.user):
            return queryset
        # Managers see the records of the organizations they edit for.
        return queryset.filter(organization_id__in=access.editable_owner_ids(request.user))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin_user(request.user)

    def has_view_permission(self, request: HttpRequest, obj: AuditRecord | None = None) -> bool:
        return is_admin_user(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditRecord | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditRecord | None = None) -> bool:
        return False
