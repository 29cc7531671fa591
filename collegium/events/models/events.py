"""Events and calendar feed tokens."""

import datetime as dt
import functools
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collegium.core.i18n import TranslatedField
from collegium.core.models import AuditedModel, OwnedModel
from collegium.core.workflow import Transition, Workflow, WorkflowMixin


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


# The status machine.  Held and cancelled events are final.
EVENT_WORKFLOW = Workflow(
    "event",
    states=EventStatus,
    transitions=[
        Transition("confirm", {EventStatus.PLANNED, EventStatus.POSTPONED}, EventStatus.CONFIRMED),
        Transition("postpone", {EventStatus.PLANNED, EventStatus.CONFIRMED}, EventStatus.POSTPONED),
        Transition("reschedule", {EventStatus.POSTPONED}, EventStatus.PLANNED),
        Transition(
            "cancel",
            {EventStatus.PLANNED, EventStatus.CONFIRMED, EventStatus.POSTPONED},
            EventStatus.CANCELLED,
        ),
        Transition("mark_held", {EventStatus.CONFIRMED}, EventStatus.HELD),
    ],
    refused=_(
        "An event cannot move from “%(current)s” to “%(target)s”; "
        "from “%(current)s” it may move to: %(allowed)s."
    ),
    nothing=_("nothing (the status is final)"),
)
# Which statuses each status may move to.
TRANSITIONS: dict[str, frozenset[str]] = EVENT_WORKFLOW.table

# Events in these statuses get no new invitations.
CLOSED_EVENT_STATUSES = frozenset({EventStatus.CANCELLED})

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


class Event(WorkflowMixin, OwnedModel):
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
    workflow = EVENT_WORKFLOW

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

    @property
    def first_day(self) -> dt.date:
        """Return the host's calendar day the event starts on (stored, or computed if not yet)."""
        return self.start_date or self.local_start().date()

    @property
    def last_day(self) -> dt.date:
        """Return the host's calendar day the event ends on (stored, or computed if not yet)."""
        return self.end_date or self.local_end().date()

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
