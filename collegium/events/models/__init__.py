"""The events app's tables, one module per room, re-exported here."""

from collegium.events.models.arrangements import *  # noqa: F403
from collegium.events.models.availability import *  # noqa: F403
from collegium.events.models.events import *  # noqa: F403
from collegium.events.models.invitations import *  # noqa: F403
