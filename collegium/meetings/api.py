"""Meetings endpoints: a meeting's agenda and delegations.

Reads are open to anonymous callers (the agenda of a meeting they may see);
writes need a token or the session.  A meeting the caller may not see answers
404, like its items and members.  The services decide who may write
(``meetings.policy``, a 403 naming the rule): the managers of any organizer
change the agenda; only a party's own managers compose its delegation.
Bad input answers 422 naming the field.

An item lists the documents attached to it that the caller sees; a joint
collegium's agenda opens with the interim-results report (the meeting's
``report``), derived from the documents it covers and never stored.
"""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router, Status

from collegium.access.rules import AnyUser, filter_visible
from collegium.accounts.api_auth import api_auth_required
from collegium.core.api.schemas import Text
from collegium.core.exceptions import NotFound, ValidationError
from collegium.decisions.models import Document
from collegium.events.models import Event
from collegium.meetings import policy, selectors, services
from collegium.meetings.access import (
    access_agenda_item_by_id,
    access_attachment_by_slug,
    access_meeting_by_slug,
    access_member_by_id,
)
from collegium.meetings.models import AgendaItem, DelegationMember
from collegium.meetings.schemas import (
    AgendaDocumentInputSchema,
    AgendaItemCreateSchema,
    AgendaItemPatchSchema,
    AgendaItemSchema,
    AgendaMoveInputSchema,
    AgendaOrderInputSchema,
    DelegationSchema,
    HeadInputSchema,
    MeetingSchema,
    MemberInputSchema,
    MemberPatchSchema,
    MemberSchema,
)
from collegium.registry.models import Organization, Person, Post

router = Router(tags=["meetings"])

REFERENCES: dict[str, type[Person] | type[Post] | type[Document]] = {
    "presenter_post": Post,
    "presenter_person": Person,
    "person": Person,
    "document": Document,
}


def _resolve(user: AnyUser, data: dict[str, Any]) -> dict[str, Any]:
    """Replace the slugs of posts and persons by the records the caller sees (422 if unknown)."""
    errors = {}
    for field, model in REFERENCES.items():
        if data.get(field) is None:
            continue
        found = filter_visible(model.objects.all(), user).filter(slug=data[field]).first()
        if found is None:
            errors[field] = _("Unknown %(model)s: “%(key)s”.") % {
                "model": model._meta.verbose_name,
                "key": data[field],
            }
        data[field] = found
    if errors:
        raise ValidationError(errors)
    return data


def _party(meeting: Event, slug: str) -> Organization:
    for organizer in meeting.organizers.all():
        if organizer.slug == slug:
            return organizer
    raise ValidationError(
        {
            "party": _("Party: “%(key)s” does not organize this meeting.") % {"key": slug},
        }
    )


def _item(user: AnyUser, item_id: int) -> AgendaItem:
    """Return the item whose meeting the caller sees, its meeting loaded as the doors load it."""
    meeting_slug = AgendaItem.objects.filter(pk=item_id).values_list("meeting__slug", flat=True)
    slug = meeting_slug.first() if -(2**63) <= item_id < 2**63 else None
    if slug is None:
        raise NotFound(AgendaItem._meta.verbose_name)
    meeting = access_meeting_by_slug(user, slug)
    return access_agenda_item_by_id(user, meeting, item_id)


def _member(user: AnyUser, member_id: int) -> DelegationMember:
    rows = DelegationMember.objects.filter(pk=member_id).values_list(
        "delegation__meeting__slug", flat=True
    )
    slug = rows.first() if -(2**63) <= member_id < 2**63 else None
    if slug is None:
        raise NotFound(DelegationMember._meta.verbose_name)
    meeting = access_meeting_by_slug(user, slug)
    return access_member_by_id(user, meeting, member_id)


def _agenda(meeting: Event, user: AnyUser) -> list[AgendaItem]:
    """Return the agenda in order, each item with the documents the caller sees (two queries)."""
    return selectors.agenda_items_with_documents(meeting, user=user)


def _item_reloaded(item: AgendaItem, user: AnyUser) -> AgendaItem:
    meeting = item.meeting
    reloaded = next((other for other in _agenda(meeting, user) if other.pk == item.pk), None)
    if reloaded is None:  # removed by another writer since
        raise NotFound
    return reloaded


def _report(meeting: Event, user: AnyUser) -> dict[str, Any] | None:
    """Return the interim report that opens the agenda, its title in the three languages."""
    report = selectors.agenda_report(meeting, user=user)
    if report is None:
        return None
    titles = {}
    for language in ("ru", "en", "be"):
        with translation.override(language):
            titles[f"title_{language}"] = report.title
    return {
        **titles,
        "documents": [document.slug for document in report.sources.documents],
        "page": reverse("execution:interim", args=[meeting.slug]),
        "docx": reverse("execution:interim-docx", args=[meeting.slug]),
        "pdf": reverse("execution:interim-pdf", args=[meeting.slug]),
        "api": reverse("api:interim_retrieve", args=[meeting.slug]),
    }


def _member_reloaded(member: DelegationMember) -> DelegationMember:
    return DelegationMember.objects.select_related("delegation__organization", "person").get(
        pk=member.pk
    )


def _delegations(meeting: Event, user: AnyUser) -> list[dict[str, Any]]:
    result = []
    for view in selectors.delegations_by_party(meeting, user=user):
        for member in view.members:
            member.delegation.organization = view.organization
        head = view.head
        result.append(
            {
                "party": view.organization.slug,
                "head": head.person.slug if head else None,
                "members": view.members,
            }
        )
    return result


@router.get("/{slug}", response=MeetingSchema, operation_id="meetings_meeting_retrieve")
def meeting_retrieve(request: HttpRequest, slug: Text) -> dict[str, Any]:
    """Return a meeting with its agenda, its delegations and the previous and next meetings."""
    meeting = access_meeting_by_slug(request.user, slug)
    previous, following = selectors.meeting_neighbours(meeting, user=request.user)
    return {
        "slug": meeting.slug,
        "kind": meeting.kind,
        "title_ru": meeting.title_ru,
        "start": meeting.start,
        "previous": previous.slug if previous else None,
        "next": following.slug if following else None,
        "report": _report(meeting, request.user),
        "agenda": _agenda(meeting, request.user),
        "delegations": _delegations(meeting, request.user),
    }


@router.get("/{slug}/agenda", response=list[AgendaItemSchema], operation_id="meetings_agenda_list")
def agenda_list(request: HttpRequest, slug: Text) -> list[AgendaItem]:
    """List the meeting's stored agenda items in order, each with its documents.

    A joint collegium's agenda opens with the interim report, given as the meeting's ``report``.
    """
    meeting = access_meeting_by_slug(request.user, slug)
    return _agenda(meeting, request.user)


@router.post(
    "/{slug}/agenda",
    response={201: AgendaItemSchema},
    auth=api_auth_required,
    operation_id="meetings_agenda_item_create",
)
def agenda_item_create(request: HttpRequest, slug: Text, payload: AgendaItemCreateSchema) -> Status:
    """Add an item to the agenda, last or at ``position``."""
    meeting = access_meeting_by_slug(request.user, slug)
    data = _resolve(request.user, payload.model_dump())
    position = data.pop("position")
    item = services.agenda_item_add(
        actor=request.user, meeting=meeting, data=data, position=position
    )
    return Status(201, _item_reloaded(item, request.user))


@router.put(
    "/{slug}/agenda/order",
    response=list[AgendaItemSchema],
    auth=api_auth_required,
    operation_id="meetings_agenda_reorder",
)
def agenda_reorder(
    request: HttpRequest, slug: Text, payload: AgendaOrderInputSchema
) -> list[AgendaItem]:
    """Put the whole agenda in the order given (every item's id once)."""
    meeting = access_meeting_by_slug(request.user, slug)
    services.agenda_reorder(actor=request.user, meeting=meeting, item_ids=payload.items)
    return _agenda(meeting, request.user)


@router.patch(
    "/agenda/{item_id}",
    response=AgendaItemSchema,
    auth=api_auth_required,
    operation_id="meetings_agenda_item_update",
)
def agenda_item_update(
    request: HttpRequest, item_id: int, payload: AgendaItemPatchSchema
) -> AgendaItem:
    item = _item(request.user, item_id)
    data = _resolve(request.user, payload.model_dump(exclude_unset=True))
    item = services.agenda_item_update(actor=request.user, item=item, data=data)
    return _item_reloaded(item, request.user)


@router.post(
    "/agenda/{item_id}/move",
    response=AgendaItemSchema,
    auth=api_auth_required,
    operation_id="meetings_agenda_item_move",
)
def agenda_item_move(
    request: HttpRequest, item_id: int, payload: AgendaMoveInputSchema
) -> AgendaItem:
    """Move an item to another position; the items between shift by one."""
    item = _item(request.user, item_id)
    item = services.agenda_item_move(actor=request.user, item=item, position=payload.position)
    return _item_reloaded(item, request.user)


@router.delete(
    "/agenda/{item_id}",
    response={204: None},
    auth=api_auth_required,
    operation_id="meetings_agenda_item_delete",
)
def agenda_item_delete(request: HttpRequest, item_id: int) -> Status:
    item = _item(request.user, item_id)
    services.agenda_item_remove(actor=request.user, item=item)
    return Status(204, None)


@router.post(
    "/agenda/{item_id}/documents",
    response={201: AgendaItemSchema},
    auth=api_auth_required,
    operation_id="meetings_agenda_document_attach",
)
def agenda_document_attach(
    request: HttpRequest, item_id: int, payload: AgendaDocumentInputSchema
) -> Status:
    """Attach a document to an item, after its others; answer the item with its documents.

    The document must be one the caller sees that belongs to the meeting or has a party
    among its organizers (422 on ``document`` otherwise, or if it is attached already).
    """
    item = _item(request.user, item_id)
    # The rule before the input: a caller who may not edit the agenda hears so (403).
    policy.can_edit_agenda(request.user, item.meeting).enforce()
    document = _resolve(request.user, payload.model_dump())["document"]
    services.agenda_document_attach(actor=request.user, item=item, document=document)
    return Status(201, _item_reloaded(item, request.user))


@router.delete(
    "/agenda/{item_id}/documents/{document}",
    response={204: None},
    auth=api_auth_required,
    operation_id="meetings_agenda_document_detach",
)
def agenda_document_detach(request: HttpRequest, item_id: int, document: Text) -> Status:
    """Detach a document from an item (404 if it is not attached or hidden from the caller)."""
    item = _item(request.user, item_id)
    policy.can_edit_agenda(request.user, item.meeting).enforce()
    attachment = access_attachment_by_slug(request.user, item, document)
    services.agenda_document_detach(actor=request.user, attachment=attachment)
    return Status(204, None)


@router.get(
    "/{slug}/delegations",
    response=list[DelegationSchema],
    operation_id="meetings_delegation_list",
)
def delegation_list(request: HttpRequest, slug: Text) -> list[dict[str, Any]]:
    """List one delegation per organizer of the meeting, head first."""
    meeting = access_meeting_by_slug(request.user, slug)
    return _delegations(meeting, request.user)


@router.put(
    "/{slug}/delegations/head",
    response=MemberSchema,
    auth=api_auth_required,
    operation_id="meetings_delegation_set_head",
)
def delegation_set_head(request: HttpRequest, slug: Text, payload: HeadInputSchema) -> Any:
    """Make a person the head of a party's delegation (adding them if needed)."""
    meeting = access_meeting_by_slug(request.user, slug)
    party = _party(meeting, payload.party)
    data = _resolve(request.user, {"person": payload.person})
    member = services.delegation_set_head(
        actor=request.user, meeting=meeting, organization=party, person=data["person"]
    )
    return _member_reloaded(member)


@router.post(
    "/{slug}/delegations/members",
    response={201: MemberSchema},
    auth=api_auth_required,
    operation_id="meetings_delegation_member_create",
)
def delegation_member_create(
    request: HttpRequest, slug: Text, payload: MemberInputSchema
) -> Status:
    """Add a person to a party's delegation, with their role."""
    meeting = access_meeting_by_slug(request.user, slug)
    data = payload.model_dump()
    party = _party(meeting, data.pop("party"))
    person = _resolve(request.user, {"person": data.pop("person")})["person"]
    if data["order"] is None:
        del data["order"]
    member = services.delegation_member_add(
        actor=request.user, meeting=meeting, organization=party, person=person, data=data
    )
    return Status(201, _member_reloaded(member))


@router.patch(
    "/members/{member_id}",
    response=MemberSchema,
    auth=api_auth_required,
    operation_id="meetings_delegation_member_update",
)
def delegation_member_update(
    request: HttpRequest, member_id: int, payload: MemberPatchSchema
) -> Any:
    member = _member(request.user, member_id)
    data = payload.model_dump(exclude_unset=True)
    member = services.delegation_member_update(actor=request.user, member=member, data=data)
    return _member_reloaded(member)


@router.delete(
    "/members/{member_id}",
    response={204: None},
    auth=api_auth_required,
    operation_id="meetings_delegation_member_delete",
)
def delegation_member_delete(request: HttpRequest, member_id: int) -> Status:
    member = _member(request.user, member_id)
    services.delegation_member_remove(actor=request.user, member=member)
    return Status(204, None)
