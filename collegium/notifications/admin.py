"""The notices in the admin: read-only, for site administrators, to follow failed sends."""

from django.contrib import admin
from django.http import HttpRequest

from collegium.access import rules as access
from collegium.notifications.models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """Every notice with its status, attempts and last error; the worker alone writes them."""

    list_display = ("key", "moment", "user", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status", "moment", "language")
    search_fields = ("key", "user__username", "address", "last_error")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    list_select_related = ("user",)
    readonly_fields = [field.name for field in Notice._meta.fields]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.is_site_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Notice | None = None) -> bool:
        return access.is_site_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notice | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Notice | None = None) -> bool:
        return False
