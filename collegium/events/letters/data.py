"""Build the invitation letter of an ``Invitation`` from the database, for ``events.letters``.

The engine in ``letters.py`` is pure; this module loads what it prints:

- sender: the inviting organization and its executive body (for an
  arrangement, the body the inviting party named in it; for an ad hoc
  invitation made by a body, that body under its parent organization);
- signatory: the holder of the head post of that body on the letter's date,
  or else of the organization itself (a substantive holder wins over an
  acting one; a tenure hidden from the reader counts as none);
- addressee: the forms stored on the invited post and its holder (the
  dative title and name, the title in direct address, gender, English
  style); grammar is never derived;
- the event (title, city, venue, local days), the arrangement's parties by
  acronym ("ОДКБ, СНГ и ШОС" / "the CSTO, the CIS and the SCO"), or no
  practice at all for an ad hoc invitation;
- a stable reference ``<acronym>-<year>/<invitation id>`` (the year it was
  sent, or made while it is a draft) and a reply-by date.

Dates: a sent letter is dated on the day it was sent; a draft on the day it
is printed.  Drafts, and letters to illustrative (demo or synthetic) events,
are printed as specimens ("ОБРАЗЕЦ · SPECIMEN"): never passed off as sent.

A letter that would miss a required form is refused with ``LetterIncomplete``
(409, ``code: letter_incomplete``) naming each record and field to fill in.
"""

import datetime as dt
import re
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access.rules import AnyUser, filter_visible
from collegium.core.exceptions import NotFound, TransitionError
from collegium.events.invitations.selectors import visible_invitations
from collegium.events.letters import engine as letters
from collegium.events.models import ArrangementParty, EventStatus, Invitation, InvitationStatus
from collegium.registry.models import Gender, Organization, Period, Person, Post, Tenure

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _Visible(TypedDict):
    """The flags ``visible_invitations`` annotates."""

    person_visible: bool
    post_visible: bool
    arrangement_visible: bool


# An invitation read by ``access_invitation_for_letter``.
type LetterInvitation = WithAnnotations[Invitation, _Visible]

# Ask for an answer a month before the event, but leave the invitee at least a week.
REPLY_LEAD = dt.timedelta(days=30)
REPLY_MINIMUM = dt.timedelta(days=7)

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}

MAX_ID = 2**63 - 1
_CYRILLIC = re.compile("[\u0400-\u04ff]")


class LetterIncomplete(TransitionError):
    """The registry lacks a form the letter needs; ``problems`` name what to fill in."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            _("The letter cannot be printed yet: %(problems)s") % {"problems": " ".join(problems)},
            code="letter_incomplete",
        )


# --- Reading ------------------------------------------------------------------------


def access_invitation_for_letter(user: AnyUser, invitation_id: int) -> LetterInvitation:
    """Return the invitation with what its letter reads; raise ``NotFound`` (missing or hidden)."""
    if not 0 < invitation_id <= MAX_ID:
        raise NotFound(Invitation._meta.verbose_name)  # beyond a bigint: no such record
    invitation = (
        visible_invitations(user)
        .select_related(
            "event",
            "arrangement",
            "inviting_organization__parent__seat_state",
            "inviting_organization__seat_state",
            "invitee_post__organization__seat_state",
            "invitee_person",
        )
        .prefetch_related(
            Prefetch(
                "arrangement__party_links",
                queryset=ArrangementParty.objects.select_related(
                    "organization", "executive_body__seat_state"
                ).order_by("pk"),
            )
        )
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise NotFound(Invitation._meta.verbose_name)
    return cast(LetterInvitation, invitation)  # with the flags of ``visible_invitations``


# --- Forms ----------------------------------------------------------------------------


def _join(items: list[str], conjunction: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _parties(invitation: Invitation, on: dt.date) -> letters.LetterArrangement | None:
    if invitation.arrangement is None:
        return None
    organizations = [
        link.organization
        for link in invitation.arrangement.party_links.all()
        if link.is_current(on)
    ]
    ru = [o.acronym_ru or o.name_ru for o in organizations]
    en = []
    for organization in organizations:
        name = organization.acronym_en or organization.name_en or organization.name_ru
        en.append(name if name.lower().startswith("the ") else f"the {name}")
    return letters.LetterArrangement(parties_ru=_join(ru, "и"), parties_en=_join(en, "and"))


def sender_of(invitation: Invitation) -> tuple[Organization, Organization | None]:
    """Return the inviting organization and the executive body that convenes, if it has one."""
    organization, body = invitation.inviting_organization, None
    if invitation.arrangement is not None:
        for link in invitation.arrangement.party_links.all():
            if link.organization_id == organization.pk:
                body = link.executive_body
    elif organization.parent is not None:
        organization, body = organization.parent, organization
    if body is not None and body.pk == organization.pk:
        body = None
    return organization, body


def _seat(organization: Organization, body: Organization | None) -> Organization:
    return body if body is not None and body.seat_city_ru else organization


def _city_ru(name: str) -> str:
    return f"г. {name}" if name else ""


def _address(seat: Organization, language: str) -> str:
    city = getattr(seat, f"seat_city_{language}")
    state = getattr(seat.seat_state, f"name_{language}", "") if seat.seat_state else ""
    return ", ".join(part for part in (city, state) if part)


def _holder(organization: Organization, on: dt.date, user: AnyUser) -> Tenure | None:
    tenures = Tenure.objects.filter(
        Period.on_q(on), post__organization=organization, post__is_head=True
    ).select_related("person", "post")
    return filter_visible(tenures, user).order_by("acting", "-start_date", "pk").first()


def signatory_tenure(
    organization: Organization, body: Organization | None, on: dt.date, user: AnyUser
) -> Tenure | None:
    """Return the tenure of the head of the body on ``on``, else of the organization."""
    for candidate in (body, organization):
        if candidate is not None:
            tenure = _holder(candidate, on, user)
            if tenure is not None:
                return tenure
    return None


def letter_date(invitation: Invitation, today: dt.date | None = None) -> dt.date:
    """Return the day the letter is dated: when it was sent, or today for a draft."""
    if invitation.sent_at is not None:
        return timezone.localdate(invitation.sent_at)
    return today or timezone.localdate()


def reply_by(first_day: dt.date, dated: dt.date) -> dt.date | None:
    """Return the day to answer by: a month before the event, at least a week after the letter.

    None when that leaves no day before the event.
    """
    answer_by = max(first_day - REPLY_LEAD, dated + REPLY_MINIMUM)
    return answer_by if answer_by < first_day else None


def reference(invitation: Invitation, organization: Organization) -> str:
    """Return the letter's stable number: the sender's acronym, the year, the invitation id."""
    acronym = organization.acronym_ru or organization.acronym_en or organization.slug.upper()
    year = (invitation.sent_at or invitation.created_at).year
    return f"{acronym}-{year}/{invitation.pk}"


def _post_title_en(post: Post) -> str:
    return post.letter_label_en or post.label_en


def _person_problems(person: Person, *, addressee: bool) -> list[str]:
    problems = []
    name = {"person": person.name_ru}
    if addressee and not person.gender:
        problems.append(
            _("Person “%(person)s”: fill in the gender (it chooses г-ну/г-же and Mr/Ms).") % name
        )
    if addressee and not person.name_ru_dative:
        problems.append(
            _("Person “%(person)s”: fill in the name in letters in the dative (“Н.Б. Ермекбаеву”).")
            % name
        )
    if not person.name_en:
        problems.append(_("Person “%(person)s”: fill in the English name.") % name)
    return problems


def _post_problems(post: Post, *, addressee: bool) -> list[str]:
    problems = []
    title = {"post": post.label_ru}
    if addressee and not post.label_ru_dative:
        problems.append(_("Post “%(post)s”: fill in the title in letters in the dative.") % title)
    if addressee and not (post.address_title_ru or post.address_title_en):
        problems.append(
            _("Post “%(post)s”: fill in the title in direct address in Russian and English.")
            % title
        )
    elif addressee and not post.address_title_ru:
        problems.append(
            _("Post “%(post)s”: fill in the title in direct address in Russian.") % title
        )
    elif addressee and not post.address_title_en:
        problems.append(
            _("Post “%(post)s”: fill in the title in direct address in English.") % title
        )
    if not _post_title_en(post):
        problems.append(_("Post “%(post)s”: fill in the English title in letters.") % title)
    return problems


def _addressee(invitation: Invitation, problems: list[str]) -> letters.Addressee | None:
    post, person = invitation.invitee_post, invitation.invitee_person
    problems += _post_problems(post, addressee=True)
    if person is None:
        problems.append(
            _(
                "Post “%(post)s” has no holder on the event's first day: record the tenure, "
                "then refresh the invitation."
            )
            % {"post": post.label_ru}
        )
        return None
    problems += _person_problems(person, addressee=True)
    if problems:
        return None
    female = person.gender == Gender.FEMALE
    name_en = " ".join(
        part for part in (person.honorific_prefix, "Ms" if female else "Mr", person.name_en) if part
    )
    seat = post.organization
    return letters.Addressee(
        post_ru=post.label_ru_dative,
        name_ru=f"{'г-же' if female else 'г-ну'} {person.name_ru_dative}",
        salutation_ru=(
            f"{'Уважаемая госпожа' if female else 'Уважаемый господин'} {post.address_title_ru}!"
        ),
        post_en=_post_title_en(post),
        name_en=name_en,
        salutation_en=f"Dear {'Madam' if female else 'Mr'} {post.address_title_en},",
        city_ru=_city_ru(seat.seat_city_ru),
        city_en=seat.seat_city_en,
    )


def _signatory(
    organization: Organization,
    body: Organization | None,
    on: dt.date,
    user: AnyUser,
    problems: list[str],
) -> letters.Signatory | None:
    tenure = signatory_tenure(organization, body, on, user)
    if tenure is None:
        problems.append(
            _(
                "Nobody holds the head post of %(body)s on %(date)s: record the tenure of "
                "the head who signs the letter."
            )
            % {"body": (body or organization).name_ru, "date": letters.format_date(on, "ru")}
        )
        return None
    post, person = tenure.post, tenure.person
    found = _post_problems(post, addressee=False) + _person_problems(person, addressee=False)
    problems += found
    if found:
        return None
    return letters.Signatory(
        post_ru=post.letter_label_ru or post.label_ru,
        name_ru=person.name_ru_short or person.name_ru,
        post_en=_post_title_en(post),
        name_en=person.name_en,
    )


def _event(invitation: Invitation, problems: list[str]) -> letters.LetterEvent | None:
    event = invitation.event
    title = {"event": event.title_ru}
    if not event.title_en:
        problems.append(_("Event “%(event)s”: fill in the English title.") % title)
    if not (event.city_ru or event.city_en):
        problems.append(_("Event “%(event)s”: fill in the city in Russian and English.") % title)
    elif not event.city_ru:
        problems.append(_("Event “%(event)s”: fill in the city in Russian.") % title)
    elif not event.city_en:
        problems.append(_("Event “%(event)s”: fill in the city in English.") % title)
    if not (event.title_en and event.city_ru and event.city_en):
        return None
    return letters.LetterEvent(
        title_ru=event.title_ru,
        title_en=event.title_en,
        city_ru=event.city_ru,
        city_en=event.city_en,
        start=event.start,
        end=event.end,
        timezone=event.timezone,
        venue_ru=event.venue,
        # The venue is one free text, usually Russian: the English letter leaves it out then.
        venue_en="" if _CYRILLIC.search(event.venue) else event.venue,
    )


def letter_data_for(
    invitation: LetterInvitation, *, user: AnyUser, today: dt.date | None = None
) -> letters.LetterData:
    """Return the ``LetterData`` of the invitation, or raise ``LetterIncomplete``.

    ``invitation`` comes from ``access_invitation_for_letter``; ``user`` is the
    reader (the signatory's tenure must be visible to them).
    """
    if invitation.event.status == EventStatus.CANCELLED:
        raise TransitionError(
            _("The event is cancelled: its invitation letters are no longer printed."),
            code="letter_event_cancelled",
        )
    addressee_visible = invitation.post_visible and (
        invitation.invitee_person_id is None or invitation.person_visible
    )
    if not addressee_visible:
        # Never print, nor name in a refusal, a post or person the reader may not see.
        raise TransitionError(
            _(
                "The addressee's record is not shown to you: the letter is printed by a "
                "secretariat that may see it."
            ),
            code="letter_addressee_hidden",
        )
    dated = letter_date(invitation, today)
    organization, body = sender_of(invitation)
    problems: list[str] = []
    seat = _seat(organization, body)
    seat_name = {"organization": seat.name_ru}
    if not (seat.seat_city_ru or seat.seat_city_en):
        problems.append(
            _("Organization “%(organization)s”: fill in the seat city in Russian and English.")
            % seat_name
        )
    elif not seat.seat_city_ru:
        problems.append(
            _("Organization “%(organization)s”: fill in the seat city in Russian.") % seat_name
        )
    elif not seat.seat_city_en:
        problems.append(
            _("Organization “%(organization)s”: fill in the seat city in English.") % seat_name
        )
    if not organization.name_en or (body is not None and not body.name_en):
        problems.append(
            _("Organization “%(organization)s”: fill in the English name.")
            % {"organization": (body if body and not body.name_en else organization).name_ru}
        )
    addressee = _addressee(invitation, problems)
    signatory = _signatory(organization, body, dated, user, problems)
    event = _event(invitation, problems)
    if problems or addressee is None or signatory is None or event is None:
        raise LetterIncomplete(problems)
    first_day = event.local_span()[0].date()
    return letters.LetterData(
        reference=reference(invitation, organization),
        date=dated,
        place_ru=_city_ru(seat.seat_city_ru),
        place_en=seat.seat_city_en,
        sender=letters.Party(
            name_ru=organization.name_ru,
            name_en=organization.name_en,
            body_ru=body.name_ru if body else "",
            body_en=body.name_en if body else "",
            address_ru=_address(seat, "ru"),
            address_en=_address(seat, "en"),
        ),
        addressee=addressee,
        event=event,
        arrangement=_parties(invitation, first_day),
        signatory=signatory,
        reply_by=reply_by(first_day, dated),
        specimen=invitation.status == InvitationStatus.DRAFT or invitation.event.is_illustrative,
    )


def letter_filename(invitation: Invitation, extension: str) -> str:
    """Return "invitation-<event slug>-<post slug>.<extension>"."""
    return f"invitation-{invitation.event.slug}-{invitation.invitee_post.slug}.{extension}"


def invitation_letter(
    invitation: LetterInvitation, *, user: AnyUser, extension: str, today: dt.date | None = None
) -> tuple[bytes, str]:
    """Return the letter as DOCX or PDF bytes, with its file name."""
    data = letter_data_for(invitation, user=user, today=today)
    render = letters.render_docx if extension == "docx" else letters.render_pdf
    try:
        content = render(data)
    except ValueError as exc:  # python-docx: "All strings must be XML compatible"
        # Input refuses control characters, but older records or the admin may hold one.
        raise TransitionError(
            _(
                "A name or title in this letter holds a control character that a document "
                "cannot carry; correct the record and try again."
            ),
            code="letter_unprintable",
        ) from exc
    return content, letter_filename(invitation, extension)
