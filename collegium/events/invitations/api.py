"""Invitations endpoints: the list, one invitation, ad hoc invitations, generation, the moves.

Reads are open to anonymous callers (public invitations only); writes need a
token or the session.  An invitation or event the caller may not see answers
404 like a missing one.  The services decide who may write: the event's
editors invite ad hoc and run generation; the organizer's secretariat sends,
marks no reply and records attendance; the invitee's secretariat answers (the
organizer only ``on_behalf``), and the side that answered corrects the answer.
A wrong party answers 403 naming the rule; an illegal move (answering an
invitation never sent) answers 409 with the rule in ``detail`` and a ``code``.
"""

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field, model_validator

from collegium.access.rules import filter_visible
from collegium.accounts.api_auth import api_auth_required
from collegium.core.api.pagination import Pagination
from collegium.core.api.schemas import Date, Text
from collegium.core.exceptions import ValidationError
from collegium.events.calendar import selectors as event_selectors
from collegium.events.calendar.access import access_event_by_slug
from collegium.events.invitations import selectors as invitation_selectors
from collegium.events.invitations import services
from collegium.events.invitations.access import access_invitation_by_id
from collegium.events.invitations.schemas import (
    InvitationAnswerInputSchema,
    InvitationAttendanceInputSchema,
    InvitationGeneratedSchema,
    InvitationInputSchema,
    InvitationSchema,
)
from collegium.events.models import Invitation, InvitationStatus
from collegium.registry.models import Post
from collegium.registry.selectors import visible_organization

router = Router(tags=["events"])


class InvitationFilterSchema(Schema):
    """Filters of the invitation list; days are the hosts' calendar days of the events."""

    event: Text | None = Field(None, description="Slug of the event.")
    status: InvitationStatus | None = None
    inviting: Text | None = Field(None, description="Slug of the inviting organization.")
    invitee: Text | None = Field(None, description="Slug of the invited organization.")
    first_day: Date | None = Field(
        None, alias="from", description="Keep invitations to events ending on or after this day."
    )
    last_day: Date | None = Field(
        None, alias="to", description="Keep invitations to events starting on or before this day."
    )

    @model_validator(mode="after")
    def _period(self):
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValueError(_("“to” is before “from”."))
        return self


def _reloaded(user, invitation: Invitation) -> Invitation:
    """Return the written invitation as the reads serialize it."""
    return access_invitation_by_id(user, invitation.pk)


@router.get("/invitations", response=list[InvitationSchema], operation_id="events_invitation_list")
@paginate(Pagination)
def invitation_list(request, filters: Query[InvitationFilterSchema]):
    """List the invitations the caller may see, by the events' start."""
    user = request.user
    event = None
    if filters.event:
        event = event_selectors.visible_events(user).filter(slug=filters.event).first()
    inviting = visible_organization(user, filters.inviting) if filters.inviting else None
    invitee = visible_organization(user, filters.invitee) if filters.invitee else None
    if (
        (filters.event and event is None)
        or (filters.inviting and inviting is None)
        or (filters.invitee and invitee is None)
    ):
        return Invitation.objects.none()
    return invitation_selectors.invitation_list_visible_to(
        user=user,
        event=event,
        status=filters.status or "",
        inviting=inviting,
        invitee=invitee,
        first_day=filters.first_day,
        last_day=filters.last_day,
    )


@router.get(
    "/invitations/{invitation_id}",
    response=InvitationSchema,
    operation_id="events_invitation_retrieve",
)
def invitation_retrieve(request, invitation_id: int):
    return access_invitation_by_id(request.user, invitation_id)


@router.post(
    "/events/{slug}/invitations",
    response={201: InvitationSchema},
    auth=api_auth_required,
    operation_id="events_invitation_create",
)
def invitation_create(request, slug: Text, payload: InvitationInputSchema):
    """Invite the holder of a post to the event outside any arrangement (ad hoc)."""
    user = request.user
    event = access_event_by_slug(user, slug)
    post = filter_visible(Post.objects.all(), user).filter(slug=payload.post).first()
    if post is None:
        raise ValidationError({"post": _("Unknown post: “%(key)s”.") % {"key": payload.post}})
    invitation = services.invitation_create_ad_hoc(actor=user, event=event, post=post)
    return Status(201, _reloaded(user, invitation))


@router.post(
    "/events/{slug}/invitations/generate",
    response=InvitationGeneratedSchema,
    auth=api_auth_required,
    operation_id="events_invitation_generate",
)
def invitation_generate(request, slug: Text):
    """Create the invitations the arrangements in force require and that are missing.

    Idempotent: a second call creates nothing; both answer what exists.
    """
    user = request.user
    event = access_event_by_slug(user, slug)
    created, existing = services.invitations_generate_for_event(actor=user, event=event)
    created_ids = {invitation.pk for invitation in created}
    found = invitation_selectors.invitation_list_visible_to(user=user, event=event).filter(
        pk__in=created_ids | {invitation.pk for invitation in existing}
    )
    return {
        "created": [invitation for invitation in found if invitation.pk in created_ids],
        "existing": [invitation for invitation in found if invitation.pk not in created_ids],
    }


# --- The moves ------------------------------------------------------------------------


@router.post(
    "/invitations/{invitation_id}/send",
    response=InvitationSchema,
    auth=api_auth_required,
    operation_id="events_invitation_send",
)
def invitation_send(request, invitation_id: int):
    """Send a draft invitation (the organizer's secretariat)."""
    invitation = access_invitation_by_id(request.user, invitation_id)
    services.invitation_send(actor=request.user, invitation=invitation)
    return _reloaded(request.user, invitation)


@router.post(
    "/invitations/{invitation_id}/answer",
    response=InvitationSchema,
    auth=api_auth_required,
    operation_id="events_invitation_answer",
)
def invitation_answer(request, invitation_id: int, payload: InvitationAnswerInputSchema):
    """Record the answer to a sent invitation: the invitee's, or the organizer's on its behalf."""
    invitation = access_invitation_by_id(request.user, invitation_id)
    services.invitation_answer(
        actor=request.user,
        invitation=invitation,
        status=payload.status,
        on_behalf=payload.on_behalf,
    )
    return _reloaded(request.user, invitation)


@router.post(
    "/invitations/{invitation_id}/correct-answer",
    response=InvitationSchema,
    auth=api_auth_required,
    operation_id="events_invitation_correct_answer",
)
def invitation_correct_answer(request, invitation_id: int, payload: InvitationAnswerInputSchema):
    """Correct a recorded answer (accepted to declined or back), by the side that answered.

    The invitee's secretariat corrects any answer to its invitation; the
    organizer's only one it recorded ``on_behalf``.  Once attendance is
    recorded the answer stands (409).
    """
    invitation = access_invitation_by_id(request.user, invitation_id)
    services.invitation_correct_answer(
        actor=request.user,
        invitation=invitation,
        status=payload.status,
        on_behalf=payload.on_behalf,
    )
    return _reloaded(request.user, invitation)


@router.post(
    "/invitations/{invitation_id}/no-reply",
    response=InvitationSchema,
    auth=api_auth_required,
    operation_id="events_invitation_mark_no_reply",
)
def invitation_mark_no_reply(request, invitation_id: int):
    """Record that a sent invitation got no answer (the organizer's secretariat)."""
    invitation = access_invitation_by_id(request.user, invitation_id)
    services.invitation_mark_no_reply(actor=request.user, invitation=invitation)
    return _reloaded(request.user, invitation)


@router.post(
    "/invitations/{invitation_id}/attendance",
    response=InvitationSchema,
    auth=api_auth_required,
    operation_id="events_invitation_record_attendance",
)
def invitation_record_attendance(
    request, invitation_id: int, payload: InvitationAttendanceInputSchema
):
    """Record whether the invitee of an accepted invitation attended (the organizer)."""
    invitation = access_invitation_by_id(request.user, invitation_id)
    services.invitation_record_attendance(
        actor=request.user, invitation=invitation, attended=payload.attended
    )
    return _reloaded(request.user, invitation)
