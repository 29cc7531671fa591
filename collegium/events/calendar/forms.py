"""The event forms: create and change an event, reschedule a postponed one.

The forms only parse what the page sends; the services of the API
(``calendar.services``) check and write.  A ``ValidationError`` a service
raises is put back on the form next to the field it names
(``events.forms.add_service_errors``), so the page shows the same rules as the API, in
the user's language.
"""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collegium.access import rules as access
from collegium.access.rules import AnyUser, filter_visible
from collegium.core.i18n import active_content_language
from collegium.events.forms import (
    editable_organizations,
    organizations_by_name,
    owner_field,
    visibility_field,
)
from collegium.events.models import Event, EventKind, EventStatus, known_timezones
from collegium.registry.models import Organization, State

DEFAULT_ZONE = "Europe/Moscow"


class PlainSelect(forms.Select):
    """A select written in Python: the HTML of Django's templates, without one per option.

    The organization filter lists every organization of the visible events (some
    seventy), the time zone field some six hundred zones; rendering each option
    through the widget templates cost a sixth of a calendar page.  Option groups
    are left to Django.
    """

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        if any(group for group, _choices, _index in context["optgroups"]):
            return super().render(name, value, attrs, renderer)
        options = [
            format_html(
                # The option template ends with a line break, hence the blank lines.
                '\n  <option value="{}"{}>{}</option>\n',
                option["value"],
                _attributes(option["attrs"]),
                option["label"],
            )
            for _group, choices, _index in context["optgroups"]
            for option in choices
        ]
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            context["name"],
            _attributes(context["attrs"]),
            mark_safe("".join(options)),  # noqa: S308 (each escaped above)
        )


def _attributes(attrs: dict) -> str:
    """Return attributes as ``django/forms/widgets/attrs.html`` writes them."""
    return mark_safe(  # noqa: S308 (escaped here)
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class LocalDateTimeWidget(forms.SplitDateTimeWidget):
    """A date input and a time input, as the browser offers them."""

    def __init__(self, attrs=None) -> None:
        super().__init__(
            attrs,
            date_format="%Y-%m-%d",
            time_format="%H:%M",
            date_attrs={"type": "date"},
            time_attrs={"type": "time"},
        )


class LocalDateTimeField(forms.SplitDateTimeField):
    """A local date and time, kept naive: the service reads it in the event's zone."""

    widget = LocalDateTimeWidget

    def compress(self, data_list: Any) -> dt.datetime | None:
        if not data_list:
            return None
        day, time = data_list
        if day in self.empty_values:
            raise forms.ValidationError(self.error_messages["invalid_date"], code="invalid_date")
        if time in self.empty_values:
            raise forms.ValidationError(self.error_messages["invalid_time"], code="invalid_time")
        return dt.datetime.combine(day, time)


def _local(value: dt.datetime, zone: str) -> dt.datetime:
    """Return an event's time as the naive local time of its zone (what the inputs show)."""
    return value.astimezone(Event(timezone=zone).zone).replace(tzinfo=None)


def _times_help(zone: str) -> str:
    return _("Times are the host city’s, zone %(zone)s.") % {"zone": zone}


class EventForm(forms.Form):
    """An event's fields as the API takes them; the owner among those the user edits for."""

    slug = forms.SlugField(
        label=gettext_lazy("Identifier"),
        max_length=120,
        help_text=gettext_lazy("Latin letters, digits and hyphens; it is the page's address."),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=EventKind.choices)
    title_ru = forms.CharField(label=gettext_lazy("Title (ru)"), max_length=400)
    title_en = forms.CharField(label=gettext_lazy("Title (en)"), max_length=400, required=False)
    title_be = forms.CharField(label=gettext_lazy("Title (be)"), max_length=400, required=False)
    organizers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Organizers"),
        queryset=Organization.objects.none(),
        to_field_name="slug",
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=gettext_lazy("One or more; hold Ctrl (⌘ on a Mac) to choose several."),
    )
    body = forms.ModelChoiceField(
        label=gettext_lazy("Body"),
        queryset=Organization.objects.none(),
        to_field_name="slug",
        required=False,
        help_text=gettext_lazy("The body that meets, e.g. the Collective Security Council."),
    )
    host_state = forms.ModelChoiceField(
        label=gettext_lazy("Host state"),
        queryset=State.objects.none(),
        to_field_name="code",
        required=False,
    )
    city_ru = forms.CharField(label=gettext_lazy("City (ru)"), max_length=100, required=False)
    city_en = forms.CharField(label=gettext_lazy("City (en)"), max_length=100, required=False)
    city_be = forms.CharField(label=gettext_lazy("City (be)"), max_length=100, required=False)
    venue = forms.CharField(label=gettext_lazy("Venue"), max_length=300, required=False)
    timezone = forms.ChoiceField(
        label=gettext_lazy("Time zone"),
        widget=PlainSelect,
        initial=DEFAULT_ZONE,
        help_text=gettext_lazy("The host city's zone: the start and end are its local times."),
    )
    start = LocalDateTimeField(label=gettext_lazy("Start (local time)"))
    end = LocalDateTimeField(label=gettext_lazy("End (local time)"))
    summary = forms.CharField(
        label=gettext_lazy("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_illustrative = forms.BooleanField(
        label=gettext_lazy("Illustrative"),
        required=False,
        help_text=gettext_lazy("Demo content not taken from an official source."),
    )
    owner = owner_field(gettext_lazy("The organization whose editors keep this event."))
    visibility = visibility_field()
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=EventStatus.choices,
        initial=EventStatus.PLANNED,
        help_text=gettext_lazy("Later the status moves through the buttons of the event page."),
    )

    def __init__(self, *args, user: AnyUser, event: Event | None = None, **kwargs) -> None:
        if event is not None:
            kwargs.setdefault("initial", initial_of(event))
        super().__init__(*args, **kwargs)
        visible = organizations_by_name(filter_visible(Organization.objects.all(), user))
        self.fields["body"].queryset = visible  # type: ignore[attr-defined]
        # Offered: the organizations the user acts for (policy.can_name_organizers), and the
        # event's present organizers, which stay chosen.
        editable = access.editable_owner_ids(user)
        present = Q(pk__in=event.organizers.values("pk")) if event is not None else Q(pk=None)
        self.fields["organizers"].queryset = (  # type: ignore[attr-defined]
            visible if editable is None else visible.filter(Q(owner_id__in=editable) | present)
        )
        self.fields["host_state"].queryset = filter_visible(  # type: ignore[attr-defined]
            State.objects.all(), user
        ).order_by(Coalesce(NullIf(f"name_{active_content_language()}", Value("")), "name_ru"))
        self.fields["owner"].queryset = editable_organizations(user)  # type: ignore[attr-defined]
        zones = sorted(known_timezones())
        self.fields["timezone"].choices = [(zone, zone) for zone in zones]  # type: ignore[attr-defined]
        if event is not None:
            del self.fields["status"]  # it moves through the transitions
        zone = self.data.get("timezone") if self.is_bound else None
        if not zone:
            zone = self.initial.get("timezone") or DEFAULT_ZONE
        for name in ("start", "end"):
            self.fields[name].help_text = _times_help(str(zone))

    # The page shows the fields in these sections, in this order.
    SECTIONS = (
        (
            gettext_lazy("The event"),
            ("kind", "title_ru", "title_en", "title_be", "organizers", "body", "summary"),
        ),
        (
            gettext_lazy("When and where"),
            ("host_state", "city_ru", "city_en", "city_be", "venue", "timezone", "start", "end"),
        ),
        (
            gettext_lazy("The record"),
            ("slug", "status", "owner", "visibility", "is_illustrative"),
        ),
    )

    def sections(self) -> list[dict[str, Any]]:
        """Return each section's title and bound fields (those this form has)."""
        return [
            {"title": title, "fields": [self[name] for name in names if name in self.fields]}
            for title, names in self.SECTIONS
        ]

    def service_arguments(self) -> tuple[dict[str, Any], list[Organization]]:
        """Return the service's ``data`` and ``organizers`` from the cleaned fields."""
        data = dict(self.cleaned_data)
        organizers = list(data.pop("organizers"))
        return data, organizers


def initial_of(event: Event) -> dict[str, Any]:
    """Return the form's values for an event: its fields, its times in its own zone."""
    return {
        "slug": event.slug,
        "kind": event.kind,
        **{
            f"{base}_{code}": getattr(event, f"{base}_{code}")
            for base in ("title", "city")
            for code in ("ru", "en", "be")
        },
        "organizers": [organizer.slug for organizer in event.organizers.all()],
        "body": event.body.slug if event.body else None,
        "host_state": event.host_state.code if event.host_state else None,
        "venue": event.venue,
        "timezone": event.timezone,
        "start": _local(event.start, event.timezone),
        "end": _local(event.end, event.timezone),
        "summary": event.summary,
        "is_illustrative": event.is_illustrative,
        "owner": event.owner.slug,
        "visibility": event.visibility,
    }


class RescheduleForm(forms.Form):
    """New dates for a postponed event; left empty, the old dates stand."""

    start = LocalDateTimeField(label=gettext_lazy("New start (local time)"), required=False)
    end = LocalDateTimeField(label=gettext_lazy("New end (local time)"), required=False)

    def __init__(self, *args, event: Event, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "start": _local(event.start, event.timezone),
                "end": _local(event.end, event.timezone),
            },
        )
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            self.fields[name].help_text = _times_help(event.timezone)
