"""Signatures endpoints: the installation's certificate authority, an organization's signatory.

Signing itself happens where the signed thing lives (a document's page and
API, in ``decisions``), which hands its canonical bytes to the services.
"""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from collegium.access import rules as access
from collegium.core.api.errors import may_answer
from collegium.core.api.schemas import Date, Text
from collegium.core.exceptions import NotFound
from collegium.registry.access import access_organization_by_slug
from collegium.signatures import policy, selectors
from collegium.signatures.models import SigningAuthority
from collegium.signatures.schemas import AuthoritySchema, SignatorySchema

router = Router(tags=["signatures"])


@router.get(
    "/authority",
    response=AuthoritySchema,
    operation_id="signatures_authority_get",
    openapi_extra=may_answer(404),
)
def authority(request: HttpRequest) -> SigningAuthority:
    """Return the certificate authority that issues the signatories' certificates (public)."""
    current = selectors.current_authority()
    if current is None:
        raise NotFound(SigningAuthority._meta.verbose_name)
    return current


@router.get(
    "/organizations/{slug}/signatory",
    response=SignatorySchema,
    operation_id="signatures_organization_signatory",
)
def signatory(request: HttpRequest, slug: Text, on: Date | None = None) -> dict[str, Any]:
    """Return who signs for the organization on ``on`` (today), and whether the caller may.

    The person is null when nobody holds the designated post that day or the
    caller may not see the tenure; the post is null when none is designated.
    ``reason`` names the rule when the caller may not sign.
    """
    organization = access_organization_by_slug(request.user, slug)
    on = on or timezone.localdate()
    post = selectors.designated_post(organization)
    holder = selectors.holder_of_post(post, on) if post is not None else None
    visible = holder is not None and access.can_view(request.user, holder.tenure)
    decision = policy.can_sign(request.user, organization, on)
    reason = str(decision.reason) if not decision.allowed else _("You may sign.")
    if not decision.allowed and holder is not None and not visible:
        # The refusal names the holder, whom this caller may not see.
        reason = _("Only the authorized signatory signs for %(organization)s.") % {
            "organization": organization
        }
    return {
        "organization": organization.slug,
        "on": on,
        "post": {"slug": post.slug, "label": post.label} if post is not None else None,
        "person": {"slug": holder.person.slug, "name": holder.person.name}
        if holder is not None and visible
        else None,
        "can_sign": decision.allowed,
        "reason": reason,
    }
