"""Signatures in the admin: designations through the services; keys and signatures read-only.

Private keys never appear: not even encrypted.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from collegium.access import rules as access
from collegium.access.admin import ServiceModelAdmin
from collegium.core.admin import is_admin_user
from collegium.signatures import policy, services
from collegium.signatures.models import (
    SignatoryDesignation,
    Signature,
    SigningAuthority,
    SigningKey,
)


def _designation_create(*, actor: Any, data: dict[str, Any]) -> SignatoryDesignation:
    # Both fields are required by the form; the service checks the post belongs.
    return services.signatory_designate(
        actor=actor, organization=data["organization"], post=data["post"]
    )


def _designation_update(
    *, actor: Any, designation: SignatoryDesignation, data: dict[str, Any]
) -> SignatoryDesignation:
    return services.signatory_designate(
        actor=actor,
        organization=designation.organization,
        post=data.get("post", designation.post),
    )


@admin.register(SignatoryDesignation)
class SignatoryDesignationAdmin(ServiceModelAdmin):
    """Which post signs for an organization; its managers (and site administrators) set it."""

    service_create = staticmethod(_designation_create)
    service_update = staticmethod(_designation_update)
    service_delete = staticmethod(services.signatory_designation_delete)
    service_arg = "designation"

    list_display = ("organization", "post")
    list_select_related = ("organization", "post")
    search_fields = ("organization__slug", "organization__name_ru", "post__label_ru")
    autocomplete_fields = ("organization", "post")
    fields = ("organization", "post")

    def get_readonly_fields(self, request, obj=None):
        return ("organization",) if obj is not None else ()

    def _may_edit_some(self, user: access.AnyUser) -> bool:
        if access.is_site_admin(user):
            return True
        # A manager of a secretariat designates for the organizations it keeps.
        return any(
            access.has_role(user, org_id, "manager") for org_id in access.own_organization_ids(user)
        )

    def _may_edit(self, user: access.AnyUser, obj: Any) -> bool:
        if obj is None:
            return self._may_edit_some(user)
        return bool(policy.can_designate(user, obj.organization))


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin_user(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin_user(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SigningKey)
class SigningKeyAdmin(_ReadOnlyAdmin):
    """The signatories' keys: created on first signing, replaced by `collegium keys rotate`."""

    list_display = ("person", "fingerprint", "algorithm", "created_at", "retired_at")
    list_filter = ("algorithm",)
    list_select_related = ("person",)
    search_fields = ("person__slug", "person__name_ru", "person__name_en", "fingerprint")
    fields = (
        "person",
        "authority",
        "algorithm",
        "fingerprint",
        "public_key",
        "certificate",
        "created_at",
        "retired_at",
    )


@admin.register(SigningAuthority)
class SigningAuthorityAdmin(_ReadOnlyAdmin):
    """The installation's certificate authority (`collegium keys init`)."""

    list_display = ("name", "fingerprint", "created_at", "retired_at")
    fields = ("name", "fingerprint", "certificate", "created_at", "retired_at")


@admin.register(Signature)
class SignatureAdmin(_ReadOnlyAdmin):
    """Signatures as made: never changed, never deleted."""

    list_display = ("subject", "organization", "signatory", "post", "signed_on", "signed_at")
    list_select_related = ("organization", "signatory", "post")
    search_fields = ("subject", "signatory__name_ru", "organization__slug")
    fields = (
        "subject",
        "digest",
        "organization",
        "signatory",
        "post",
        "signed_by",
        "key",
        "signed_on",
        "signed_at",
    )
