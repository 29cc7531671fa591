"""Template helpers of the access layer: whom the signed-in user works for."""

from django import template

from collegium.access.rules import AnyUser, own_organizations
from collegium.registry.models import Organization

register = template.Library()


@register.simple_tag
def user_organizations(user: AnyUser) -> list[Organization]:
    """Return the user's organizations, named in the reader's language (``{{ org.name }}``)."""
    return own_organizations(user)
