from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "collegium.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from collegium.core.cache import namespace_closures

        # Every app is loaded by now: a cache_depends_on naming no app fails here, at start-up.
        namespace_closures()

        # Each app's panels.py registers what it shows on other apps' pages (core.panels).
        autodiscover_modules("panels")
        # ... and its desk.py what awaits its users on the home page (core.desk).
        autodiscover_modules("desk")

        # The worker keeps a signed checkpoint of the chain head fresh (core.tasks).
        from collegium.core import audit
        from collegium.core.tasks import checkpoint_refresh_queue

        audit.on_commit_of_appends(checkpoint_refresh_queue)
