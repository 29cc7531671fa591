"""Protocol checks endpoints: the checks of one event, and of the visible events in a period.

Reads, open to anonymous callers (public records only).  An event the caller
may not see answers 404 like a missing one; the checks name only what the
caller may see (see ``check_selectors``).
"""

from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate
from pydantic import model_validator

from collegium.core.api.pagination import Pagination
from collegium.core.api.schemas import Date, Text
from collegium.events.calendar.access import access_event_by_slug
from collegium.events.checks.engine import Check, CheckKind, Severity
from collegium.events.checks.selectors import (
    period_end,
    period_error,
    protocol_checks_for_event,
    protocol_checks_visible_to,
)
from collegium.registry.selectors import visible_organization

router = Router(tags=["events"])


class CheckSchema(Schema):
    kind: CheckKind
    severity: Severity
    event: str = Field(description="Slug of the event checked.")
    invitation: int | None = Field(description="Id of the invitation concerned, if any.")
    other_event: str | None = Field(description="Slug of the overlapping event, if any.")
    message: str = Field(description="What is wrong, in the language of the request.")

    @staticmethod
    def resolve_event(obj: Check) -> str:
        return obj.event.slug

    @staticmethod
    def resolve_invitation(obj: Check) -> int | None:
        return obj.invitation.pk if obj.invitation else None

    @staticmethod
    def resolve_other_event(obj: Check) -> str | None:
        return obj.other_event.slug if obj.other_event else None


class CheckFilterSchema(Schema):
    """Filters of the checks list; days are the hosts' calendar days."""

    first_day: Date | None = Field(
        None, alias="from", description="Events ending on or after this day (default: today)."
    )
    last_day: Date | None = Field(
        None, alias="to", description="Events starting on or before this day (default: a year on)."
    )
    organization: Text | None = Field(
        None, description="Slug: events it organizes, whose body it is, or of its bodies."
    )
    kind: CheckKind | None = None

    @model_validator(mode="after")
    def _period(self):
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValueError(gettext("“to” is before “from”."))
        return self


@router.get("/checks", response=list[CheckSchema], operation_id="events_check_list")
@paginate(Pagination)
def check_list(request, filters: Query[CheckFilterSchema]):
    """List the protocol checks of the events the caller may see, by event start."""
    first_day = filters.first_day or timezone.localdate()
    last_day = filters.last_day or period_end(first_day)
    if error := period_error(first_day, last_day):
        raise NinjaValidationError([{"loc": ["query", "to"], "msg": error, "type": "value_error"}])
    organization = None
    if filters.organization:
        organization = visible_organization(request.user, filters.organization)
        if organization is None:
            return []
    return protocol_checks_visible_to(
        user=request.user,
        first_day=first_day,
        last_day=last_day,
        organization=organization,
        kind=filters.kind or "",
    )


@router.get("/events/{slug}/checks", response=list[CheckSchema], operation_id="events_event_checks")
def event_checks(request, slug: Text):
    """List the protocol checks of one event."""
    event = access_event_by_slug(request.user, slug)
    return protocol_checks_for_event(user=request.user, event=event)
