from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "collegium.registry"
    label = "registry"
    verbose_name = _("Registry")
    # The read cache (core.cache): registry pages show registry data only, so
    # invitations and other domains' writes leave them cached.
    cache_depends_on = ()

    def ready(self):
        from django.core import checks

        from collegium.registry.popolo import check_popolo_schemas

        checks.register(check_popolo_schemas)
