"""One door per arrangement, motion and accession: return it or raise ``NotFound``."""

from collegium.access.rules import AnyUser
from collegium.core.exceptions import NotFound
from collegium.events.arrangements.selectors import party_links_prefetch, visible_arrangements
from collegium.events.models import Accession, Arrangement, ArrangementMotion


def access_arrangement_by_slug(user: AnyUser, slug: str) -> Arrangement:
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


def access_accession_by_id(user: AnyUser, accession_id: int) -> Accession:
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


def access_motion_by_id(user: AnyUser, motion_id: int) -> ArrangementMotion:
    """Return the motion if the user may see its arrangement, else raise ``NotFound``."""
    motion = (
        ArrangementMotion.objects.filter(arrangement__in=visible_arrangements(user).values("pk"))
        .select_related("arrangement", "arrangement__owner", "moved_by")
        .prefetch_related("arrangement__party_links__organization")
        .filter(pk=motion_id)
        .first()
    )
    if motion is None:
        raise NotFound(ArrangementMotion._meta.verbose_name)
    return motion
