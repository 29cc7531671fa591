"""Unavailability periods of persons: the writes, the reads and the door.

A secretariat records the days a person cannot attend events (see
``models.Unavailability`` for why periods of unavailability rather than
windows of availability).  The record is owned by the organization that
keeps it, usually the one that owns the person's record; its editors
change it.  The protocol checks compare invitations with these periods.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.core import access
from collegium.core.access import filter_visible
from collegium.core.audit import audited
from collegium.core.exceptions import NotFound, ValidationError
from collegium.core.services import assign_fields

from .models import Unavailability

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


def unavailability_list_visible_to(
    *,
    user,
    person=None,
    first_day: dt.date | None = None,
    last_day: dt.date | None = None,
) -> QuerySet[Unavailability]:
    """Return the visible periods, optionally of one person and touching a span of days."""
    periods = filter_visible(Unavailability.objects.all(), user)
    if person is not None:
        periods = periods.filter(person=person)
    if first_day is not None:
        periods = periods.filter(end_date__gte=first_day)
    if last_day is not None:
        periods = periods.filter(start_date__lte=last_day)
    return periods.select_related("person", "owner").order_by("start_date", "pk")


def access_unavailability_by_id(user, unavailability_id: int) -> Unavailability:
    """Return the period the user may see, or raise ``NotFound`` (missing or hidden alike)."""
    found = (
        filter_visible(Unavailability.objects.all(), user)
        .select_related("person", "owner")
        .filter(pk=unavailability_id)
        .first()
    )
    if found is None:
        raise NotFound(Unavailability._meta.verbose_name)
    return found
