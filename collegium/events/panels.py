"""The events rooms' panels on their own and other apps' pages (``core.panels``), found like
``admin.py``."""

from collegium.events.arrangements import panels as arrangement_panels  # noqa: F401
from collegium.events.availability import panels as availability_panels  # noqa: F401
from collegium.events.calendar import panels as calendar_panels  # noqa: F401
from collegium.events.checks import panels as check_panels  # noqa: F401
from collegium.events.invitations import panels as invitation_panels  # noqa: F401
