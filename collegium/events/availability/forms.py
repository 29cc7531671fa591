"""The unavailability form: when a person cannot attend, and who keeps the record.

It parses what the page sends; ``availability.services`` (the API's) checks
and writes.  The person is the page's, not a field.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from collegium.access.rules import AnyUser
from collegium.events.forms import editable_organizations, owner_field, visibility_field
from collegium.events.models import Unavailability


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnavailabilityForm(forms.Form):
    start_date = forms.DateField(label=gettext_lazy("From"), widget=_date_input())
    end_date = forms.DateField(
        label=gettext_lazy("To"),
        widget=_date_input(),
        help_text=gettext_lazy("The last day the person is unavailable (inclusive)."),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300, required=False)
    owner = owner_field(gettext_lazy("The organization whose editors keep this record."))
    visibility = visibility_field()

    def __init__(
        self, *args, user: AnyUser, unavailability: Unavailability | None = None, **kwargs
    ) -> None:
        if unavailability is not None:
            kwargs.setdefault(
                "initial",
                {
                    "start_date": unavailability.start_date,
                    "end_date": unavailability.end_date,
                    "reason": unavailability.reason,
                    "owner": unavailability.owner.slug,
                    "visibility": unavailability.visibility,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = editable_organizations(user)  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
