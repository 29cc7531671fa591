"""The admin site's titles and who may enter it (managers and site administrators).

The shared base for app admins and the audit chain's admin sit above the
ground floor, with the access layer (``access/admin.py``).
"""

from typing import TYPE_CHECKING

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser, AnonymousUser

admin.site.site_header = _("Collegium administration")
admin.site.site_title = pgettext_lazy("product name", "Collegium")
admin.site.index_title = _("Records and accounts")


def is_admin_user(user: "AbstractUser | AnonymousUser") -> bool:
    """Return whether the user may enter the admin: active, and a manager or site administrator."""
    return bool(user.is_active and (user.is_staff or user.is_superuser))
