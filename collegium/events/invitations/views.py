"""Invitation pages: the event page's invitations, the list of invitations, the moves.

Reads go through ``events.selectors`` and the doors in ``events.access``; a
hidden invitation or event answers 404 like a missing one.  Each move is a
plain POST form that calls one service and comes back with a message: a
refused move (a rule of the status machine, or a party not entitled to it)
is shown as an error message naming the rule, never as a server error.
"""

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from collegium.access import rules as access
from collegium.core.exceptions import TransitionError, ValidationError
from collegium.core.i18n import active_content_language
from collegium.core.panels import read_once
from collegium.core.views import or_404
from collegium.events.arrangements.selectors import arrangements_covering
from collegium.events.calendar.access import access_event_by_slug
from collegium.events.forms import save_through
from collegium.events.invitations import policy, selectors, services
from collegium.events.invitations.access import access_invitation_by_id
from collegium.events.invitations.forms import AdHocInvitationForm, AnswerCorrectionForm
from collegium.events.models import CLOSED_EVENT_STATUSES, Event, Invitation, InvitationStatus
from collegium.registry.access import access_organization_by_slug
from collegium.registry.models import Organization

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 25


@dataclass(frozen=True)
class Move:
    """A button on an invitation: the service call it makes and whose side makes it."""

    name: str
    label: "StrOrPromise"
    target: str  # the status it moves to
    on_behalf: bool = False  # an answer the organizer records for the invitee
    quiet: bool = False


MOVES = {
    move.name: move
    for move in (
        Move("send", gettext_lazy("Send"), InvitationStatus.SENT),
        Move("accept", gettext_lazy("Accepted"), InvitationStatus.ACCEPTED),
        Move("decline", gettext_lazy("Declined"), InvitationStatus.DECLINED, quiet=True),
        Move(
            "accept_on_behalf",
            gettext_lazy("Accepted (on behalf)"),
            InvitationStatus.ACCEPTED,
            on_behalf=True,
        ),
        Move(
            "decline_on_behalf",
            gettext_lazy("Declined (on behalf)"),
            InvitationStatus.DECLINED,
            on_behalf=True,
            quiet=True,
        ),
        Move("no_reply", gettext_lazy("No reply"), InvitationStatus.NO_REPLY, quiet=True),
        Move("attended", gettext_lazy("Attended"), InvitationStatus.ATTENDED),
        Move("absent", gettext_lazy("Absent"), InvitationStatus.ABSENT, quiet=True),
    )
}


def _may(user, invitation: Invitation, move: Move, now: dt.datetime) -> bool:
    """Whether the workflow allows the move now and the policy lets the user make it.

    The service asks both again: this only decides which buttons to offer.
    """
    return (
        invitation.can_move_to(move.target)
        and not invitation.too_early(move.target, now=now)
        and bool(policy.can_move(user, invitation, move.target, on_behalf=move.on_behalf))
    )


@dataclass(frozen=True)
class Correction:
    """A button that corrects a recorded answer: the answer it records and for whom."""

    status: str
    on_behalf: bool

    @property
    def label(self) -> str:
        return _("Correct to “%(status)s”") % {"status": InvitationStatus(self.status).label}


CORRECTED = {
    InvitationStatus.ACCEPTED: InvitationStatus.DECLINED,
    InvitationStatus.DECLINED: InvitationStatus.ACCEPTED,
}


def _correction(user, invitation: Invitation) -> Correction | None:
    """Return the correction the user may make to the invitation's answer, if any.

    The invitee's own secretariat corrects as itself; the organizer's only an
    answer it recorded on behalf (``policy.can_correct_answer``).
    """
    target = CORRECTED.get(invitation.status)  # type: ignore[call-overload]
    if target is None:
        return None
    for on_behalf in (False, True):
        if policy.can_correct_answer(user, invitation, on_behalf=on_behalf):
            return Correction(target, on_behalf)
    return None


def invitation_rows(user, invitations) -> list[dict]:
    """Return each invitation with the moves the user may make on it (no query per row)."""
    signed_in = user is not None and user.is_authenticated
    now = timezone.now()
    return [
        {
            "invitation": invitation,
            "person": invitation.invitee_person if invitation.person_visible else None,
            "moves": [m for m in MOVES.values() if signed_in and _may(user, invitation, m, now)],
            "correction": _correction(user, invitation) if signed_in else None,
        }
        for invitation in invitations
    ]


# What the event page shows of each invitation: not its event (the page's own), nor the
# inviting organization and the owner, which only the list of invitations names.
EVENT_PAGE_RELATED = tuple(
    name
    for name in selectors.INVITATION_RELATED
    if name not in {"event", "inviting_organization", "owner"}
)


def event_invitation_list(request: HttpRequest, event: Event) -> list[Invitation]:
    """Return the event's invitations the user may see, read once per request.

    The invitations section and the protocol checks of the event page both show them.
    """

    def read() -> list[Invitation]:
        invitations = list(
            selectors.invitation_list_visible_to(user=request.user, event=event)
            .select_related(None)
            .select_related(*EVENT_PAGE_RELATED)
        )
        for invitation in invitations:
            invitation.event = event
        return invitations

    return read_once(request, ("event-invitations", event.pk), read)


def event_invitations_context(request: HttpRequest, event: Event) -> dict:
    """Return what the event page's invitations section shows.

    "Generate missing invitations" is offered to the event's editors only when
    an arrangement in force covers the event: with none there is nothing to
    generate (a joint collegium, an event outside every arrangement's scope).
    """
    user = request.user
    invitations = event_invitation_list(request, event)
    return {
        "invitations": invitation_rows(user, invitations),
        "can_generate": (
            user.is_authenticated
            and event.status not in CLOSED_EVENT_STATUSES
            and bool(policy.can_generate(user, event))
            and bool(arrangements_covering(event))
        ),
        "can_invite": (
            user.is_authenticated
            and event.status not in CLOSED_EVENT_STATUSES
            and bool(policy.can_create_ad_hoc(user, event))
        ),
    }


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Redirect to the page the form was on (a local address), else to ``fallback``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _make(user, invitation: Invitation, move: Move) -> None:
    if move.name == "send":
        services.invitation_send(actor=user, invitation=invitation)
    elif move.name in {"accept", "decline", "accept_on_behalf", "decline_on_behalf"}:
        services.invitation_answer(
            actor=user,
            invitation=invitation,
            status=move.target,
            on_behalf=move.on_behalf,
        )
    elif move.name == "no_reply":
        services.invitation_mark_no_reply(actor=user, invitation=invitation)
    else:
        services.invitation_record_attendance(
            actor=user, invitation=invitation, attended=move.name == "attended"
        )


@login_required
@require_POST
def invitation_move(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Make one move on an invitation, then go back to the page with a message."""
    invitation = or_404(access_invitation_by_id, request.user, invitation_id)
    fallback = reverse("events:event-detail", args=[invitation.event.slug])
    move = MOVES.get(request.POST.get("move", ""))
    if move is None:
        messages.error(request, _("Unknown action; nothing was recorded."))
        return _back(request, fallback)
    hidden = _("a post not shown to you")
    post = invitation.invitee_post.label if invitation.post_visible else hidden
    try:
        _make(request.user, invitation, move)
    except TransitionError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The invitation of %(post)s is now “%(status)s”.")
            % {"post": post, "status": invitation.get_status_display()},
        )
    return _back(request, fallback)


@login_required
@require_POST
def invitation_generate(request: HttpRequest, slug: str) -> HttpResponse:
    """Create the event's missing invitations that the arrangements in force require."""
    event = or_404(access_event_by_slug, request.user, slug)
    try:
        created, existing = services.invitations_generate_for_event(actor=request.user, event=event)
    except TransitionError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Invitations created: %(created)s; already there: %(existing)s.")
            % {"created": len(created), "existing": len(existing)},
        )
    return redirect("events:event-detail", slug=event.slug)


@login_required
@require_POST
def invitation_correct_answer(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Correct the recorded answer through ``invitation_correct_answer``, then go back."""
    invitation = or_404(access_invitation_by_id, request.user, invitation_id)
    fallback = reverse("events:event-detail", args=[invitation.event.slug])
    form = AnswerCorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown action; nothing was recorded."))
        return _back(request, fallback)

    def write() -> None:
        services.invitation_correct_answer(
            actor=request.user,
            invitation=invitation,
            status=form.cleaned_data["status"],
            on_behalf=form.cleaned_data["on_behalf"],
        )

    if save_through(request, None, write):
        messages.success(
            request,
            _("The answer is corrected: the invitation is now “%(status)s”.")
            % {"status": invitation.get_status_display()},
        )
    return _back(request, fallback)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Invite the holder of a post to the event ad hoc (``invitation_create_ad_hoc``)."""
    event = or_404(access_event_by_slug, request.user, slug)
    policy.can_create_ad_hoc(request.user, event).enforce()
    form = AdHocInvitationForm(request.POST or None, user=request.user)
    created: list[Invitation] = []

    def write() -> None:
        created.append(
            services.invitation_create_ad_hoc(
                actor=request.user, event=event, post=form.cleaned_data["post"]
            )
        )

    if request.method == "POST" and form.is_valid():
        aliases = {"invitee_post": "post"}
        if save_through(request, form, write, aliases=aliases):
            invitation = created[0]
            messages.success(
                request,
                _("The holder of %(post)s is invited; the invitation is a draft until sent.")
                % {"post": invitation.invitee_post.label},
            )
            return redirect(
                reverse("events:event-detail", args=[event.slug]) + f"#invitation-{invitation.pk}"
            )
        if not form.errors:  # refused by the policy or the status machine: the page says why
            return redirect("events:event-detail", slug=event.slug)
    response = render(request, "events/invitation_form.html", {"form": form, "event": event})
    add_never_cache_headers(response)
    return response


# --- The list -------------------------------------------------------------------------


class InvitationFilterForm(forms.Form):
    direction = forms.ChoiceField(label=gettext_lazy("Direction"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    # Any slug is accepted; the view asks the access door, so a hidden one is a 404.
    organization = forms.SlugField(
        label=gettext_lazy("Organization"), required=False, widget=forms.Select
    )

    def __init__(self, *args, organizations, signed_in: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["direction"]).choices = [
            ("", _("All")),
            ("incoming", _("Incoming: to my organizations")),
            ("outgoing", _("Outgoing: from my organizations")),
        ]
        if not signed_in:
            del self.fields["direction"]
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("All statuses")),
            *InvitationStatus.choices,
        ]
        self.fields["organization"].widget.choices = [
            ("", _("All organizations")),
            *((org.slug, str(org)) for org in organizations),
        ]


def _invitation_organizations(user):
    """Return the organizations that send or get invitations the user may see, by name."""
    visible = selectors.visible_invitations(user).values("pk")
    involved = Organization.objects.filter(
        Q(invitations_sent__in=visible) | Q(invitations_received__in=visible)
    ).values("pk")
    language = active_content_language()
    return access.filter_visible(Organization.objects.filter(pk__in=involved), user).order_by(
        Coalesce(NullIf(f"name_{language}", Value("")), "name_ru").asc(), "pk"
    )


@require_GET
def invitation_list(request: HttpRequest) -> HttpResponse:
    """List the invitations the user may see: incoming, outgoing, by status or organization."""
    user = request.user
    form = InvitationFilterForm(
        request.GET,
        organizations=_invitation_organizations(user),
        signed_in=user.is_authenticated,
    )
    context = {"form": form, "view": "invitations"}
    if not form.is_valid():
        response = render(request, "events/invitation_list.html", context)
        response.status_code = 400
        return response
    data = form.cleaned_data
    filters = {"status": data.get("status", "")}
    if data.get("organization"):
        filters["party"] = or_404(access_organization_by_slug, user, data["organization"])
    own = access.party_organization_ids(user)
    if data.get("direction") == "incoming":
        filters["invitee_in"] = own
    elif data.get("direction") == "outgoing":
        filters["inviting_in"] = own
    page = Paginator(
        selectors.invitation_list_visible_to(user=user, **filters), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context.update(
        {
            "page_obj": page,
            "invitations": invitation_rows(user, page.object_list),
            "filtered": any(data.get(name) for name in ("direction", "status", "organization")),
        }
    )
    return render(request, "events/invitation_list.html", context)
