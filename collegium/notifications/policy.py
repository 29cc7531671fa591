"""Who may change notification preferences: the services enforce it, the pages ask it."""

from django.utils.translation import gettext as _

from collegium.access.rules import AnyUser
from collegium.core.policy import ALLOWED, Decision, deny


def can_change_preferences(user: AnyUser, owner: AnyUser) -> Decision:
    """Allow a signed-in user to choose their own notifications, and nobody else's.

    A site administrator does not choose for a user either: what reaches a
    person's mailbox is theirs to decide.
    """
    if user is None or not user.is_authenticated:
        return deny(_("Sign in to choose your notifications."))
    if owner is None or user.pk != owner.pk:
        return deny(_("Each user chooses their own notifications only."))
    return ALLOWED
