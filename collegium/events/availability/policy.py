"""Who may record when a person is unavailable: the editors of the record's owner."""

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.core.policy import Decision
from collegium.events.models import Unavailability


def can_change(user: AnyUser, unavailability: Unavailability) -> Decision:
    """Allow the editors of the period's owner: record, change and remove it."""
    return access.can_change(user, unavailability)
