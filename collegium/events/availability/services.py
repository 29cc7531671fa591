"""Unavailability writes: periods when a person cannot attend.

Written by the generic owned-record services (``core.services``) with the
availability policy: the editors of the record's owner.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.core.services import record_create, record_delete, record_update
from collegium.events.availability import policy
from collegium.events.models import Unavailability

MANAGED_FIELDS = frozenset({"id", "created_at"})
OWNER_REQUIRED = _("Choose the organization that keeps this record.")


def _check(actor: AnyUser, unavailability: Unavailability) -> None:
    access.check_reference_visibility(unavailability)


def unavailability_create(*, actor: AnyUser, data: dict[str, Any]) -> Unavailability:
    """Record that a person is unavailable from ``start_date`` to ``end_date`` (inclusive)."""
    return record_create(
        actor=actor,
        model=Unavailability,
        data=data,
        may_change=policy.can_change,
        check=_check,
        managed=MANAGED_FIELDS,
        initial={"created_at": timezone.now()},
        owner_required=OWNER_REQUIRED,
    )


def unavailability_update(
    *, actor: AnyUser, unavailability: Unavailability, data: dict[str, Any]
) -> Unavailability:
    """Change a period; moving it to another owner needs the editor role there too."""
    return record_update(
        actor=actor,
        instance=unavailability,
        data=data,
        may_change=policy.can_change,
        check=_check,
        managed=MANAGED_FIELDS,
        owner_required=OWNER_REQUIRED,
    )


def unavailability_delete(*, actor: AnyUser, unavailability: Unavailability) -> None:
    record_delete(actor=actor, instance=unavailability, may_change=policy.can_change)
