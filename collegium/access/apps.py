from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "collegium.access"
    label = "access"
    verbose_name = "Access"

    def ready(self) -> None:
        from collegium.access.rules import viewer_scope
        from collegium.core.cache import register_viewer_scope

        register_viewer_scope(viewer_scope)
