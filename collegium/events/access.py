"""One door per events entity: return the object or raise ``NotFound``."""

from django.utils.translation import gettext as _

from collegium.core.exceptions import NotFound, ValidationError
from collegium.registry.models import Organization
from collegium.registry.selectors import visible_organization

from .models import Accession, Arrangement, Event, Invitation
from .selectors import (
    INVITATION_RELATED,
    party_links_prefetch,
    visible_arrangements,
    visible_events,
    visible_invitations,
)


def access_event_by_slug(user, slug: str) -> Event:
    """Return the event the user may see, or raise ``NotFound`` (missing or hidden alike)."""
    event = (
        visible_events(user)
        .select_related("host_state", "body", "owner")
        .prefetch_related("organizers")
        .filter(slug=slug)
        .first()
    )
    if event is None:
        raise NotFound(Event._meta.verbose_name)
    return event


def access_arrangement_by_slug(user, slug: str) -> Arrangement:
    """Return the arrangement the user may see, or raise ``NotFound`` (missing or hidden alike)."""
    arrangement = (
        visible_arrangements(user)
        .select_related("owner", "inviting_party")
        .prefetch_related(party_links_prefetch())
        .filter(slug=slug)
        .first()
    )
    if arrangement is None:
        raise NotFound(Arrangement._meta.verbose_name)
    return arrangement


def access_accession_by_id(user, accession_id: int) -> Accession:
    """Return the accession if the user may see its arrangement, else raise ``NotFound``."""
    accession = (
        Accession.objects.filter(arrangement__in=visible_arrangements(user).values("pk"))
        .select_related("arrangement", "arrangement__owner", "organization", "proposed_by")
        .filter(pk=accession_id)
        .first()
    )
    if accession is None:
        raise NotFound(Accession._meta.verbose_name)
    return accession


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


def organization_for_field(user, slug: str, field: str) -> Organization:
    """Return the visible organization a request field names, or refuse the field (422)."""
    found = visible_organization(user, slug)
    if found is None:
        raise ValidationError({field: _("Unknown organization: “%(key)s”.") % {"key": slug}})
    return found
