"""The registry pages' own panels (``core.panels``): each record's history."""

from collegium.core.history import register_history_panel

for page in ("registry.organization", "registry.person", "registry.state"):
    register_history_panel(page=page)
