"""Writes to events and calendar feed tokens; each checks access and appends its audit record.

Times: ``start`` and ``end`` may be given as naive local times, read in the
event's ``timezone`` (the host's), or as aware datetimes (with an offset),
which are instants already; either way they are stored in UTC.

Revisions: every change of a calendar field (title, time, place, status)
raises ``sequence`` by one, so calendar clients that imported the event
replace their copy; any change at all moves ``modified_at``.

Status: an event is created in any status (past events are recorded as held),
then moves only through the named transitions ``event_confirm``,
``event_postpone``, ``event_reschedule``, ``event_cancel`` and
``event_mark_held``; an illegal move raises ``TransitionError``.
"""

import datetime as dt
import secrets
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.core import access
from collegium.core.audit import audited
from collegium.core.exceptions import PermissionDenied, TransitionError, ValidationError
from collegium.core.services import assign_fields
from collegium.core.tokens import secret_digest, token_holder
from collegium.registry.models import Organization, Post, Tenure

from .invitations import (
    CoverageInfo,
    EventInfo,
    PartyInfo,
    PostInfo,
    RequiredInvitation,
    holder_on,
    required_invitations,
)
from .models import (
    CALENDAR_FIELDS,
    CONSENTING_STATES,
    Accession,
    AccessionStatus,
    Arrangement,
    ArrangementParty,
    ArrangementStatus,
    CalendarFeedToken,
    Consent,
    ConsentState,
    Event,
    EventStatus,
    Invitation,
    InvitationStatus,
    in_zone,
    validate_timezone,
)
from .selectors import Coverage, arrangements_covering, event_organization_ids, invitee_posts_for

# Set by the services themselves, never from the caller's data.
MANAGED_FIELDS = frozenset(
    {"id", "uid", "sequence", "created_at", "modified_at", "start_date", "end_date"}
)


def _set_fields(event: Event, data: dict[str, Any]) -> None:
    assign_fields(event, data, managed=MANAGED_FIELDS)


def _localize_times(event: Event) -> None:
    """Read naive start and end in the event's zone; check the zone first."""
    try:
        validate_timezone(event.timezone)
    except ValidationError as exc:
        raise ValidationError({"timezone": exc.messages}) from exc
    errors = {}
    for name in ("start", "end"):
        value = getattr(event, name)
        if isinstance(value, dt.datetime):
            try:
                setattr(event, name, in_zone(value, event.timezone))
            except ValidationError as exc:
                errors[name] = exc.messages
        elif value is not None:
            errors[name] = [_("Give a date and time, e.g. 2025-11-27T10:00.")]
    if errors:
        raise ValidationError(errors)
    if event.start is not None and event.end is not None:
        event.set_local_dates()


def _require_organizers(organizers: list) -> None:
    if not organizers:
        raise ValidationError({"organizers": _("An event needs at least one organizer.")})


def _calendar_values(event: Event) -> tuple:
    return tuple(getattr(event, name) for name in CALENDAR_FIELDS)


def _all_values(event: Event) -> tuple:
    return tuple(field.value_from_object(event) for field in Event._meta.concrete_fields)


def event_create(*, actor, data: dict[str, Any], organizers: list) -> Event:
    """Create an event organized by ``organizers`` (at least one), with a new calendar UID."""
    _require_organizers(organizers)
    event = Event()
    _set_fields(event, data)
    if event.owner_id is None:
        raise ValidationError({"owner": _("Choose the organization that owns this event.")})
    access.require_role(actor, event.owner_id, "editor")
    _localize_times(event)
    now = timezone.now()
    event.uid = f"{uuid.uuid4()}@collegium"
    event.sequence = 0
    event.created_at = event.modified_at = now
    event.full_clean()
    access.check_reference_visibility(event, related={"organizers": organizers})
    with transaction.atomic():
        with audited(actor=actor, action="event.create", instance=event):
            event.save(force_insert=True)
            event.organizers.set(organizers)
        _generate_for_event(actor, event)
    return event


def event_update(
    *, actor, event: Event, data: dict[str, Any], organizers: list | None = None
) -> Event:
    """Change an event's fields (not its status: that moves through the transitions)."""
    access.require_change(actor, event)
    if "status" in data:
        raise ValidationError(
            {
                "status": _(
                    "Change the status through its transitions: confirm, postpone, "
                    "reschedule, cancel, mark held."
                )
            }
        )
    if organizers is not None:
        _require_organizers(organizers)
    with transaction.atomic():
        start_date, visibility = event.start_date, event.visibility
        _event_update(actor, event, data, organizers)
        _invitations_follow_event(actor, event, start_date=start_date, visibility=visibility)
        # New dates, kind or organizers may call for more invitations.
        _generate_for_event(actor, event)
    return event


def _event_update(actor, event: Event, data: dict[str, Any], organizers: list | None) -> None:
    with audited(actor=actor, action="event.update", instance=event):
        calendar_before, all_before = _calendar_values(event), _all_values(event)
        organizers_before = set(event.organizers.values_list("pk", flat=True))
        _set_fields(event, data)
        access.require_role(actor, event.owner_id, "editor")
        _localize_times(event)
        if _calendar_values(event) != calendar_before:
            event.sequence += 1
        organizers_changed = organizers is not None and {o.pk for o in organizers} != (
            organizers_before
        )
        if _all_values(event) != all_before or organizers_changed:
            event.modified_at = timezone.now()
        event.full_clean()
        access.check_reference_visibility(
            event, related={"organizers": organizers or event.organizers.all()}
        )
        access.check_referrer_visibility(event, followers=(Invitation,))
        event.save()
        if organizers_changed:
            event.organizers.set(organizers)


def _transition(actor, event: Event, status: str, action: str, **changes) -> Event:
    access.require_change(actor, event)
    event.check_transition(status)
    with audited(actor=actor, action=action, instance=event):
        for name, value in changes.items():
            setattr(event, name, value)
        _localize_times(event)
        event.status = status
        event.sequence += 1
        event.modified_at = timezone.now()
        event.full_clean()
        event.save()
    return event


def event_confirm(*, actor, event: Event) -> Event:
    """Confirm a planned or postponed event."""
    return _transition(actor, event, EventStatus.CONFIRMED, "event.confirm")


def event_postpone(*, actor, event: Event) -> Event:
    """Postpone a planned or confirmed event; its dates stand until it is rescheduled."""
    return _transition(actor, event, EventStatus.POSTPONED, "event.postpone")


def event_reschedule(
    *, actor, event: Event, start: dt.datetime | None = None, end: dt.datetime | None = None
) -> Event:
    """Plan a postponed event again, optionally on new dates (naive local times or aware)."""
    changes = {name: value for name, value in (("start", start), ("end", end)) if value}
    with transaction.atomic():
        start_date = event.start_date
        _transition(actor, event, EventStatus.PLANNED, "event.reschedule", **changes)
        _invitations_follow_event(actor, event, start_date=start_date, visibility=event.visibility)
        _generate_for_event(actor, event)
    return event


def event_cancel(*, actor, event: Event) -> Event:
    """Cancel an event that has not been held; it stays in the calendar as cancelled."""
    return _transition(actor, event, EventStatus.CANCELLED, "event.cancel")


def event_mark_held(*, actor, event: Event) -> Event:
    """Record that a confirmed event took place; refused before it starts."""
    access.require_change(actor, event)
    event.check_transition(EventStatus.HELD)
    if event.start > timezone.now():
        raise TransitionError(
            _("An event cannot be marked held before it starts."), code="event_not_started"
        )
    return _transition(actor, event, EventStatus.HELD, "event.mark_held")


# --- Private calendar feeds ---------------------------------------------------------


def calendar_feed_token_create(*, actor) -> tuple[CalendarFeedToken, str]:
    """Give ``actor`` a new private feed token, revoking the old; return it with the secret.

    The secret is shown once: only its SHA-256 is stored.
    """
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to create a calendar feed."))
    with transaction.atomic():
        # Lock the user's row: it always exists, so two concurrent creates for a
        # user without a token wait for each other instead of both inserting.
        get_user_model()._base_manager.select_for_update().filter(pk=actor.pk).first()
        for old in CalendarFeedToken.objects.select_for_update().filter(
            user=actor, revoked_at__isnull=True
        ):
            calendar_feed_token_revoke(actor=actor, token=old)
        secret = secrets.token_urlsafe(32)
        token = CalendarFeedToken(
            user=actor, digest=secret_digest(secret), created_at=timezone.now()
        )
        with audited(actor=actor, action="calendar_feed_token.create", instance=token):
            token.save(force_insert=True)
    return token, secret


def calendar_feed_token_revoke(*, actor, token: CalendarFeedToken) -> CalendarFeedToken:
    if token.user_id != actor.pk and not access.is_site_admin(actor):
        raise PermissionDenied(_("Only the feed's owner revokes it."))
    if token.revoked_at is not None:
        return token
    with audited(actor=actor, action="calendar_feed_token.revoke", instance=token):
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def calendar_feed_token_authenticate(secret: str):
    """Return the active user behind a feed secret, or None."""
    if not secret or len(secret) > 100:
        return None
    return token_holder(CalendarFeedToken, secret)


# --- Arrangements -------------------------------------------------------------------
#
# An arrangement moves through ``arrangement_propose``, ``arrangement_bring_into_force``,
# ``arrangement_suspend``, ``arrangement_resume`` and ``arrangement_terminate``; its
# owner's editors make each move.  Its parties are set while it is a draft or a
# proposal; once in force a new party joins only by accession, with the consent
# of every current party and of the newcomer.

ARRANGEMENT_MANAGED_FIELDS = frozenset(
    {
        "id",
        "status",
        "proposed_on",
        "in_force_on",
        "suspended_on",
        "resumed_on",
        "terminated_on",
        "created_at",
    }
)


def _today() -> dt.date:
    return timezone.localdate()


def _check_parties(parties: list[tuple]) -> None:
    """Each party is named once, with itself or one of its bodies as its executive body."""
    if len(parties) < 2:
        raise ValidationError({"parties": _("An arrangement needs at least two parties.")})
    seen = set()
    for organization, body in parties:
        if organization.pk in seen:
            raise ValidationError(
                {"parties": _("%(party)s is named twice.") % {"party": organization}}
            )
        seen.add(organization.pk)
        _check_executive_body(organization, body, field="parties")


def _check_executive_body(organization, body, *, field: str) -> None:
    if body.pk != organization.pk and body.parent_id != organization.pk:
        raise ValidationError(
            {
                field: _(
                    "%(body)s is not a body of %(party)s; name the party itself or one of "
                    "its bodies as its executive body."
                )
                % {"body": body, "party": organization}
            }
        )


def _check_inviting_party(arrangement: Arrangement, party_ids: set[int]) -> None:
    if arrangement.inviting_party_id is not None and arrangement.inviting_party_id not in party_ids:
        raise ValidationError(
            {"inviting_party": _("The inviting party must be one of the parties.")}
        )


def _set_parties(arrangement: Arrangement, parties: list[tuple]) -> None:
    """Replace the party links (inside the caller's audited block)."""
    wanted = {organization.pk: body for organization, body in parties}
    for link in arrangement.party_links.all():
        if link.organization_id not in wanted:
            link.delete()
        elif link.executive_body_id != wanted[link.organization_id].pk:
            link.executive_body = wanted.pop(link.organization_id)
            link.save(update_fields=["executive_body"])
        else:
            wanted.pop(link.organization_id)
    for organization, body in parties:
        if organization.pk in wanted:
            ArrangementParty.objects.create(
                arrangement=arrangement, organization=organization, executive_body=body
            )


def arrangement_create(*, actor, data: dict[str, Any], parties: list[tuple]) -> Arrangement:
    """Create a draft arrangement among ``parties``: ``[(organization, executive body), ...]``."""
    arrangement = Arrangement()
    assign_fields(arrangement, data, managed=ARRANGEMENT_MANAGED_FIELDS)
    if arrangement.owner_id is None:
        raise ValidationError({"owner": _("Choose the organization that owns this arrangement.")})
    access.require_role(actor, arrangement.owner_id, "editor")
    _check_parties(parties)
    arrangement.status = ArrangementStatus.DRAFT
    arrangement.created_at = timezone.now()
    arrangement.full_clean()
    _check_inviting_party(arrangement, {organization.pk for organization, _body in parties})
    access.check_reference_visibility(
        arrangement, related={"parties": [org for pair in parties for org in pair]}
    )
    with audited(actor=actor, action="arrangement.create", instance=arrangement):
        arrangement.save(force_insert=True)
        _set_parties(arrangement, parties)
    return arrangement


def arrangement_update(
    *, actor, arrangement: Arrangement, data: dict[str, Any], parties: list[tuple] | None = None
) -> Arrangement:
    """Change an arrangement's fields; its parties only while it is a draft or a proposal."""
    access.require_change(actor, arrangement)
    if arrangement.status == ArrangementStatus.TERMINATED:
        raise TransitionError(
            _("A terminated arrangement is final and cannot be changed."),
            code="arrangement_terminated_is_final",
        )
    if "status" in data:
        raise ValidationError(
            {
                "status": _(
                    "Change the status through its transitions: propose, bring into force, "
                    "suspend, resume, terminate."
                )
            }
        )
    if parties is not None:
        if arrangement.status not in {ArrangementStatus.DRAFT, ArrangementStatus.PROPOSED}:
            raise TransitionError(
                _(
                    "The parties of an arrangement in force change only by accession, "
                    "with the consent of every party."
                ),
                code="arrangement_parties_by_accession",
            )
        _check_parties(parties)
    with audited(actor=actor, action="arrangement.update", instance=arrangement):
        assign_fields(arrangement, data, managed=ARRANGEMENT_MANAGED_FIELDS)
        access.require_role(actor, arrangement.owner_id, "editor")
        arrangement.full_clean()
        if parties is not None:
            party_ids = {organization.pk for organization, _body in parties}
            related = [org for pair in parties for org in pair]
        else:
            links = list(arrangement.party_links.select_related("organization", "executive_body"))
            party_ids = {link.organization_id for link in links}
            related = [org for link in links for org in (link.organization, link.executive_body)]
        _check_inviting_party(arrangement, party_ids)
        access.check_reference_visibility(arrangement, related={"parties": related})
        arrangement.save()
        if parties is not None:
            _set_parties(arrangement, parties)
    return arrangement


def _arrangement_move(
    actor, arrangement: Arrangement, status: str, action: str, date_field: str, on
) -> Arrangement:
    access.require_change(actor, arrangement)
    arrangement.check_transition(status)
    with audited(actor=actor, action=action, instance=arrangement):
        arrangement.status = status
        setattr(arrangement, date_field, on or _today())
        arrangement.full_clean()
        arrangement.save()
    return arrangement


def arrangement_propose(*, actor, arrangement: Arrangement, on: dt.date | None = None):
    """Put a draft arrangement to the parties."""
    return _arrangement_move(
        actor, arrangement, ArrangementStatus.PROPOSED, "arrangement.propose", "proposed_on", on
    )


def arrangement_bring_into_force(*, actor, arrangement: Arrangement, on: dt.date | None = None):
    """Bring a proposed arrangement into force (on ``on``, today by default).

    The parties' future events covered get their invitations in the same transaction.
    """
    with transaction.atomic():
        _arrangement_move(
            actor,
            arrangement,
            ArrangementStatus.IN_FORCE,
            "arrangement.bring_into_force",
            "in_force_on",
            on,
        )
        _generate_for_arrangement(actor, arrangement)
    return arrangement


def arrangement_suspend(*, actor, arrangement: Arrangement, on: dt.date | None = None):
    """Suspend an arrangement in force; it may be resumed."""
    return _arrangement_move(
        actor, arrangement, ArrangementStatus.SUSPENDED, "arrangement.suspend", "suspended_on", on
    )


def arrangement_resume(*, actor, arrangement: Arrangement, on: dt.date | None = None):
    """Bring a suspended arrangement back into force."""
    if arrangement.status not in {ArrangementStatus.SUSPENDED, ArrangementStatus.TERMINATED}:
        access.require_change(actor, arrangement)
        raise TransitionError(
            _("Only a suspended arrangement is resumed."), code="arrangement_resume_not_suspended"
        )
    with transaction.atomic():
        _arrangement_move(
            actor, arrangement, ArrangementStatus.IN_FORCE, "arrangement.resume", "resumed_on", on
        )
        _generate_for_arrangement(actor, arrangement)
    return arrangement


def arrangement_terminate(*, actor, arrangement: Arrangement, on: dt.date | None = None):
    """End an arrangement for good; pending accessions lapse as withdrawn."""
    with transaction.atomic():
        # Accession rows before the audit chain, in the order consent_record takes them.
        pending = list(
            Accession.objects.select_for_update()
            .filter(arrangement=arrangement, status=AccessionStatus.PENDING)
            .order_by("pk")
        )
        arrangement = _arrangement_move(
            actor,
            arrangement,
            ArrangementStatus.TERMINATED,
            "arrangement.terminate",
            "terminated_on",
            on,
        )
        for accession in pending:
            with audited(
                actor=actor,
                action="accession.lapse",
                instance=accession,
                organization=arrangement.owner,
            ):
                accession.status = AccessionStatus.WITHDRAWN
                accession.decided_on = arrangement.terminated_on
                accession.save(update_fields=["status", "decided_on"])
    return arrangement


# --- Accession and consent ------------------------------------------------------------


def _speaks_for(actor, organization, minimum: str) -> bool:
    """Whether ``actor`` acts for ``organization``: a role in its secretariat (its record's owner).

    The same rule as the registry's: whoever keeps an organization's record
    states facts about it, and here gives its consent.
    """
    return access.has_role(actor, organization.owner_id, minimum)


def accession_propose(
    *,
    actor,
    arrangement: Arrangement,
    organization,
    executive_body,
    proposed_by,
    proposed_on: dt.date | None = None,
    note: str = "",
) -> Accession:
    """Propose that ``organization`` joins an arrangement in force; open one consent per party.

    The proposer is any organization (a ministry may voice it); the actor must be
    an editor for it.  The current parties and the newcomer each get a pending
    consent.
    """
    if not _speaks_for(actor, proposed_by, "editor"):
        raise PermissionDenied(
            _("Only editors for %(organization)s propose in its name.")
            % {"organization": proposed_by}
        )
    if arrangement.status != ArrangementStatus.IN_FORCE:
        raise TransitionError(
            _("A new party accedes only to an arrangement in force (this one is “%(status)s”).")
            % {"status": arrangement.get_status_display()},
            code="accession_arrangement_not_in_force",
        )
    _check_executive_body(organization, executive_body, field="executive_body")
    today = _today()
    current = [
        link
        for link in arrangement.party_links.select_related("organization")
        if link.left_on is None or link.left_on >= today
    ]
    if any(link.organization_id == organization.pk for link in current):
        raise ValidationError(
            {"organization": _("%(party)s is a party already.") % {"party": organization}}
        )
    if arrangement.accessions.filter(
        organization=organization, status=AccessionStatus.PENDING
    ).exists():
        raise TransitionError(
            _("An accession of %(party)s is pending already.") % {"party": organization},
            code="accession_pending_already",
        )
    accession = Accession(
        arrangement=arrangement,
        organization=organization,
        executive_body=executive_body,
        proposed_by=proposed_by,
        proposed_on=proposed_on or today,
        note=note,
        created_at=timezone.now(),
    )
    accession.full_clean()
    with audited(
        actor=actor, action="accession.propose", instance=accession, organization=proposed_by
    ):
        accession.save(force_insert=True)
        for party in [*(link.organization for link in current), organization]:
            consent = Consent(accession=accession, party=party)
            with audited(actor=actor, action="consent.open", instance=consent, organization=party):
                consent.save(force_insert=True)
    return accession


def consent_record(
    *,
    actor,
    accession: Accession,
    party,
    state: str,
    note_reference: str = "",
    conditions: str = "",
) -> Consent:
    """Record ``party``'s answer to an accession: given, refused or given on behalf.

    Only a manager for the party (its secretariat) records it, once.  The last
    consent puts the accession in force and adds the newcomer as a party
    (joined today); one refusal refuses the accession.
    """
    if state not in {ConsentState.GIVEN, ConsentState.REFUSED, ConsentState.GIVEN_ON_BEHALF}:
        raise ValidationError(
            {"state": _("Record a consent as given, refused or given on behalf.")}
        )
    if not _speaks_for(actor, party, "manager"):
        raise PermissionDenied(
            _(
                "Only a manager for %(party)s records its consent; a party does not consent "
                "for another."
            )
            % {"party": party}
        )
    with transaction.atomic():
        # Lock the accession: two parties answering at once must not both find
        # themselves last and both complete it (or complete a refused one).
        # Every writer of an accession takes this lock before the audit chain's.
        locked = Accession.objects.select_for_update().get(pk=accession.pk)
        if locked.status != AccessionStatus.PENDING:
            raise TransitionError(
                _("This accession is no longer pending (“%(status)s”); consents are closed.")
                % {"status": locked.get_status_display()},
                code="accession_not_pending",
            )
        consent = Consent.objects.filter(accession=locked, party=party).first()
        if consent is None:
            raise ValidationError(
                {
                    "party": _("%(party)s is not asked to consent to this accession.")
                    % {"party": party}
                }
            )
        if consent.state != ConsentState.PENDING:
            raise TransitionError(
                _(
                    "The consent of %(party)s is recorded already (“%(state)s”); "
                    "a consent is recorded once."
                )
                % {"party": party, "state": consent.get_state_display()},
                code="consent_recorded_once",
            )
        with audited(actor=actor, action=f"consent.{state}", instance=consent, organization=party):
            consent.state = state
            consent.note_reference = note_reference.strip()
            consent.conditions = conditions.strip()
            consent.recorded_by = actor
            consent.recorded_at = timezone.now()
            consent.full_clean()
            consent.save()
        if state == ConsentState.REFUSED:
            _accession_close(actor, locked, AccessionStatus.REFUSED, "accession.refuse")
        elif not locked.consents.exclude(state__in=CONSENTING_STATES).exists():
            _accession_enter_into_force(actor, locked)
    accession.refresh_from_db()
    return consent


def _accession_close(actor, accession: Accession, status: str, action: str) -> None:
    with audited(
        actor=actor, action=action, instance=accession, organization=accession.arrangement.owner
    ):
        accession.status = status
        accession.decided_on = _today()
        accession.save(update_fields=["status", "decided_on"])


def _accession_enter_into_force(actor, accession: Accession) -> None:
    """Put the accession in force and add the newcomer as a party joined today."""
    _accession_close(actor, accession, AccessionStatus.IN_FORCE, "accession.enter_into_force")
    arrangement = accession.arrangement
    with audited(actor=actor, action="arrangement.accede", instance=arrangement):
        link = ArrangementParty.objects.filter(
            arrangement=arrangement, organization=accession.organization
        ).first()
        if link is None:
            ArrangementParty.objects.create(
                arrangement=arrangement,
                organization=accession.organization,
                executive_body=accession.executive_body,
                joined_on=accession.decided_on,
            )
        else:  # a former party rejoins
            link.executive_body = accession.executive_body
            link.joined_on, link.left_on = accession.decided_on, None
            link.save(update_fields=["executive_body", "joined_on", "left_on"])
    # The newcomer's head is invited to the parties' next events, and the
    # newcomer's events invite the others' heads.
    _generate_for_arrangement(actor, arrangement)


def accession_withdraw(*, actor, accession: Accession) -> Accession:
    """Withdraw a pending accession: by its proposer or by the arrangement's owner."""
    arrangement = accession.arrangement
    if not (
        _speaks_for(actor, accession.proposed_by, "editor")
        or access.has_role(actor, arrangement.owner_id, "editor")
    ):
        raise PermissionDenied(
            _("Only editors for the proposer or for the arrangement's owner withdraw it.")
        )
    with transaction.atomic():
        locked = Accession.objects.select_for_update().get(pk=accession.pk)
        if locked.status != AccessionStatus.PENDING:
            raise TransitionError(
                _("Only a pending accession is withdrawn (this one is “%(status)s”).")
                % {"status": locked.get_status_display()},
                code="accession_not_pending",
            )
        _accession_close(actor, locked, AccessionStatus.WITHDRAWN, "accession.withdraw")
    accession.refresh_from_db()
    return accession


# --- Invitations ----------------------------------------------------------------------

# Events past these statuses get no new invitations.
CLOSED_EVENT_STATUSES = frozenset({EventStatus.CANCELLED})


def _coverage_info(coverage: Coverage) -> CoverageInfo:
    def party(link: ArrangementParty) -> PartyInfo:
        return PartyInfo(
            organization_id=link.organization_id,
            executive_body_id=link.executive_body_id,
            joined_on=link.joined_on,
            left_on=link.left_on,
        )

    return CoverageInfo(
        arrangement_id=coverage.arrangement.pk,
        covered=party(coverage.covered),
        parties=tuple(party(link) for link in coverage.arrangement.party_links.all()),
        include_deputies=coverage.arrangement.include_deputies,
    )


def _holders_on(post_ids, on: dt.date) -> dict[int, int]:
    """Return {post id: person id} of the holders of the posts on ``on`` (substantive first)."""
    tenures = (
        Tenure.objects.filter(Tenure.on_q(on), post_id__in=post_ids)
        .order_by("pk")
        .values_list("post_id", "person_id", "acting", "start_date", "end_date")
    )
    return holder_on(tenures, on)


def _required_for(event: Event) -> list[RequiredInvitation]:
    """Load what the engine needs for ``event`` and return the invitations it requires."""
    on = event.start_date or event.local_start().date()
    coverages = arrangements_covering(event)
    posts: dict[int, list[PostInfo]] = {}
    for coverage in coverages:
        for post in invitee_posts_for(coverage, on=on):
            body_posts = posts.setdefault(post.organization_id, [])
            if all(known.pk != post.pk for known in body_posts):
                body_posts.append(PostInfo(post.pk, post.organization_id, post.is_head))
    info = EventInfo(on=on, organization_ids=frozenset(event_organization_ids(event)))
    return required_invitations(info, [_coverage_info(c) for c in coverages], posts)


def _save_invitation(actor, invitation: Invitation, action: str) -> Invitation:
    invitation.created_at = timezone.now()
    invitation.full_clean()
    with audited(actor=actor, action=action, instance=invitation):
        invitation.save(force_insert=True)
    return invitation


def _generate_for_event(actor, event: Event) -> tuple[list[Invitation], list[Invitation]]:
    if event.status in CLOSED_EVENT_STATUSES:
        return [], []
    with transaction.atomic():
        _lock_event(event)  # two runs at once (a double click) must not both see the same gap
        return _generate_missing(actor, event)


def _lock_event(event: Event) -> None:
    """Lock the event's row until the transaction ends (SQLite: writers queue anyway)."""
    list(Event.objects.select_for_update().filter(pk=event.pk).values_list("pk", flat=True))


def _generate_missing(actor, event: Event) -> tuple[list[Invitation], list[Invitation]]:
    required = _required_for(event)
    existing = {
        (invitation.arrangement_id, invitation.invitee_post_id): invitation
        for invitation in Invitation.objects.filter(event=event, arrangement__isnull=False)
    }
    missing = [r for r in required if (r.arrangement_id, r.invitee_post_id) not in existing]
    found = [
        existing[(r.arrangement_id, r.invitee_post_id)]
        for r in required
        if (r.arrangement_id, r.invitee_post_id) in existing
    ]
    if not missing:
        return [], found
    on = event.start_date or event.local_start().date()
    holders = _holders_on([r.invitee_post_id for r in missing], on)
    owners = dict(
        Organization.objects.filter(
            pk__in={r.inviting_organization_id for r in missing}
        ).values_list("pk", "owner_id")
    )
    created = []
    for r in missing:
        invitation = Invitation(
            event=event,
            arrangement_id=r.arrangement_id,
            inviting_organization_id=r.inviting_organization_id,
            invitee_organization_id=r.invitee_organization_id,
            invitee_body_id=r.invitee_body_id,
            invitee_post_id=r.invitee_post_id,
            invitee_person_id=holders.get(r.invitee_post_id),
            owner_id=owners[r.inviting_organization_id],
            visibility=event.visibility,
        )
        created.append(_save_invitation(actor, invitation, "invitation.generate"))
    return created, found


def invitations_generate_for_event(
    *, actor, event: Event
) -> tuple[list[Invitation], list[Invitation]]:
    """Create the invitations the in-force arrangements require for ``event`` that are missing.

    Each is a draft addressed to a post and to its holder on the event's first
    day.  Return (created, existing); a second call creates nothing and
    writes no audit record.  Cancelled events get none.
    """
    access.require_change(actor, event)
    return _generate_for_event(actor, event)


def _events_possibly_covered(arrangement: Arrangement) -> list[Event]:
    """Return the future events of the arrangement's parties (or their bodies) in its scope."""
    party_ids = list(arrangement.party_links.values_list("organization_id", flat=True))
    involved = Event.objects.filter(
        Q(organizers__in=party_ids)
        | Q(organizers__parent__in=party_ids)
        | Q(body__in=party_ids)
        | Q(body__parent__in=party_ids)
    )
    return list(
        Event.objects.filter(
            pk__in=involved.values("pk"),
            kind__in=arrangement.scope,
            start_date__gte=_today(),
        )
        .exclude(status__in=CLOSED_EVENT_STATUSES)
        .order_by("start", "pk")
    )


def _generate_for_arrangement(actor, arrangement: Arrangement) -> list[Invitation]:
    if arrangement.status != ArrangementStatus.IN_FORCE:
        return []
    created: list[Invitation] = []
    with transaction.atomic():
        for event in _events_possibly_covered(arrangement):
            created += _generate_for_event(actor, event)[0]
    return created


def invitations_generate_for_arrangement(*, actor, arrangement: Arrangement) -> list[Invitation]:
    """Create the missing invitations of every future event an arrangement in force covers.

    Called when an arrangement comes into force or a party accedes, so that
    its parties' heads are invited to the next events; return those created.
    """
    access.require_change(actor, arrangement)
    return _generate_for_arrangement(actor, arrangement)


def invitation_create_ad_hoc(*, actor, event: Event, post: Post) -> Invitation:
    """Invite the holder of ``post`` to ``event`` outside any arrangement.

    The event's owner invites; its editors make the invitation.  The invited
    organization is the post's organization's party (its parent, for a body).
    """
    access.require_change(actor, event)
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
    on = event.start_date or event.local_start().date()
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
        with audited(actor=actor, action=action, instance=locked):
            locked.status = status
            for name, value in changes.items():
                setattr(locked, name, value)
            locked.full_clean()
            locked.save()
    invitation.refresh_from_db()
    return invitation


def _require_organizer(actor, invitation: Invitation) -> None:
    if not access.has_role(actor, invitation.owner_id, "editor"):
        raise PermissionDenied(
            _("Only editors or managers of the organizer's secretariat do this.")
        )


def invitation_send(
    *, actor, invitation: Invitation, sent_at: dt.datetime | None = None
) -> Invitation:
    """Send a draft invitation: by an editor or manager of the organizer's secretariat.

    ``sent_at`` records a letter sent earlier (entering past correspondence); it
    defaults to now and may not lie in the future.
    """
    _require_organizer(actor, invitation)
    now = timezone.now()
    if sent_at is not None and sent_at > now:
        raise ValidationError({"sent_at": _("An invitation cannot have been sent in the future.")})
    return _invitation_move(
        actor,
        invitation,
        InvitationStatus.SENT,
        "invitation.send",
        sent_at=sent_at or now,
        sent_by=actor,
    )


def invitation_answer(
    *, actor, invitation: Invitation, status: str, on_behalf: bool = False
) -> Invitation:
    """Record the answer to a sent invitation: accepted or declined.

    The invitee's secretariat records it; the organizer's secretariat records
    it only ``on_behalf`` (flagged), e.g. from a note of the invitee.
    """
    if status not in {InvitationStatus.ACCEPTED, InvitationStatus.DECLINED}:
        raise ValidationError({"status": _("Answer an invitation as accepted or declined.")})
    if on_behalf:
        if not access.has_role(actor, invitation.owner_id, "editor"):
            raise PermissionDenied(
                _("Only the organizer's secretariat records an answer on behalf of the invitee.")
            )
    elif not access.has_role(actor, invitation.invitee_organization.owner_id, "editor"):
        raise PermissionDenied(
            _(
                "Only the secretariat of %(party)s answers its invitation; a party does not "
                "answer for another."
            )
            % {"party": invitation.invitee_organization}
        )
    return _invitation_move(
        actor,
        invitation,
        status,
        f"invitation.{status}",
        answered_at=timezone.now(),
        answered_by=actor,
        answered_on_behalf=on_behalf,
    )


def invitation_mark_no_reply(*, actor, invitation: Invitation) -> Invitation:
    """Record that a sent invitation got no answer: by the organizer's secretariat."""
    _require_organizer(actor, invitation)
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
    """Record whether the invitee of an accepted invitation attended: by the organizer."""
    _require_organizer(actor, invitation)
    status = InvitationStatus.ATTENDED if attended else InvitationStatus.ABSENT
    return _invitation_move(
        actor,
        invitation,
        status,
        f"invitation.{status}",
        attendance_recorded_at=timezone.now(),
        attendance_recorded_by=actor,
    )


def _invitations_follow_event(
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
        holders = _holders_on(drafts, event.start_date or event.local_start().date())
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
