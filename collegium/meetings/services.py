"""Every write to a meeting's agenda and delegations: policy, validation, audit, one transaction.

The agenda keeps its positions dense (1, 2, 3 ...): adding, moving and
removing an item renumber the others in the same transaction, with one audit
record for the step that names the item and the new order.  An item carries
documents (``AgendaDocument``), kept in order the same way: a document the
actor sees that belongs to the meeting or has a party among its organizers.  A delegation is
created with its first member; its head is the one member flagged as head
(the database refuses a second).
"""

from typing import Any, cast

from django.db import transaction
from django.utils.translation import gettext as _

from collegium.core import audit
from collegium.core.audit_guard import writes_allowed
from collegium.core.exceptions import NotFound, PermissionDenied, TransitionError, ValidationError
from collegium.core.models import OwnedModel, Visibility
from collegium.core.services import assign_fields, loaded_relations
from collegium.decisions import policy as decisions_policy
from collegium.decisions import services as decisions_services
from collegium.decisions.models import Document, DocumentKind
from collegium.events.models import Event
from collegium.meetings import policy, selectors
from collegium.meetings.models import AgendaDocument, AgendaItem, Delegation, DelegationMember
from collegium.registry.models import Organization, Person

AGENDA_FIELDS = frozenset(
    {
        "title_ru",
        "title_en",
        "title_be",
        "presenter_post",
        "presenter_person",
        "duration_minutes",
        "notes",
        "is_illustrative",
    }
)
MEMBER_FIELDS = frozenset({"role_ru", "role_en", "role_be", "order"})

HEAD_ROLE = {
    "role_ru": "Глава делегации",
    "role_en": "Head of delegation",
    "role_be": "Кіраўнік дэлегацыі",
}


def _refuse_unknown(data: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in unknown})


def _check_reference(meeting: Event, target: OwnedModel | None, field: str) -> None:
    """Refuse a presenter or a member less visible than the meeting that would show them.

    Everyone who sees the meeting sees its agenda and delegations, so a person
    or post named there is public, or the meeting is internal to the target's owner.
    """
    if target is None or target.visibility == Visibility.PUBLIC:
        return
    if meeting.visibility == Visibility.INTERNAL and target.owner_id == meeting.owner_id:
        return
    raise ValidationError(
        {
            field: _(
                "%(record)s is less visible than the meeting that would show it; "
                "make it public or choose another."
            )
            % {"record": target}
        }
    )


def _audit(*, actor, action: str, meeting: Event, obj, changes: dict[str, Any]) -> None:
    audit.append(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj),
        changes=changes,
        organization=meeting.owner,
    )


# --- The agenda ---------------------------------------------------------------


def _items_locked(meeting: Event) -> list[AgendaItem]:
    """Return the meeting's items in order, locked, so two writers do not renumber at once."""
    return list(AgendaItem.objects.select_for_update().filter(meeting=meeting))


def _renumber(items: list[AgendaItem] | list[AgendaDocument]) -> list[int]:
    """Give ``items`` the positions 1..n in their list order; return their ids in that order."""
    changed: list[Any] = []
    for position, item in enumerate(cast(list[Any], items), start=1):
        if item.order != position:
            item.order = position
            changed.append(item)
    if changed:
        with writes_allowed():
            type(changed[0]).objects.bulk_update(changed, ["order"])
    return [item.pk for item in items]


def _check_position(position: int | None, count: int) -> int:
    """Return the 0-based index for the 1-based ``position`` among ``count`` places."""
    if position is None:
        return count - 1
    if not 1 <= position <= count:
        raise ValidationError(
            {"position": _("Position: give a number from 1 to %(count)s.") % {"count": count}}
        )
    return position - 1


def _validated_item(meeting: Event, item: AgendaItem) -> None:
    item.full_clean(exclude=loaded_relations(item))
    _check_reference(meeting, item.presenter_post, "presenter_post")
    _check_reference(meeting, item.presenter_person, "presenter_person")


def agenda_item_add(
    *, actor, meeting: Event, data: dict[str, Any], position: int | None = None
) -> AgendaItem:
    """Add an item to the agenda, last or at ``position`` (1-based), the others moving down."""
    policy.can_edit_agenda(actor, meeting).enforce()
    _refuse_unknown(data, AGENDA_FIELDS)
    item = AgendaItem(meeting=meeting)
    assign_fields(item, data)
    _validated_item(meeting, item)
    with transaction.atomic():
        items = _items_locked(meeting)
        index = _check_position(position, len(items) + 1)
        item.order = index + 1
        with audit.audited(
            actor=actor,
            action="agendaitem.create",
            instance=item,
            organization=meeting.owner,
            savepoint=False,
        ):
            item.save(force_insert=True)
        items.insert(index, item)
        _renumber(items)
    return item


def agenda_item_update(*, actor, item: AgendaItem, data: dict[str, Any]) -> AgendaItem:
    """Change an item's title, presenter, duration or notes (its position: ``agenda_item_move``)."""
    meeting = item.meeting
    policy.can_edit_agenda(actor, meeting).enforce()
    _refuse_unknown(data, AGENDA_FIELDS)
    with audit.audited(
        actor=actor, action="agendaitem.update", instance=item, organization=meeting.owner
    ):
        assign_fields(item, data)
        _validated_item(meeting, item)
        item.save()
    return item


def agenda_item_remove(*, actor, item: AgendaItem) -> None:
    """Remove an item; the items after it move up."""
    meeting = item.meeting
    policy.can_edit_agenda(actor, meeting).enforce()
    removed = item.pk
    with transaction.atomic():
        items = _items_locked(meeting)
        with audit.audited(
            actor=actor,
            action="agendaitem.delete",
            instance=item,
            organization=meeting.owner,
            savepoint=False,
        ):
            item.delete()
        _renumber([other for other in items if other.pk != removed])


def agenda_item_move(*, actor, item: AgendaItem, position: int) -> AgendaItem:
    """Move an item to ``position`` (1-based); the items between shift by one."""
    meeting = item.meeting
    policy.can_edit_agenda(actor, meeting).enforce()
    with transaction.atomic():
        items = _items_locked(meeting)
        index = _check_position(position, len(items))
        before = [other.pk for other in items]
        moving = next((other for other in items if other.pk == item.pk), None)
        if moving is None:  # removed by another writer since the caller read it
            raise NotFound
        items.remove(moving)
        items.insert(index, moving)
        after = _renumber(items)
        _audit(
            actor=actor,
            action="agendaitem.move",
            meeting=meeting,
            obj=moving,
            changes={"order": [before, after]},
        )
    item.order = moving.order
    return item


def agenda_reorder(*, actor, meeting: Event, item_ids: list[int]) -> list[AgendaItem]:
    """Put the whole agenda in the order of ``item_ids``, which names each item once."""
    policy.can_edit_agenda(actor, meeting).enforce()
    with transaction.atomic():
        items = _items_locked(meeting)
        by_id = {item.pk: item for item in items}
        if sorted(item_ids) != sorted(by_id) or len(set(item_ids)) != len(item_ids):
            raise ValidationError(
                {"order": _("Order: name every item of the agenda once, and nothing else.")}
            )
        before = [item.pk for item in items]
        ordered = [by_id[pk] for pk in item_ids]
        after = _renumber(ordered)
        _audit(
            actor=actor,
            action="agenda.reorder",
            meeting=meeting,
            obj=meeting,
            changes={"order": [before, after]},
        )
    return ordered


# --- The documents of an agenda item ----------------------------------------------


def _check_attachable(actor, meeting: Event, document: Document) -> None:
    """Refuse a document the actor does not see, or that is neither the meeting's own nor has
    a party among its organizers (``selectors.attachable_q``), on the field "document"."""
    if not selectors.attachable_documents(meeting, user=actor).filter(pk=document.pk).exists():
        raise ValidationError(
            {
                "document": _(
                    "Document: “%(document)s” is not the meeting's own and has no party among "
                    "its organizers (or it is hidden from you); attach the meeting's documents "
                    "or those of its organizers."
                )
                % {"document": document.title}
            }
        )


def agenda_document_attach(*, actor, item: AgendaItem, document: Document) -> AgendaDocument:
    """Attach a document to an agenda item, after its other documents."""
    meeting = item.meeting
    policy.can_edit_agenda(actor, meeting).enforce()
    _check_attachable(actor, meeting, document)
    with transaction.atomic():
        # Lock the item's attachments, so two writers do not take the same position.
        attached = list(AgendaDocument.objects.select_for_update().filter(item=item))
        if any(other.document_id == document.pk for other in attached):
            raise ValidationError(
                {
                    "document": _("Document: “%(document)s” is already attached to this item.")
                    % {"document": document.title}
                }
            )
        attachment = AgendaDocument(
            item=item, document=document, order=max((a.order for a in attached), default=0) + 1
        )
        with audit.audited(
            actor=actor,
            action="agendadocument.create",
            instance=attachment,
            organization=meeting.owner,
            savepoint=False,
        ):
            attachment.save(force_insert=True)
    return attachment


def agenda_document_detach(*, actor, attachment: AgendaDocument) -> None:
    """Detach a document from its agenda item; the item's documents after it move up."""
    item = attachment.item
    meeting = item.meeting
    policy.can_edit_agenda(actor, meeting).enforce()
    with transaction.atomic():
        others = list(
            AgendaDocument.objects.select_for_update().filter(item=item).exclude(pk=attachment.pk)
        )
        with audit.audited(
            actor=actor,
            action="agendadocument.delete",
            instance=attachment,
            organization=meeting.owner,
            savepoint=False,
        ):
            attachment.delete()
        _renumber(others)


# --- Delegations ------------------------------------------------------------------


def _check_party(meeting: Event, organization: Organization) -> None:
    if all(organizer.pk != organization.pk for organizer in meeting.organizers.all()):
        raise ValidationError(
            {
                "organization": _(
                    "Party: %(party)s does not organize this meeting; only its organizers "
                    "send delegations."
                )
                % {"party": organization}
            }
        )


def _delegation_for(*, actor, meeting: Event, organization: Organization) -> Delegation:
    """Return the party's delegation to the meeting, creating it (audited) on first use.

    The meeting's row is locked first: two first members added at once would each find
    no delegation and the second insert would break the unique pair.
    """
    list(Event.objects.select_for_update().filter(pk=meeting.pk).values_list("pk", flat=True))
    delegation = (
        Delegation.objects.select_for_update()
        .filter(meeting=meeting, organization=organization)
        .first()
    )
    if delegation is None:
        delegation = Delegation(meeting=meeting, organization=organization)
        with audit.audited(
            actor=actor,
            action="delegation.create",
            instance=delegation,
            organization=organization,
            savepoint=False,
        ):
            delegation.save(force_insert=True)
    delegation.meeting = meeting
    delegation.organization = organization
    return delegation


def _check_member(meeting: Event, delegation: Delegation, person: Person) -> None:
    _check_reference(meeting, person, "person")
    elsewhere = (
        DelegationMember.objects.filter(delegation__meeting=meeting, person=person)
        .exclude(delegation=delegation)
        .exists()
    )
    if elsewhere:
        raise ValidationError(
            {
                "person": _("Person: %(person)s is already in another delegation to this meeting.")
                % {"person": person}
            }
        )


def delegation_member_add(
    *,
    actor,
    meeting: Event,
    organization: Organization,
    person: Person,
    data: dict[str, Any] | None = None,
) -> DelegationMember:
    """Add a person to the party's delegation (created if it has none), last unless ordered."""
    policy.can_edit_delegation(actor, meeting, organization).enforce()
    _check_party(meeting, organization)
    data = dict(data or {})
    _refuse_unknown(data, MEMBER_FIELDS)
    with transaction.atomic():
        delegation = _delegation_for(actor=actor, meeting=meeting, organization=organization)
        _check_member(meeting, delegation, person)
        if DelegationMember.objects.filter(delegation=delegation, person=person).exists():
            message = _("Person: %(person)s is already in this delegation.")
            raise ValidationError({"person": message % {"person": person}})
        if "order" not in data:
            data["order"] = DelegationMember.objects.filter(delegation=delegation).count() + 1
        member = DelegationMember(delegation=delegation, person=person)
        assign_fields(member, data)
        member.full_clean(exclude=loaded_relations(member))
        with audit.audited(
            actor=actor,
            action="delegationmember.create",
            instance=member,
            organization=organization,
            savepoint=False,
        ):
            member.save(force_insert=True)
    return member


def delegation_member_update(
    *, actor, member: DelegationMember, data: dict[str, Any]
) -> DelegationMember:
    """Change a member's role in the delegation or position (the head: ``delegation_set_head``)."""
    delegation = member.delegation
    policy.can_edit_delegation_record(actor, delegation).enforce()
    _refuse_unknown(data, MEMBER_FIELDS)
    with audit.audited(
        actor=actor,
        action="delegationmember.update",
        instance=member,
        organization=delegation.organization,
    ):
        assign_fields(member, data)
        member.full_clean(exclude=loaded_relations(member))
        member.save()
    return member


def delegation_member_remove(*, actor, member: DelegationMember) -> None:
    """Remove a member from the delegation (the head too: the delegation is then headless)."""
    delegation = member.delegation
    policy.can_edit_delegation_record(actor, delegation).enforce()
    with audit.audited(
        actor=actor,
        action="delegationmember.delete",
        instance=member,
        organization=delegation.organization,
    ):
        member.delete()


def delegation_set_head(
    *, actor, meeting: Event, organization: Organization, person: Person
) -> DelegationMember:
    """Make ``person`` the head of the party's delegation, adding them if they are not in it.

    The former head stays a member, without the flag; a new member gets the
    role "head of delegation" in the three languages.
    """
    policy.can_edit_delegation(actor, meeting, organization).enforce()
    _check_party(meeting, organization)
    with transaction.atomic():
        delegation = _delegation_for(actor=actor, meeting=meeting, organization=organization)
        _check_member(meeting, delegation, person)
        members = list(DelegationMember.objects.select_for_update().filter(delegation=delegation))
        member = next((m for m in members if m.person_id == person.pk), None)
        if member is not None and member.is_head:
            return member
        for former in members:
            if former.is_head:
                with audit.audited(
                    actor=actor,
                    action="delegationmember.update",
                    instance=former,
                    organization=organization,
                    savepoint=False,
                ):
                    former.is_head = False
                    former.save(update_fields=["is_head"])
        if member is None:
            member = DelegationMember(
                delegation=delegation, person=person, is_head=True, order=0, **HEAD_ROLE
            )
            member.full_clean(exclude=loaded_relations(member))
            action = "delegationmember.create"
        else:
            member.is_head = True
            action = "delegationmember.update"
        with audit.audited(
            actor=actor,
            action=action,
            instance=member,
            organization=organization,
            savepoint=False,
        ):
            member.save()
    member.delegation = delegation
    return member


# --- The minutes ------------------------------------------------------------------

MINUTES_TITLE = {"ru": "Протокол: %s", "en": "Minutes: %s", "be": "Пратакол: %s"}


def _title(meeting: Event, lang: str) -> str:
    return getattr(meeting, f"title_{lang}") or meeting.title_ru


MINUTES_FIELDS = frozenset({"is_illustrative", "note"})


def meeting_minutes_create(
    *, actor, meeting: Event, data: dict[str, Any] | None = None
) -> Document:
    """Draw up the meeting's minutes: a draft document of kind minutes among its organizers.

    The actor's own organizer owns it (the first organizer they act for); the
    parties then circulate, comment on and approve it (``decisions.services``).
    A meeting has one set of minutes.  ``data`` may flag them illustrative, with a note.
    """
    policy.can_draw_up_minutes(actor, meeting).enforce()
    _refuse_unknown(data or {}, MINUTES_FIELDS)
    if Document.objects.filter(meeting=meeting, kind=DocumentKind.MINUTES).exists():
        raise TransitionError(
            _("The meeting has its minutes already; edit them instead."),
            code="meeting_minutes_exist",
        )
    organizers = list(meeting.organizers.all())
    owner = next(
        (
            organizer
            for organizer in organizers
            if decisions_policy.acts_for_a_party(actor, [organizer])
        ),
        None,
    )
    if owner is None:  # the policy above lets only a party's own secretariat draw them up
        raise PermissionDenied(_("Only a party's secretariat draws up the minutes."))
    return decisions_services.document_create(
        actor=actor,
        data={
            "slug": f"minutes-{meeting.slug}"[:120],
            "kind": DocumentKind.MINUTES,
            **{
                f"title_{lang}": (template % _title(meeting, lang))[:400]
                for lang, template in MINUTES_TITLE.items()
            },
            "meeting": meeting,
            "dated": meeting.end_date or meeting.start_date,
            "owner": owner,
            "visibility": meeting.visibility,
            **(data or {}),
        },
        parties=[(organizer, "party") for organizer in organizers],
    )
