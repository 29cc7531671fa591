"""Unavailability endpoints: the periods when persons cannot attend events.

Reads are open to anonymous callers (public periods only); writes need a
token or the session, and the editors of the owning organization make them
(403 otherwise).  A period the caller may not see answers 404.
"""

import datetime as dt
from typing import TYPE_CHECKING, Any, Self

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import model_validator

from collegium.access.rules import AnyUser, filter_visible
from collegium.accounts.api_auth import api_auth_required
from collegium.core.api.pagination import Pagination
from collegium.core.api.schemas import Date, InputBase, Text, patch_schema
from collegium.core.exceptions import ValidationError
from collegium.core.models import Visibility
from collegium.events.availability import access as availability_access
from collegium.events.availability import selectors as availability_selectors
from collegium.events.availability import services as availability_services
from collegium.events.models import Unavailability
from collegium.registry.models import Organization, Person

router = Router(tags=["events"])


class UnavailabilitySchema(Schema):
    id: int
    person: str = Field(description="Slug of the person.")
    start_date: dt.date = Field(description="First day the person is unavailable.")
    end_date: dt.date = Field(description="Last day the person is unavailable.")
    reason: str
    owner: str
    visibility: Visibility

    @staticmethod
    def resolve_person(obj: Unavailability) -> str:
        return obj.person.slug

    @staticmethod
    def resolve_owner(obj: Unavailability) -> str:
        return obj.owner.slug


class UnavailabilityInputSchema(InputBase):
    person: Text = Field(description="Slug of the person.")
    start_date: Date
    end_date: Date
    reason: str = Field("", max_length=300)
    owner: Text = Field(description="Slug of the organization that keeps the record.")
    visibility: Visibility = Visibility.PUBLIC


# Built at run time; to the type checker, a request body read through model_dump().
if TYPE_CHECKING:

    class UnavailabilityPatchSchema(InputBase): ...
else:
    UnavailabilityPatchSchema = patch_schema(
        UnavailabilityInputSchema,
        "UnavailabilityPatchSchema",
        "Fields of an unavailability period to change.",
    )


class UnavailabilityFilterSchema(Schema):
    person: Text | None = Field(None, description="Slug of the person.")
    first_day: Date | None = Field(
        None, alias="from", description="Keep periods ending on or after this day."
    )
    last_day: Date | None = Field(
        None, alias="to", description="Keep periods starting on or before this day."
    )

    @model_validator(mode="after")
    def _period(self) -> Self:
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValueError(_("“to” is before “from”."))
        return self


REFERENCES: dict[str, type[Person] | type[Organization]] = {"person": Person, "owner": Organization}


def _data(user: AnyUser, payload: Schema, *, partial: bool = False) -> dict[str, Any]:
    """Turn a request body into service data, replacing slugs by the records the caller sees."""
    data = payload.model_dump(exclude_unset=partial)
    errors = {}
    for field, model in REFERENCES.items():
        if data.get(field) is None:
            continue
        found = filter_visible(model.objects.all(), user).filter(slug=data[field]).first()
        if found is None:
            errors[field] = _("Unknown %(model)s: “%(key)s”.") % {
                "model": model._meta.verbose_name,
                "key": data[field],
            }
        data[field] = found
    if errors:
        raise ValidationError(errors)
    return data


def _reloaded(unavailability: Unavailability) -> Unavailability:
    return Unavailability.objects.select_related("person", "owner").get(pk=unavailability.pk)


@router.get(
    "/unavailability",
    response=list[UnavailabilitySchema],
    operation_id="events_unavailability_list",
)
@paginate(Pagination)
def unavailability_list(
    request: HttpRequest, filters: Query[UnavailabilityFilterSchema]
) -> QuerySet[Unavailability]:
    """List the unavailability periods the caller may see, by first day."""
    person: Person | None = None
    if filters.person:
        person = (
            filter_visible(Person.objects.all(), request.user).filter(slug=filters.person).first()
        )
        if person is None:
            return Unavailability.objects.none()
    return availability_selectors.unavailability_list_visible_to(
        user=request.user, person=person, first_day=filters.first_day, last_day=filters.last_day
    )


@router.get(
    "/unavailability/{unavailability_id}",
    response=UnavailabilitySchema,
    operation_id="events_unavailability_retrieve",
)
def unavailability_retrieve(request: HttpRequest, unavailability_id: int) -> Unavailability:
    return availability_access.access_unavailability_by_id(request.user, unavailability_id)


@router.post(
    "/unavailability",
    response={201: UnavailabilitySchema},
    auth=api_auth_required,
    operation_id="events_unavailability_create",
)
def unavailability_create(request: HttpRequest, payload: UnavailabilityInputSchema) -> Status:
    """Record that a person cannot attend events from one day to another (inclusive)."""
    data = _data(request.user, payload)
    unavailability = availability_services.unavailability_create(actor=request.user, data=data)
    return Status(201, _reloaded(unavailability))


@router.patch(
    "/unavailability/{unavailability_id}",
    response=UnavailabilitySchema,
    auth=api_auth_required,
    operation_id="events_unavailability_update",
)
def unavailability_update(
    request: HttpRequest, unavailability_id: int, payload: UnavailabilityPatchSchema
) -> Unavailability:
    unavailability = availability_access.access_unavailability_by_id(
        request.user, unavailability_id
    )
    data = _data(request.user, payload, partial=True)
    unavailability = availability_services.unavailability_update(
        actor=request.user, unavailability=unavailability, data=data
    )
    return _reloaded(unavailability)


@router.delete(
    "/unavailability/{unavailability_id}",
    response={204: None},
    auth=api_auth_required,
    operation_id="events_unavailability_delete",
)
def unavailability_delete(request: HttpRequest, unavailability_id: int) -> Status:
    unavailability = availability_access.access_unavailability_by_id(
        request.user, unavailability_id
    )
    availability_services.unavailability_delete(actor=request.user, unavailability=unavailability)
    return Status(204, None)
