from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "collegium.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    # The read cache (core.cache): nothing of this app is cached; its pages are one user's.
    cache_depends_on = ()

    def ready(self) -> None:
        # E-mail follows the events' signals; the events app imports nothing of this one.
        from collegium.notifications import receivers  # noqa: F401
