"""Unavailability writes: periods when a person cannot attend."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.core.audit import audited
from collegium.core.exceptions import ValidationError
from collegium.core.services import assign_fields
from collegium.events.models import Unavailability

MANAGED_FIELDS = frozenset({"id", "created_at"})


def _check(actor, unavailability: Unavailability) -> None:
    if unavailability.owner_id is None:
        raise ValidationError({"owner": _("Choose the organization that keeps this record.")})
    access.require_role(actor, unavailability.owner_id, "editor")
    unavailability.full_clean()
    access.check_reference_visibility(unavailability)


def unavailability_create(*, actor, data: dict[str, Any]) -> Unavailability:
    """Record that a person is unavailable from ``start_date`` to ``end_date`` (inclusive)."""
    unavailability = Unavailability()
    assign_fields(unavailability, data, managed=MANAGED_FIELDS)
    unavailability.created_at = timezone.now()
    _check(actor, unavailability)
    with audited(actor=actor, action="unavailability.create", instance=unavailability):
        unavailability.save(force_insert=True)
    return unavailability


def unavailability_update(
    *, actor, unavailability: Unavailability, data: dict[str, Any]
) -> Unavailability:
    """Change a period; moving it to another owner needs the editor role there too."""
    access.require_change(actor, unavailability)
    with audited(actor=actor, action="unavailability.update", instance=unavailability):
        assign_fields(unavailability, data, managed=MANAGED_FIELDS)
        _check(actor, unavailability)
        unavailability.save()
    return unavailability


def unavailability_delete(*, actor, unavailability: Unavailability) -> None:
    access.require_change(actor, unavailability)
    with audited(actor=actor, action="unavailability.delete", instance=unavailability):
        unavailability.delete()
