"""The signatures' part of the permission matrix (``collegium.testing.permissions``).

Both reads follow the generic rules: the authority is public, an
organization's signatory is read by whoever may see the organization.
"""

from collegium.signatures import services
from collegium.testing.permissions import NO_OBJECT, RETRIEVE, Operation

OPERATIONS = {
    "signatures_authority_get": Operation(RETRIEVE, objects=(NO_OBJECT,)),
    "signatures_organization_signatory": Operation(RETRIEVE, "organization"),
}


def build(world) -> None:
    """Create the installation's certificate authority."""
    services.keys_init(actor=None)
