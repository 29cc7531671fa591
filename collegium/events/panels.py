"""The events rooms' panels on other pages (``core.panels``), found like ``admin.py``."""

from collegium.events.availability import panels as availability_panels  # noqa: F401
from collegium.events.checks import panels as check_panels  # noqa: F401
from collegium.events.invitations import panels as invitation_panels  # noqa: F401
