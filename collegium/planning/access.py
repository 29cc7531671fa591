"""The doors to plans and what they hold: a record the user may not see is a missing one."""

from django.db.models import QuerySet

from collegium.access.rules import AnyUser, filter_visible
from collegium.core.exceptions import NotFound
from collegium.planning.models import (
    ConsultationPlan,
    ConsultationRequest,
    ManualBlackout,
    PlanVersion,
)


def visible_plans(user: AnyUser) -> QuerySet[ConsultationPlan]:
    return filter_visible(ConsultationPlan.objects.all(), user).distinct()


def access_plan_by_slug(user: AnyUser, slug: str) -> ConsultationPlan:
    """Return the plan the user may see, with its owner, parties and document loaded."""
    try:
        return (
            visible_plans(user)
            .select_related("owner", "document")
            .prefetch_related("parties")
            .get(slug=slug)
        )
    except (ConsultationPlan.DoesNotExist, ValueError) as exc:
        raise NotFound(ConsultationPlan._meta.verbose_name) from exc


def access_request(user: AnyUser, plan: ConsultationPlan, code: str) -> ConsultationRequest:
    """Return a request of ``plan`` (already accessed), or raise ``NotFound``."""
    try:
        found = ConsultationRequest.objects.select_related(
            "party_a", "party_b", "lead_a", "lead_b", "host", "previous_host", "event"
        ).get(plan=plan, code=code)
    except (ConsultationRequest.DoesNotExist, ValueError) as exc:
        raise NotFound(ConsultationRequest._meta.verbose_name) from exc
    found.plan = plan
    return found


def access_blackout(user: AnyUser, plan: ConsultationPlan, blackout_id: int) -> ManualBlackout:
    try:
        found = ManualBlackout.objects.select_related("post").get(plan=plan, pk=blackout_id)
    except (ManualBlackout.DoesNotExist, ValueError, OverflowError) as exc:
        raise NotFound(ManualBlackout._meta.verbose_name) from exc
    found.plan = plan
    return found


def access_version(user: AnyUser, plan: ConsultationPlan, number: int) -> PlanVersion:
    try:
        found = PlanVersion.objects.get(plan=plan, number=number)
    except (PlanVersion.DoesNotExist, ValueError, OverflowError) as exc:
        raise NotFound(PlanVersion._meta.verbose_name) from exc
    found.plan = plan
    return found
