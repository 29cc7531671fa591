"""Who may record when a person is unavailable: the editors of the record's owner."""

from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.core.policy import ALLOWED, Decision, deny
from collegium.events.models import Unavailability


def can_change(user: AnyUser, unavailability: Unavailability) -> Decision:
    """Allow the editors of the period's owner: record, change and remove it."""
    return access.can_change(user, unavailability)


def can_create(user: AnyUser) -> Decision:
    """Allow a user who may record a period for some organization: an editor there.

    Which organization keeps it is ``can_change``'s question, asked again by
    the service for the owner chosen.
    """
    if access.editable_owner_ids(user) != set():
        return ALLOWED
    return deny(_("Recording an absence needs the editor role in an organization."))
