"""Who may do what with arrangements, accessions and consents.

The owner's editors draw up, change and move an arrangement.  An organization
speaks through its secretariat (the owner of its record, ``access.speaks_for``):
its editors propose an accession in its name, its managers record its consent.
Whether the record's status allows the step now is the service's (and the
workflow's) question.
"""

from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.core.policy import ALLOWED, Decision, deny
from collegium.events.models import Accession, Arrangement
from collegium.registry.models import Organization


def can_change(user: AnyUser, arrangement: Arrangement) -> Decision:
    """Allow the editors of the arrangement's owner: create, change and move it."""
    return access.can_change(user, arrangement)


def can_propose_accession(user: AnyUser, proposed_by: Organization) -> Decision:
    """Allow the editors for the proposing organization to propose in its name."""
    if access.speaks_for(user, proposed_by, "editor"):
        return ALLOWED
    return deny(
        _("Only editors for %(organization)s propose in its name.") % {"organization": proposed_by}
    )


def can_record_consent(user: AnyUser, party: Organization) -> Decision:
    """Allow the managers for ``party`` to record its consent, and no one else's."""
    if access.speaks_for(user, party, "manager"):
        return ALLOWED
    return deny(
        _("Only a manager for %(party)s records its consent; a party does not consent for another.")
        % {"party": party}
    )


def can_withdraw_accession(user: AnyUser, accession: Accession) -> Decision:
    """Allow the editors for the proposer or for the arrangement's owner."""
    if access.speaks_for(user, accession.proposed_by, "editor") or access.has_role(
        user, accession.arrangement.owner_id, "editor"
    ):
        return ALLOWED
    return deny(_("Only editors for the proposer or for the arrangement's owner withdraw it."))
