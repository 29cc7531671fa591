"""Who may change a meeting's agenda and its delegations: the services enforce it, the page
offers the forms by it.

An organizer of a joint collegium is a body (``mfa-ru-collegium``) whose parent
ministry (``mfa-ru``) also keeps its record (the owner); the people who work
for it hold their roles in the ministry's secretariat.  So a user speaks for
an organizer with a role in the organizer itself, in its record's owner or in
its parent (``speaks_for_party``).

- The agenda is the organizers' common text: the managers of any organizer
  change it.
- A delegation is its party's own: only that party's managers compose it; no
  organization edits another's delegation.

A site administrator keeps the records (as with any record) and may do both.
"""

from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.core.policy import ALLOWED, Decision, deny
from collegium.decisions import policy as decisions_policy
from collegium.events.models import Event
from collegium.meetings.models import MEETING_KINDS, Delegation
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


def has_agenda(event: Event) -> Decision:
    """Allow an event of a meeting kind (``MEETING_KINDS``) to have an agenda and delegations."""
    if event.kind in MEETING_KINDS:
        return ALLOWED
    return deny(
        _("An event of the kind “%(kind)s” has no agenda or delegations.")
        % {"kind": event.get_kind_display()}
    )


def can_edit_agenda(user: AnyUser, event: Event) -> Decision:
    """Allow the managers of any organizer of the meeting (organizers read as loaded)."""
    kind = has_agenda(event)
    if not kind:
        return kind
    if any(speaks_for_party(user, organizer) for organizer in event.organizers.all()):
        return ALLOWED
    return deny(_("Only managers of the meeting's organizers change its agenda."))


def can_edit_delegation(user: AnyUser, event: Event, organization: Organization) -> Decision:
    """Allow only the managers of the delegation's own party; no party edits another's."""
    kind = has_agenda(event)
    if not kind:
        return kind
    if speaks_for_party(user, organization):
        return ALLOWED
    return deny(
        _(
            "Only managers of %(party)s compose its delegation; a party does not edit "
            "another's delegation."
        )
        % {"party": organization}
    )


def can_edit_delegation_record(user: AnyUser, delegation: Delegation) -> Decision:
    """Return ``can_edit_delegation`` for a loaded delegation."""
    return can_edit_delegation(user, delegation.meeting, delegation.organization)


def can_draw_up_minutes(user: AnyUser, event: Event) -> Decision:
    """Allow a manager for one of the meeting's organizers to draw up its minutes.

    The minutes are a document among the organizers, so the documents' rule
    decides (``decisions.policy.can_create``: a manager acting for a party).
    """
    if event.kind != "joint_collegium":
        return deny(
            _("Only a joint meeting of collegia has minutes, not %(kind)s.")
            % {"kind": event.get_kind_display()}
        )
    return decisions_policy.can_create(user, event.organizers.all())
