"""Who may do what with arrangements, motions, accessions and consents: one rule per step.

An arrangement binds sovereign parties, so nothing binds a party without its
consent.  An organization speaks through its secretariat (the owner of its
record, ``access.acts_for``): its editors put steps in its name (propose,
move, propose an accession), its managers commit it (consent, withdraw).
The owner is itself a party (the services check it); its editors draw up and
change the record and put it to the parties.

The site administrator keeps the records (creates and corrects arrangements,
as any record) but does not act for an organization: no proposal, motion,
consent or withdrawal in a party's name, unless the administrator also holds
the role in that party's secretariat.

Whether the record's status allows the step now is the service's (and the
workflow's) question.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.core.policy import ALLOWED, Decision, deny
from collegium.events.arrangements.selectors import owner_link
from collegium.events.models import Accession, Arrangement, ArrangementMotion, ArrangementStatus
from collegium.registry.models import Organization


def can_change(user: AnyUser, arrangement: Arrangement) -> Decision:
    """Allow the editors of the arrangement's owner (and site administrators): create, change."""
    return access.can_change(user, arrangement)


def can_create(user: AnyUser) -> Decision:
    """Allow a user who edits for some organization: a draft needs an owner they edit for."""
    ids = access.editable_owner_ids(user)
    if ids is None or ids:
        return ALLOWED
    return deny(_("Only editors of an organization, itself a party, draw up an arrangement."))


def can_edit_draft(user: AnyUser, arrangement: Arrangement) -> Decision:
    """Allow ``can_change`` on a draft: once put to the parties, its terms change by consent."""
    decision = can_change(user, arrangement)
    if decision and arrangement.status != ArrangementStatus.DRAFT:
        return deny(
            _(
                "An arrangement is edited here only while it is a draft: once put to the "
                "parties, its terms change by their consent."
            )
        )
    return decision


def _acts_for_owner(user: AnyUser, arrangement: Arrangement, minimum: str) -> bool:
    return access.acts_for_id(user, arrangement.owner_id, minimum)


def can_propose(user: AnyUser, arrangement: Arrangement) -> Decision:
    """Allow the owner's editors to put a draft to the parties (it binds no one yet)."""
    if _acts_for_owner(user, arrangement, "editor"):
        return ALLOWED
    return deny(
        _(
            "Only editors of the arrangement's owner, itself a party, put it to the parties; "
            "it comes into force when every party has consented."
        )
    )


def is_current_party(arrangement: Arrangement, party: Organization) -> bool:
    """Whether ``party`` is bound by the arrangement today (its party links loaded)."""
    today = timezone.localdate()
    return any(
        link.organization_id == party.pk and link.is_current(today)
        for link in arrangement.party_links.all()
    )


def _not_a_party(party: Organization) -> Decision:
    return deny(
        _("%(party)s is not a party to this arrangement; only its parties act on it.")
        % {"party": party}
    )


def _party_move(
    user: AnyUser, arrangement: Arrangement, party: Organization, rule: str
) -> Decision:
    if not access.acts_for(user, party, "editor"):
        return deny(rule % {"party": party})
    if not is_current_party(arrangement, party):
        return _not_a_party(party)
    return ALLOWED


def can_move_suspension(user: AnyUser, arrangement: Arrangement, party: Organization) -> Decision:
    """Allow the editors for a current party to move that the arrangement be suspended."""
    return _party_move(
        user,
        arrangement,
        party,
        _(
            "Only editors for %(party)s move in its name; suspending an arrangement needs "
            "the consent of every party."
        ),
    )


def can_move_resumption(user: AnyUser, arrangement: Arrangement, party: Organization) -> Decision:
    """Allow the editors for a current party to move that a suspended arrangement be resumed."""
    return _party_move(
        user,
        arrangement,
        party,
        _(
            "Only editors for %(party)s move in its name; resuming an arrangement binds "
            "the parties again and needs the consent of every party."
        ),
    )


def can_terminate(user: AnyUser, arrangement: Arrangement, party: Organization) -> Decision:
    """Allow the owner's editors to end a draft or proposal; a party's to move to end one in force.

    A draft or a proposal binds no one, so its owner ends it alone; an
    arrangement in force or suspended ends with every remaining party's consent.
    """
    if arrangement.status in {ArrangementStatus.DRAFT, ArrangementStatus.PROPOSED}:
        owner = owner_link(arrangement)
        if (
            _acts_for_owner(user, arrangement, "editor")
            and owner is not None
            and owner.organization_id == party.pk
        ):
            return ALLOWED
        return deny(
            _(
                "Only editors of the arrangement's owner abandon its draft or proposal, "
                "in the name of the owner's party."
            )
        )
    return _party_move(
        user,
        arrangement,
        party,
        _(
            "Only editors for %(party)s move in its name; terminating an arrangement needs "
            "the consent of every remaining party."
        ),
    )


def can_withdraw_motion(user: AnyUser, motion: ArrangementMotion) -> Decision:
    """Allow the editors for the party that put the motion to withdraw it."""
    if access.acts_for(user, motion.moved_by, "editor"):
        return ALLOWED
    return deny(
        _("Only editors for %(party)s, which put the motion, withdraw it.")
        % {"party": motion.moved_by}
    )


def can_withdraw_party(user: AnyUser, arrangement: Arrangement, party: Organization) -> Decision:
    """Allow the managers for a current party to withdraw it, and no other party."""
    if not access.acts_for(user, party, "manager"):
        return deny(
            _("Only a manager for %(party)s withdraws it; a party does not withdraw another.")
            % {"party": party}
        )
    if not is_current_party(arrangement, party):
        return _not_a_party(party)
    return ALLOWED


def can_propose_accession(user: AnyUser, proposed_by: Organization) -> Decision:
    """Allow the editors for the proposing organization to propose in its name."""
    if access.acts_for(user, proposed_by, "editor"):
        return ALLOWED
    return deny(
        _("Only editors for %(organization)s propose in its name.") % {"organization": proposed_by}
    )


def can_record_consent(user: AnyUser, party: Organization, *, asked: bool = True) -> Decision:
    """Allow the managers for ``party`` to record its consent, and no one else's.

    ``asked``: whether the question (an accession, a motion) asks ``party`` at all.
    """
    if not access.acts_for(user, party, "manager"):
        return deny(
            _(
                "Only a manager for %(party)s records its consent; a party does not consent "
                "for another."
            )
            % {"party": party}
        )
    if not asked:
        return deny(
            _("%(party)s is not asked to consent to this; only the parties it binds consent.")
            % {"party": party}
        )
    return ALLOWED


def can_withdraw_accession(user: AnyUser, accession: Accession) -> Decision:
    """Allow the editors for the newcomer or for its proposer; the parties refuse instead.

    The owner alone does not withdraw another's accession: the parties end it
    by their consents (one refusal is enough).
    """
    if access.acts_for(user, accession.organization, "editor") or access.acts_for(
        user, accession.proposed_by, "editor"
    ):
        return ALLOWED
    return deny(
        _(
            "Only editors for the new party or for its proposer withdraw an accession; "
            "a party that objects refuses its consent."
        )
    )
