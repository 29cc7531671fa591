from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "collegium.events"
    label = "events"
    verbose_name = _("Events")
    # The read cache (core.cache): event pages, the calendar and the reciprocity
    # report show organizations, posts and persons, and the users who sent or
    # answered an invitation, so registry and accounts writes move them too.
    cache_depends_on = ("registry", "accounts")

    def ready(self) -> None:
        # The invitations room follows the calendar's and the arrangements' signals.
        from collegium.events.invitations import receivers  # noqa: F401
