"""Plan pages: the list, the plan by month with its reasons, request forms, diff and DOCX.

Each form posts here and calls one service.  The pages offer a form exactly when
``planning.policy`` allows it; a refusal of a forged request is a 403, invalid input comes
back on the form page with the errors next to the fields they name.  A solve runs in the
task worker: the page polls the version's state every 2 seconds (HTMX) and reloads when done.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from collegium.core.exceptions import NotFound
from collegium.core.views import or_404
from collegium.decisions.selectors import visible_documents
from collegium.events.forms import save_through
from collegium.planning import policy, reasons, selectors, services
from collegium.planning.access import (
    access_blackout,
    access_plan_by_slug,
    access_request,
    access_version,
    visible_plans,
)
from collegium.planning.docx import plan_docx
from collegium.planning.exports import plan_pdf
from collegium.planning.forms import BlackoutForm, RequestForm
from collegium.planning.models import ConsultationPlan, PlanVersion, VersionState

FORM_TEMPLATE = "planning/form_page.html"


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, template, context)
    add_never_cache_headers(response)
    return response


def _to_plan(plan: ConsultationPlan, anchor: str = "") -> HttpResponse:
    url = reverse("planning:detail", args=[plan.slug])
    return redirect(url + (f"#{anchor}" if anchor else ""))


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    """List the plans the user may see, the latest year first."""
    plans = visible_plans(request.user).prefetch_related("parties").order_by("-year", "slug")
    return render(request, "planning/plan_list.html", {"plans": plans})


def _number(value: str | None) -> int | None:
    """Return a version number given in a query or form (ASCII digits: "²" is a digit too).

    Anything else (or a number no plan reaches) is no version: the page shows the latest.
    """
    if value and value.isascii() and value.isdigit() and len(value) <= 9:
        return int(value)
    return None


def _version(request: HttpRequest, plan: ConsultationPlan) -> PlanVersion | None:
    number = _number(request.GET.get("version"))
    if number is not None:
        return or_404(access_version, request.user, plan, number)
    return selectors.latest_version(plan, done=True)


@require_GET
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan by month: each consultation with its reasons, the unplaced, the conflicts."""
    plan = or_404(access_plan_by_slug, request.user, slug)
    user = request.user
    version = _version(request, plan)
    pending = (
        PlanVersion.objects.filter(plan=plan, state__in=[VersionState.QUEUED, VersionState.RUNNING])
        .order_by("-number")
        .first()
    )
    rows = selectors.timeline(plan, version)
    codes = {row.request.code: row.request for row in rows}
    signed_in = user.is_authenticated
    document = plan.document
    result = version.result if version else {}
    names = (
        selectors.reason_names(plan, [row.request for row in rows])
        if result.get("unplaced") or result.get("conflicts")
        else {}
    )
    context = {
        "plan": plan,
        "document": document,
        "document_visible": document is not None
        and visible_documents(user).filter(pk=document.pk).exists(),
        "version": version,
        "pending": pending,
        "rows": rows,
        "months": list(selectors.MONTHS),
        "unplaced": [
            {
                "request": codes.get(str(u["id"])),
                "id": u["id"],
                "reasons": reasons.unplaced_reasons(u, names),
            }
            for u in result.get("unplaced", [])
        ],
        "conflicts": [
            {"requests": c["requests"], "constraints": reasons.conflict_constraints(c, names)}
            for c in result.get("conflicts", [])
        ],
        "versions": PlanVersion.objects.filter(plan=plan)
        .order_by("-number")
        .defer("input", "result"),
        "blackouts": selectors.manual_blackouts(plan),
        "overlaps": selectors.plan_calendar_overlaps(plan),
        "can_edit": signed_in and bool(policy.can_edit(user, plan)),
        "can_change_requests": signed_in and bool(policy.can_change_requests(user, plan)),
        "can_approve": signed_in
        and version is not None
        and bool(policy.can_approve(user, plan))
        and plan.approved_version_id != version.pk,
    }
    return _page(request, "planning/plan_detail.html", context)


@require_GET
def version_state(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The state of a solve, polled by the plan page; tells the page to reload when done."""
    plan = or_404(access_plan_by_slug, request.user, slug)
    version = or_404(access_version, request.user, plan, number)
    response = _page(request, "planning/_version_state.html", {"plan": plan, "pending": version})
    if version.state in (VersionState.DONE, VersionState.FAILED) and request.headers.get(
        "HX-Request"
    ):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def plan_solve(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue a solve (``plan_solve``); with ``previous`` a re-plan keeping that version close."""
    plan = or_404(access_plan_by_slug, request.user, slug)
    policy.can_edit(request.user, plan).enforce()
    previous = None
    number = _number(request.POST.get("previous"))
    if number is not None:
        previous = or_404(access_version, request.user, plan, number)

    return _button(
        request,
        plan,
        lambda: services.plan_solve(actor=request.user, plan=plan, previous=previous),
        success=_("The solver is at work; the page shows the result when done."),
        anchor="",
    )


@login_required
@require_POST
def plan_approve(request: HttpRequest, slug: str) -> HttpResponse:
    """Approve the latest solved version into calendar events (``plan_approve``)."""
    plan = or_404(access_plan_by_slug, request.user, slug)
    policy.can_approve(request.user, plan).enforce()
    return _button(
        request,
        plan,
        lambda: services.plan_approve(actor=request.user, plan=plan),
        success=_(
            "The plan is approved; its consultations are in the calendar and in the plan's "
            "document, which the parties now agree and sign."
        ),
        anchor="",
    )


def _form_view(
    request: HttpRequest,
    plan: ConsultationPlan,
    form: Any,
    write: Callable[[], object],
    *,
    heading: str,
    success: str,
    anchor: str,
) -> HttpResponse:
    """Write through the service on a valid POST and go back to the plan; else show the form."""
    if request.method == "POST" and form.is_valid() and save_through(request, form, write):
        messages.success(request, success)
        return _to_plan(plan, anchor)
    context = {"plan": plan, "form": form, "heading": heading, "submit": _("Save")}
    return _page(request, FORM_TEMPLATE, {**context, "anchor": anchor})


def _button(
    request: HttpRequest,
    plan: ConsultationPlan,
    write: Callable[[], object],
    *,
    success: str,
    anchor: str,
) -> HttpResponse:
    """Write through the service (a button without fields) and go back to the plan."""
    if save_through(request, None, write):
        messages.success(request, success)
    return _to_plan(plan, anchor)


def _editable_plan(request: HttpRequest, slug: str) -> ConsultationPlan:
    """Return the plan if the user may change its requests; hidden is 404, refused 403."""
    plan = or_404(access_plan_by_slug, request.user, slug)
    policy.can_change_requests(request.user, plan).enforce()
    return plan


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _editable_plan(request, slug)
    form = RequestForm(request.POST or None, plan=plan)
    return _form_view(
        request,
        plan,
        form,
        lambda: services.request_create(actor=request.user, plan=plan, data=form.service_data()),
        heading=_("New consultation request"),
        success=_("The request is added."),
        anchor="requests",
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    plan = _editable_plan(request, slug)
    item = or_404(access_request, request.user, plan, code)
    form = RequestForm(request.POST or None, plan=plan, request=item)
    return _form_view(
        request,
        plan,
        form,
        lambda: services.request_update(actor=request.user, request=item, data=form.service_data()),
        heading=_("Change the request"),
        success=_("The request is saved."),
        anchor="requests",
    )


@login_required
@require_POST
def request_delete(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    plan = _editable_plan(request, slug)
    item = or_404(access_request, request.user, plan, code)
    return _button(
        request,
        plan,
        lambda: services.request_delete(actor=request.user, request=item),
        success=_("The request is removed."),
        anchor="requests",
    )


@login_required
@require_http_methods(["GET", "POST"])
def blackout_add(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _editable_plan(request, slug)
    form = BlackoutForm(request.POST or None, plan=plan)
    return _form_view(
        request,
        plan,
        form,
        lambda: services.blackout_add(actor=request.user, plan=plan, data=form.service_data()),
        heading=_("New blackout"),
        success=_("The blackout is added."),
        anchor="blackouts",
    )


@login_required
@require_POST
def blackout_remove(request: HttpRequest, slug: str, blackout_id: int) -> HttpResponse:
    plan = _editable_plan(request, slug)
    blackout = or_404(access_blackout, request.user, plan, blackout_id)
    return _button(
        request,
        plan,
        lambda: services.blackout_remove(actor=request.user, blackout=blackout),
        success=_("The blackout is removed."),
        anchor="blackouts",
    )


@require_GET
def version_diff(request: HttpRequest, slug: str) -> HttpResponse:
    """Two versions side by side: the consultations moved, added and removed."""
    plan = or_404(access_plan_by_slug, request.user, slug)
    numbers = list(
        PlanVersion.objects.filter(plan=plan, state=VersionState.DONE)
        .order_by("-number")
        .values_list("number", flat=True)
    )

    def number(name: str, default: int | None) -> int | None:
        given = _number(request.GET.get(name))
        return default if given is None else given

    new = number("to", numbers[0] if numbers else None)
    old = number("from", next((n for n in numbers if new is not None and n < new), new))
    diff = None
    if old is not None and new is not None:
        try:
            diff = selectors.versions_diff(
                access_version(request.user, plan, old), access_version(request.user, plan, new)
            )
        except NotFound:
            diff = None
    topics = {r.code: r.topic for r in selectors.plan_requests(plan)}
    if diff is not None:
        for move in diff["moved"]:
            move["topic"] = topics.get(move["id"], "")
    return render(
        request,
        "planning/version_diff.html",
        {"plan": plan, "old": old, "new": new, "diff": diff, "numbers": numbers},
    )


EXPORTS = {
    "docx": (
        plan_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pdf": (plan_pdf, "application/pdf"),
}


@require_GET
def plan_export(request: HttpRequest, slug: str, fmt: str = "docx") -> HttpResponse:
    """The plan (the version shown, by default the latest solved) as a DOCX or PDF to sign."""
    plan = or_404(access_plan_by_slug, request.user, slug)
    version = _version(request, plan)
    if version is None:
        messages.error(request, _("Solve the plan first: there is nothing to export."))
        return _to_plan(plan)
    render, content_type = EXPORTS[fmt]
    response = HttpResponse(render(plan, version), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}-v{version.number}.{fmt}"'
    return response
