"""The desk's plans to re-plan: approved plans of the user's ministries the calendar now overlaps.

Shown only to users of a party of an approved plan; a plan whose rounds no calendar event
meets is not counted.  Each link leads to the plan page, which offers the re-plan.
"""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext

from collegium.access.rules import party_organization_ids
from collegium.core.desk import DESK_LINKS, DeskItem, DeskLink, register_desk_item
from collegium.planning.access import visible_plans
from collegium.planning.models import PlanStatus
from collegium.planning.selectors import plan_calendar_overlaps


def plans_to_replan(request: HttpRequest) -> DeskItem | None:
    """Return the approved plans of the user's organizations that the calendar now overlaps."""
    parties = party_organization_ids(request.user)
    if not parties:
        return None
    plans = list(
        visible_plans(request.user)
        .filter(status=PlanStatus.APPROVED, parties__in=parties)
        .select_related("approved_version")
        .order_by("-year", "slug")
    )
    if not plans:
        return None
    links = []
    for plan in plans:
        overlaps = plan_calendar_overlaps(plan)
        if overlaps:
            count = len({overlap.request.pk for overlap in overlaps})
            links.append(
                DeskLink(
                    label=str(plan),
                    url=reverse("planning:detail", args=[plan.slug]) + "#overlaps",
                    note=ngettext(
                        "%(count)d round meets the calendar",
                        "%(count)d rounds meet the calendar",
                        count,
                    )
                    % {"count": count},
                )
            )
    return DeskItem(
        title=gettext_lazy("Plans to re-plan"),
        count=len(links),
        url=reverse("planning:list"),
        hint=gettext_lazy("Approved plans of consultations whose dates the calendar now takes."),
        links=links[:DESK_LINKS],
    )


register_desk_item(name="plans-to-replan", read=plans_to_replan, order=60)
