"""Who may do what with tasks: one rule per step.

The parties to a document turn its provisions into tasks and keep them (the
managers for a party, ``decisions.policy``).  Only the responsible party
reports progress: the lead organization or a co-executing one, through its
own secretariat's editors or managers (``access.acts_for``).  The site
administrator keeps records but reports for no party.
"""

from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.core.policy import ALLOWED, Decision, deny
from collegium.decisions.models import Document
from collegium.decisions.policy import acts_for_a_party
from collegium.execution.models import Task
from collegium.registry.models import Organization

REPORTING_ROLE = "editor"


def _parties(document: Document) -> list[Organization]:
    return [link.organization for link in document.party_links.all()]


def can_create(user: AnyUser, document: Document) -> Decision:
    """Allow a manager for one of the document's parties to make tasks of its provisions."""
    if acts_for_a_party(user, _parties(document)):
        return ALLOWED
    return deny(_("Only a manager for one of the document's parties creates its tasks."))


def can_edit(user: AnyUser, task: Task) -> Decision:
    """Allow the managers for the parties to the task's document to change and move the task."""
    if acts_for_a_party(user, _parties(task.document)):
        return ALLOWED
    return deny(_("Only the managers of the document's parties change its tasks."))


def responsible_parties(task: Task) -> list[Organization]:
    """Return the lead organization, then the co-executing ones."""
    return [task.lead, *task.co_executors.all()]


def can_report(user: AnyUser, task: Task) -> Decision:
    """Allow the responsible party (the lead or a co-executor) to report progress."""
    if reporting_party(user, task) is not None:
        return ALLOWED
    return deny(
        _(
            "Only the responsible party (the lead organization or a co-executing one) "
            "reports progress on a task."
        )
    )


def reporting_party(user: AnyUser, task: Task) -> Organization | None:
    """Return the responsible party the user reports for (the lead first), or None."""
    for party in responsible_parties(task):
        if access.acts_for(user, party, REPORTING_ROLE):
            return party
    return None
