"""Arrangement pages: the list, an arrangement with its parties and accessions, the consent form.

Reads go through ``events.selectors`` and the door ``access_arrangement_by_slug``;
a hidden arrangement answers 404 like a missing one.  The consent form posts
to ``consent_record``: recording another party's consent is a 403, an answer
that is no longer open is shown as an error naming the rule.
"""

from typing import Any, TypedDict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from collegium.access.rules import AnyUser
from collegium.accounts.models import User
from collegium.core.exceptions import TransitionError, ValidationError
from collegium.core.panels import collect_panels
from collegium.core.policy import Decision
from collegium.core.views import or_404
from collegium.events.arrangements import policy, selectors, services
from collegium.events.arrangements.access import (
    access_accession_by_id,
    access_arrangement_by_slug,
    access_motion_by_id,
)
from collegium.events.arrangements.forms import (
    AccessionForm,
    ArrangementForm,
    PartyFormSet,
    proposers_for,
)
from collegium.events.models import (
    Accession,
    AccessionStatus,
    Arrangement,
    ArrangementMotion,
    ArrangementParty,
    ArrangementStatus,
    Consent,
    ConsentState,
    EventKind,
    MotionStatus,
)
from collegium.registry.models import Organization, Tenure
from collegium.registry.selectors import head_of

PAGE_SIZE = 25

ACCESSION_PROPOSERS = gettext_lazy(
    "A new party accedes only to an arrangement in force, proposed by the editors for an "
    "organization in its name."
)


class ConsentForm(forms.Form):
    """A party's answer to an accession."""

    party = forms.SlugField(widget=forms.HiddenInput)
    state = forms.ChoiceField(
        label=gettext_lazy("Answer"),
        choices=[
            (ConsentState.GIVEN, ConsentState.GIVEN.label),
            (ConsentState.GIVEN_ON_BEHALF, ConsentState.GIVEN_ON_BEHALF.label),
            (ConsentState.REFUSED, ConsentState.REFUSED.label),
        ],
    )
    note_reference = forms.CharField(
        label=gettext_lazy("Note reference"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Required when the consent was conveyed by a diplomatic note."),
    )
    conditions = forms.CharField(
        label=gettext_lazy("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _consent_refusal(form: ConsentForm, errors: dict[str, list[str]]) -> str:
    """Return the consent form's errors as one message naming each field and its rule."""
    named = [
        _("%(field)s: %(error)s")
        % {
            "field": form.fields[name].label if name in form.fields else _("Consent"),
            "error": " ".join(messages),
        }
        for name, messages in errors.items()
    ]
    return _("The consent is not recorded. %(errors)s") % {"errors": " ".join(named)}


def _refused_input(exc: ValidationError, form: ConsentForm | None) -> str:
    """Return a service's refusal of the input, naming the consent form's fields it concerns."""
    if form is None or not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    return _consent_refusal(form, exc.message_dict)


def _invalid_consent(request: HttpRequest, form: ConsentForm, slug: str) -> HttpResponse:
    """Go back to the arrangement, saying which field of the consent form is wrong and why."""
    messages.error(
        request,
        _consent_refusal(
            form, {name: [str(text) for text in errors] for name, errors in form.errors.items()}
        ),
    )
    return redirect("arrangements:detail", slug=slug)


class PartyRow(TypedDict):
    link: ArrangementParty
    head: Tenure | None  # the executive body's head today


class ConsentRow(TypedDict):
    consent: Consent
    form: ConsentForm | None  # only where the user may record it now
    # Never answered, and no longer asked: the question was refused, withdrawn or decided.
    closed: bool


class AccessionRow(TypedDict):
    accession: Accession
    consents: list[ConsentRow]
    can_withdraw: bool


class MotionRow(TypedDict):
    motion: ArrangementMotion
    consents: list[ConsentRow]
    can_withdraw: bool


class Move(TypedDict):
    step: str  # a key of STEPS
    party: Organization
    label: str


def _consent_rows(user: User | AnonymousUser, consents, pending: bool) -> list[ConsentRow]:
    """Return each consent with a form where the user may record it now.

    A consent still unanswered when its question closed (one refusal blocks
    it, or it was withdrawn) is shown closed, not awaited.
    """
    rows: list[ConsentRow] = []
    for consent in consents:
        can_record = (
            pending
            and consent.state == ConsentState.PENDING
            and user.is_authenticated
            and bool(policy.can_record_consent(user, consent.party))
        )
        form = ConsentForm(initial={"party": consent.party.slug}) if can_record else None
        closed = not pending and consent.state == ConsentState.PENDING
        rows.append({"consent": consent, "form": form, "closed": closed})
    return rows


@require_GET
def arrangement_list(request: HttpRequest) -> HttpResponse:
    """List the arrangements the user may see, with their parties and status."""
    arrangements = selectors.arrangement_list_visible_to(user=request.user)
    return render(
        request,
        "events/arrangement_list.html",
        {
            "page_obj": Paginator(arrangements, PAGE_SIZE).get_page(request.GET.get("page")),
            "may_create": bool(policy.can_create(request.user)),
        },
    )


def _may_propose_accession(user: AnyUser, arrangement: Arrangement) -> bool:
    """Whether the user may propose an accession now: in force, and acting for a proposer."""
    return (
        arrangement.status == ArrangementStatus.IN_FORCE
        and user is not None
        and user.is_authenticated
        and proposers_for(user).exists()
    )


def _parties(user: AnyUser, arrangement: Arrangement) -> list[PartyRow]:
    """Return each party with its executive body and the body's head today (as the user sees it)."""
    return [
        {"link": link, "head": head_of(link.executive_body, user=user)}
        for link in arrangement.party_links.all()
    ]


def _accessions(user: User | AnonymousUser, arrangement: Arrangement) -> list[AccessionRow]:
    """Return the accessions, each consent with a form if the user may record it now."""
    return [
        {
            "accession": accession,
            "consents": _consent_rows(
                user, accession.consents.all(), accession.status == AccessionStatus.PENDING
            ),
            "can_withdraw": accession.status == AccessionStatus.PENDING
            and user.is_authenticated
            and bool(policy.can_withdraw_accession(user, accession)),
        }
        for accession in selectors.accessions_of(arrangement)
    ]


def _motions(user: User | AnonymousUser, arrangement: Arrangement) -> list[MotionRow]:
    """Return the motions, each consent with a form if the user may record it now."""
    rows: list[MotionRow] = []
    for motion in selectors.motions_of(arrangement):
        pending = motion.status == MotionStatus.PENDING
        rows.append(
            {
                "motion": motion,
                "consents": _consent_rows(user, motion.consents.all(), pending),
                "can_withdraw": pending
                and user.is_authenticated
                and bool(policy.can_withdraw_motion(user, motion)),
            }
        )
    return rows


# The steps a page offers, each with its policy and its service (the API's too).
STEPS = {
    "propose": gettext_lazy("Put to the parties"),
    "suspend": gettext_lazy("Move to suspend"),
    "resume": gettext_lazy("Move to resume"),
    "terminate": gettext_lazy("Move to terminate"),
    "withdraw": gettext_lazy("Withdraw the party"),
}


# A draft or a proposal binds no one: terminating it is abandoning it (policy.can_terminate).
UNBINDING = {ArrangementStatus.DRAFT, ArrangementStatus.PROPOSED}
ABANDON = gettext_lazy("Abandon the draft or proposal")


def _decision(step: str, user: User, arrangement: Arrangement, party: Organization) -> Decision:
    return {
        "propose": lambda: policy.can_propose(user, arrangement),
        "suspend": lambda: policy.can_move_suspension(user, arrangement, party),
        "resume": lambda: policy.can_move_resumption(user, arrangement, party),
        "terminate": lambda: policy.can_terminate(user, arrangement, party),
        "withdraw": lambda: policy.can_withdraw_party(user, arrangement, party),
    }[step]()


def _moves(
    user: User | AnonymousUser, arrangement: Arrangement, motions: list[MotionRow]
) -> list[Move]:
    """Return the steps the user may take now, each in the name of a party.

    What the policy allows and the status machine permits: no motion is put
    while another is pending (but the owner may abandon its proposal).
    """
    if not user.is_authenticated or arrangement.status == ArrangementStatus.TERMINATED:
        return []
    pending = any(row["motion"].status == MotionStatus.PENDING for row in motions)
    status = arrangement.status
    possible = {
        "propose": status == ArrangementStatus.DRAFT,
        "suspend": status == ArrangementStatus.IN_FORCE and not pending,
        "resume": status == ArrangementStatus.SUSPENDED and not pending,
        "terminate": not pending or status == ArrangementStatus.PROPOSED,
        "withdraw": status in {ArrangementStatus.IN_FORCE, ArrangementStatus.SUSPENDED},
    }
    moves: list[Move] = []
    for link in arrangement.party_links.all():
        for step, label in STEPS.items():
            if possible[step] and _decision(step, user, arrangement, link.organization):
                if step == "propose" and any(m["step"] == "propose" for m in moves):
                    continue
                if step == "terminate" and status in UNBINDING:
                    label = ABANDON  # the owner ends it alone: no motion to the parties
                moves.append({"step": step, "party": link.organization, "label": str(label)})
    return moves


@require_GET
def arrangement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    arrangement = or_404(access_arrangement_by_slug, request.user, slug)
    motions = _motions(request.user, arrangement)
    # The title is the text the founding parties agreed, and stays so; the parties that
    # acceded since are named beside it, so that it does not read as the list of parties.
    acceded = [
        link
        for link in arrangement.party_links.all()
        if link.joined_on is not None and link.left_on is None
    ]
    return render(
        request,
        "events/arrangement_detail.html",
        {
            "arrangement": arrangement,
            "parties": _parties(request.user, arrangement),
            "acceded": acceded,
            "scope": [EventKind(kind).label for kind in arrangement.scope],
            "accessions": _accessions(request.user, arrangement),
            "motions": motions,
            "moves": _moves(request.user, arrangement, motions),
            "may_edit": bool(policy.can_edit_draft(request.user, arrangement)),
            "may_propose_accession": _may_propose_accession(request.user, arrangement),
            # The panels of the page (its history): core.panels.
            "panels": collect_panels(request, "events.arrangement", arrangement),
        },
    )


def _run(request: HttpRequest, slug: str, write, form: ConsentForm | None = None) -> HttpResponse:
    """Run one write; show a refusal by the status machine or the input as an error.

    A refusal of a consent form's input names the fields it concerns.
    """
    try:
        write()
    except PermissionDenied:
        raise
    except TransitionError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, _refused_input(exc, form))
    else:
        messages.success(request, _("Recorded."))
    return redirect("arrangements:detail", slug=slug)


@login_required
@require_POST
def arrangement_step(request: HttpRequest, slug: str) -> HttpResponse:
    """Take one step on an arrangement in the name of a party: the services of the API."""
    arrangement = or_404(access_arrangement_by_slug, request.user, slug)
    step = request.POST.get("step", "")
    party = Organization.objects.filter(slug=request.POST.get("party", "")).first()
    if step not in STEPS or party is None:
        raise Http404("no such step")
    user = request.user
    writes = {
        "propose": lambda: services.arrangement_propose(actor=user, arrangement=arrangement),
        "suspend": lambda: services.arrangement_suspend(
            actor=user, arrangement=arrangement, party=party
        ),
        "resume": lambda: services.arrangement_resume(
            actor=user, arrangement=arrangement, party=party
        ),
        "terminate": lambda: services.arrangement_terminate(
            actor=user, arrangement=arrangement, party=party
        ),
        "withdraw": lambda: services.arrangement_withdraw_party(
            actor=user, arrangement=arrangement, party=party
        ),
    }
    return _run(request, slug, writes[step])


def _motion_of(request: HttpRequest, slug: str, motion_id: int) -> ArrangementMotion:
    arrangement = or_404(access_arrangement_by_slug, request.user, slug)
    motion = or_404(access_motion_by_id, request.user, motion_id)
    if motion.arrangement_id != arrangement.pk:
        raise Http404("no such motion")
    return motion


@login_required
@require_POST
def motion_withdraw(request: HttpRequest, slug: str, motion_id: int) -> HttpResponse:
    motion = _motion_of(request, slug, motion_id)
    return _run(request, slug, lambda: services.motion_withdraw(actor=request.user, motion=motion))


@login_required
@require_POST
def motion_consent_record(request: HttpRequest, slug: str, motion_id: int) -> HttpResponse:
    """Record the user's party's answer to a motion, then show the arrangement again."""
    motion = _motion_of(request, slug, motion_id)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return _invalid_consent(request, form, slug)
    party = Organization.objects.filter(slug=form.cleaned_data["party"]).first()
    if party is None:
        raise Http404("no such party")
    return _run(
        request,
        slug,
        lambda: services.motion_consent_record(
            actor=request.user,
            motion=motion,
            party=party,
            state=form.cleaned_data["state"],
            note_reference=form.cleaned_data["note_reference"],
            conditions=form.cleaned_data["conditions"],
        ),
        form,
    )


@login_required
@require_POST
def consent_record(request: HttpRequest, slug: str, accession_id: int) -> HttpResponse:
    """Record the user's party's answer to an accession, then show the arrangement again."""
    arrangement = or_404(access_arrangement_by_slug, request.user, slug)
    accession = or_404(access_accession_by_id, request.user, accession_id)
    if accession.arrangement_id != arrangement.pk:
        raise Http404("no such accession")
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return _invalid_consent(request, form, slug)
    party = Organization.objects.filter(slug=form.cleaned_data["party"]).first()
    if party is None:
        raise Http404("no such party")
    try:
        services.consent_record(
            actor=request.user,
            accession=accession,
            party=party,
            state=form.cleaned_data["state"],
            note_reference=form.cleaned_data["note_reference"],
            conditions=form.cleaned_data["conditions"],
        )
    except PermissionDenied:
        raise
    except TransitionError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, _refused_input(exc, form))
    else:
        accession.refresh_from_db()
        messages.success(
            request,
            _("The consent of %(party)s is recorded. Accession: %(status)s.")
            % {"party": party, "status": accession.get_status_display()},
        )
    return redirect("arrangements:detail", slug=slug)


# --- Drawing up an arrangement, proposing and withdrawing an accession -----------------


def _arrangement_form_page(request: HttpRequest, arrangement: Arrangement | None) -> HttpResponse:
    """Show the arrangement form with its party rows; a valid POST writes through the service."""
    user = request.user
    data = request.POST if request.method == "POST" else None
    form = ArrangementForm(data, user=user, instance=arrangement)
    initial = None
    # Bound rows are read as posted: an extra row equal to its initial would count as empty.
    if arrangement is not None and data is None:
        initial = [
            {"organization": link.organization_id, "executive_body": link.executive_body_id}
            for link in arrangement.party_links.all()
        ]
    parties = PartyFormSet(data, initial=initial, prefix="parties", form_kwargs={"user": user})
    if data is not None and parties.is_valid():

        def write(cleaned: dict[str, Any]) -> Arrangement:
            if arrangement is None:
                return services.arrangement_create(
                    actor=user, data=cleaned, parties=parties.pairs()
                )
            return services.arrangement_update(
                actor=user, arrangement=arrangement, data=cleaned, parties=parties.pairs()
            )

        if form.submit(write):
            messages.success(request, _("Saved: %(record)s.") % {"record": form.result})
            return redirect("arrangements:detail", slug=form.result.slug)
    elif data is not None:
        form.is_valid()  # show the arrangement's own field errors too
    title = (
        _("New arrangement")
        if arrangement is None
        else _("Edit: %(record)s") % {"record": arrangement}
    )
    cancel = (
        reverse("arrangements:list")
        if arrangement is None
        else reverse("arrangements:detail", args=[arrangement.slug])
    )
    return render(
        request,
        "events/arrangement_form.html",
        {"form": form, "parties": parties, "title": title, "cancel_url": cancel},
    )


@require_http_methods(["GET", "POST"])
def arrangement_create(request: HttpRequest) -> HttpResponse:
    """Draw up a draft arrangement: for the editors of an organization, its owner and a party."""
    policy.can_create(request.user).enforce()
    return _arrangement_form_page(request, None)


@require_http_methods(["GET", "POST"])
def arrangement_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a draft: its terms and parties change only before it is put to the parties."""
    arrangement = or_404(access_arrangement_by_slug, request.user, slug)
    policy.can_change(request.user, arrangement).enforce()
    decision = policy.can_edit_draft(request.user, arrangement)
    if not decision:
        messages.error(request, str(decision.reason))
        return redirect("arrangements:detail", slug=slug)
    return _arrangement_form_page(request, arrangement)


@require_http_methods(["GET", "POST"])
def accession_propose(request: HttpRequest, slug: str) -> HttpResponse:
    """Propose that an organization joins the arrangement in force, in the name of the proposer."""
    user = request.user
    arrangement = or_404(access_arrangement_by_slug, user, slug)
    if not _may_propose_accession(user, arrangement):
        raise PermissionDenied(str(ACCESSION_PROPOSERS))
    form = AccessionForm(request.POST or None, user=user)
    if request.method == "POST" and form.submit(
        lambda data: services.accession_propose(actor=user, arrangement=arrangement, **data)
    ):
        messages.success(request, _("The accession is proposed; each party now consents."))
        return redirect("arrangements:detail", slug=slug)
    return render(
        request,
        "events/accession_form.html",
        {"form": form, "arrangement": arrangement, "title": _("Propose an accession")},
    )


@login_required
@require_POST
def accession_withdraw(request: HttpRequest, slug: str, accession_id: int) -> HttpResponse:
    arrangement = or_404(access_arrangement_by_slug, request.user, slug)
    accession = or_404(access_accession_by_id, request.user, accession_id)
    if accession.arrangement_id != arrangement.pk:
        raise Http404("no such accession")
    return _run(
        request, slug, lambda: services.accession_withdraw(actor=request.user, accession=accession)
    )
