"""Every write to a plan of consultations: policy, validation, audit, one transaction.

``plan_solve`` reads the plan into the engine's input (``selectors.plan_input``), checks it
with the engine's own validation (``engine.fileio``), saves a queued version with its audit
record and leaves the solve to the task worker once the transaction commits
(``tasks.plan_version_solve``); ``synchronous=True`` solves in the caller (the demo, tests).
``plan_approve`` turns the latest solved version into calendar events through the events'
``event_create`` (kind "consultations", in the host's capital, organized by both parties), and
draws up (or brings up to date) the plan's document in the decisions app, through its services:
a document of kind "plan" among the plan's parties, one paragraph per consultation.  The
parties then agree and sign it there; its status is the plan's.
"""

import datetime as dt
import re
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.core.audit import audited
from collegium.core.exceptions import TransitionError, ValidationError
from collegium.core.services import assign_fields
from collegium.decisions import services as document_services
from collegium.decisions.models import Document, DocumentKind, DocumentNode, DocumentStatus
from collegium.events.calendar import services as event_services
from collegium.events.models import EventKind
from collegium.planning import policy, reasons, selectors, solving, tasks, wording
from collegium.planning.engine.fileio import PlanFileError, parse
from collegium.planning.engine.phrases import to_json
from collegium.planning.models import (
    ConsultationPlan,
    ConsultationRequest,
    ManualBlackout,
    PlanStatus,
    PlanVersion,
    VersionState,
)
from collegium.registry.models import Organization

PLAN_FIELDS = frozenset(
    {
        "slug",
        "year",
        "title_ru",
        "title_en",
        "title_be",
        "owner",
        "visibility",
        "capitals",
        "max_per_week",
        "max_per_week_per_department",
        "hosting_tolerance",
        "extra_non_working_days",
        "weights",
        "time_limit",
        "is_illustrative",
    }
)
REQUEST_FIELDS = frozenset(
    {
        "code",
        "topic_ru",
        "topic_en",
        "topic_be",
        "level",
        "party_a",
        "party_b",
        "department_a",
        "department_b",
        "lead_a",
        "lead_b",
        "days",
        "window_start",
        "window_end",
        "host",
        "previous_host",
        "min_gap_days",
        "topic_key",
        "pinned",
    }
)
BLACKOUT_FIELDS = frozenset({"post", "start_date", "end_date", "reason"})
TIMEZONES = {"by": "Europe/Minsk", "ru": "Europe/Moscow", "kz": "Asia/Almaty"}


def _refuse_unknown(data: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in unknown})


# --- Plans -----------------------------------------------------------------------------


def _check_parties(plan: ConsultationPlan, parties: list[Organization]) -> None:
    if len(set(parties)) < 2:
        raise ValidationError({"parties": _("A plan needs at least two different parties.")})
    if plan.owner_id is not None and plan.owner_id not in {p.pk for p in parties} | {
        p.owner_id for p in parties
    }:
        raise ValidationError({"owner": _("The plan's owner must be one of its parties.")})


def plan_create(*, actor, data: dict[str, Any], parties: list[Organization]) -> ConsultationPlan:
    """Create a draft plan of ``parties``; the capitals default to the parties' seat cities."""
    policy.can_create(actor).enforce()
    _refuse_unknown(data, PLAN_FIELDS)
    plan = ConsultationPlan()
    assign_fields(plan, data)
    if plan.owner_id is None:
        raise ValidationError({"owner": _("Choose the organization that owns this plan.")})
    _check_parties(plan, parties)
    policy.can_draw_up(actor, plan, parties).enforce()
    plan.capitals = {
        **{p.slug: p.seat_city_ru for p in parties if p.seat_city_ru},
        **(plan.capitals or {}),
    }
    plan.status = PlanStatus.DRAFT
    plan.created_at = timezone.now()
    plan.full_clean()
    with audited(
        actor=actor, action="consultationplan.create", instance=plan, relations={"parties": parties}
    ):
        plan.save(force_insert=True)
        plan.parties.set(parties)
    return plan


def plan_update(
    *,
    actor,
    plan: ConsultationPlan,
    data: dict[str, Any],
    parties: list[Organization] | None = None,
) -> ConsultationPlan:
    """Change a plan's settings (its status moves through ``plan_agree``/``plan_approve``)."""
    policy.can_edit(actor, plan).enforce()
    _refuse_unknown(data, PLAN_FIELDS - {"slug"})
    relations = {"parties": parties} if parties is not None else None
    with audited(
        actor=actor,
        action="consultationplan.update",
        instance=plan,
        relations=relations,  # type: ignore[arg-type]
    ):
        assign_fields(plan, data)
        if parties is not None:
            _check_parties(plan, parties)
            policy.can_edit(actor, plan, parties).enforce()
        else:
            _check_parties(plan, list(plan.parties.all()))
        plan.full_clean()
        plan.save()
        if parties is not None:
            plan.parties.set(parties)
    return plan


def plan_move(*, actor, plan: ConsultationPlan, status: str) -> ConsultationPlan:
    """Move a plan draft → agreed, or back to draft (approval is ``plan_approve``)."""
    policy.can_edit(actor, plan).enforce()
    if status == PlanStatus.APPROVED:
        raise TransitionError(
            _("A plan is approved through its approval, which creates the events.")
        )
    plan.check_transition(status)
    with audited(actor=actor, action=f"consultationplan.{status}", instance=plan):
        plan.status = status
        plan.save(update_fields=["status"])
    return plan


# --- Requests and blackouts ------------------------------------------------------------

_ENGINE_FIELDS = {
    "pinned": "pinned",
    "window": "window_end",
    "days": "days",
    "host": "host",
    "previous_host": "previous_host",
    "parties": "party_b",
    "leads": "lead_a",
    "min_gap_days": "min_gap_days",
}


def _engine_check(plan: ConsultationPlan, request: ConsultationRequest) -> None:
    """Refuse what the engine would refuse (a pinned date on a holiday), naming the field."""
    data = {
        "year": plan.year,
        "parties": sorted({request.party_a.slug, request.party_b.slug}),
        "countries": selectors._countries([request.party_a, request.party_b]),
        "extra_non_working_days": sorted(str(d) for d in plan.extra_non_working_days),
        "requests": [selectors.request_input(request)],
    }
    try:
        parse(data)
    except PlanFileError as exc:
        text = str(exc)
        found = re.search(r"key '([a-z_]+)", text)
        field = _ENGINE_FIELDS.get(found.group(1) if found else "", "__all__")
        detail = text.split(": ", 2)[-1]
        if exc.phrase is not None:  # what is wrong as data: worded in the reader's language
            detail = reasons.phrase_text(to_json(exc.phrase))
        if field == "pinned":
            message = _("The pinned date falls on a non-working day: %(detail)s") % {
                "detail": detail
            }
        else:
            message = _("The solver refuses this value: %(detail)s") % {"detail": detail}
        raise ValidationError({field: message}) from exc


def _check_request(plan: ConsultationPlan, request: ConsultationRequest) -> None:
    parties = {p.pk for p in plan.parties.all()}
    errors = {}
    for name in ("party_a", "party_b"):
        if getattr(request, f"{name}_id") not in parties:
            errors[name] = _("Choose one of the plan's parties.")
    for name in ("window_start", "window_end", "pinned"):
        value = getattr(request, name)
        if value is not None and value.year != plan.year:
            errors[name] = _("Give a date in the plan's year %(year)s.") % {"year": plan.year}
    if errors:
        raise ValidationError(errors)
    request.full_clean(exclude=["plan"], validate_unique=False)
    if (
        ConsultationRequest.objects.filter(plan=plan, code=request.code)
        .exclude(pk=request.pk)
        .exists()
    ):
        raise ValidationError({"code": _("The plan has a request with this code already.")})
    _engine_check(plan, request)


def request_create(*, actor, plan: ConsultationPlan, data: dict[str, Any]) -> ConsultationRequest:
    """Add a consultation round to a draft plan."""
    policy.can_change_requests(actor, plan).enforce()
    _refuse_unknown(data, REQUEST_FIELDS)
    request = ConsultationRequest(plan=plan)
    assign_fields(request, data)
    _check_request(plan, request)
    with audited(
        actor=actor, action="consultationrequest.create", instance=request, organization=plan.owner
    ):
        request.save(force_insert=True)
    return request


def request_update(
    *, actor, request: ConsultationRequest, data: dict[str, Any]
) -> ConsultationRequest:
    plan = request.plan
    policy.can_change_requests(actor, plan).enforce()
    _refuse_unknown(data, REQUEST_FIELDS)
    with audited(
        actor=actor, action="consultationrequest.update", instance=request, organization=plan.owner
    ):
        assign_fields(request, data)
        _check_request(plan, request)
        # Only the request's own fields: its event and paragraph are the approval's.
        request.save(update_fields=sorted(REQUEST_FIELDS))
    return request


def request_delete(*, actor, request: ConsultationRequest) -> None:
    plan = request.plan
    policy.can_change_requests(actor, plan).enforce()
    with audited(
        actor=actor, action="consultationrequest.delete", instance=request, organization=plan.owner
    ):
        request.delete()


def blackout_add(*, actor, plan: ConsultationPlan, data: dict[str, Any]) -> ManualBlackout:
    """Block days for one lead post (or every lead official of the plan, without a post)."""
    policy.can_change_requests(actor, plan).enforce()
    _refuse_unknown(data, BLACKOUT_FIELDS)
    blackout = ManualBlackout(plan=plan)
    assign_fields(blackout, data)
    post = blackout.post if blackout.post_id is not None else None
    parties = {p.pk for p in plan.parties.all()}
    if post is not None and not {post.organization_id, post.organization.parent_id} & parties:
        raise ValidationError({"post": _("Choose a post of one of the plan's parties.")})
    blackout.full_clean(exclude=["plan"])
    with audited(
        actor=actor, action="manualblackout.create", instance=blackout, organization=plan.owner
    ):
        blackout.save(force_insert=True)
    return blackout


def blackout_remove(*, actor, blackout: ManualBlackout) -> None:
    plan = blackout.plan
    policy.can_change_requests(actor, plan).enforce()
    with audited(
        actor=actor, action="manualblackout.delete", instance=blackout, organization=plan.owner
    ):
        blackout.delete()


# --- Solving ---------------------------------------------------------------------------


def _field_of(message: str) -> str:
    found = re.search(r"key '([a-z_.]+)", message)
    if found is None:
        return "__all__"
    key = found.group(1).split(".")[0]
    return "requests" if message.startswith("requests[") else key


def plan_solve(
    *,
    actor,
    plan: ConsultationPlan,
    previous: PlanVersion | None = None,
    synchronous: bool = False,
) -> PlanVersion:
    """Save a new version with the plan's input and solve it (in the worker, or here).

    With ``previous`` the solver keeps the consultations where that version put them as
    far as it can (re-planning: as few moves as possible).
    """
    policy.can_edit(actor, plan).enforce()
    data = selectors.plan_input(plan, previous=previous)
    if not data["requests"]:
        raise ValidationError({"requests": _("The plan has no requests to place.")})
    try:
        parse(data)
    except PlanFileError as exc:
        raise ValidationError({_field_of(str(exc)): str(exc)}) from exc
    with transaction.atomic():
        ConsultationPlan.objects.select_for_update().filter(pk=plan.pk).first()
        last = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
        version = PlanVersion(
            plan=plan,
            number=(last.number + 1) if last else 1,
            created_at=timezone.now(),
            author=actor if getattr(actor, "is_authenticated", False) else None,
            previous=previous,
            input=data,
            state=VersionState.QUEUED,
        )
        with audited(
            actor=actor, action="planversion.create", instance=version, organization=plan.owner
        ):
            version.save(force_insert=True)
        if not synchronous:
            transaction.on_commit(partial(tasks.version_queue, version.pk))
    if synchronous:
        solving.version_solve(version_id=version.pk)
        version.refresh_from_db()
    return version


# --- Approval --------------------------------------------------------------------------


def _event_data(plan: ConsultationPlan, request: ConsultationRequest, placement: dict) -> dict:
    host = request.party_a if placement["host"] == request.party_a.slug else request.party_b
    state = host.seat_state
    start = dt.date.fromisoformat(placement["start"])
    end = dt.date.fromisoformat(placement["end"])
    title = {
        "ru": "Консультации: ",
        "en": "Consultations: ",
        "be": "Кансультацыі: ",
    }
    return {
        "slug": f"{plan.slug}-{request.code}".lower()[:120],
        "kind": EventKind.CONSULTATIONS,
        "title_ru": title["ru"] + request.topic_ru,
        "title_en": title["en"] + (request.topic_en or request.topic_ru),
        "title_be": title["be"] + (request.topic_be or request.topic_ru),
        "owner": plan.owner,
        "visibility": plan.visibility,
        "host_state": state,
        "city_ru": placement.get("city") or selectors.capital_of(plan, host),
        "timezone": TIMEZONES.get(state.code if state else "", "Europe/Moscow"),
        "start": dt.datetime.combine(start, dt.time(10, 0)),
        "end": dt.datetime.combine(end, dt.time(18, 0)),
        "is_illustrative": plan.is_illustrative,
    }


def plan_approve(
    *, actor, plan: ConsultationPlan, version: PlanVersion | None = None
) -> ConsultationPlan:
    """Approve the latest solved version: each placed consultation becomes a calendar event.

    Approved again after a re-plan, the events of the consultations move to their new dates
    (the calendar feeds follow, with a new revision).
    """
    policy.can_approve(actor, plan).enforce()
    if version is None:
        version = selectors.latest_version(plan, done=True)
    if version is None or version.state != VersionState.DONE:
        raise ValidationError(
            {"version": _("Solve the plan first: there is no solved version to approve.")}
        )
    if plan.status != PlanStatus.APPROVED:
        plan.check_transition(PlanStatus.APPROVED)
    requests = {r.code: r for r in selectors.plan_requests(plan)}
    parties_by_pk = {p.pk: p for p in plan.parties.select_related("seat_state")}
    with transaction.atomic():
        document = _plan_document(actor, plan, version, requests)
        for placement in version.result.get("placements", []):
            request = requests.get(str(placement["id"]))
            if request is None:
                continue
            request.party_a = parties_by_pk.get(request.party_a_id, request.party_a)
            request.party_b = parties_by_pk.get(request.party_b_id, request.party_b)
            data = _event_data(plan, request, placement)
            organizers = [request.party_a, request.party_b]
            if request.event is not None:
                data.pop("slug")
                data.pop("owner")
                event_services.event_update(
                    actor=actor,
                    event=request.event,
                    data=data,
                    organizers=organizers,
                    organizers_agreed=True,
                )
                continue
            # Both parties of a consultation organize it: the plan's parties, whose managers draw
            # it up together (policy.can_edit), name each other.
            event = event_services.event_create(
                actor=actor, data=data, organizers=organizers, organizers_agreed=True
            )
            with audited(
                actor=actor,
                action="consultationrequest.update",
                instance=request,
                organization=plan.owner,
            ):
                request.event = event
                request.save(update_fields=["event"])
        with audited(actor=actor, action="consultationplan.approve", instance=plan):
            plan.status = PlanStatus.APPROVED
            plan.approved_version = version
            plan.document = document
            plan.save(update_fields=["status", "approved_version", "document"])
    return plan


# --- The plan's document -------------------------------------------------------------------


def _check_document(plan: ConsultationPlan, document: Document) -> None:
    """Refuse a document that cannot be the plan's: another kind, other parties, taken."""
    if document.kind != DocumentKind.PLAN:
        raise ValidationError({"document": _("Choose a document of the kind “plan”.")})
    parties = {link.organization_id for link in document.party_links.all()}
    if parties != {p.pk for p in plan.parties.all()}:
        raise ValidationError({"document": _("The document's parties must be the plan's parties.")})
    taken = ConsultationPlan.objects.filter(document=document).exclude(pk=plan.pk).first()
    if taken is not None:
        raise ValidationError(
            {"document": _("The document is the plan “%(plan)s” already.") % {"plan": taken}}
        )


def plan_link_document(*, actor, plan: ConsultationPlan, document: Document) -> ConsultationPlan:
    """Make an existing plan document (drawn up before the solver) the plan's document.

    The next approval brings its text up to date instead of drawing up a second one.
    """
    policy.can_edit(actor, plan).enforce()
    _check_document(plan, document)
    with audited(actor=actor, action="consultationplan.update", instance=plan):
        plan.document = document
        plan.save(update_fields=["document"])
    return plan


def _document_slug(base: str) -> str:
    base = base[:110]
    slug, n = base, 1
    while Document.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _draw_up_document(actor, plan: ConsultationPlan) -> Document:
    parties = list(plan.parties.order_by("slug"))
    drafting = next(
        (p for p in parties if p.pk == plan.owner_id),
        next((p for p in parties if p.owner_id == plan.owner_id), parties[0]),
    )
    return document_services.document_create(
        actor=actor,
        data={
            "slug": _document_slug(f"plan-{plan.slug}"),
            "kind": DocumentKind.PLAN,
            "title_ru": plan.title_ru,
            "title_en": plan.title_en,
            "title_be": plan.title_be,
            "owner": drafting,
            "visibility": plan.visibility,
            "is_illustrative": plan.is_illustrative,
        },
        parties=[(drafting, "drafting")] + [(p, "party") for p in parties if p.pk != drafting.pk],
    )


def _editable_document(actor, plan: ConsultationPlan) -> Document:
    """Return the plan's document as a draft to write in: drawn up, or amended once signed."""
    document = plan.document
    while document is not None and document.status == DocumentStatus.SUPERSEDED:
        document = Document.objects.filter(amends=document).order_by("-created_at", "-pk").first()
    if document is None or document.status == DocumentStatus.EXPIRED:
        return _draw_up_document(actor, plan)
    if document.status in (DocumentStatus.SIGNED, DocumentStatus.IN_FORCE):
        open_amendment = Document.objects.filter(
            amends=document, status__in=[DocumentStatus.DRAFT, DocumentStatus.AGREED]
        ).first()
        if open_amendment is not None:
            return open_amendment
        return document_services.document_amend(
            actor=actor, document=document, slug=_document_slug(f"{document.slug}-amended")
        )
    return document


def _plan_document(
    actor,
    plan: ConsultationPlan,
    version: PlanVersion,
    requests: dict[str, ConsultationRequest],
) -> Document:
    """Bring the plan's document to the version: one paragraph per consultation, by date.

    A round keeps its paragraph (and the paragraph its identifier) from one approval to the
    next; the parts no round has are removed.  Every change is a decisions service's.
    """
    document = _editable_document(actor, plan)
    placed = [
        (requests[str(p["id"])], p)
        for p in sorted(version.result.get("placements", []), key=lambda p: (p["start"], p["id"]))
        if str(p["id"]) in requests
    ]
    nodes = {n.eid: n for n in DocumentNode.objects.filter(document=document)}
    kept = {
        request.document_eid
        for request, _p in placed
        if request.document_eid in nodes
        and nodes[request.document_eid].parent_id is None
        and nodes[request.document_eid].kind == "paragraph"
    }
    for node in list(nodes.values()):
        if node.parent_id is None and node.eid not in kept:
            document_services.node_remove(actor=actor, document=document, node=node)
    for position, (request, placement) in enumerate(placed, start=1):
        text = wording.paragraph(request, placement)
        if request.document_eid in kept:
            node = DocumentNode.objects.get(document=document, eid=request.document_eid)
            if any(getattr(node, name) != value for name, value in text.items()):
                document_services.node_update(actor=actor, document=document, node=node, data=text)
            if node.position != position:
                document_services.node_move(
                    actor=actor, document=document, node=node, position=position
                )
            continue
        node = document_services.node_add(
            actor=actor, document=document, kind="paragraph", position=position, data=text
        )
        with audited(
            actor=actor,
            action="consultationrequest.update",
            instance=request,
            organization=plan.owner,
        ):
            request.document_eid = node.eid
            request.save(update_fields=["document_eid"])
    return document
