"""The planning API's bodies: plans, requests, versions and their difference."""

import datetime as dt
from typing import TYPE_CHECKING

from ninja import Field, Schema

from collegium.core.api.schemas import Date, InputBase, Text, patch_schema
from collegium.planning import selectors
from collegium.planning.models import (
    ConsultationPlan,
    ConsultationRequest,
    ManualBlackout,
    PlanVersion,
)
from collegium.planning.reasons import conflict_constraints, unplaced_reasons


class PlanSchema(Schema):
    slug: str
    year: int
    title_ru: str
    title_en: str
    title_be: str
    owner: str = Field(description="Slug of the owning organization (one of the parties).")
    visibility: str
    parties: list[str] = Field(description="Slugs of the parties (the ministries).")
    capitals: dict[str, str]
    max_per_week: int | None
    max_per_week_per_department: int | None
    hosting_tolerance: int | None
    extra_non_working_days: list[str]
    weights: dict[str, int]
    time_limit: float
    status: str = Field(description="draft, agreed or approved.")
    approved_version: int | None = Field(description="Number of the approved version.")
    document: str | None = Field(
        description="Slug of the plan's document (decisions), drawn up on approval."
    )
    document_status: str | None = Field(
        description="The document's status (draft, agreed, signed, …): the plan's status as "
        "its parties' document."
    )
    is_illustrative: bool

    @staticmethod
    def resolve_owner(obj: ConsultationPlan) -> str:
        return obj.owner.slug

    @staticmethod
    def resolve_parties(obj: ConsultationPlan) -> list[str]:
        return sorted(p.slug for p in obj.parties.all())

    @staticmethod
    def resolve_approved_version(obj: ConsultationPlan) -> int | None:
        return obj.approved_version.number if obj.approved_version else None

    @staticmethod
    def resolve_document(obj: ConsultationPlan) -> str | None:
        return obj.document.slug if obj.document else None

    @staticmethod
    def resolve_document_status(obj: ConsultationPlan) -> str | None:
        return obj.document.status if obj.document else None


class PlanInputSchema(InputBase):
    slug: Text = Field(max_length=120)
    year: int = Field(ge=1900, le=2200)
    title_ru: Text = Field(max_length=400)
    title_en: Text = Field("", max_length=400)
    title_be: Text = Field("", max_length=400)
    owner: Text = Field(description="Slug of the owning organization, one of the parties.")
    visibility: str = "public"
    parties: list[Text] = Field(description="Slugs of two or more organizations.")
    capitals: dict[str, Text] = Field(default_factory=dict)
    max_per_week: int | None = Field(None, ge=0)
    max_per_week_per_department: int | None = Field(None, ge=0)
    hosting_tolerance: int | None = Field(None, ge=0)
    extra_non_working_days: list[Date] = Field(default_factory=list)
    weights: dict[str, int] = Field(default_factory=dict)
    time_limit: float = Field(10.0, ge=0.1, le=600)
    is_illustrative: bool = False


if TYPE_CHECKING:

    class PlanPatchSchema(InputBase): ...
else:
    PlanPatchSchema = patch_schema(
        PlanInputSchema, "PlanPatchSchema", "Fields of a plan to change (not its slug)."
    )


class RequestSchema(Schema):
    id: int
    plan: str
    code: str
    topic_ru: str
    topic_en: str
    topic_be: str
    level: str
    party_a: str
    party_b: str
    department_a: str
    department_b: str
    lead_a: str | None = Field(description="Slug of the first party's lead post.")
    lead_b: str | None
    days: int
    window_start: dt.date | None
    window_end: dt.date | None
    host: str | None = Field(description="Slug of the fixed host; null: alternate.")
    previous_host: str | None
    min_gap_days: int
    topic_key: str
    pinned: dt.date | None
    event: str | None = Field(description="Slug of the calendar event once approved.")

    @staticmethod
    def resolve_plan(obj: ConsultationRequest) -> str:
        return obj.plan.slug

    @staticmethod
    def resolve_party_a(obj: ConsultationRequest) -> str:
        return obj.party_a.slug

    @staticmethod
    def resolve_party_b(obj: ConsultationRequest) -> str:
        return obj.party_b.slug

    @staticmethod
    def resolve_lead_a(obj: ConsultationRequest) -> str | None:
        return obj.lead_a.slug if obj.lead_a else None

    @staticmethod
    def resolve_lead_b(obj: ConsultationRequest) -> str | None:
        return obj.lead_b.slug if obj.lead_b else None

    @staticmethod
    def resolve_host(obj: ConsultationRequest) -> str | None:
        return obj.host.slug if obj.host else None

    @staticmethod
    def resolve_previous_host(obj: ConsultationRequest) -> str | None:
        return obj.previous_host.slug if obj.previous_host else None

    @staticmethod
    def resolve_event(obj: ConsultationRequest) -> str | None:
        return obj.event.slug if obj.event else None


class RequestInputSchema(InputBase):
    code: Text = Field(max_length=40)
    topic_ru: Text = Field(max_length=400)
    topic_en: Text = Field("", max_length=400)
    topic_be: Text = Field("", max_length=400)
    level: str = "department_director"
    party_a: Text
    party_b: Text
    department_a: Text = Field("", max_length=300)
    department_b: Text = Field("", max_length=300)
    lead_a: Text | None = None
    lead_b: Text | None = None
    days: int = Field(1, ge=1, le=60)
    window_start: Date | None = None
    window_end: Date | None = None
    host: Text | None = None
    previous_host: Text | None = None
    min_gap_days: int = Field(0, ge=0, le=366)
    topic_key: Text = Field("", max_length=80)
    pinned: Date | None = None


if TYPE_CHECKING:

    class RequestPatchSchema(InputBase): ...
else:
    RequestPatchSchema = patch_schema(
        RequestInputSchema, "RequestPatchSchema", "Fields of a request to change."
    )


class SolveInputSchema(InputBase):
    previous: int | None = Field(
        None, description="Number of the version to keep close to (re-planning)."
    )


class SolveAcceptedSchema(Schema):
    version: int
    state: str
    task_id: str | None
    url: str = Field(description="Where the version's state and result are read.")


class PlacementSchema(Schema):
    id: str
    start: str
    end: str
    host: str
    city: str


class UnplacedSchema(Schema):
    id: str
    reasons: list[str]


class ConflictSchema(Schema):
    requests: list[str]
    constraints: list[str]


class VersionSchema(Schema):
    id: int
    plan: str
    number: int
    created_at: dt.datetime
    author: str | None
    previous: int | None
    state: str
    error: str
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    solve_seconds: float | None

    @staticmethod
    def resolve_plan(obj: PlanVersion) -> str:
        return obj.plan.slug

    @staticmethod
    def resolve_author(obj: PlanVersion) -> str | None:
        return obj.author.username if obj.author else None

    @staticmethod
    def resolve_previous(obj: PlanVersion) -> int | None:
        return obj.previous.number if obj.previous else None


class VersionDetailSchema(VersionSchema):
    placements: list[PlacementSchema]
    unplaced: list[UnplacedSchema]
    conflicts: list[ConflictSchema]

    @staticmethod
    def resolve_placements(obj: PlanVersion) -> list[dict]:
        return [{**p, "id": str(p["id"])} for p in obj.result.get("placements", [])]

    @staticmethod
    def resolve_unplaced(obj: PlanVersion) -> list[dict]:
        """The reasons in the request's language, like the other texts of the API."""
        return [
            {"id": str(u["id"]), "reasons": unplaced_reasons(u, _reason_names(obj))}
            for u in obj.result.get("unplaced", [])
        ]

    @staticmethod
    def resolve_conflicts(obj: PlanVersion) -> list[dict]:
        return [
            {
                "requests": [str(r) for r in c["requests"]],
                "constraints": conflict_constraints(c, _reason_names(obj)),
            }
            for c in obj.result.get("conflicts", [])
        ]


def _reason_names(version: PlanVersion) -> dict[str, str]:
    """The parties' and officials' names for a version's reasons (read once per version)."""
    names = getattr(version, "_reason_names", None)
    if names is None:
        names = selectors.reason_names(version.plan, selectors.plan_requests(version.plan))
        version._reason_names = names  # type: ignore[attr-defined]
    return names


class MoveSchema(Schema):
    id: str
    before: PlacementSchema
    after: PlacementSchema


class DiffSchema(Schema):
    old: int
    new: int
    moved: list[MoveSchema]
    added: list[PlacementSchema]
    removed: list[PlacementSchema]


class BlackoutSchema(Schema):
    id: int
    plan: str
    post: str | None = Field(
        description="Slug of the lead post (the official) away; null: every lead official."
    )
    start_date: dt.date
    end_date: dt.date
    reason: str

    @staticmethod
    def resolve_plan(obj: ManualBlackout) -> str:
        return obj.plan.slug

    @staticmethod
    def resolve_post(obj: ManualBlackout) -> str | None:
        return obj.post.slug if obj.post else None


class BlackoutInputSchema(InputBase):
    post: Text | None = Field(
        None, description="Slug of the lead post (the official); null: every lead official."
    )
    start_date: Date
    end_date: Date
    reason: Text = Field("", max_length=300)
