"""Periods when a person is unavailable."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collegium.core.models import OwnedModel
from collegium.events.models.events import EARLIEST_YEAR, LATEST_YEAR


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
