"""One door per registry entity: return the object or raise ``NotFound``."""

from django.utils.translation import gettext as _

from collegium.access.rules import get_visible
from collegium.core.exceptions import NotFound, ValidationError
from collegium.registry.models import Membership, Organization, Person, Post, State, Tenure
from collegium.registry.selectors import visible_organization


def access_state_by_code(user, code: str) -> State:
    return get_visible(State.objects.all(), user, code=code)


def access_organization_by_slug(user, slug: str) -> Organization:
    organization = visible_organization(user, slug)
    if organization is None:
        raise NotFound(Organization._meta.verbose_name)
    return organization


def access_membership_by_id(user, membership_id: int) -> Membership:
    return get_visible(
        Membership.objects.select_related("organization", "member_state", "member_organization"),
        user,
        pk=membership_id,
    )


def access_post_by_slug(user, slug: str) -> Post:
    return get_visible(Post.objects.select_related("organization"), user, slug=slug)


def access_person_by_slug(user, slug: str) -> Person:
    return get_visible(Person.objects.all(), user, slug=slug)


def access_tenure_by_id(user, tenure_id: int) -> Tenure:
    return get_visible(
        Tenure.objects.select_related("person", "post", "post__organization"), user, pk=tenure_id
    )


def organization_for_field(user, slug: str, field: str) -> Organization:
    """Return the visible organization a request field names, or refuse the field (422)."""
    found = visible_organization(user, slug)
    if found is None:
        raise ValidationError({field: _("Unknown organization: “%(key)s”.") % {"key": slug}})
    return found
