"""Who may do what with events and calendar feeds.

The editors of an event's owner create, change and move it; the calendar
offers a new event to whoever is an editor somewhere (moving it to
another owner needs the editor role there too: the service asks again after
the change).  An organizer is named, or dropped, only by an editor who acts
for it: an organizer's name puts the invitations that arrangements require in
its name, for its secretariat to send, so naming another organization would
act for it without its consent.  A signed-in user makes a private feed; its
owner, or a site administrator, revokes it.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.core.policy import ALLOWED, Decision, deny
from collegium.events.models import CalendarFeedToken, Event
from collegium.registry.models import Organization


def can_change(user, event: Event) -> Decision:
    """Allow the editors of the event's owner: create, change and move it."""
    return access.can_change(user, event)


def can_name_organizers(
    user, added: Iterable[Organization], dropped: Iterable[Organization]
) -> Decision:
    """Allow naming and dropping only organizers the user acts for (an editor of each one's
    secretariat; site administrators, who act for no organization, too)."""
    others = [org for org in (*added, *dropped) if not access.speaks_for(user, org, "editor")]
    if not others:
        return ALLOWED
    return deny(
        _(
            "An organization is named as an organizer, or dropped, by its own secretariat "
            "only: %(organizations)s."
        )
        % {"organizations": ", ".join(sorted(str(org) for org in others))}
    )


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
