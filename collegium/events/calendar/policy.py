"""Who may do what with events and calendar feeds.

The editors of an event's owner create, change and move it; the calendar
offers a new event to whoever is an editor somewhere (moving it to
another owner needs the editor role there too: the service asks again after
the change).  A signed-in user makes a private feed; its owner, or a site
administrator, revokes it.
"""

from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.core.policy import ALLOWED, Decision, deny
from collegium.events.models import CalendarFeedToken, Event


def can_change(user, event: Event) -> Decision:
    """Allow the editors of the event's owner: create, change and move it."""
    return access.can_change(user, event)


def can_create(user) -> Decision:
    """Allow a user who may create an event for some organization: an editor there.

    Which organization may own the event is ``can_change``'s question, asked
    again by the service for the one chosen.
    """
    if access.editable_owner_ids(user) != set():
        return ALLOWED
    return deny(_("Creating an event needs the editor role in an organization."))


def can_create_feed(user) -> Decision:
    if user is None or not user.is_authenticated:
        return deny(_("Sign in to create a calendar feed."))
    return ALLOWED


def can_revoke_feed(user, token: CalendarFeedToken) -> Decision:
    if token.user_id == user.pk or access.is_site_admin(user):
        return ALLOWED
    return deny(_("Only the feed's owner revokes it."))
