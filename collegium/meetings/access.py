"""One door per record: return it if the user may see its meeting, or raise ``NotFound``."""

from collegium.core.exceptions import NotFound
from collegium.decisions.selectors import visible_documents
from collegium.events.calendar.selectors import visible_events
from collegium.events.models import Event
from collegium.meetings.models import AgendaDocument, AgendaItem, DelegationMember
from collegium.meetings.selectors import meeting_organizers


def access_meeting_by_slug(user, slug: str) -> Event:
    """Return the event the user may see, with its organizers and their parents loaded."""
    try:
        return (
            visible_events(user)
            .select_related("owner")
            .prefetch_related(meeting_organizers())
            .get(slug=slug)
        )
    except (Event.DoesNotExist, ValueError) as exc:
        raise NotFound(Event._meta.verbose_name) from exc


def access_agenda_item_by_id(user, meeting: Event, item_id: int) -> AgendaItem:
    """Return an item of ``meeting`` (already accessed), or raise ``NotFound``."""
    try:
        item = AgendaItem.objects.get(meeting=meeting, pk=item_id)
    except (AgendaItem.DoesNotExist, ValueError, OverflowError) as exc:
        raise NotFound(AgendaItem._meta.verbose_name) from exc
    item.meeting = meeting
    return item


def access_attachment_by_slug(user, item: AgendaItem, slug: str) -> AgendaDocument:
    """Return the attachment of the document ``slug`` to ``item`` (already accessed), if the
    user sees the document, or raise ``NotFound``."""
    attachment = (
        AgendaDocument.objects.filter(
            item=item, document__slug=slug, document__in=visible_documents(user)
        )
        .select_related("document")
        .first()
    )
    if attachment is None:
        raise NotFound(AgendaDocument._meta.verbose_name)
    attachment.item = item
    return attachment


def access_member_by_id(user, meeting: Event, member_id: int) -> DelegationMember:
    """Return a member of a delegation to ``meeting`` (already accessed), or raise ``NotFound``."""
    try:
        member = DelegationMember.objects.select_related("delegation__organization", "person").get(
            delegation__meeting=meeting, pk=member_id
        )
    except (DelegationMember.DoesNotExist, ValueError, OverflowError) as exc:
        raise NotFound(DelegationMember._meta.verbose_name) from exc
    member.delegation.meeting = meeting
    return member
