"""The signatures on the registry's pages (``core.panels``): who signs for an organization
today, and a person's signing keys (their public fingerprints)."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from collegium.access import rules as access
from collegium.core.panels import register_panel
from collegium.registry.models import Organization, Person
from collegium.signatures.models import SigningKey
from collegium.signatures.selectors import designated_post, holder_of_post


def organization_signatory(request: HttpRequest, organization: Organization) -> dict[str, Any]:
    """Return the designated post and its holder today (if the viewer may see the tenure)."""
    post = designated_post(organization)
    if post is None:
        return {"post": None, "person": None}
    signatory = holder_of_post(post, timezone.localdate())
    visible = signatory is not None and access.can_view(request.user, signatory.tenure)
    return {"post": post, "person": signatory.person if visible and signatory else None}


def person_keys(request: HttpRequest, person: Person) -> dict[str, Any]:
    """Return the person's signing keys, newest first: fingerprints and dates, public data."""
    return {"keys": list(SigningKey.objects.filter(person=person).order_by("-created_at"))}


register_panel(
    page="registry.organization",
    name="signatory",
    template="signatures/_organization_signatory.html",
    context=organization_signatory,
    slot="side",
    depends_on=("signatures",),
)
register_panel(
    page="registry.person",
    name="signing-keys",
    template="signatures/_person_keys.html",
    context=person_keys,
    slot="side",
    depends_on=("signatures",),
)
