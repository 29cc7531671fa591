"""The reciprocity report endpoints: JSON, CSV and SVG of who invites whom in a period.

A report, not a record: every caller who may use the API gets 200 (anonymous
callers too), counted over the invitations the caller may see.  The period
defaults to the last twelve months up to today; a wrong period, or an
organization the caller cannot see, answers 422 on its query parameter.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field

from collegium.core.api.schemas import Date, Text
from collegium.core.cache import cached_api_read
from collegium.events.reciprocity.engine import Org, Report, reciprocity_csv, reciprocity_svg
from collegium.events.reciprocity.selectors import (
    default_period,
    organization_as_org,
    period_errors,
    reciprocity_report_visible_to,
)
from collegium.events.reciprocity.views import (
    CSV_CONTENT_TYPE,
    PICTURE_CSP,
    SVG_CONTENT_TYPE,
)
from collegium.registry.selectors import visible_organization

router = Router(tags=["reciprocity"])


class ReciprocityFilterSchema(Schema):
    start: Date | None = Field(
        None,
        description="First day of the period (events count by their first day); "
        "default: a year before the end.",
    )
    end: Date | None = Field(None, description="Last day of the period; default: today.")
    organization: Text | None = Field(
        None, description="Slug: keep the invitations this organization sent or received."
    )


class ReciprocityOrganizationSchema(Schema):
    key: str = Field(description="The organization's slug.")
    acronym: str = Field(description="Acronym in the request's language (the name if it has none).")
    name: str


class ReciprocityPairSchema(Schema):
    inviter: str = Field(description="Slug of the inviting organization.")
    invitee: str = Field(description="Slug of the invited organization.")
    sent: int = Field(description="Invitations the inviter sent the invitee.")
    attended: int = Field(description="How many of them the invitee attended.")
    reverse_sent: int = Field(description="Invitations sent in the other direction.")
    reverse_attended: int = Field(description="How many of those the inviter attended.")
    one_way: bool = Field(
        description="Invited, but never invited in return in the period, though the invitee "
        "held a covered event in it."
    )
    no_covered_event: bool = Field(
        description="Not invited in return, but the invitee held no covered event in the "
        "period: no opportunity to reciprocate, not an asymmetry."
    )
    attendance_asymmetric: bool = Field(
        description="Both invite, but the shares attended differ by half or more."
    )
    asymmetric: bool


class ReciprocitySchema(Schema):
    start: dt.date
    end: dt.date
    organizations: list[ReciprocityOrganizationSchema]
    pairs: list[ReciprocityPairSchema] = Field(
        description="Every ordered pair with invitations in at least one direction."
    )


def _query_error(field: str, message: str) -> NinjaValidationError:
    return NinjaValidationError([{"loc": ["query", field], "msg": message, "type": "value_error"}])


def _report(request: HttpRequest, filters: ReciprocityFilterSchema) -> Report:
    """Check the period and the organization, then read the report the caller may see."""
    end = filters.end or timezone.localdate()
    start = filters.start or default_period(end)[0]
    errors = period_errors(start, end)
    if errors:
        raise NinjaValidationError(
            [
                {"loc": ["query", field], "msg": message, "type": "value_error"}
                for field, message in errors.items()
            ]
        )
    organization: Org | None = None
    if filters.organization:
        found = visible_organization(request.user, filters.organization)
        if found is None:
            raise _query_error(
                "organization",
                _("Unknown organization: “%(key)s”.") % {"key": filters.organization},
            )
        organization = organization_as_org(found)
    return reciprocity_report_visible_to(
        user=request.user, start=start, end=end, organization=organization
    )


def _download(body: str | bytes, content_type: str, report: Report, extension: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    name = f"reciprocity-{report.start.isoformat()}-{report.end.isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    patch_cache_control(response, private=True)  # what the caller may see: not for shared caches
    if extension == "svg":
        # What ``csp_override`` sets on a view's response (private, so not in django-stubs).
        response._csp_config = PICTURE_CSP  # type: ignore[attr-defined]
    return response


@router.get("", response=ReciprocitySchema, operation_id="reciprocity_report_retrieve")
@cached_api_read
def reciprocity_report(
    request: HttpRequest, filters: Query[ReciprocityFilterSchema]
) -> dict[str, Any]:
    """Count the invitations sent and attended between organizations, in both directions."""
    report = _report(request, filters)
    return {
        "start": report.start,
        "end": report.end,
        "organizations": [
            {"key": org.key, "acronym": org.acronym, "name": org.name}
            for org in report.organizations
        ],
        "pairs": [
            {
                "inviter": pair.inviter.key,
                "invitee": pair.invitee.key,
                "sent": pair.sent,
                "attended": pair.attended,
                "reverse_sent": pair.reverse_sent,
                "reverse_attended": pair.reverse_attended,
                "one_way": pair.one_way,
                "no_covered_event": pair.no_opportunity,
                "attendance_asymmetric": pair.attendance_asymmetric,
                "asymmetric": pair.asymmetric,
            }
            for pair in report.pairs
        ],
    }


@router.get(
    "/report.csv",
    operation_id="reciprocity_report_csv",
    openapi_extra={
        "responses": {200: {"description": "One row per ordered pair", "content": {"text/csv": {}}}}
    },
)
def reciprocity_report_csv(
    request: HttpRequest, filters: Query[ReciprocityFilterSchema]
) -> HttpResponse:
    """The same report as CSV (UTF-8 with a BOM), one row per ordered pair."""
    report = _report(request, filters)
    return _download(reciprocity_csv(report), CSV_CONTENT_TYPE, report, "csv")


@router.get(
    "/network.svg",
    operation_id="reciprocity_network_svg",
    openapi_extra={
        "responses": {200: {"description": "Who invites whom", "content": {"image/svg+xml": {}}}}
    },
)
def reciprocity_network_svg(
    request: HttpRequest, filters: Query[ReciprocityFilterSchema]
) -> HttpResponse:
    """The picture of who invites whom, as a standalone SVG document."""
    report = _report(request, filters)
    return _download(reciprocity_svg(report), SVG_CONTENT_TYPE, report, "svg")
