"""Planning endpoints: plans of consultations, their requests, solving, versions, approval.

Reads are open to callers who may see the plan (anonymous ones see public plans); writes
need a token or the session and a manager of the plan's parties (``planning.policy``, a 403
naming the rule).  A solve answers 202 with the new version's number: the task worker solves
it, and the version's ``state`` says when it is done.  Bad input answers 422 naming the field.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from collegium.access.rules import AnyUser, filter_visible
from collegium.accounts.api_auth import api_auth_required
from collegium.core.api.pagination import Pagination
from collegium.core.api.schemas import Text
from collegium.core.exceptions import NotFound, ValidationError
from collegium.planning import selectors, services
from collegium.planning.access import (
    access_blackout,
    access_plan_by_slug,
    access_request,
    access_version,
    visible_plans,
)
from collegium.planning.models import (
    ConsultationPlan,
    ConsultationRequest,
    ManualBlackout,
    PlanVersion,
)
from collegium.planning.schemas import (
    BlackoutInputSchema,
    BlackoutSchema,
    DiffSchema,
    PlanInputSchema,
    PlanPatchSchema,
    PlanSchema,
    RequestInputSchema,
    RequestPatchSchema,
    RequestSchema,
    SolveAcceptedSchema,
    SolveInputSchema,
    VersionDetailSchema,
    VersionSchema,
)
from collegium.registry.models import Organization, Post

router = Router(tags=["planning"])

ORGANIZATIONS = ("owner", "party_a", "party_b", "host", "previous_host")
POSTS = ("lead_a", "lead_b", "post")


def _unknown(model, key: str) -> str:
    return _("Unknown %(model)s: “%(key)s”.") % {"model": model._meta.verbose_name, "key": key}


def _resolve(user: AnyUser, data: dict[str, Any]) -> dict[str, Any]:
    """Replace slugs of organizations and posts by the records the caller sees (422 if unknown)."""
    errors = {}
    for field in (*ORGANIZATIONS, *POSTS):
        if data.get(field) is None:
            continue
        model = Post if field in POSTS else Organization
        found = filter_visible(model.objects.all(), user).filter(slug=data[field]).first()
        if found is None:
            errors[field] = _unknown(model, data[field])
        data[field] = found
    if errors:
        raise ValidationError(errors)
    return data


def _parties(user: AnyUser, slugs: list[str]) -> list[Organization]:
    found = {
        o.slug: o for o in filter_visible(Organization.objects.all(), user).filter(slug__in=slugs)
    }
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise ValidationError({"parties": _unknown(Organization, missing[0])})
    return [found[slug] for slug in slugs]


def _plan_data(user: AnyUser, payload: Schema, *, partial: bool = False):
    data = payload.model_dump(exclude_unset=partial)
    slugs = data.pop("parties", None)
    if "extra_non_working_days" in data:
        data["extra_non_working_days"] = [d.isoformat() for d in data["extra_non_working_days"]]
    return _resolve(user, data), (_parties(user, slugs) if slugs is not None else None)


def _plan(plan: ConsultationPlan) -> ConsultationPlan:
    return (
        ConsultationPlan.objects.select_related("owner", "approved_version", "document")
        .prefetch_related("parties")
        .get(pk=plan.pk)
    )


@router.get("/plans", response=list[PlanSchema], operation_id="planning_plan_list")
@paginate(Pagination)
def plan_list(request: HttpRequest) -> QuerySet[ConsultationPlan]:
    """List the plans the caller may see, the latest year first."""
    return (
        visible_plans(request.user)
        .select_related("owner", "approved_version", "document")
        .prefetch_related("parties")
        .order_by("-year", "slug")
    )


@router.post(
    "/plans",
    response={201: PlanSchema},
    auth=api_auth_required,
    operation_id="planning_plan_create",
)
def plan_create(request: HttpRequest, payload: PlanInputSchema) -> Status:
    """Draw up a plan of two or more parties; the capitals default to their seat cities."""
    data, parties = _plan_data(request.user, payload)
    plan = services.plan_create(actor=request.user, data=data, parties=parties or [])
    return Status(201, _plan(plan))


@router.get("/plans/{slug}", response=PlanSchema, operation_id="planning_plan_retrieve")
def plan_retrieve(request: HttpRequest, slug: Text) -> ConsultationPlan:
    return _plan(access_plan_by_slug(request.user, slug))


@router.patch(
    "/plans/{slug}",
    response=PlanSchema,
    auth=api_auth_required,
    operation_id="planning_plan_update",
)
def plan_update(request: HttpRequest, slug: Text, payload: PlanPatchSchema) -> ConsultationPlan:
    plan = access_plan_by_slug(request.user, slug)
    data, parties = _plan_data(request.user, payload, partial=True)
    data.pop("slug", None)
    plan = services.plan_update(actor=request.user, plan=plan, data=data, parties=parties)
    return _plan(plan)


@router.get(
    "/plans/{slug}/requests",
    response=list[RequestSchema],
    operation_id="planning_request_list",
)
def request_list(request: HttpRequest, slug: Text) -> list[ConsultationRequest]:
    """Return the plan's consultation requests, by code."""
    plan = access_plan_by_slug(request.user, slug)
    found = selectors.plan_requests(plan)
    for item in found:
        item.plan = plan
    return found


@router.post(
    "/plans/{slug}/requests",
    response={201: RequestSchema},
    auth=api_auth_required,
    operation_id="planning_request_create",
)
def request_create(request: HttpRequest, slug: Text, payload: RequestInputSchema) -> Status:
    """Add a consultation round to a draft plan."""
    plan = access_plan_by_slug(request.user, slug)
    data = _resolve(request.user, payload.model_dump())
    created = services.request_create(actor=request.user, plan=plan, data=data)
    return Status(201, access_request(request.user, plan, created.code))


def _request_by_id(user: AnyUser, request_id: int) -> ConsultationRequest:
    rows = ConsultationRequest.objects.filter(pk=request_id).values_list("plan__slug", "code")
    found = rows.first() if -(2**63) <= request_id < 2**63 else None
    if found is None:
        raise NotFound(ConsultationRequest._meta.verbose_name)
    plan = access_plan_by_slug(user, found[0])
    return access_request(user, plan, found[1])


@router.get(
    "/requests/{request_id}", response=RequestSchema, operation_id="planning_request_retrieve"
)
def request_retrieve(request: HttpRequest, request_id: int) -> ConsultationRequest:
    return _request_by_id(request.user, request_id)


@router.patch(
    "/requests/{request_id}",
    response=RequestSchema,
    auth=api_auth_required,
    operation_id="planning_request_update",
)
def request_update(
    request: HttpRequest, request_id: int, payload: RequestPatchSchema
) -> ConsultationRequest:
    item = _request_by_id(request.user, request_id)
    data = _resolve(request.user, payload.model_dump(exclude_unset=True))
    services.request_update(actor=request.user, request=item, data=data)
    return access_request(request.user, item.plan, item.code)


@router.delete(
    "/requests/{request_id}",
    response={204: None},
    auth=api_auth_required,
    operation_id="planning_request_delete",
)
def request_delete(request: HttpRequest, request_id: int) -> Status:
    item = _request_by_id(request.user, request_id)
    services.request_delete(actor=request.user, request=item)
    return Status(204, None)


@router.get(
    "/plans/{slug}/blackouts",
    response=list[BlackoutSchema],
    operation_id="planning_blackout_list",
)
def blackout_list(request: HttpRequest, slug: Text) -> list[ManualBlackout]:
    """Return the plan's manual blackouts (the calendar's own are read from the calendar)."""
    plan = access_plan_by_slug(request.user, slug)
    found = list(selectors.manual_blackouts(plan))
    for item in found:
        item.plan = plan
    return found


@router.post(
    "/plans/{slug}/blackouts",
    response={201: BlackoutSchema},
    auth=api_auth_required,
    operation_id="planning_blackout_create",
)
def blackout_create(request: HttpRequest, slug: Text, payload: BlackoutInputSchema) -> Status:
    """Block days for one lead official (a post), or for every lead official of the plan."""
    plan = access_plan_by_slug(request.user, slug)
    data = _resolve(request.user, payload.model_dump())
    created = services.blackout_add(actor=request.user, plan=plan, data=data)
    return Status(201, access_blackout(request.user, plan, created.pk))


@router.delete(
    "/blackouts/{blackout_id}",
    response={204: None},
    auth=api_auth_required,
    operation_id="planning_blackout_delete",
)
def blackout_delete(request: HttpRequest, blackout_id: int) -> Status:
    rows = ManualBlackout.objects.filter(pk=blackout_id).values_list("plan__slug", flat=True)
    found = rows.first() if -(2**63) <= blackout_id < 2**63 else None
    if found is None:
        raise NotFound(ManualBlackout._meta.verbose_name)
    plan = access_plan_by_slug(request.user, found)
    blackout = access_blackout(request.user, plan, blackout_id)
    services.blackout_remove(actor=request.user, blackout=blackout)
    return Status(204, None)


@router.post(
    "/plans/{slug}/solve",
    response={202: SolveAcceptedSchema},
    auth=api_auth_required,
    operation_id="planning_plan_solve",
)
def plan_solve(request: HttpRequest, slug: Text, payload: SolveInputSchema) -> Status:
    """Queue a solve of the plan as it stands; answer 202 with the new version's number.

    With ``previous`` the solver keeps the consultations where that version put them as far
    as it can (re-planning after a change in the calendar).
    """
    plan = access_plan_by_slug(request.user, slug)
    previous = None
    if payload.previous is not None:
        try:
            previous = access_version(request.user, plan, payload.previous)
        except NotFound as exc:
            raise ValidationError(
                {
                    "previous": _("The plan has no version %(number)s.")
                    % {"number": payload.previous}
                }
            ) from exc
    version = services.plan_solve(actor=request.user, plan=plan, previous=previous)
    version.refresh_from_db()
    return Status(
        202,
        {
            "version": version.number,
            "state": version.state,
            "task_id": version.task_id or None,
            "url": f"/api/v1/planning/versions/{version.pk}",
        },
    )


@router.get(
    "/plans/{slug}/versions", response=list[VersionSchema], operation_id="planning_version_list"
)
def version_list(request: HttpRequest, slug: Text) -> list[PlanVersion]:
    """Return the plan's versions, the latest first (without their placements)."""
    plan = access_plan_by_slug(request.user, slug)
    versions = list(
        PlanVersion.objects.filter(plan=plan)
        .select_related("author", "previous")
        .defer("input", "result")
        .order_by("-number")
    )
    for version in versions:
        version.plan = plan
    return versions


def _version_by_id(user: AnyUser, version_id: int) -> PlanVersion:
    rows = PlanVersion.objects.filter(pk=version_id).values_list("plan__slug", "number")
    found = rows.first() if -(2**63) <= version_id < 2**63 else None
    if found is None:
        raise NotFound(PlanVersion._meta.verbose_name)
    return access_version(user, access_plan_by_slug(user, found[0]), found[1])


@router.get(
    "/versions/{version_id}",
    response=VersionDetailSchema,
    operation_id="planning_version_retrieve",
)
def version_retrieve(request: HttpRequest, version_id: int) -> PlanVersion:
    """Return a version: its state, the solver's figures, placements, unplaced and conflicts."""
    return _version_by_id(request.user, version_id)


class DiffQuerySchema(Schema):
    old: int | None = Field(
        None, alias="from", description="Number of the earlier version (default: the one before)."
    )
    new: int | None = Field(
        None, alias="to", description="Number of the later version (default: the latest)."
    )


@router.get("/plans/{slug}/diff", response=DiffSchema, operation_id="planning_version_diff")
def version_diff(request: HttpRequest, slug: Text, query: Query[DiffQuerySchema]) -> dict[str, Any]:
    """Compare two versions: the consultations moved, added and removed."""
    plan = access_plan_by_slug(request.user, slug)
    numbers = list(
        PlanVersion.objects.filter(plan=plan).order_by("-number").values_list("number", flat=True)
    )
    if not numbers:
        raise ValidationError({"to": _("The plan has no versions to compare yet.")})
    new = query.new if query.new is not None else numbers[0]
    earlier = [n for n in numbers if n < new]
    old = query.old if query.old is not None else (earlier[0] if earlier else new)
    versions = {}
    for name, number in (("from", old), ("to", new)):
        try:
            versions[name] = access_version(request.user, plan, number)
        except NotFound as exc:
            raise ValidationError(
                {name: _("The plan has no version %(number)s.") % {"number": number}}
            ) from exc
    diff = selectors.versions_diff(versions["from"], versions["to"])
    for move in diff["moved"]:
        for side in ("before", "after"):
            move[side] = {**move[side], "id": str(move[side]["id"])}
    return {
        "old": old,
        "new": new,
        "moved": diff["moved"],
        "added": [{**p, "id": str(p["id"])} for p in diff["added"]],
        "removed": [{**p, "id": str(p["id"])} for p in diff["removed"]],
    }


@router.post(
    "/plans/{slug}/approve",
    response=PlanSchema,
    auth=api_auth_required,
    operation_id="planning_plan_approve",
)
def plan_approve(request: HttpRequest, slug: Text) -> ConsultationPlan:
    """Approve the latest solved version: its consultations become calendar events."""
    plan = access_plan_by_slug(request.user, slug)
    services.plan_approve(actor=request.user, plan=plan)
    return _plan(plan)
