"""Document pages: the list, a document with its parts and agreements, the side-by-side
editor, the revisions with their diff.

Reads go through the door ``access_document_by_slug`` (a hidden document is a
404 like a missing one); every write is one service call, and a page offers
a step exactly when the policy allows it and the status permits it.  A
refusal by the status machine (a signed text is never edited) or by the
input is shown as an error naming the rule; a refusal by the policy is a 403.
"""

from typing import Any, TypedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_htmx.middleware import HtmxDetails

from collegium.access.rules import AnyUser
from collegium.core.exceptions import NotFound, TransitionError, ValidationError
from collegium.core.panels import collect_panels
from collegium.core.views import or_404
from collegium.decisions import policy, selectors, services
from collegium.decisions.access import (
    access_comment_by_id,
    access_document_by_slug,
    access_node_by_eid,
    access_revision_by_number,
)
from collegium.decisions.engine import diff as diff_engine
from collegium.decisions.engine import structure
from collegium.decisions.forms import CommentForm, DiffForm, NodeAddForm, WordingForm
from collegium.decisions.models import (
    COMMENT_MAX_LENGTH,
    Document,
    DocumentKind,
    DocumentParty,
    DocumentStatus,
    Language,
    NodeKind,
)
from collegium.decisions.signing_views import signing_context
from collegium.registry.models import Organization

PAGE_SIZE = 25


class HtmxHttpRequest(HttpRequest):
    """A request that went through ``HtmxMiddleware``: it has ``htmx``. Only an annotation."""

    htmx: HtmxDetails


STEPS = {
    "circulate": gettext_lazy("Circulate to the parties"),
    "agree": gettext_lazy("Agree the text"),
    "withdraw": gettext_lazy("Withdraw the agreement"),
    "bring_into_force": gettext_lazy("Bring into force"),
    "expire": gettext_lazy("Record its expiry"),
    "amend": gettext_lazy("Draw up an amendment"),
}
# Minutes are approved, not agreed: the same step under its own name.
APPROVE_LABEL = gettext_lazy("Approve the minutes")
WITHDRAW_APPROVAL_LABEL = gettext_lazy("Withdraw the approval")


class Move(TypedDict):
    step: str
    party: Organization | None
    label: str


class PartyRow(TypedDict):
    link: DocumentParty
    agreed_current: bool  # agreed the current revision


def _parties(document: Document) -> list[PartyRow]:
    return [
        {
            "link": link,
            "agreed_current": link.agreed_revision is not None
            and link.agreed_revision.number == document.revision_number,
        }
        for link in document.party_links.all()
    ]


def _moves(user: AnyUser, document: Document, parties: list[PartyRow]) -> list[Move]:
    """Return the steps the user may take now: what the policy allows and the status permits."""
    if user is None or not user.is_authenticated:
        return []
    moves: list[Move] = []
    status = document.status
    minutes = document.kind == DocumentKind.MINUTES
    if minutes and status == DocumentStatus.DRAFT and bool(policy.can_circulate(user, document)):
        moves.append({"step": "circulate", "party": None, "label": str(STEPS["circulate"])})
    # Minutes are approved while circulated; any other text is agreed as a draft.
    agreeable = DocumentStatus.CIRCULATED if minutes else DocumentStatus.DRAFT
    withdrawable = (
        {DocumentStatus.CIRCULATED} if minutes else {DocumentStatus.DRAFT, DocumentStatus.AGREED}
    )
    agree_label = APPROVE_LABEL if minutes else STEPS["agree"]
    withdraw_label = WITHDRAW_APPROVAL_LABEL if minutes else STEPS["withdraw"]
    for row in parties:
        party = row["link"].organization
        if not policy.can_agree(user, document, party):
            continue
        if status == agreeable and not row["agreed_current"]:
            moves.append({"step": "agree", "party": party, "label": str(agree_label)})
        if status in withdrawable and row["link"].has_agreed:
            moves.append({"step": "withdraw", "party": party, "label": str(withdraw_label)})
    single = {
        "bring_into_force": status == DocumentStatus.SIGNED
        and bool(policy.can_bring_into_force(user, document)),
        "expire": status == DocumentStatus.IN_FORCE and bool(policy.can_expire(user, document)),
        "amend": status in {DocumentStatus.SIGNED, DocumentStatus.IN_FORCE}
        and bool(policy.can_amend(user, document)),
    }
    for step, allowed in single.items():
        if allowed:
            moves.append({"step": step, "party": None, "label": str(STEPS[step])})
    return moves


def _rows(document: Document) -> list[dict[str, Any]]:
    """Return the parts in document order, each with its depth and missing languages."""
    rows = selectors.ordered_rows(selectors.node_rows(document))
    gaps = selectors.document_gaps(rows)
    authentic = document.authentic_language
    for row in rows:
        row["missing"] = gaps.get(row["eid"], [])
        row["heading"] = row[f"heading_{authentic}"]
        row["text"] = row[f"text_{authentic}"]
        row["is_container"] = row["kind"] in {structure.SECTION, structure.PREAMBLE}
        row["kind_label"] = NodeKind(row["kind"]).label
    return rows


@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    """List the documents the user may see, newest first, filtered by kind and status."""
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    documents = selectors.document_list_visible_to(
        user=request.user,
        kind=kind if kind in DocumentKind.values else "",
        status=status if status in DocumentStatus.values else "",
    )
    return render(
        request,
        "decisions/document_list.html",
        {
            "page_obj": Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page")),
            "kinds": DocumentKind.choices,
            "statuses": DocumentStatus.choices,
            "kind": kind,
            "status": status,
        },
    )


@require_GET
def document_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a document: its parts, its parties and their agreements, the steps offered."""
    document = or_404(access_document_by_slug, request.user, slug)
    parties = _parties(document)
    rows = _rows(document)
    user = request.user
    return render(
        request,
        "decisions/document_detail.html",
        {
            "document": document,
            "rows": rows,
            "gaps": [row for row in rows if row["missing"]],
            "parties": parties,
            "moves": _moves(user, document, parties),
            "may_edit": not document.is_signed_text
            and document.status != DocumentStatus.APPROVED
            and bool(policy.can_edit(user, document)),
            **_comments_context(user, document, rows),
            "panels": collect_panels(request, "decisions.document", document),
            **signing_context(user, document),
        },
    )


def _comments_context(
    user: AnyUser, document: Document, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    """Put each part's comment threads on its row; return the rest of the comments' context.

    Comments are read whenever the minutes have any (one query), and offered
    while they are circulated to the user who comments for a party.
    """
    if document.kind != DocumentKind.MINUTES:
        return {"comment_parties": [], "orphan_threads": [], "comments_count": 0}
    comments = list(selectors.comments_of(document))
    threads = selectors.comment_threads(comments)
    for row in rows:
        row["threads"] = threads.pop(row["eid"], [])
    parties = (
        policy.commenting_parties(user, document)
        if document.status == DocumentStatus.CIRCULATED
        and user is not None
        and user.is_authenticated
        else []
    )
    return {
        "comment_parties": parties,
        # Threads on parts removed since: kept, shown apart under their identifier.
        "orphan_threads": sorted(threads.items()),
        "comments_count": len(comments),
        "comment_max_length": COMMENT_MAX_LENGTH,
    }


def _run(request: HttpRequest, target: str, write) -> HttpResponse:
    """Run one write; show a refusal by the status machine or the input as an error."""
    try:
        write()
    except PermissionDenied:
        raise
    except TransitionError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Recorded."))
    return redirect(target)


@login_required
@require_POST
def document_step(request: HttpRequest, slug: str) -> HttpResponse:
    """Take one step on a document: agree, withdraw, bring into force, expire, amend."""
    document = or_404(access_document_by_slug, request.user, slug)
    step = request.POST.get("step", "")
    if step not in STEPS:
        raise Http404("no such step")
    user = request.user
    party = Organization.objects.filter(slug=request.POST.get("party", "")).first()
    if step in {"agree", "withdraw"} and party is None:
        raise Http404("no such party")
    target = reverse("decisions:detail", args=[slug])
    if step == "amend":
        number = document.amendments.count() + 1
        amendment_slug = f"{slug}-amendment-{number}"

        def amend() -> None:
            services.document_amend(actor=user, document=document, slug=amendment_slug)

        response = _run(request, target, amend)
        if Document.objects.filter(slug=amendment_slug).exists():
            return redirect("decisions:detail", slug=amendment_slug)
        return response

    def agree() -> None:
        assert party is not None  # noqa: S101 (checked above)
        services.document_agree(actor=user, document=document, party=party)

    def withdraw() -> None:
        assert party is not None  # noqa: S101 (checked above)
        services.document_withdraw_agreement(actor=user, document=document, party=party)

    writes = {
        "circulate": lambda: services.document_circulate(actor=user, document=document),
        "agree": agree,
        "withdraw": withdraw,
        "bring_into_force": lambda: services.document_bring_into_force(
            actor=user, document=document
        ),
        "expire": lambda: services.document_expire(actor=user, document=document),
    }
    return _run(request, target, writes[step])


@login_required
@require_POST
def comment_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Comment under a part of circulated minutes, or reply under a comment, for a party."""
    document = or_404(access_document_by_slug, request.user, slug)
    form = CommentForm(request.POST)
    target = reverse("decisions:detail", args=[slug])
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else field
            messages.error(request, "%s: %s" % (label, " ".join(map(str, errors))))  # noqa: UP031
        return redirect(target + "#comments")
    data = form.cleaned_data
    party = Organization.objects.filter(slug=data["party"]).first()
    if party is None:
        messages.error(
            request, _("In the name of: no organization “%(key)s”.") % {"key": data["party"]}
        )
        return redirect(target + "#comments")
    parent = None
    if data["parent"] is not None:
        try:
            parent = access_comment_by_id(request.user, document, data["parent"])
        except NotFound:
            messages.error(request, _("In reply to: no such comment on this document."))
            return redirect(target + "#comments")
    anchor = "#" + (parent.eid if parent is not None else data["eid"] or "comments")
    return _run(
        request,
        target + anchor,
        lambda: services.comment_add(
            actor=request.user,
            document=document,
            party=party,
            eid=data["eid"],
            text=data["text"],
            parent=parent,
        ),
    )


# --- The editor ----------------------------------------------------------------------


def _editable(request: HttpRequest, slug: str) -> Document:
    document = or_404(access_document_by_slug, request.user, slug)
    policy.can_edit(request.user, document).enforce()
    return document


@login_required
@require_GET
def document_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the editor: every part's wording in ru, be and en side by side, gaps flagged."""
    document = _editable(request, slug)
    rows = _rows(document)
    for row in rows:
        row["form"] = WordingForm(initial=row, auto_id=f"id_{row['eid']}_%s")
    return render(
        request,
        "decisions/document_edit.html",
        {
            "document": document,
            "rows": rows,
            "signed": document.is_signed_text,
            "add_form": NodeAddForm(),
            "languages": Language.values,
        },
    )


def _wording(request: HttpRequest) -> dict[str, str]:
    """Return the wording fields the form posted (a field not posted keeps its text).

    A posted field the form refuses (too long, a control character) refuses the
    whole save with the field named, so that nothing typed is dropped unsaid.
    """
    form = WordingForm(request.POST)
    if not form.is_valid():
        refused = [
            "%s: %s" % (form.fields[name].label, " ".join(map(str, errors)))  # noqa: UP031
            for name, errors in form.errors.items()
            if name in request.POST and name in form.fields
        ]
        if refused:
            raise ValidationError(refused)
    return {name: form.cleaned_data.get(name, "") for name in form.fields if name in request.POST}


@login_required
@require_POST
def node_save(request: HtmxHttpRequest, slug: str, eid: str) -> HttpResponse:
    """Save a part's wording; with HTMX, answer with the part's row of the editor."""
    document = _editable(request, slug)
    node = or_404(access_node_by_eid, request.user, document, eid)
    target = reverse("decisions:edit", args=[slug]) + f"#part-{eid}"
    if not request.htmx:
        return _run(
            request,
            target,
            lambda: services.node_update(
                actor=request.user, document=document, node=node, data=_wording(request)
            ),
        )
    error = ""
    try:
        services.node_update(
            actor=request.user, document=document, node=node, data=_wording(request)
        )
    except TransitionError as exc:
        error = exc.message
    except ValidationError as exc:
        error = " ".join(exc.messages)
    document.refresh_from_db()
    row = next(r for r in _rows(document) if r["eid"] == eid)
    row["form"] = WordingForm(initial=row, auto_id=f"id_{eid}_%s")
    return render(
        request,
        "decisions/_editor_row.html",
        {"document": document, "row": row, "error": error, "saved": not error},
    )


@login_required
@require_POST
def node_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a part under the part named (or in the body)."""
    document = _editable(request, slug)
    form = NodeAddForm(request.POST)
    target = reverse("decisions:edit", args=[slug])
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else field
            messages.error(request, "%s: %s" % (label, " ".join(map(str, errors))))  # noqa: UP031
        return redirect(target)
    data = dict(form.cleaned_data)
    parent_eid = data.pop("parent") or None
    try:
        parent = access_node_by_eid(request.user, document, parent_eid) if parent_eid else None
    except NotFound:
        messages.error(
            request, _("Under the part: no part “%(eid)s” in this document.") % {"eid": parent_eid}
        )
        return redirect(target)
    return _run(
        request,
        target,
        lambda: services.node_add(
            actor=request.user,
            document=document,
            kind=data.pop("kind"),
            parent=parent,
            position=data.pop("position"),
            data=data,
        ),
    )


@login_required
@require_POST
def node_remove(request: HttpRequest, slug: str, eid: str) -> HttpResponse:
    document = _editable(request, slug)
    node = or_404(access_node_by_eid, request.user, document, eid)
    return _run(
        request,
        reverse("decisions:edit", args=[slug]),
        lambda: services.node_remove(actor=request.user, document=document, node=node),
    )


@login_required
@require_POST
def node_move(request: HttpRequest, slug: str, eid: str) -> HttpResponse:
    """Move a part one place up or down among its siblings."""
    document = _editable(request, slug)
    node = or_404(access_node_by_eid, request.user, document, eid)
    offset = -1 if request.POST.get("direction") == "up" else 1
    position = max(1, node.position + offset)
    return _run(
        request,
        reverse("decisions:edit", args=[slug]) + f"#part-{eid}",
        lambda: services.node_move(
            actor=request.user, document=document, node=node, position=position
        ),
    )


# --- Revisions -----------------------------------------------------------------------


@require_GET
def document_revisions(request: HttpRequest, slug: str) -> HttpResponse:
    """List the revisions and show the diff of the two chosen, in the language chosen."""
    document = or_404(access_document_by_slug, request.user, slug)
    revisions = list(selectors.revisions_of(document))
    latest = document.revision_number
    initial = {"from_revision": max(1, latest - 1), "to_revision": latest, "language": "ru"}
    form = DiffForm(request.GET or initial)
    changes = None
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            before = access_revision_by_number(request.user, document, data["from_revision"])
            after = access_revision_by_number(request.user, document, data["to_revision"])
        except NotFound:
            error = _("No such revision of this document.")
        else:
            changes = diff_engine.diff(before.snapshot, after.snapshot, data["language"])
    return render(
        request,
        "decisions/document_revisions.html",
        {
            "document": document,
            "revisions": revisions,
            "form": form,
            "changes": changes,
            "error": error,
        },
    )
