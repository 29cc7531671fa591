"""One door per invitation: return it or raise ``NotFound``."""

from typing import cast

from collegium.access.rules import AnyUser
from collegium.core.exceptions import NotFound
from collegium.events.invitations.selectors import (
    INVITATION_RELATED,
    VisibleInvitation,
    visible_invitations,
)
from collegium.events.models import Invitation


def access_invitation_by_id(user: AnyUser, invitation_id: int) -> VisibleInvitation:
    """Return the invitation the user may see, or raise ``NotFound`` (missing or hidden alike)."""
    invitation = (
        visible_invitations(user)
        .select_related(*INVITATION_RELATED)
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise NotFound(Invitation._meta.verbose_name)
    return cast(VisibleInvitation, invitation)  # with the flags of ``visible_invitations``
