"""Reads for the reciprocity report: the invitations a user may see, as the engine's facts.

The pure engine (``events.reciprocity``) counts and renders; this module loads
what it counts, filtered by visibility, in a constant number of queries, and
holds the rules of a valid period shared by the page and the API.
"""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from collegium.access.rules import AnyUser, filter_visible
from collegium.core.i18n import CONTENT_LANGUAGES
from collegium.events.invitations.selectors import invitations_visible_to
from collegium.events.models import Invitation, InvitationStatus
from collegium.events.reciprocity.engine import (
    InvitationFact,
    Org,
    Report,
    reciprocity_report,
)
from collegium.registry.models import Organization

# Years outside the calendar's range are typing mistakes (2205 for 2025).
FIRST_YEAR, LAST_YEAR = 1900, 2200


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """Return the last twelve months up to ``today``, both ends included."""
    if today.year == dt.MINYEAR:
        return today, today  # no year before it; the period rules refuse the year anyway
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28)
    return start, today


def period_errors(start: dt.date, end: dt.date) -> dict[str, str]:
    """Return {field: message} of what is wrong with the period; empty if it is valid."""
    errors = {}
    for field, value in (("start", start), ("end", end)):
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            errors[field] = _("Choose a year between %(first)s and %(last)s.") % {
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
    if errors:
        return errors
    if end < start:
        errors["end"] = _("The end of the period is before its start.")
    return errors


def organization_as_org(organization: Organization) -> Org:
    """Return the report's view of an organization: slug, acronym (or name), name."""
    name = organization.name
    return Org(key=organization.slug, acronym=organization.acronym or name, name=name)


def _counted_invitations(user: AnyUser) -> QuerySet[Invitation]:
    """Return the invitations the user may see (to events the user may see, by that rule)."""
    return invitations_visible_to(user)


# The columns an ``Org`` is built from, in every content language.
_ORG_FIELDS = (
    "slug",
    *(f"{base}_{lang}" for base in ("name", "acronym") for lang in CONTENT_LANGUAGES),
)


def reciprocity_facts(
    *, user: AnyUser, start: dt.date, end: dt.date, organization: str = ""
) -> list[InvitationFact]:
    """Return the facts of the visible invitations to events starting in [start, end].

    Drafts are facts too, not sent: they invite nobody but show that their
    organizer held a covered event (``engine.reciprocity_report``).  An event
    falls in the period by its first day, in the host's calendar.
    ``organization`` (a slug) keeps the invitations it sent or received.  One
    query, whatever the number of invitations and organizations.
    """
    invitations = _counted_invitations(user).filter(
        event__start_date__gte=start, event__start_date__lte=end
    )
    if organization:
        invitations = invitations.filter(
            Q(inviting_organization__slug=organization) | Q(invitee_organization__slug=organization)
        )
    invitations = (
        invitations.select_related("event", "inviting_organization", "invitee_organization")
        .only(
            "status",
            "event__start_date",
            *(f"inviting_organization__{field}" for field in _ORG_FIELDS),
            *(f"invitee_organization__{field}" for field in _ORG_FIELDS),
        )
        .order_by()
    )
    orgs: dict[int, Org] = {}

    def org(organization: Organization) -> Org:
        if organization.pk not in orgs:
            orgs[organization.pk] = organization_as_org(organization)
        return orgs[organization.pk]

    facts = []
    for invitation in invitations:
        event_date = invitation.event.start_date
        if event_date is None:  # never: the period filter keeps dated events only
            continue
        facts.append(
            InvitationFact(
                inviter=org(invitation.inviting_organization),
                invitee=org(invitation.invitee_organization),
                event_date=event_date,
                sent=invitation.status != InvitationStatus.DRAFT,
                attended=invitation.status == InvitationStatus.ATTENDED,
            )
        )
    return facts


def reciprocity_report_visible_to(
    *, user: AnyUser, start: dt.date, end: dt.date, organization: Org | None = None
) -> Report:
    """Return the report of the invitations the user may see (the filtered organization a node)."""
    facts = reciprocity_facts(
        user=user, start=start, end=end, organization=organization.key if organization else ""
    )
    return reciprocity_report(
        facts,
        start=start,
        end=end,
        organizations=[organization] if organization else (),
    )


def reciprocity_organizations_visible_to(user: AnyUser) -> list[Org]:
    """Return the organizations that sent or received a visible invitation, by acronym."""
    invitations = _counted_invitations(user).exclude(status=InvitationStatus.DRAFT)
    organizations = filter_visible(
        Organization.objects.filter(
            Q(pk__in=invitations.values("inviting_organization"))
            | Q(pk__in=invitations.values("invitee_organization"))
        ),
        user,
    ).only(*_ORG_FIELDS)
    return sorted(
        (organization_as_org(organization) for organization in organizations),
        key=lambda org: (org.acronym, org.key),
    )
