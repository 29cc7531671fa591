"""Arrangement pages: the list, an arrangement with its parties and accessions, the consent form.

Reads go through ``events.selectors`` and the door ``access_arrangement_by_slug``;
a hidden arrangement answers 404 like a missing one.  The consent form posts
to ``consent_record``: recording another party's consent is a 403, an answer
that is no longer open is shown as an error naming the rule.
"""

from typing import TypedDict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from collegium.access.rules import AnyUser
from collegium.accounts.models import User
from collegium.core.exceptions import TransitionError, ValidationError
from collegium.core.views import or_404
from collegium.events.arrangements import policy, selectors, services
from collegium.events.arrangements.access import access_accession_by_id, access_arrangement_by_slug
from collegium.events.models import (
    Accession,
    AccessionStatus,
    Arrangement,
    ArrangementParty,
    Consent,
    ConsentState,
    EventKind,
)
from collegium.registry.models import Organization, Tenure
from collegium.registry.selectors import head_of

PAGE_SIZE = 25


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


class PartyRow(TypedDict):
    link: ArrangementParty
    head: Tenure | None  # the executive body's head today


class ConsentRow(TypedDict):
    consent: Consent
    form: ConsentForm | None  # only where the user may record it now


class AccessionRow(TypedDict):
    accession: Accession
    consents: list[ConsentRow]


@require_GET
def arrangement_list(request: HttpRequest) -> HttpResponse:
    """List the arrangements the user may see, with their parties and status."""
    arrangements = selectors.arrangement_list_visible_to(user=request.user)
    return render(
        request,
        "events/arrangement_list.html",
        {"page_obj": Paginator(arrangements, PAGE_SIZE).get_page(request.GET.get("page"))},
    )


def _parties(user: AnyUser, arrangement: Arrangement) -> list[PartyRow]:
    """Return each party with its executive body and the body's head today (as the user sees it)."""
    return [
        {"link": link, "head": head_of(link.executive_body, user=user)}
        for link in arrangement.party_links.all()
    ]


def _accessions(user: User | AnonymousUser, arrangement: Arrangement) -> list[AccessionRow]:
    """Return the accessions, each consent with a form if the user may record it now."""
    rows: list[AccessionRow] = []
    for accession in selectors.accessions_of(arrangement):
        consents: list[ConsentRow] = []
        for consent in accession.consents.all():
            can_record = (
                accession.status == AccessionStatus.PENDING
                and consent.state == ConsentState.PENDING
                and user.is_authenticated
                and bool(policy.can_record_consent(user, consent.party))
            )
            form = ConsentForm(initial={"party": consent.party.slug}) if can_record else None
            consents.append({"consent": consent, "form": form})
        rows.append({"accession": accession, "consents": consents})
    return rows


@require_GET
def arrangement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    arrangement = or_404(access_arrangement_by_slug, request.user, slug)
    return render(
        request,
        "events/arrangement_detail.html",
        {
            "arrangement": arrangement,
            "parties": _parties(request.user, arrangement),
            "scope": [EventKind(kind).label for kind in arrangement.scope],
            "accessions": _accessions(request.user, arrangement),
        },
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
        messages.error(request, _("The consent form is incomplete; nothing was recorded."))
        return redirect("arrangements:detail", slug=slug)
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
        messages.error(request, " ".join(exc.messages))
    else:
        accession.refresh_from_db()
        messages.success(
            request,
            _("The consent of %(party)s is recorded. Accession: %(status)s.")
            % {"party": party, "status": accession.get_status_display()},
        )
    return redirect("arrangements:detail", slug=slug)
