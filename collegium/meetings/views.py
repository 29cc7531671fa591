"""The meeting page's writes: each form or button posts here, calls one service, goes back.

The agenda and the delegations themselves are shown on the event page by this
app's panels (``panels.py``).  A refusal by the policy is a message naming the
rule; invalid input comes back on the form page with the errors next to the
fields they name.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from collegium.core.exceptions import NotFound, PermissionDenied, TransitionError, ValidationError
from collegium.core.views import or_404
from collegium.events.models import Event
from collegium.meetings import policy, selectors, services
from collegium.meetings.access import (
    access_agenda_item_by_id,
    access_attachment_by_slug,
    access_meeting_by_slug,
    access_member_by_id,
)
from collegium.meetings.forms import (
    AgendaDocumentForm,
    AgendaItemForm,
    MemberForm,
    MemberRoleForm,
    PositionForm,
)
from collegium.registry.models import Organization

PAGE_SIZE = 25


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    """List the joint meetings the user may see, newest first; each links to its page."""
    meetings = selectors.meeting_list_visible_to(user=request.user)
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/meeting_list.html", {"page_obj": page})


def _back(meeting: Event, anchor: str) -> HttpResponse:
    return redirect(reverse("events:event-detail", args=[meeting.slug]) + f"#{anchor}")


def _form_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    response = render(request, "meetings/form_page.html", context)
    add_never_cache_headers(response)
    return response


def _party(meeting: Event, slug: str) -> Organization:
    for organizer in meeting.organizers.all():
        if organizer.slug == slug:
            return organizer
    raise Http404(_("This organization does not organize the meeting."))


def _run(request: HttpRequest, write: Any) -> bool:
    """Run a button's service call; a refusal becomes a message naming the rule."""
    try:
        write()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except (PermissionDenied, TransitionError) as exc:
        messages.error(request, str(exc))
    except NotFound:
        messages.error(request, _("What you acted on was removed meanwhile; nothing was written."))
    else:
        return True
    return False


# --- The minutes ---------------------------------------------------------------------


@login_required
@require_POST
def minutes_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Draw up the meeting's minutes (``meeting_minutes_create``) and open them."""
    meeting = or_404(access_meeting_by_slug, request.user, slug)
    policy.can_draw_up_minutes(request.user, meeting).enforce()
    created: list[Any] = []
    if _run(
        request,
        lambda: created.append(
            services.meeting_minutes_create(actor=request.user, meeting=meeting)
        ),
    ):
        return redirect("decisions:detail", slug=created[0].slug)
    return _back(meeting, "minutes")


# --- The agenda ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add an item to the agenda (``agenda_item_add``)."""
    meeting = or_404(access_meeting_by_slug, request.user, slug)
    policy.can_edit_agenda(request.user, meeting).enforce()
    form = AgendaItemForm(request.POST or None, user=request.user, meeting=meeting)
    if request.method == "POST" and form.submit(
        lambda data: services.agenda_item_add(actor=request.user, meeting=meeting, data=data)
    ):
        messages.success(request, _("The item is added to the agenda."))
        return _back(meeting, f"agenda-item-{form.result.pk}")
    return _form_page(
        request,
        {
            "form": form,
            "event": meeting,
            "heading": _("Add an agenda item"),
            "submit": _("Add the item"),
            "anchor": "agenda",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """Change an agenda item (``agenda_item_update``)."""
    meeting = or_404(access_meeting_by_slug, request.user, slug)
    item = or_404(access_agenda_item_by_id, request.user, meeting, item_id)
    policy.can_edit_agenda(request.user, meeting).enforce()
    initial = {
        "title_ru": item.title_ru,
        "title_en": item.title_en,
        "title_be": item.title_be,
        "presenter_post": item.presenter_post.slug if item.presenter_post else None,
        "presenter_person": item.presenter_person.slug if item.presenter_person else "",
        "duration_minutes": item.duration_minutes,
        "notes": item.notes,
    }
    form = AgendaItemForm(request.POST or None, initial=initial, user=request.user, meeting=meeting)
    if request.method == "POST" and form.submit(
        lambda data: services.agenda_item_update(actor=request.user, item=item, data=data)
    ):
        messages.success(request, _("The agenda item is saved."))
        return _back(meeting, f"agenda-item-{item.pk}")
    return _form_page(
        request,
        {
            "form": form,
            "event": meeting,
            "heading": _("Change the agenda item"),
            "submit": _("Save"),
            "anchor": f"agenda-item-{item.pk}",
        },
    )


@login_required
@require_POST
def agenda_item_remove(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """Remove an agenda item (``agenda_item_remove``)."""
    meeting = or_404(access_meeting_by_slug, request.user, slug)
    item = or_404(access_agenda_item_by_id, request.user, meeting, item_id)
    if _run(request, lambda: services.agenda_item_remove(actor=request.user, item=item)):
        messages.success(request, _("The item is removed from the agenda."))
    return _back(meeting, "agenda")


@login_required
@require_POST
def agenda_item_move(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """Move an agenda item to another position (``agenda_item_move``)."""
    meeting = or_404(access_meeting_by_slug, request.user, slug)
    item = or_404(access_agenda_item_by_id, request.user, meeting, item_id)
    form = PositionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Position: give a whole number from 1."))
    else:
        position = form.cleaned_data["position"]
        _run(
            request,
            lambda: services.agenda_item_move(actor=request.user, item=item, position=position),
        )
    return _back(meeting, f"agenda-item-{item.pk}")


@login_required
@require_POST
def agenda_document_attach(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """Attach a document to an agenda item (``agenda_document_attach``)."""
    meeting = or_404(access_meeting_by_slug, request.user, slug)
    item = or_404(access_agenda_item_by_id, request.user, meeting, item_id)
    policy.can_edit_agenda(request.user, meeting).enforce()
    form = AgendaDocumentForm(request.POST, user=request.user, meeting=meeting)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors["document"]))
    else:
        document = form.cleaned_data["document"]
        if _run(
            request,
            lambda: services.agenda_document_attach(
                actor=request.user, item=item, document=document
            ),
        ):
            messages.success(request, _("The document is attached to the item."))
    return _back(meeting, f"agenda-item-{item.pk}")


@login_required
@require_POST
def agenda_document_detach(
    request: HttpRequest, slug: str, item_id: int, document: str
) -> HttpResponse:
    """Detach a document from an agenda item (``agenda_document_detach``)."""
    meeting = or_404(access_meeting_by_slug, request.user, slug)
    item = or_404(access_agenda_item_by_id, request.user, meeting, item_id)
    policy.can_edit_agenda(request.user, meeting).enforce()
    attachment = or_404(access_attachment_by_slug, request.user, item, document)
    if _run(
        request,
        lambda: services.agenda_document_detach(actor=request.user, attachment=attachment),
    ):
        messages.success(request, _("The document is detached from the item."))
    return _back(meeting, f"agenda-item-{item.pk}")


# --- Delegations -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, slug: str, party: str) -> HttpResponse:
    """Add a person to a party's delegation (``delegation_member_add``)."""
    meeting = or_404(access_meeting_by_slug, request.user, slug)
    organization = _party(meeting, party)
    policy.can_edit_delegation(request.user, meeting, organization).enforce()
    form = MemberForm(request.POST or None, user=request.user)

    def write(data: dict[str, Any]) -> Any:
        person = data.pop("person")
        return services.delegation_member_add(
            actor=request.user,
            meeting=meeting,
            organization=organization,
            person=person,
            data=data,
        )

    if request.method == "POST" and form.submit(write):
        messages.success(request, _("The person is added to the delegation."))
        return _back(meeting, f"delegation-{organization.slug}")
    return _form_page(
        request,
        {
            "form": form,
            "event": meeting,
            "heading": _("Add a member of the delegation of %(party)s")
            % {"party": organization.name},
            "submit": _("Add the member"),
            "anchor": f"delegation-{organization.slug}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    """Change a member's role in the delegation (``delegation_member_update``)."""
    meeting = or_404(access_meeting_by_slug, request.user, slug)
    member = or_404(access_member_by_id, request.user, meeting, member_id)
    policy.can_edit_delegation_record(request.user, member.delegation).enforce()
    initial = {"role_ru": member.role_ru, "role_en": member.role_en, "role_be": member.role_be}
    form = MemberRoleForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.submit(
        lambda data: services.delegation_member_update(actor=request.user, member=member, data=data)
    ):
        messages.success(request, _("The member's role is saved."))
        return _back(meeting, f"delegation-{member.delegation.organization.slug}")
    return _form_page(
        request,
        {
            "form": form,
            "event": meeting,
            "heading": _("Role of %(person)s in the delegation") % {"person": member.person.name},
            "submit": _("Save"),
            "anchor": f"delegation-{member.delegation.organization.slug}",
        },
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    """Remove a member from a delegation (``delegation_member_remove``)."""
    meeting = or_404(access_meeting_by_slug, request.user, slug)
    member = or_404(access_member_by_id, request.user, meeting, member_id)
    if _run(request, lambda: services.delegation_member_remove(actor=request.user, member=member)):
        messages.success(request, _("The member is removed from the delegation."))
    return _back(meeting, f"delegation-{member.delegation.organization.slug}")


@login_required
@require_POST
def member_make_head(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    """Make a member the head of their delegation (``delegation_set_head``)."""
    meeting = or_404(access_meeting_by_slug, request.user, slug)
    member = or_404(access_member_by_id, request.user, meeting, member_id)
    organization = member.delegation.organization
    if _run(
        request,
        lambda: services.delegation_set_head(
            actor=request.user, meeting=meeting, organization=organization, person=member.person
        ),
    ):
        messages.success(request, _("The head of the delegation is set."))
    return _back(meeting, f"delegation-{organization.slug}")
