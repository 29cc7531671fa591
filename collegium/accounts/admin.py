"""Accounts in the admin: users, roles, tokens and failed sign-ins, written through the services."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from collegium.access import rules as access
from collegium.accounts import services
from collegium.accounts.models import Affiliation, ApiToken, LoginFailure, Role, User
from collegium.accounts.requests import AuthenticatedHttpRequest
from collegium.core.admin import is_admin_user
from collegium.registry.models import Organization


def _managed_organizations(user: access.AnyUser) -> QuerySet[Organization]:
    """Return the organizations in which ``user`` may manage accounts."""
    organizations = Organization.objects.all()
    if access.is_site_admin(user):
        return organizations
    ids = [
        org_id
        for org_id in access.editable_owner_ids(user) or ()
        if access.has_role(user, org_id, Role.MANAGER)
    ]
    return organizations.filter(pk__in=ids)


class UserCreateForm(forms.ModelForm):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what ``ModelForm.clean`` returns
        if cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        password = self.cleaned_data.get("password1")
        if password:
            try:
                password_validation.validate_password(password, self.instance)
            except ValidationError as exc:
                self.add_error("password1", exc)


class UserChangeForm(forms.ModelForm):
    new_password1 = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput,
        strip=False,
        required=False,
        help_text=_("Leave empty to keep the current password."),
    )
    new_password2 = forms.CharField(
        label=_("New password again"), widget=forms.PasswordInput, strip=False, required=False
    )

    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "is_active", "person")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what ``ModelForm.clean`` returns
        if cleaned.get("new_password1") != cleaned.get("new_password2"):
            self.add_error("new_password2", _("The two passwords differ."))
        elif cleaned.get("new_password1"):
            try:
                password_validation.validate_password(cleaned["new_password1"], self.instance)
            except ValidationError as exc:
                self.add_error("new_password1", exc)
        return cleaned


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ("username", "first_name", "last_name", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("username",)
    readonly_fields = (
        "username",
        "roles",
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        queryset = super().get_queryset(request)
        if access.is_site_admin(request.user):
            return queryset
        managed = _managed_organizations(request.user)
        return queryset.filter(affiliations__organization__in=managed).distinct()

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = UserChangeForm
            return super().get_form(request, obj, change=change, **kwargs)
        managed = _managed_organizations(request.user)
        required = not access.is_site_admin(request.user)

        class CreateForm(UserCreateForm):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                self.fields["organization"].queryset = managed
                self.fields["organization"].required = required

        kwargs["form"] = CreateForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return (
                (None, {"fields": ("username", "password1", "password2")}),
                (_("Person"), {"fields": ("first_name", "last_name", "email")}),
                (_("Role"), {"fields": ("organization", "role")}),
            )
        return (
            (None, {"fields": ("username", "roles", "is_active")}),
            (_("Person"), {"fields": ("first_name", "last_name", "email", "person")}),
            (_("Password"), {"fields": ("new_password1", "new_password2")}),
            (_("Status"), {"fields": ("is_staff", "is_superuser", "last_login", "date_joined")}),
        )

    # The search box of the person field (the registry's persons are many).
    autocomplete_fields = ("person",)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        # Linking an account to a person is the site administrators' (``user_link_person``).
        if access.is_site_admin(request.user):
            return self.readonly_fields
        return (*self.readonly_fields, "person")

    @admin.display(description=_("Roles"))
    def roles(self, obj: User) -> str:
        """List the user's roles; they change on the affiliation pages."""
        return ", ".join(
            f"{affiliation.organization.slug}: {affiliation.get_role_display()}"
            for affiliation in obj.affiliations.select_related("organization")
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin_user(request.user)

    def has_view_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return is_admin_user(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_admin_user(request.user) and _managed_organizations(request.user).exists()

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        if not is_admin_user(request.user):
            return False
        if obj is None:
            return self.has_add_permission(request)
        return services.user_can_manage(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return False  # Deactivate instead: the audit chain keeps referring to the user.

    def save_model(
        self, request: HttpRequest, obj: User, form: forms.ModelForm, change: bool
    ) -> None:
        data = form.cleaned_data
        if change:
            current = User.objects.get(pk=obj.pk)
            fields = [name for name in form.changed_data if name in services.USER_EDITABLE_FIELDS]
            saved = services.user_update(
                actor=request.user,
                user=current,
                data={name: data[name] for name in fields},
                password=data.get("new_password1") or None,
            )
            if "person" in form.changed_data:
                saved = services.user_link_person(
                    actor=request.user, user=saved, person=data.get("person")
                )
        else:
            saved = services.user_create(
                actor=request.user,
                username=data["username"],
                password=data["password1"],
                organization=data.get("organization"),
                role=data["role"],
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
        obj.pk = saved.pk
        obj.__dict__.update({f.attname: getattr(saved, f.attname) for f in User._meta.fields})
        obj._state.adding = False

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        return None


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    """A user's role in an organization, set through ``affiliation_set``."""

    list_display = ("user", "organization", "role")
    list_filter = ("role",)
    list_select_related = ("user", "organization")
    search_fields = ("user__username", "organization__slug", "organization__name_ru")
    fields = ("user", "organization", "role")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Affiliation]:
        queryset = super().get_queryset(request)
        if access.is_site_admin(request.user):
            return queryset
        return queryset.filter(organization__in=_managed_organizations(request.user))

    def get_readonly_fields(self, request, obj=None):
        return ("user", "organization") if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organization":
            kwargs["queryset"] = _managed_organizations(request.user)
        elif db_field.name == "user" and not access.is_site_admin(request.user):
            managed = _managed_organizations(request.user)
            kwargs["queryset"] = User.objects.filter(
                is_superuser=False, affiliations__organization__in=managed
            ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin_user(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Affiliation | None = None) -> bool:
        return is_admin_user(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_admin_user(request.user) and _managed_organizations(request.user).exists()

    def has_change_permission(self, request: HttpRequest, obj: Affiliation | None = None) -> bool:
        if not is_admin_user(request.user):
            return False
        if obj is None:
            return self.has_add_permission(request)
        return access.has_role(request.user, obj.organization_id, Role.MANAGER)

    def has_delete_permission(self, request: HttpRequest, obj: Affiliation | None = None) -> bool:
        return False  # No removal service yet: demote to viewer instead.

    def save_model(
        self, request: HttpRequest, obj: Affiliation, form: forms.ModelForm, change: bool
    ) -> None:
        saved = services.affiliation_set(
            actor=request.user, user=obj.user, organization=obj.organization, role=obj.role
        )
        obj.pk = saved.pk
        obj._state.adding = False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Personal tokens: visible to site administrators, revocable, never shown or edited."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    fields = readonly_fields
    actions = ("revoke",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.is_site_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return access.is_site_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: AuthenticatedHttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            services.api_token_revoke(actor=request.user, token=token)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """The security log of failed sign-ins, read-only, for site administrators."""

    list_display = ("username", "at", "ip_address")
    search_fields = ("username", "ip_address")
    date_hierarchy = "at"
    ordering = ("-at",)
    readonly_fields = ("username", "at", "ip_address")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.is_site_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: LoginFailure | None = None) -> bool:
        return access.is_site_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: LoginFailure | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: LoginFailure | None = None) -> bool:
        return False
