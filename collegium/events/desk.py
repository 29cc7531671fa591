"""The events rooms' items on the home page's desk (``core.desk``), found like ``admin.py``."""

from collegium.events.arrangements import desk as arrangement_desk  # noqa: F401
from collegium.events.checks import desk as check_desk  # noqa: F401
from collegium.events.invitations import desk as invitation_desk  # noqa: F401
