"""Events: summits, councils, joint collegia, consultations, and calendar feed tokens.

An event's start and end are instants (stored in UTC) read in the host's IANA
time zone.  Its status moves along a small state machine (``TRANSITIONS``);
``uid`` and ``sequence`` identify an event and its revisions in iCalendar
feeds.  Arrangements and invitations refer to events by their primary key
and read their organizers, body and dates.
"""

import datetime as dt
import functools
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from collegium.core.exceptions import TransitionError
from collegium.core.i18n import TranslatedField
from collegium.core.models import AuditedModel, OwnedModel


@functools.cache
def known_timezones() -> frozenset[str]:
    """Return the IANA zone names of the system's database (read once)."""
    return frozenset(zoneinfo.available_timezones() - {"localtime", "posixrules", "Factory"})


def validate_timezone(value: str) -> None:
    # Checked against the list rather than by opening the zone: ZoneInfo() also
    # opens directories and odd paths ("Europe", "localtime") with other errors.
    if value not in known_timezones():
        raise ValidationError(
            _("Unknown time zone %(zone)s; use an IANA name such as Europe/Moscow."),
            params={"zone": value},
            code="invalid",
        )


# Events are dated within these years: far enough for any archive or plan,
# and clear of the edges where converting between zones overflows.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200


def check_year(value: dt.datetime) -> None:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            _("Give a date between the years %(earliest)s and %(latest)s."),
            params={"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
            code="out_of_range",
        )


def in_zone(value: dt.datetime, zone_name: str) -> dt.datetime:
    """Return ``value`` as an aware datetime, reading a naive one as local time in the zone.

    An aware value (one with an offset) is an instant already and is kept.  A
    naive local time that the zone skips (a clock moved forward) is refused;
    one it repeats (a clock moved back) is read as the first of the two.
    """
    check_year(value)
    if timezone.is_aware(value):
        return value
    zone = zoneinfo.ZoneInfo(zone_name)
    aware = value.replace(tzinfo=zone)
    if aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != value:
        raise ValidationError(
            _("%(time)s does not exist in the time zone %(zone)s (the clocks change then)."),
            params={"time": value.isoformat(), "zone": zone_name},
            code="nonexistent_time",
        )
    return aware


class EventKind(models.TextChoices):
    SUMMIT = "summit", _("Summit")
    COUNCIL_OF_MINISTERS = "council_of_ministers", _("Council of ministers")
    JOINT_COLLEGIUM = "joint_collegium", _("Joint meeting of collegia")
    CONSULTATIONS = "consultations", _("Consultations")
    WORKING_MEETING = "working_meeting", _("Working meeting")
    OTHER = "other", _("Other")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


# The status machine: which statuses each status may move to.  Held and
# cancelled events are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    EventStatus.PLANNED: frozenset(
        {EventStatus.CONFIRMED, EventStatus.POSTPONED, EventStatus.CANCELLED}
    ),
    EventStatus.CONFIRMED: frozenset(
        {EventStatus.HELD, EventStatus.POSTPONED, EventStatus.CANCELLED}
    ),
    EventStatus.POSTPONED: frozenset(
        {EventStatus.PLANNED, EventStatus.CONFIRMED, EventStatus.CANCELLED}
    ),
    EventStatus.HELD: frozenset(),
    EventStatus.CANCELLED: frozenset(),
}

# The fields a calendar shows: a change to any of them is a new revision
# (SEQUENCE in iCalendar), which tells calendar clients to update their copy.
CALENDAR_FIELDS = (
    "title_ru",
    "title_en",
    "title_be",
    "start",
    "end",
    "timezone",
    "host_state_id",
    "city_ru",
    "city_en",
    "city_be",
    "venue",
    "status",
)


class Event(OwnedModel):
    """A meeting with organizers, a host city and a time in the host's zone."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    uid = models.CharField(
        _("calendar UID"),
        max_length=255,
        unique=True,
        editable=False,
        help_text=_("Identifies the event in calendar feeds; set once, never changed."),
    )
    sequence = models.PositiveIntegerField(
        _("revision"),
        default=0,
        editable=False,
        help_text=_("Raised on every change of title, time, place or status."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    modified_at = models.DateTimeField(_("last modified"), default=timezone.now, editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    title_ru = models.CharField(_("title (ru)"), max_length=400)
    title_en = models.CharField(_("title (en)"), max_length=400, blank=True)
    title_be = models.CharField(_("title (be)"), max_length=400, blank=True)
    organizers = models.ManyToManyField(
        "registry.Organization", verbose_name=_("organizers"), related_name="organized_events"
    )
    body = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="body_events",
        help_text=_("The body that meets, e.g. the Collective Security Council."),
    )
    host_state = models.ForeignKey(
        "registry.State",
        verbose_name=_("host state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    city_ru = models.CharField(_("city (ru)"), max_length=100, blank=True)
    city_en = models.CharField(_("city (en)"), max_length=100, blank=True)
    city_be = models.CharField(_("city (be)"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Moscow", validators=[validate_timezone]
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    # The host's calendar days of start and end, kept by the services: a summit
    # on 27 November in Bishkek is on 27 November on every page and filter,
    # whatever the reader's zone.
    start_date = models.DateField(_("first day (local)"), editable=False, null=True)
    end_date = models.DateField(_("last day (local)"), editable=False, null=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    summary = models.TextField(_("summary"), blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demo content not taken from an official source."),
    )

    title = TranslatedField("title")
    city = TranslatedField("city")

    party_paths = ("organizers__id", "body_id")

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["start"], name="event_start_idx"),
            models.Index(fields=["start_date", "end_date"], name="event_local_dates_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None:
                try:
                    check_year(value)
                except ValidationError as exc:
                    raise ValidationError({name: exc.messages}) from exc
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event ends before it starts.")})
        if self.status == EventStatus.HELD and self.start and self.start > timezone.now():
            raise ValidationError(
                {"status": _("An event that has not started yet cannot have been held.")}
            )

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def local_start(self) -> dt.datetime:
        return self.start.astimezone(self.zone)

    def local_end(self) -> dt.datetime:
        return self.end.astimezone(self.zone)

    def set_local_dates(self) -> None:
        self.start_date = self.local_start().date()
        self.end_date = self.local_end().date()

    def local_dates(self) -> list[dt.date]:
        """Return the host's calendar days the event spans, first to last."""
        first, last = self.local_start().date(), self.local_end().date()
        return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]

    @property
    def place(self) -> str:
        """Return venue, city and host state, as far as they are known."""
        parts = [self.venue, self.city, self.host_state.name if self.host_state else ""]
        return ", ".join(part for part in parts if part)

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS[self.status]

    def check_transition(self, status: str) -> None:
        """Raise ``TransitionError`` unless the status machine allows moving to ``status``."""
        if self.can_move_to(status):
            return
        allowed = sorted(TRANSITIONS[self.status])
        raise TransitionError(
            gettext(
                "An event cannot move from “%(current)s” to “%(target)s”; "
                "from “%(current)s” it may move to: %(allowed)s."
            )
            % {
                "current": EventStatus(self.status).label,
                "target": EventStatus(status).label,
                "allowed": ", ".join(str(EventStatus(s).label) for s in allowed)
                or gettext("nothing (the status is final)"),
            },
            code=f"event_{self.status}_to_{status}",
        )


class CalendarFeedToken(AuditedModel):
    """The secret in a user's private calendar feed URL; only its SHA-256 is stored.

    A user has at most one active token: creating a new one revokes the old,
    so a leaked URL is disabled by making a new one.
    """

    audit_exclude = ("digest", "last_used_at")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="calendar_feed_tokens"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_feed_token_per_user",
            )
        ]

    def __str__(self) -> str:
        # Not translated: it is also the object's name in the audit chain.
        return f"calendar feed token of user {self.user_id}"


# --- Arrangements and accession ---------------------------------------------------


class ArrangementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    IN_FORCE = "in_force", _("In force")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")


# The arrangement's status machine.  A suspended arrangement may be resumed;
# a terminated one is final (a new arrangement is drawn up instead).
ARRANGEMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    ArrangementStatus.DRAFT: frozenset({ArrangementStatus.PROPOSED, ArrangementStatus.TERMINATED}),
    ArrangementStatus.PROPOSED: frozenset(
        {ArrangementStatus.IN_FORCE, ArrangementStatus.TERMINATED}
    ),
    ArrangementStatus.IN_FORCE: frozenset(
        {ArrangementStatus.SUSPENDED, ArrangementStatus.TERMINATED}
    ),
    ArrangementStatus.SUSPENDED: frozenset(
        {ArrangementStatus.IN_FORCE, ArrangementStatus.TERMINATED}
    ),
    ArrangementStatus.TERMINATED: frozenset(),
}


class ArrangementDirection(models.TextChoices):
    MUTUAL = "mutual", _("Mutual")
    ONE_WAY = "one_way", _("One-way")


def validate_event_kinds(value) -> None:
    """The scope is a non-empty list of event kinds, each named once."""
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Name at least one event kind."), code="invalid")
    unknown = [kind for kind in value if kind not in EventKind.values]
    if unknown:
        raise ValidationError(
            _("Unknown event kinds: %(kinds)s; use: %(allowed)s."),
            params={"kinds": ", ".join(map(str, unknown)), "allowed": ", ".join(EventKind.values)},
            code="invalid",
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("An event kind is named twice."), code="invalid")


class Arrangement(OwnedModel):
    """A standing practice of invitations between parties, e.g. heads of executive bodies.

    ``scope`` lists the event kinds covered: an event of such a kind organized
    by a party (or one of its bodies) is covered.  The invitee rule: the head of
    each *other* party's executive body is invited (and deputies, if
    ``include_deputies``).  A one-way arrangement covers only the events of
    ``inviting_party``.
    """

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title_ru = models.CharField(_("title (ru)"), max_length=400)
    title_en = models.CharField(_("title (en)"), max_length=400, blank=True)
    title_be = models.CharField(_("title (be)"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    parties = models.ManyToManyField(
        "registry.Organization",
        through="ArrangementParty",
        through_fields=("arrangement", "organization"),
        verbose_name=_("parties"),
        related_name="arrangements",
    )
    scope = models.JSONField(
        _("event kinds covered"),
        default=list,
        validators=[validate_event_kinds],
        help_text=_("The kinds of the parties' events the arrangement covers, e.g. summits."),
    )
    include_deputies = models.BooleanField(
        _("deputies invited too"),
        default=False,
        help_text=_("Besides the head of each other party's executive body."),
    )
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=ArrangementDirection.choices,
        default=ArrangementDirection.MUTUAL,
    )
    inviting_party = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("inviting party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a one-way arrangement: the party whose events are covered."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ArrangementStatus.choices,
        default=ArrangementStatus.DRAFT,
    )
    proposed_on = models.DateField(_("proposed on"), null=True, blank=True)
    in_force_on = models.DateField(_("in force since"), null=True, blank=True)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    resumed_on = models.DateField(_("resumed on"), null=True, blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    dates_approximate = models.BooleanField(
        _("dates approximate"),
        default=False,
        help_text=_("Public sources do not state the exact dates."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    title = TranslatedField("title")

    party_paths = ("party_links__organization_id", "party_links__executive_body_id")

    class Meta:
        ordering = ["title_ru", "pk"]
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangements")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.direction == ArrangementDirection.ONE_WAY and self.inviting_party_id is None:
            raise ValidationError(
                {"inviting_party": _("A one-way arrangement names its inviting party.")}
            )
        if self.direction == ArrangementDirection.MUTUAL and self.inviting_party_id is not None:
            raise ValidationError(
                {"inviting_party": _("A mutual arrangement has no single inviting party.")}
            )

    def status_history(self) -> list[tuple[str, dt.date]]:
        """Return (status label, date) of each status change recorded, in date order."""
        steps = [
            (ArrangementStatus.PROPOSED.label, self.proposed_on),
            (ArrangementStatus.IN_FORCE.label, self.in_force_on),
            (ArrangementStatus.SUSPENDED.label, self.suspended_on),
            (gettext("Resumed"), self.resumed_on),
            (ArrangementStatus.TERMINATED.label, self.terminated_on),
        ]
        return sorted(
            ((str(label), on) for label, on in steps if on is not None), key=lambda s: s[1]
        )

    def can_move_to(self, status: str) -> bool:
        return status in ARRANGEMENT_TRANSITIONS[self.status]

    def check_transition(self, status: str) -> None:
        """Raise ``TransitionError`` unless the status machine allows moving to ``status``."""
        if self.can_move_to(status):
            return
        if self.status == ArrangementStatus.TERMINATED:
            raise TransitionError(
                gettext(
                    "A terminated arrangement is final and cannot be re-opened; "
                    "draw up a new arrangement instead."
                ),
                code="arrangement_terminated_is_final",
            )
        allowed = sorted(ARRANGEMENT_TRANSITIONS[self.status])
        raise TransitionError(
            gettext(
                "An arrangement cannot move from “%(current)s” to “%(target)s”; "
                "from “%(current)s” it may move to: %(allowed)s."
            )
            % {
                "current": ArrangementStatus(self.status).label,
                "target": ArrangementStatus(status).label,
                "allowed": ", ".join(str(ArrangementStatus(s).label) for s in allowed),
            },
            code=f"arrangement_{self.status}_to_{status}",
        )


class ArrangementParty(AuditedModel):
    """A party to an arrangement and its executive body, whose head is invited."""

    arrangement = models.ForeignKey(
        Arrangement, on_delete=models.CASCADE, related_name="party_links"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="arrangement_parties",
    )
    executive_body = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("executive body"),
        on_delete=models.PROTECT,
        related_name="arrangement_bodies",
        help_text=_("Its head is invited to the other parties' events."),
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        # Creation order is joining order: founding parties first, then each accession.
        ordering = ["arrangement_id", "pk"]
        verbose_name = _("arrangement party")
        verbose_name_plural = _("arrangement parties")
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "organization"], name="one_party_link_per_arrangement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} in arrangement {self.arrangement_id}"

    def is_current(self, on: dt.date) -> bool:
        return (self.joined_on is None or self.joined_on <= on) and (
            self.left_on is None or self.left_on >= on
        )


class AccessionStatus(models.TextChoices):
    PENDING = "pending", _("Pending consents")
    IN_FORCE = "in_force", _("In force")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Accession(AuditedModel):
    """A proposal that a new party (with its executive body) joins an arrangement.

    Every current party and the newcomer consent; the last consent puts it in
    force, one refusal blocks it.  Visible with its arrangement.
    """

    arrangement = models.ForeignKey(
        Arrangement,
        verbose_name=_("arrangement"),
        on_delete=models.CASCADE,
        related_name="accessions",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("new party"),
        on_delete=models.PROTECT,
        related_name="accessions",
    )
    executive_body = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("executive body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_on = models.DateField(_("proposed on"))
    proposed_by = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AccessionStatus.choices,
        default=AccessionStatus.PENDING,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["proposed_on", "pk"]
        verbose_name = _("accession")
        verbose_name_plural = _("accessions")
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "organization"],
                condition=models.Q(status="pending"),
                name="one_pending_accession_per_newcomer",
            )
        ]

    def __str__(self) -> str:
        # Not translated: it is also the object's name in the audit chain.
        return f"accession of {self.organization_id} to arrangement {self.arrangement_id}"


class ConsentState(models.TextChoices):
    PENDING = "pending", _("Pending")
    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused")
    GIVEN_ON_BEHALF = "given_on_behalf", _("Given on behalf (by note)")


CONSENTING_STATES = frozenset({ConsentState.GIVEN, ConsentState.GIVEN_ON_BEHALF})


class Consent(AuditedModel):
    """One party's answer to an accession, recorded once by a manager for that party."""

    accession = models.ForeignKey(
        Accession, verbose_name=_("accession"), on_delete=models.CASCADE, related_name="consents"
    )
    party = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ConsentState.choices, default=ConsentState.PENDING
    )
    note_reference = models.CharField(
        _("note reference"),
        max_length=200,
        blank=True,
        help_text=_("The reference of the diplomatic note that conveyed the consent."),
    )
    conditions = models.TextField(_("conditions"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        ordering = ["accession_id", "pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(fields=["accession", "party"], name="one_consent_per_party")
        ]

    def __str__(self) -> str:
        return f"consent of {self.party_id} to accession {self.accession_id}"

    def clean(self) -> None:
        super().clean()
        if self.state == ConsentState.GIVEN_ON_BEHALF and not self.note_reference.strip():
            raise ValidationError(
                {
                    "note_reference": _(
                        "A consent given on behalf needs the reference of the note that "
                        "conveyed it."
                    )
                }
            )


# --- Invitations ----------------------------------------------------------------------


class InvitationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    NO_REPLY = "no_reply", _("No reply")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")


# The invitation's status machine: an answer only to a sent invitation,
# attendance only after an acceptance.  Declined, no reply, attended and
# absent are final.
INVITATION_TRANSITIONS: dict[str, frozenset[str]] = {
    InvitationStatus.DRAFT: frozenset({InvitationStatus.SENT}),
    InvitationStatus.SENT: frozenset(
        {InvitationStatus.ACCEPTED, InvitationStatus.DECLINED, InvitationStatus.NO_REPLY}
    ),
    InvitationStatus.ACCEPTED: frozenset({InvitationStatus.ATTENDED, InvitationStatus.ABSENT}),
    InvitationStatus.DECLINED: frozenset(),
    InvitationStatus.NO_REPLY: frozenset(),
    InvitationStatus.ATTENDED: frozenset(),
    InvitationStatus.ABSENT: frozenset(),
}

# Why a move is refused, by the target status: the rule to name in the error.
INVITATION_RULES = {
    InvitationStatus.SENT: _("Only a draft invitation is sent."),
    InvitationStatus.ACCEPTED: _("Only a sent invitation is answered."),
    InvitationStatus.DECLINED: _("Only a sent invitation is answered."),
    InvitationStatus.NO_REPLY: _("Only a sent invitation is marked as unanswered."),
    InvitationStatus.ATTENDED: _("Attendance is recorded only for an accepted invitation."),
    InvitationStatus.ABSENT: _("Attendance is recorded only for an accepted invitation."),
}


class Invitation(OwnedModel):
    """An invitation to an event, addressed to a post and resolved to its holder on the event date.

    Generated for the arrangements that cover the event (``arrangement``), or
    made ad hoc (no arrangement).  The inviting organization is the organizer
    party; its secretariat owns the invitation and sends it, the invitee's
    secretariat records the answer (or the organizer records it on behalf).
    """

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitations"
    )
    arrangement = models.ForeignKey(
        Arrangement,
        verbose_name=_("arrangement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        help_text=_("Empty for an ad hoc invitation."),
    )
    inviting_organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("inviting organization"),
        on_delete=models.PROTECT,
        related_name="invitations_sent",
    )
    invitee_organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("invited organization"),
        on_delete=models.PROTECT,
        related_name="invitations_received",
    )
    invitee_body = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("invited body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    invitee_post = models.ForeignKey(
        "registry.Post",
        verbose_name=_("invited post"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    invitee_person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("invited person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        help_text=_("The holder of the post on the event's first day; empty if it is vacant."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.DRAFT,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answer recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_on_behalf = models.BooleanField(
        _("answer recorded on behalf"),
        default=False,
        help_text=_("The organizer recorded the invitee's answer."),
    )
    attendance_recorded_at = models.DateTimeField(
        _("attendance recorded at"), null=True, blank=True
    )
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendance recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    party_paths = ("inviting_organization_id", "invitee_organization_id")

    class Meta:
        ordering = ["event_id", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # Generation is idempotent: one invitation per post under each arrangement.
            models.UniqueConstraint(
                fields=["event", "invitee_post", "arrangement"],
                name="one_invitation_per_post_and_arrangement",
            ),
            # NULLs are distinct in a unique constraint: ad hoc ones get their own.
            models.UniqueConstraint(
                fields=["event", "invitee_post"],
                condition=models.Q(arrangement__isnull=True),
                name="one_ad_hoc_invitation_per_post",
            ),
        ]

    def __str__(self) -> str:
        # Not translated: it is also the object's name in the audit chain.
        return f"invitation of post {self.invitee_post_id} to event {self.event_id}"

    def can_move_to(self, status: str) -> bool:
        return status in INVITATION_TRANSITIONS[self.status]

    def check_transition(self, status: str) -> None:
        """Raise ``TransitionError`` naming the rule unless the machine allows ``status``."""
        if self.can_move_to(status):
            return
        raise TransitionError(
            gettext("%(rule)s This invitation is “%(current)s”.")
            % {"rule": INVITATION_RULES[status], "current": InvitationStatus(self.status).label},
            code=f"invitation_{self.status}_to_{status}",
        )


# --- Availability ---------------------------------------------------------------------


class Unavailability(OwnedModel):
    """A period when a person cannot attend events (a visit, leave, illness), in whole days.

    Recorded as unavailability periods rather than availability windows: a
    person is available unless a secretariat knows otherwise, so an empty
    record means "no known obstacle" and a few known absences are enough.
    Windows would make every person without one look unavailable, and need
    the whole calendar of each official.  The days are calendar days, compared
    with an event's days in its host's zone.  ``parties`` visibility means
    the owner only: a person has no parties.
    """

    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="unavailabilities",
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailability periods")
        indexes = [
            models.Index(fields=["person", "start_date"], name="unavailability_person_idx"),
        ]

    def __str__(self) -> str:
        # Not translated: it is also the object's name in the audit chain.
        return f"unavailability of person {self.person_id} {self.start_date}..{self.end_date}"

    def clean(self) -> None:
        super().clean()
        for name in ("start_date", "end_date"):
            value = getattr(self, name)
            if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
                raise ValidationError(
                    {
                        name: _("Give a date between the years %(earliest)s and %(latest)s.")
                        % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
                    }
                )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
