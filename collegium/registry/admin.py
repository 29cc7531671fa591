"""The registry in the admin: every write goes through ``registry.services``."""

from typing import TYPE_CHECKING

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from collegium.access.admin import ServiceModelAdmin
from collegium.registry import services
from collegium.registry.models import Membership, Organization, Person, Post, State, Tenure

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldOpts
    from django_stubs_ext import StrOrPromise

OWNERSHIP: "tuple[StrOrPromise, _FieldOpts]" = (_("Ownership"), {"fields": ("owner", "visibility")})


@admin.register(State)
class StateAdmin(ServiceModelAdmin):
    service_create = staticmethod(services.state_create)
    service_update = staticmethod(services.state_update)
    service_delete = staticmethod(services.state_delete)
    service_arg = "state"

    list_display = ("code", "name_ru", "name_en", "name_be", "visibility")
    search_fields = ("code", "name_ru", "name_en", "name_be")
    ordering = ("code",)
    fieldsets = (
        (None, {"fields": ("code", "name_ru", "name_en", "name_be", "other_names")}),
        OWNERSHIP,
    )


@admin.register(Organization)
class OrganizationAdmin(ServiceModelAdmin):
    service_create = staticmethod(services.organization_create)
    service_update = staticmethod(services.organization_update)
    service_delete = staticmethod(services.organization_delete)
    service_arg = "organization"

    list_display = ("name_ru", "acronym_ru", "kind", "parent", "owner", "visibility")
    list_filter = ("kind", "visibility")
    list_select_related = ("parent", "owner")
    search_fields = ("slug", "name_ru", "name_en", "name_be", "acronym_ru", "acronym_en")
    fieldsets = (
        (None, {"fields": ("slug", "kind", "parent")}),
        (_("Names"), {"fields": ("name_ru", "name_en", "name_be", "other_names")}),
        (_("Acronyms"), {"fields": ("acronym_ru", "acronym_en", "acronym_be")}),
        (
            _("Seat and dates"),
            {
                "fields": (
                    "seat_state",
                    "seat_city_ru",
                    "seat_city_en",
                    "seat_city_be",
                    "founding_date",
                    "dissolution_date",
                )
            },
        ),
        OWNERSHIP,
    )


@admin.register(Membership)
class MembershipAdmin(ServiceModelAdmin):
    service_create = staticmethod(services.membership_create)
    service_update = staticmethod(services.membership_update)
    service_delete = staticmethod(services.membership_delete)
    service_arg = "membership"

    list_display = (
        "organization",
        "member",
        "role",
        "status",
        "start_date",
        "end_date",
        "visibility",
    )
    list_filter = ("role", "status")
    list_select_related = ("organization", "member_state", "member_organization")
    search_fields = (
        "organization__name_ru",
        "organization__acronym_ru",
        "member_state__name_ru",
        "member_state__code",
        "member_organization__name_ru",
    )
    fieldsets = (
        (None, {"fields": ("organization", "member_state", "member_organization")}),
        (_("Role and period"), {"fields": ("role", "status", "start_date", "end_date")}),
        (None, {"fields": ("dates_approximate", "note")}),
        OWNERSHIP,
    )

    @admin.display(description=_("member"))
    def member(self, obj: Membership):
        return obj.member


@admin.register(Post)
class PostAdmin(ServiceModelAdmin):
    service_create = staticmethod(services.post_create)
    service_update = staticmethod(services.post_update)
    service_delete = staticmethod(services.post_delete)
    service_arg = "post"

    list_display = ("label_ru", "organization", "is_head", "visibility")
    list_filter = ("is_head",)
    list_select_related = ("organization",)
    search_fields = ("slug", "label_ru", "label_en", "label_be", "organization__name_ru")
    fieldsets = (
        (None, {"fields": ("slug", "organization", "is_head")}),
        (_("Title"), {"fields": ("label_ru", "label_en", "label_be")}),
        (
            _("Forms in letters"),
            {
                "fields": (
                    "label_ru_dative",
                    "letter_label_ru",
                    "letter_label_en",
                    "address_title_ru",
                    "address_title_en",
                )
            },
        ),
        OWNERSHIP,
    )


@admin.register(Person)
class PersonAdmin(ServiceModelAdmin):
    service_create = staticmethod(services.person_create)
    service_update = staticmethod(services.person_update)
    service_delete = staticmethod(services.person_delete)
    service_arg = "person"

    list_display = ("name_ru", "name_en", "birth_date", "visibility")
    search_fields = ("slug", "name_ru", "name_en", "name_be")
    fieldsets = (
        (None, {"fields": ("slug", "birth_date")}),
        (_("Names"), {"fields": ("name_ru", "name_en", "name_be", "other_names")}),
        (
            _("Forms in letters"),
            {"fields": ("gender", "honorific_prefix", "name_ru_dative", "name_ru_short")},
        ),
        OWNERSHIP,
    )


@admin.register(Tenure)
class TenureAdmin(ServiceModelAdmin):
    service_create = staticmethod(services.tenure_create)
    service_update = staticmethod(services.tenure_update)
    service_delete = staticmethod(services.tenure_delete)
    service_arg = "tenure"

    list_display = ("person", "post", "start_date", "end_date", "acting", "visibility")
    list_filter = ("acting",)
    list_select_related = ("person", "post")
    search_fields = ("person__name_ru", "person__name_en", "post__label_ru", "post__slug")
    autocomplete_fields = ("person", "post")
    fieldsets = (
        (None, {"fields": ("person", "post", "acting")}),
        (_("Period"), {"fields": ("start_date", "end_date", "dates_approximate", "note")}),
        OWNERSHIP,
    )
