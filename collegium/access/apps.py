from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "collegium.access"
    label = "access"
    verbose_name = "Access"

    def ready(self) -> None:
        from collegium.access.rules import filter_visible, viewer_scope
        from collegium.core.cache import register_viewer_scope
        from collegium.core.history import register_visibility_filter

        register_viewer_scope(viewer_scope)
        # A record's history names the records it referred to only if the viewer sees them.
        register_visibility_filter(filter_visible)
