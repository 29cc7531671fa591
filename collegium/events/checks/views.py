"""The protocol checks list: what is wrong with the invitations of the visible events."""

from typing import cast

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from collegium.events.calendar.views import ListForm, _bad_request, _filters, _organization_choices
from collegium.events.checks.engine import CHECK_KIND_LABELS, Check
from collegium.events.checks.selectors import (
    period_end,
    period_error,
    protocol_checks_visible_to,
)


class CheckFilterForm(ListForm):
    """The calendar list's filters, with the check's kind instead of the event's."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].label = _("Check")
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("All checks")),
            *((kind.value, label) for kind, label in CHECK_KIND_LABELS.items()),
        ]


def checks_by_event(checks: list[Check]) -> list[tuple]:
    """Return [(event, [checks])] in the checks' order."""
    grouped: dict[int, tuple] = {}
    for check in checks:
        grouped.setdefault(check.event.pk, (check.event, []))[1].append(check)
    return list(grouped.values())


@require_GET
def check_list(request: HttpRequest) -> HttpResponse:
    """List the protocol checks of the visible events in a period (from today, a year ahead)."""
    user = request.user
    form = CheckFilterForm(request.GET, organizations=_organization_choices(user))
    context = {"form": form, "view": "checks"}
    if not form.is_valid():
        return _bad_request(request, "events/check_list.html", context)
    first_day = form.cleaned_data.get("from") or timezone.localdate()
    last_day = form.cleaned_data.get("to") or period_end(first_day)
    if error := period_error(first_day, last_day):
        form.add_error("to", error)
        return _bad_request(request, "events/check_list.html", context)
    checks = protocol_checks_visible_to(
        user=user, first_day=first_day, last_day=last_day, **_filters(request, form)
    )
    context.update(
        {
            "checks": checks,
            "by_event": checks_by_event(checks),
            "first_day": first_day,
            "last_day": last_day,
            "filtered": any(
                form.cleaned_data.get(name) for name in ("organization", "kind", "from", "to")
            ),
        }
    )
    return render(request, "events/check_list.html", context)
