"""Invitation writes: generation for events and arrangements, ad hoc invitations, moves."""

import datetime as dt
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.core import audit
from collegium.core.audit import audited
from collegium.core.audit_guard import writes_allowed
from collegium.core.exceptions import TransitionError, ValidationError
from collegium.core.models import Visibility
from collegium.events.arrangements.selectors import (
    arrangements_covering,
    event_organization_ids,
    events_of_parties,
)
from collegium.events.calendar.selectors import visible_events
from collegium.events.invitations import policy
from collegium.events.invitations.engine import (
    GenerationEvent,
    PostInfo,
    RequiredInvitation,
    holder_on,
    required_invitations,
)
from collegium.events.invitations.selectors import coverage_info, invitee_posts_for
from collegium.events.invitations.signals import invitation_answered, invitation_sent
from collegium.events.models import (
    CLOSED_EVENT_STATUSES,
    Arrangement,
    ArrangementStatus,
    Event,
    Invitation,
    InvitationStatus,
)
from collegium.registry.models import Organization, Post, Tenure


def _holders_on(post_ids, on: dt.date) -> dict[int, int]:
    """Return {post id: person id} of the holders of the posts on ``on`` (substantive first)."""
    tenures = (
        Tenure.objects.filter(Tenure.on_q(on), post_id__in=post_ids)
        .order_by("pk")
        .values_list("post_id", "person_id", "acting", "start_date", "end_date")
    )
    return holder_on(tenures, on)


def _required_for(event: Event, organizers=None) -> list[RequiredInvitation]:
    """Load what the engine needs for ``event`` and return the invitations it requires."""
    on = event.first_day
    organization_ids = event_organization_ids(event, organizers)
    coverages = arrangements_covering(event, organization_ids=organization_ids)
    posts: dict[int, list[PostInfo]] = {}
    for coverage in coverages:
        for post in invitee_posts_for(coverage, on=on):
            body_posts = posts.setdefault(post.organization_id, [])
            if all(known.pk != post.pk for known in body_posts):
                body_posts.append(PostInfo(post.pk, post.organization_id, post.is_head))
    info = GenerationEvent(on=on, organization_ids=frozenset(organization_ids))
    return required_invitations(info, [coverage_info(c) for c in coverages], posts)


def _save_invitation(actor, invitation: Invitation, action: str) -> Invitation:
    invitation.created_at = timezone.now()
    invitation.full_clean()
    with audited(actor=actor, action=action, instance=invitation):
        invitation.save(force_insert=True)
    return invitation


def generate_for_event(actor, event: Event) -> tuple[list[Invitation], list[Invitation]]:
    if event.status in CLOSED_EVENT_STATUSES:
        return [], []
    with transaction.atomic():
        _lock_event(event)  # two runs at once (a double click) must not both see the same gap
        return _generate_missing(actor, event)


def generate_for_new_event(
    actor, event: Event, *, organizers=None
) -> tuple[list[Invitation], list[Invitation]]:
    """Create the invitations a new event requires, in the transaction that created it.

    No one else sees the new row before the commit, so no lock, and it has no
    invitations yet to look for; ``organizers``: the event's, as just set.
    """
    if event.status in CLOSED_EVENT_STATUSES:
        return [], []
    return _generate_missing(actor, event, organizers=organizers, new=True)


def _lock_event(event: Event) -> None:
    """Lock the event's row until the transaction ends (SQLite: writers queue anyway)."""
    list(Event.objects.select_for_update().filter(pk=event.pk).values_list("pk", flat=True))


def _owners(pks: set[int], known=None) -> dict[int, tuple[int, str]]:
    """Return {organization id: (its owner's id, slug)} for ``pks``.

    ``known``: organizations the caller holds (an event's organizers); one that
    owns its own record answers without a query.
    """
    owners = {
        organization.pk: (organization.pk, organization.slug)
        for organization in known or ()
        if organization.pk in pks and organization.owner_id == organization.pk
    }
    if pks - owners.keys():
        owners.update(
            (pk, (owner_id, slug))
            for pk, owner_id, slug in Organization.objects.filter(
                pk__in=pks - owners.keys()
            ).values_list("pk", "owner_id", "owner__slug")
        )
    return owners


def _hidden_from(actor, event: Event) -> bool:
    """Whether the acting user may not see ``event`` (the system, ``None``, sees all).

    Whoever triggers a run (the consent that brings an arrangement into force,
    an accession, a change of an event), it writes nothing onto an event hidden
    from them: another organization's internal event gets its invitations when
    its own secretariat next saves it, or from ``invitations generate-all``
    (a site administrator's or the system's, who see every event).
    """
    if actor is None or event.visibility == Visibility.PUBLIC:
        return False
    return not visible_events(actor).filter(pk=event.pk).exists()


def _generate_missing(
    actor, event: Event, *, organizers=None, new: bool = False
) -> tuple[list[Invitation], list[Invitation]]:
    """Create the invitations ``event`` requires that are missing; return (created, found).

    ``organizers``: the event's, when the caller has just set them; ``new``: the
    event was created in this transaction, so it has no invitations to look for.
    Nothing is written onto an event the acting user may not see, whatever
    triggered the run.
    """
    # A new event was just created by the actor, an editor of its owner: it sees it.
    if not new and _hidden_from(actor, event):
        return [], []
    required = _required_for(event, organizers)
    existing = (
        {}
        if new
        else {
            (invitation.arrangement_id, invitation.invitee_post_id): invitation
            for invitation in Invitation.objects.filter(event=event, arrangement__isnull=False)
        }
    )
    missing = [r for r in required if (r.arrangement_id, r.invitee_post_id) not in existing]
    found = [
        existing[(r.arrangement_id, r.invitee_post_id)]
        for r in required
        if (r.arrangement_id, r.invitee_post_id) in existing
    ]
    if not missing:
        return [], found
    on = event.first_day
    holders = _holders_on([r.invitee_post_id for r in missing], on)
    owners = _owners({r.inviting_organization_id for r in missing}, organizers)
    now = timezone.now()
    created = [
        Invitation(
            event=event,
            arrangement_id=r.arrangement_id,
            inviting_organization_id=r.inviting_organization_id,
            invitee_organization_id=r.invitee_organization_id,
            invitee_body_id=r.invitee_body_id,
            invitee_post_id=r.invitee_post_id,
            invitee_person_id=holders.get(r.invitee_post_id),
            owner_id=owners[r.inviting_organization_id][0],
            visibility=event.visibility,
            created_at=now,
        )
        for r in missing
    ]
    # Written as the bulk path writes them (``generation``), the same rows and
    # audit records: every value comes from validated rows (the event,
    # arrangements, posts, tenures) and the database's keys and constraints
    # check the rest, so no per-row full_clean(), which would ask the database
    # for each key and each unique constraint.
    if not new:
        # A new event's transaction holds the chain lock since the event's record.
        audit.lock_chain()
    with writes_allowed():
        Invitation.objects.bulk_create(created)
    audit.append_many(
        actor=actor,
        entries=[
            audit.creation_entry(
                invitation,
                action="invitation.generate",
                organization_id=owners[invitation.inviting_organization_id][0],
                organization=owners[invitation.inviting_organization_id][1],
            )
            for invitation in created
        ],
    )
    return created, found


def invitations_generate_for_event(
    *, actor, event: Event
) -> tuple[list[Invitation], list[Invitation]]:
    """Create the invitations the in-force arrangements require for ``event`` that are missing.

    Each is a draft addressed to a post and to its holder on the event's first
    day.  Return (created, existing); a second call creates nothing and
    writes no audit record.  Cancelled events get none.
    """
    policy.can_generate(actor, event).enforce()
    return generate_for_event(actor, event)


def _events_possibly_covered(arrangement: Arrangement) -> list[Event]:
    """Return the future events of the arrangement's parties (or their bodies) in its scope."""
    party_ids = list(arrangement.party_links.values_list("organization_id", flat=True))
    return list(
        Event.objects.filter(
            pk__in=events_of_parties(party_ids).values("pk"),
            kind__in=arrangement.scope,
            start_date__gte=timezone.localdate(),
        )
        .exclude(status__in=CLOSED_EVENT_STATUSES)
        .order_by("start", "pk")
    )


def generate_for_arrangement(actor, arrangement: Arrangement) -> list[Invitation]:
    if arrangement.status != ArrangementStatus.IN_FORCE:
        return []
    created: list[Invitation] = []
    with transaction.atomic():
        for event in _events_possibly_covered(arrangement):
            created += generate_for_event(actor, event)[0]
    return created


def withdraw_for_party(actor, arrangement: Arrangement, party, *, on: dt.date) -> list[int]:
    """Withdraw the draft invitations a party's withdrawal leaves without ground; return their ids.

    Under ``arrangement``, to events after ``on``, where ``party`` invites or
    is invited.  A sent (or later) invitation stays: its letter went out, and
    the organizer's secretariat answers for it.
    """
    drafts = (
        Invitation.objects.filter(
            arrangement=arrangement,
            status=InvitationStatus.DRAFT,
            event__start_date__gt=on,
        )
        .filter(Q(invitee_organization=party) | Q(inviting_organization=party))
        .order_by("pk")
    )
    withdrawn = []
    for invitation in drafts:
        withdrawn.append(invitation.pk)
        with audited(actor=actor, action="invitation.withdraw", instance=invitation):
            invitation.delete()
    return withdrawn


def invitations_generate_for_arrangement(*, actor, arrangement: Arrangement) -> list[Invitation]:
    """Create the missing invitations of every future event an arrangement in force covers.

    Called when an arrangement comes into force or a party accedes, so that
    its parties' heads are invited to the next events; return those created.
    """
    access.require_change(actor, arrangement)
    return generate_for_arrangement(actor, arrangement)


def invitation_create_ad_hoc(*, actor, event: Event, post: Post) -> Invitation:
    """Invite the holder of ``post`` to ``event`` outside any arrangement.

    The event's owner invites; its editors make the invitation.  The invited
    organization is the post's organization's party (its parent, for a body).
    """
    policy.can_create_ad_hoc(actor, event).enforce()
    if event.status in CLOSED_EVENT_STATUSES:
        raise TransitionError(
            _("A cancelled event gets no new invitations."),
            code="invitation_event_cancelled",
        )
    with transaction.atomic():
        _lock_event(event)  # two requests at once must not both pass the check below
        if Invitation.objects.filter(event=event, invitee_post=post, arrangement=None).exists():
            raise ValidationError(
                {"invitee_post": _("This post is invited to this event already.")}
            )
        return _create_ad_hoc(actor, event, post)


def _create_ad_hoc(actor, event: Event, post: Post) -> Invitation:
    body = post.organization
    on = event.first_day
    invitation = Invitation(
        event=event,
        arrangement=None,
        inviting_organization=event.owner,
        invitee_organization=body.parent or body,
        invitee_body=body,
        invitee_post=post,
        invitee_person_id=_holders_on([post.pk], on).get(post.pk),
        owner_id=event.owner_id,
        visibility=event.visibility,
    )
    return _save_invitation(actor, invitation, "invitation.create_ad_hoc")


def _invitation_move(actor, invitation: Invitation, status: str, action: str, **changes):
    with transaction.atomic():
        # Lock the row: two secretariats answering at once must not both pass the check.
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        locked.check_transition(status)
        locked.event = invitation.event
        if early := locked.too_early(status, now=timezone.now()):
            raise TransitionError(early, code="invitation_before_event_start")
        with audited(actor=actor, action=action, instance=locked):
            locked.status = status
            for name, value in changes.items():
                setattr(locked, name, value)
            locked.full_clean()
            locked.save()
    invitation.refresh_from_db()
    return invitation


def invitation_send(
    *, actor, invitation: Invitation, sent_at: dt.datetime | None = None
) -> Invitation:
    """Send a draft invitation: by an editor or manager of the organizer's secretariat.

    ``sent_at`` records a letter sent earlier (entering past correspondence); it
    defaults to now and may not lie in the future.
    """
    policy.can_send(actor, invitation).enforce()
    now = timezone.now()
    if sent_at is not None and sent_at > now:
        raise ValidationError({"sent_at": _("An invitation cannot have been sent in the future.")})
    invitation = _invitation_move(
        actor,
        invitation,
        InvitationStatus.SENT,
        "invitation.send",
        sent_at=sent_at or now,
        sent_by=actor,
    )
    transaction.on_commit(
        partial(invitation_sent.send, sender=Invitation, actor=actor, invitation=invitation)
    )
    return invitation


ANSWERS = frozenset({InvitationStatus.ACCEPTED, InvitationStatus.DECLINED})


def invitation_answer(
    *, actor, invitation: Invitation, status: str, on_behalf: bool = False
) -> Invitation:
    """Record the answer to a sent invitation, accepted or declined, or correct it.

    The invitee's secretariat records it; the organizer's secretariat records
    it only ``on_behalf`` (flagged), e.g. from a note of the invitee.  The
    answering side corrects an answer the same way (accepted to declined or
    back) until attendance is recorded; the audit chain keeps each answer.
    """
    if status not in ANSWERS:
        raise ValidationError({"status": _("Answer an invitation as accepted or declined.")})
    if invitation.status in ANSWERS:
        # One way to correct an answer, whichever door it comes through.
        return invitation_correct_answer(
            actor=actor, invitation=invitation, status=status, on_behalf=on_behalf
        )
    policy.can_answer(actor, invitation, on_behalf=on_behalf).enforce()
    invitation = _invitation_move(
        actor,
        invitation,
        status,
        f"invitation.{status}",
        answered_at=timezone.now(),
        answered_by=actor,
        answered_on_behalf=on_behalf,
    )
    _answered_after_commit(actor, invitation, corrected=False)
    return invitation


def _answered_after_commit(actor, invitation: Invitation, *, corrected: bool) -> None:
    transaction.on_commit(
        partial(
            invitation_answered.send,
            sender=Invitation,
            actor=actor,
            invitation=invitation,
            corrected=corrected,
        )
    )


def invitation_correct_answer(
    *, actor, invitation: Invitation, status: str, on_behalf: bool = False
) -> Invitation:
    """Correct a recorded answer: an acceptance becomes a refusal, or the other way round.

    The answering side corrects it (``policy.can_correct_answer``): the
    invitee's secretariat, or the organizer's for an answer it recorded
    ``on_behalf``.  Once attendance is recorded the answer stands.  The
    correction is audited as such, with who recorded it and when.
    """
    if status not in ANSWERS:
        raise ValidationError({"status": _("Answer an invitation as accepted or declined.")})
    with transaction.atomic():
        # Lock the row: a correction must not cross an attendance being recorded.
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        policy.can_correct_answer(actor, locked, on_behalf=on_behalf).enforce()
        if locked.status not in ANSWERS:
            raise TransitionError(
                _(
                    "Only a recorded answer (accepted or declined) is corrected; "
                    "this invitation is “%(current)s”."
                )
                % {"current": locked.get_status_display()},
                code="invitation_answer_not_correctable",
            )
        if locked.status == status:
            raise TransitionError(
                _("The answer is “%(current)s” already.")
                % {"current": locked.get_status_display()},
                code="invitation_answer_unchanged",
            )
        with audited(actor=actor, action="invitation.correct_answer", instance=locked):
            locked.status = status
            locked.answered_at = timezone.now()
            locked.answered_by = actor
            locked.answered_on_behalf = on_behalf
            locked.full_clean()
            locked.save()
    invitation.refresh_from_db()
    _answered_after_commit(actor, invitation, corrected=True)
    return invitation


def invitation_mark_no_reply(*, actor, invitation: Invitation) -> Invitation:
    """Record that a sent invitation got no answer: by the organizer's secretariat.

    Only from the event's start: an invitation has no reply-by date, and an
    answer may come until the event begins.
    """
    policy.can_mark_no_reply(actor, invitation).enforce()
    return _invitation_move(
        actor,
        invitation,
        InvitationStatus.NO_REPLY,
        "invitation.no_reply",
        answered_at=timezone.now(),
        answered_by=actor,
        answered_on_behalf=False,
    )


def invitation_record_attendance(*, actor, invitation: Invitation, attended: bool) -> Invitation:
    """Record whether the invitee of an accepted invitation attended: by the organizer.

    Only from the event's start.
    """
    policy.can_record_attendance(actor, invitation).enforce()
    status = InvitationStatus.ATTENDED if attended else InvitationStatus.ABSENT
    return _invitation_move(
        actor,
        invitation,
        status,
        f"invitation.{status}",
        attendance_recorded_at=timezone.now(),
        attendance_recorded_by=actor,
    )


def invitations_follow_event(
    actor, event: Event, *, start_date: dt.date | None, visibility: str
) -> list[Invitation]:
    """Bring the event's invitations in line after a change of its first day or visibility.

    On a new first day each draft is addressed to the holder of its post on
    that day; a sent (or later) invitation keeps the person it was sent to.
    Every invitation takes the event's visibility.  A post, person or
    arrangement less visible than the invitation is not refused (generation
    names whoever holds the post): pages, the API, checks and letters leave
    out what the reader may not see.  Return the invitations changed, each
    audited.
    """
    redated = event.start_date != start_date
    if not redated and event.visibility == visibility:
        return []
    invitations = list(
        Invitation.objects.filter(event=event)
        .select_related(
            "arrangement",
            "inviting_organization",
            "invitee_organization",
            "invitee_body",
            "invitee_post",
            "invitee_person",
        )
        .order_by("pk")
    )
    holders = {}
    if redated:
        drafts = [i.invitee_post_id for i in invitations if i.status == InvitationStatus.DRAFT]
        holders = _holders_on(drafts, event.first_day)
    changed = []
    for invitation in invitations:
        person_id = invitation.invitee_person_id
        if redated and invitation.status == InvitationStatus.DRAFT:
            person_id = holders.get(invitation.invitee_post_id)
        if person_id == invitation.invitee_person_id and invitation.visibility == event.visibility:
            continue
        with audited(actor=actor, action="invitation.refresh", instance=invitation):
            invitation.invitee_person_id = person_id
            invitation.visibility = event.visibility
            invitation.event = event
            invitation.full_clean()
            invitation.save(update_fields=["invitee_person", "visibility"])
        changed.append(invitation)
    return changed
