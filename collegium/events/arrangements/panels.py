"""The arrangement page's history, below its columns (``core.history``)."""

from collegium.core.history import register_history_panel

register_history_panel(page="events.arrangement")
