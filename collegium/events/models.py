"""Events: summits, councils, joint collegia, consultations.

The foundation keeps only what the demo's joint collegium needs; calendars,
arrangements and invitations build on this model.
"""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from collegium.core.i18n import TranslatedField
from collegium.core.models import OwnedModel


def validate_timezone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            _("Unknown time zone %(zone)s; use an IANA name such as Europe/Moscow."),
            params={"zone": value},
            code="invalid",
        ) from exc


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


class Event(OwnedModel):
    """A meeting with organizers, a host city and a time in the host's zone."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
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
        "registry.State", verbose_name=_("host state"), on_delete=models.PROTECT, null=True
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
        indexes = [models.Index(fields=["start"], name="event_start_idx")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event ends before it starts.")})

    def local_start(self):
        return self.start.astimezone(zoneinfo.ZoneInfo(self.timezone))

    def local_end(self):
        return self.end.astimezone(zoneinfo.ZoneInfo(self.timezone))
