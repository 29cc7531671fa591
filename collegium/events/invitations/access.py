"""One door per invitation: return it or raise ``NotFound``."""

from collegium.core.exceptions import NotFound
from collegium.events.invitations.selectors import INVITATION_RELATED, visible_invitations
from collegium.events.models import Invitation


def access_invitation_by_id(user, invitation_id: int) -> Invitation:
    """Return the invitation the user may see, or raise ``NotFound`` (missing or hidden alike)."""
    invitation = (
        visible_invitations(user)
        .select_related(*INVITATION_RELATED)
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise NotFound(Invitation._meta.verbose_name)
    return invitation
