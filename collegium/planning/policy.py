"""Who may edit, solve and approve a plan of consultations: the services enforce it, the pages
offer the forms by it.

A plan is the common work of its parties (the ministries): the managers of any party edit
its requests and blackouts and run the solver; a user speaks for a party with the manager
role in the party itself, in its record's owner or in its parent.  Approval turns the plan
into calendar events owned by the plan's owner, so it needs a manager of the owner; it also
draws up the plan's document in the parties' name, so it needs who may write that document
(``decisions.policy``): a site administrator keeps the records and may do the rest, but does
not approve a plan for a party.
"""

from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.accounts.models import Affiliation
from collegium.core.policy import ALLOWED, Decision, deny
from collegium.decisions import policy as document_policy
from collegium.planning.models import ConsultationPlan, PlanStatus
from collegium.registry.models import Organization

ROLE = "manager"


def speaks_for_party(user: AnyUser, organization: Organization) -> bool:
    """Whether the user is a manager for ``organization``: in it, its owner or its parent."""
    if access.is_site_admin(user):
        return True
    return any(
        access.has_role(user, org_id, ROLE)
        for org_id in {organization.pk, organization.owner_id, organization.parent_id}
        if org_id is not None
    )


def can_create(user: AnyUser) -> Decision:
    """Allow a manager of some organization (which parties, the service asks ``can_edit``)."""
    if access.is_site_admin(user):
        return ALLOWED
    if (
        user is not None
        and user.is_authenticated
        and Affiliation.objects.filter(user=user, role=ROLE).exists()
    ):
        return ALLOWED
    return deny(_("Only managers of the ministries draw up a plan of consultations."))


def can_draw_up(user: AnyUser, plan: ConsultationPlan, parties) -> Decision:
    """Allow the managers of the new plan's owner, itself one of the parties."""
    if access.is_site_admin(user) or speaks_for_party(user, plan.owner):
        return can_edit(user, plan, parties)
    return deny(_("A plan is drawn up by managers of its owner."))


def can_edit(user: AnyUser, plan: ConsultationPlan, parties=None) -> Decision:
    """Allow the managers of any of the plan's parties (``parties``: as about to be set)."""
    members = list(parties) if parties is not None else list(plan.parties.all())
    if access.is_site_admin(user) or any(speaks_for_party(user, p) for p in members):
        return ALLOWED
    return deny(_("Only managers of the plan's parties edit and solve it."))


def can_change_requests(user: AnyUser, plan: ConsultationPlan) -> Decision:
    """Allow ``can_edit``, while the plan is a draft (an agreed plan is reopened first)."""
    decision = can_edit(user, plan)
    if not decision:
        return decision
    if plan.status != PlanStatus.DRAFT:
        return deny(_("The plan is no longer a draft; reopen it to change its requests."))
    return ALLOWED


def can_approve(user: AnyUser, plan: ConsultationPlan) -> Decision:
    """Allow the managers of the plan's owner (the events become the owner's records)."""
    decision = can_edit(user, plan)
    if not decision:
        return decision
    if not (access.is_site_admin(user) or speaks_for_party(user, plan.owner)):
        return deny(_("Only managers of the plan's owner approve it into the calendar."))
    if plan.document_id is not None and plan.document is not None:
        return document_policy.can_edit(user, plan.document)
    return document_policy.can_create(user, plan.parties.all())
