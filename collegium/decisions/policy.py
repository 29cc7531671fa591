"""Who may do what with documents: one rule per step.

A document binds its parties, so only the parties act on it, each through
its own secretariat's managers (``access.acts_for``): they draw it up, edit
it, agree its text in their party's name, and bring it into force.  The site
administrator keeps records but does not act for a party.  Whether the
document's status allows the step now is the workflow's question (and the
services').
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.core.policy import ALLOWED, Decision, deny
from collegium.decisions.models import Document
from collegium.registry.models import Organization
from collegium.signatures import policy as signatures_policy


def _party_organizations(document: Document) -> list[Organization]:
    return [link.organization for link in document.party_links.all()]


def acts_for_a_party(user: AnyUser, parties: Iterable[Organization]) -> bool:
    return any(access.acts_for(user, party, "manager") for party in parties)


def can_create(user: AnyUser, parties: Iterable[Organization]) -> Decision:
    """Allow a manager for one of the document's parties to draw it up."""
    if acts_for_a_party(user, parties):
        return ALLOWED
    return deny(_("Only a manager for one of its parties draws up a document."))


def can_edit(user: AnyUser, document: Document) -> Decision:
    """Allow the managers for the document's parties to change its text and structure."""
    if acts_for_a_party(user, _party_organizations(document)):
        return ALLOWED
    return deny(_("Only the managers of the document's parties edit it."))


def is_party(document: Document, party: Organization) -> bool:
    return any(link.organization_id == party.pk for link in document.party_links.all())


AGREEING_ROLE = "manager"


def agreeing_secretariat_ids(user: AnyUser) -> set[int]:
    """Return the secretariats (record owners) in whose parties' name the user agrees texts."""
    return {
        organization_id
        for organization_id in access.own_organization_ids(user)
        if access.acts_for_id(user, organization_id, AGREEING_ROLE)
    }


def can_agree(user: AnyUser, document: Document, party: Organization) -> Decision:
    """Allow a manager for ``party``, a party to the document, to agree its text (or withdraw)."""
    if not access.acts_for(user, party, AGREEING_ROLE):
        return deny(
            _(
                "Only a manager for %(party)s agrees the text in its name; "
                "a party does not agree for another."
            )
            % {"party": party}
        )
    if not is_party(document, party):
        return deny(
            _("%(party)s is not a party to this document; only its parties agree it.")
            % {"party": party}
        )
    return ALLOWED


def can_mark_signed(user: AnyUser, document: Document) -> Decision:
    """Allow the managers for the parties to record the signature (the signing itself aside)."""
    if acts_for_a_party(user, _party_organizations(document)):
        return ALLOWED
    return deny(_("Only the managers of the document's parties record its signature."))


def can_bring_into_force(user: AnyUser, document: Document) -> Decision:
    """Allow the managers for the parties to record that the signed document is in force."""
    if acts_for_a_party(user, _party_organizations(document)):
        return ALLOWED
    return deny(_("Only the managers of the document's parties bring it into force."))


def can_amend(user: AnyUser, document: Document) -> Decision:
    """Allow the managers for the parties to open an amending draft of a signed document."""
    if acts_for_a_party(user, _party_organizations(document)):
        return ALLOWED
    return deny(_("Only the managers of the document's parties draw up its amendment."))


def can_expire(user: AnyUser, document: Document) -> Decision:
    """Allow the managers for the parties to record that the document has expired."""
    if acts_for_a_party(user, _party_organizations(document)):
        return ALLOWED
    return deny(_("Only the managers of the document's parties record its expiry."))


def can_sign(user: AnyUser, document: Document, party: Organization, on_date) -> Decision:
    """Allow the authorized signatory of ``party``, a party to the document, on ``on_date``.

    The signatory is the holder, that day, of the post the party designates,
    through the account linked to them (``signatures.policy.can_sign``):
    not its managers, not a viewer, not the other party's signatory.
    """
    if not is_party(document, party):
        return deny(
            _("%(party)s is not a party to this document; only its parties sign it.")
            % {"party": party}
        )
    return signatures_policy.can_sign(user, party, on_date)


def can_circulate(user: AnyUser, document: Document) -> Decision:
    """Allow the managers for the parties to circulate draft minutes to the parties."""
    if acts_for_a_party(user, _party_organizations(document)):
        return ALLOWED
    return deny(_("Only the managers of the document's parties circulate its minutes."))


COMMENTING_ROLE = "editor"


def can_comment(user: AnyUser, document: Document, party: Organization) -> Decision:
    """Allow the editors and managers of ``party``'s secretariat to comment in its name.

    Each party comments through its own staff; no organization comments in
    another's name, and a viewer reads the comments without writing one.
    """
    if not access.acts_for(user, party, COMMENTING_ROLE):
        return deny(
            _(
                "Only an editor or a manager for %(party)s comments in its name; "
                "a party does not comment for another."
            )
            % {"party": party}
        )
    if not is_party(document, party):
        return deny(
            _("%(party)s is not a party to these minutes; only their parties comment on them.")
            % {"party": party}
        )
    return ALLOWED


def commenting_parties(user: AnyUser, document: Document) -> list[Organization]:
    """Return the document's parties in whose name the user may comment."""
    return [party for party in _party_organizations(document) if can_comment(user, document, party)]
