"""Calendar writes: events, their status moves and calendar feed tokens."""

import datetime as dt
import secrets
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.core import audit
from collegium.core.audit import audited
from collegium.core.exceptions import TransitionError, ValidationError
from collegium.core.services import assign_fields, loaded_relations
from collegium.core.tokens import secret_digest, token_holder
from collegium.events.calendar import policy
from collegium.events.calendar.signals import event_changed
from collegium.events.models import (
    CALENDAR_FIELDS,
    CalendarFeedToken,
    Event,
    EventStatus,
    Invitation,
    in_zone,
    validate_timezone,
)

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


def _check_named_organizers(actor, added: list, dropped: list, *, agreed: bool) -> None:
    """Refuse, on the organizers field, naming or dropping an organizer the actor does not
    act for; ``agreed``: the caller holds the organizers' agreement (a consultation plan's
    parties), so the rule is the caller's."""
    if agreed:
        return
    decision = policy.can_name_organizers(actor, added, dropped)
    if not decision:
        raise ValidationError({"organizers": decision.reason})


def _calendar_values(event: Event) -> tuple:
    return tuple(getattr(event, name) for name in CALENDAR_FIELDS)


def _all_values(event: Event) -> tuple:
    return tuple(field.value_from_object(event) for field in Event._meta.concrete_fields)


def event_create(
    *, actor, data: dict[str, Any], organizers: list, organizers_agreed: bool = False
) -> Event:
    """Create an event organized by ``organizers`` (at least one, each one the actor acts
    for unless ``organizers_agreed``), with a new calendar UID."""
    _require_organizers(organizers)
    event = Event()
    _set_fields(event, data)
    if event.owner_id is None:
        raise ValidationError({"owner": _("Choose the organization that owns this event.")})
    policy.can_change(actor, event).enforce()
    _check_named_organizers(actor, organizers, [], agreed=organizers_agreed)
    _localize_times(event)
    now = timezone.now()
    event.uid = f"{uuid.uuid4()}@collegium"
    event.sequence = 0
    event.created_at = event.modified_at = now
    # The UID is new, the related records loaded: no need to ask the database about
    # them; the slug's uniqueness is the database's to check, asked after a refusal.
    event.full_clean(exclude=["uid", *loaded_relations(event)], validate_unique=False)
    access.check_reference_visibility(event, related={"organizers": organizers})
    try:
        # The event's record and its invitations': one lock, one head read, one insert.
        with audit.unit(deferred=True):
            # One unit: nothing here catches an error and goes on, so no savepoint.
            with audited(
                actor=actor,
                action="event.create",
                instance=event,
                savepoint=False,
                relations={"organizers": organizers},
            ):
                event.save(force_insert=True)
                event.organizers.add(*organizers)
            # The organizers go along: the followers need not read back what was just set.
            event_changed.send(
                sender=Event, actor=actor, event=event, created=True, organizers=organizers
            )
    except IntegrityError:
        event.pk = None  # the insert was rolled back with the unit
        event.validate_unique(exclude=["uid"])  # a taken slug: the field's own message
        raise
    return event


def event_update(
    *,
    actor,
    event: Event,
    data: dict[str, Any],
    organizers: list | None = None,
    organizers_agreed: bool = False,
) -> Event:
    """Change an event's fields (not its status: that moves through the transitions).

    Organizers added or dropped must be ones the actor acts for, unless
    ``organizers_agreed`` (see ``event_create``).
    """
    policy.can_change(actor, event).enforce()
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
        _event_update(actor, event, data, organizers, organizers_agreed)
        event_changed.send(
            sender=Event,
            actor=actor,
            event=event,
            created=False,
            previous_start_date=start_date,
            previous_visibility=visibility,
        )
    return event


def _event_update(
    actor, event: Event, data: dict[str, Any], organizers: list | None, agreed: bool
) -> None:
    with audited(actor=actor, action="event.update", instance=event):
        calendar_before, all_before = _calendar_values(event), _all_values(event)
        current = list(event.organizers.all())
        organizers_before = {organizer.pk for organizer in current}
        _set_fields(event, data)
        policy.can_change(actor, event).enforce()  # the new owner's editors too
        if organizers is not None:
            named = {organizer.pk for organizer in organizers}
            _check_named_organizers(
                actor,
                [organizer for organizer in organizers if organizer.pk not in organizers_before],
                [organizer for organizer in current if organizer.pk not in named],
                agreed=agreed,
            )
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
        if organizers is not None and organizers_changed:
            event.organizers.set(organizers)


def _transition(actor, event: Event, status: str, action: str, **changes) -> Event:
    policy.can_change(actor, event).enforce()
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
        event_changed.send(
            sender=Event,
            actor=actor,
            event=event,
            created=False,
            previous_start_date=start_date,
            previous_visibility=event.visibility,
        )
    return event


def event_cancel(*, actor, event: Event) -> Event:
    """Cancel an event that has not been held; it stays in the calendar as cancelled."""
    return _transition(actor, event, EventStatus.CANCELLED, "event.cancel")


def event_mark_held(*, actor, event: Event) -> Event:
    """Record that a confirmed event took place; refused before it starts."""
    policy.can_change(actor, event).enforce()
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
    policy.can_create_feed(actor).enforce()
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
    policy.can_revoke_feed(actor, token).enforce()
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
# An arrangement's owner puts it to the parties (``arrangement_propose``); it comes
# into force, is suspended, resumed or terminated by motions every party consents
# to (``arrangements.services``).  Its parties are set while it is a draft; once
# proposed a new party joins only by accession, with the consent of every current
# party and of the newcomer.
