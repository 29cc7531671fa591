"""Events endpoints: the calendar's events and their status transitions.

Each route parses its input, finds the event through ``access_event_by_slug``
(an event the caller may not see answers 404 like a missing one), calls one
selector or service and returns.  Reads are open to anonymous callers (public
events only); writes need a token or the session, and the services decide
whether the caller is an editor of the owning organization (403 if not).  An
illegal status move answers 409 with the rule in ``detail``.
"""

import functools
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.renderers import JSONRenderer
from pydantic import Field, model_validator

from collegium.access.rules import filter_visible
from collegium.accounts.api_auth import api_auth_required
from collegium.core.api.pagination import Pagination
from collegium.core.api.schemas import Date, Text
from collegium.core.cache import cached_api_read
from collegium.core.exceptions import ValidationError
from collegium.core.i18n import CONTENT_LANGUAGES, FALLBACK_ORDER, active_content_language
from collegium.events.calendar import selectors, services
from collegium.events.calendar.access import access_event_by_slug
from collegium.events.calendar.schemas import (
    EventInputSchema,
    EventPatchSchema,
    EventRescheduleSchema,
    EventSchema,
)
from collegium.events.models import Event, EventKind, EventStatus
from collegium.registry.access import organization_for_field
from collegium.registry.models import Organization, State

router = Router(tags=["events"])


class EventFilterSchema(Schema):
    """Filters of the event list; days are the hosts' calendar days."""

    first_day: Date | None = Field(
        None, alias="from", description="Keep events ending on or after this day."
    )
    last_day: Date | None = Field(
        None, alias="to", description="Keep events starting on or before this day."
    )
    organization: Text | None = Field(
        None, description="Slug: events it organizes, whose body it is, or of its bodies."
    )
    kind: EventKind | None = None
    status: EventStatus | None = None

    @model_validator(mode="after")
    def _period(self):
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValueError(_("“to” is before “from”."))
        return self


def _event_data(
    user, payload: Schema, *, partial: bool = False
) -> tuple[dict[str, Any], list | None]:
    """Turn a request body into service data and organizers, replacing keys by records.

    A key that names no record the caller can see is reported on its field,
    the same whether the record is missing or hidden.
    """
    data = payload.model_dump(exclude_unset=partial)
    organizers = None
    if "organizers" in data:
        slugs = data.pop("organizers") or []
        organizers = [
            organization_for_field(user, slug, "organizers") for slug in dict.fromkeys(slugs)
        ]
    for field in ("owner", "body"):
        if data.get(field) is not None:
            data[field] = organization_for_field(user, data[field], field)
    if data.get("host_state") is not None:
        code = data["host_state"]
        state = filter_visible(State.objects.all(), user).filter(code=code).first()
        if state is None:
            raise ValidationError({"host_state": _("Unknown state: “%(key)s”.") % {"key": code}})
        data["host_state"] = state
    return data, organizers


def _reloaded(event: Event) -> Event:
    """Return the written event with its related rows, as the reads serialize it."""
    return (
        Event.objects.select_related("host_state", "body", "owner")
        .prefetch_related("organizers")
        .get(pk=event.pk)
    )


# What ``EventSchema`` reads from an event's own row; organizers come in a second query.
EVENT_ROW_FIELDS = (
    "pk",
    "slug",
    "uid",
    "sequence",
    "kind",
    "status",
    *(f"{base}_{language}" for base in ("title", "city") for language in CONTENT_LANGUAGES),
    "body__slug",
    "host_state__code",
    "venue",
    "timezone",
    "start",
    "end",
    "start_date",
    "end_date",
    "summary",
    "is_illustrative",
    "owner__slug",
    "visibility",
    "created_at",
    "modified_at",
)


def _translated(row: dict, base: str, order) -> str:
    """Return ``<base>_<language>`` in the first language of ``order`` that has it."""
    for language in order:
        if value := row[f"{base}_{language}"]:
            return value
    return ""


def event_rows(events: QuerySet[Event]) -> list[dict[str, Any]]:
    """Return what ``EventSchema`` gives for each of the events, read as plain rows.

    Two queries (the rows with their keys, then the organizers) and no model
    instance: a page of 500 events costs a tenth of validating 500 models
    field by field.  The keys, their order and their values are the schema's
    (``test_the_list_is_the_document_the_schema_gives`` holds them together).
    """
    rows = list(events.prefetch_related(None).values(*EVENT_ROW_FIELDS))
    organizers: dict[int, list[str]] = {}
    for event_id, slug in Event.organizers.through.objects.filter(
        event_id__in=[row["pk"] for row in rows]
    ).values_list("event_id", "organization__slug"):
        organizers.setdefault(event_id, []).append(slug)
    order = FALLBACK_ORDER[active_content_language()]
    zones: dict[str, zoneinfo.ZoneInfo] = {}
    items = []
    for row in rows:
        zone = zones.get(row["timezone"])
        if zone is None:
            zone = zones[row["timezone"]] = zoneinfo.ZoneInfo(row["timezone"])
        items.append(
            {
                "slug": row["slug"],
                "uid": row["uid"],
                "sequence": row["sequence"],
                "kind": row["kind"],
                "status": row["status"],
                "title": _translated(row, "title", order),
                "title_ru": row["title_ru"],
                "title_en": row["title_en"],
                "title_be": row["title_be"],
                "organizers": sorted(organizers.get(row["pk"], ())),
                "body": row["body__slug"],
                "host_state": row["host_state__code"],
                "city": _translated(row, "city", order),
                "city_ru": row["city_ru"],
                "city_en": row["city_en"],
                "city_be": row["city_be"],
                "venue": row["venue"],
                "timezone": row["timezone"],
                "start": row["start"].astimezone(zone),
                "end": row["end"].astimezone(zone),
                "start_date": row["start_date"],
                "end_date": row["end_date"],
                "summary": row["summary"],
                "is_illustrative": row["is_illustrative"],
                "owner": row["owner__slug"],
                "visibility": row["visibility"],
                "created_at": row["created_at"],
                "modified_at": row["modified_at"],
            }
        )
    return items


RENDERER = JSONRenderer()


def rows_page(to_rows: Callable[[QuerySet], list[dict[str, Any]]]):
    """Answer a paginated list operation with rows instead of validated models.

    Apply it under ``@cached_api_read`` and over ``@paginate(Pagination)``,
    which keeps its parameters and its response schema, so the OpenAPI
    document does not change.  The operation returns its queryset as usual;
    this pages it as ``Pagination`` does (the count, then the slice) and
    encodes ``{"items": to_rows(page), "count": count}`` with ninja's JSON
    renderer (the API's): the same document ninja writes after validating
    each model against the schema, which for a page of 500 costs more than
    reading it.  ``to_rows`` must give exactly what the schema gives.
    """
    paginator = Pagination()

    def decorate(paginated):
        view = paginated.__wrapped__  # the operation itself, under ``paginate``'s wrapper

        @functools.wraps(paginated)
        def answer(request, ninja_pagination: Pagination.Input, **kwargs):
            result = view(request, **kwargs)
            page = paginator.paginate_queryset(result, pagination=ninja_pagination, request=request)
            data = {"items": to_rows(page["items"]), "count": page["count"]}
            return HttpResponse(
                RENDERER.render(request, data, response_status=200),
                content_type=f"{RENDERER.media_type}; charset={RENDERER.charset}",
            )

        return answer

    return decorate


@router.get("/events", response=list[EventSchema], operation_id="events_event_list")
@cached_api_read
@rows_page(event_rows)
@paginate(Pagination)
def event_list(request, filters: Query[EventFilterSchema]):
    """List the events the caller may see, in order of start."""
    organization = None
    if filters.organization:
        organization = (
            filter_visible(Organization.objects.all(), request.user)
            .filter(slug=filters.organization)
            .first()
        )
        if organization is None:
            return Event.objects.none()
    return selectors.event_list_visible_to(
        user=request.user,
        organization=organization,
        kind=filters.kind or "",
        status=filters.status or "",
        first_day=filters.first_day,
        last_day=filters.last_day,
    )


@router.get("/events/{slug}", response=EventSchema, operation_id="events_event_retrieve")
def event_retrieve(request, slug: Text):
    return access_event_by_slug(request.user, slug)


@router.post(
    "/events",
    response={201: EventSchema},
    auth=api_auth_required,
    operation_id="events_event_create",
)
def event_create(request, payload: EventInputSchema):
    data, organizers = _event_data(request.user, payload)
    event = services.event_create(actor=request.user, data=data, organizers=organizers or [])
    return Status(201, _reloaded(event))


@router.patch(
    "/events/{slug}",
    response=EventSchema,
    auth=api_auth_required,
    operation_id="events_event_update",
)
def event_update(request, slug: Text, payload: EventPatchSchema):
    event = access_event_by_slug(request.user, slug)
    data, organizers = _event_data(request.user, payload, partial=True)
    event = services.event_update(actor=request.user, event=event, data=data, organizers=organizers)
    return _reloaded(event)


# --- Transitions ------------------------------------------------------------------


@router.post(
    "/events/{slug}/confirm",
    response=EventSchema,
    auth=api_auth_required,
    operation_id="events_event_confirm",
)
def event_confirm(request, slug: Text):
    """Confirm a planned or postponed event."""
    event = access_event_by_slug(request.user, slug)
    return _reloaded(services.event_confirm(actor=request.user, event=event))


@router.post(
    "/events/{slug}/postpone",
    response=EventSchema,
    auth=api_auth_required,
    operation_id="events_event_postpone",
)
def event_postpone(request, slug: Text):
    """Postpone a planned or confirmed event."""
    event = access_event_by_slug(request.user, slug)
    return _reloaded(services.event_postpone(actor=request.user, event=event))


@router.post(
    "/events/{slug}/reschedule",
    response=EventSchema,
    auth=api_auth_required,
    operation_id="events_event_reschedule",
)
def event_reschedule(request, slug: Text, payload: EventRescheduleSchema | None = None):
    """Plan a postponed event again, optionally on new dates."""
    event = access_event_by_slug(request.user, slug)
    start, end = (payload.start, payload.end) if payload is not None else (None, None)
    event = services.event_reschedule(actor=request.user, event=event, start=start, end=end)
    return _reloaded(event)


@router.post(
    "/events/{slug}/cancel",
    response=EventSchema,
    auth=api_auth_required,
    operation_id="events_event_cancel",
)
def event_cancel(request, slug: Text):
    """Cancel an event that has not been held; it stays in the calendar and feeds as cancelled."""
    event = access_event_by_slug(request.user, slug)
    return _reloaded(services.event_cancel(actor=request.user, event=event))


@router.post(
    "/events/{slug}/mark-held",
    response=EventSchema,
    auth=api_auth_required,
    operation_id="events_event_mark_held",
)
def event_mark_held(request, slug: Text):
    """Record that a confirmed event took place (not before it starts)."""
    event = access_event_by_slug(request.user, slug)
    return _reloaded(services.event_mark_held(actor=request.user, event=event))
