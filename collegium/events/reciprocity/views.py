"""The reciprocity report: a page with the matrix and the picture, CSV and SVG downloads.

Each view parses the period form (400 with the form's errors when it is
wrong), reads the report through ``events.reciprocity_data`` (the invitations
the user may see) and renders it with the pure engine.  The report is kept in
the version-keyed read cache (``core.cache``): its key holds the data versions
of events and of what they show (registry, accounts), the language, the date
and the viewer's scope, so a hit runs no data query and is only served to
viewers who may see exactly the same invitations.

The picture is the engine's SVG placed inline; its one ``<style>`` element is
allowed by its hash in the Content-Security-Policy of these responses, and its
rules are scoped to the picture.
"""

import datetime as dt
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from collegium.core import cache
from collegium.events.reciprocity.engine import (
    STYLE_CSP_HASH,
    Org,
    Pair,
    Report,
    reciprocity_csv,
    reciprocity_svg,
)
from collegium.events.reciprocity.selectors import (
    default_period,
    period_errors,
    reciprocity_organizations_visible_to,
    reciprocity_report_visible_to,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
SVG_CONTENT_TYPE = "image/svg+xml; charset=utf-8"
# The site's policy, with the picture's stylesheet allowed by its hash.
# The setting has the shape Django documents; mypy infers a looser one from its literal.
_SITE_CSP = cast(Mapping[str, Collection[str] | str], settings.SECURE_CSP)
PICTURE_CSP: dict[str, Collection[str] | str] = {
    **_SITE_CSP,
    "style-src": [*_SITE_CSP.get("style-src", []), STYLE_CSP_HASH],
}


def _date_field(label: "StrOrPromise") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Give the date as YYYY-MM-DD, e.g. 2025-11-27.")},
    )


class ReciprocityForm(forms.Form):
    """The period (the last twelve months by default) and an optional organization."""

    start = _date_field(gettext_lazy("From"))
    end = _date_field(gettext_lazy("To"))
    organization = forms.ChoiceField(label=gettext_lazy("Organization"), required=False)

    def __init__(self, *args, organizations: list[Org], today: dt.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organizations = {org.key: org for org in organizations}
        self.today = today
        cast(forms.ChoiceField, self.fields["organization"]).choices = [
            ("", _("All organizations")),
            *(
                (org.key, org.acronym if org.acronym == org.name else f"{org.acronym} — {org.name}")
                for org in organizations
            ),
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what ``Form.clean`` returns
        if "start" not in data or "end" not in data:
            return data  # a date that does not parse has its own error
        end = data["end"] or self.today
        start = data["start"] or default_period(end)[0]
        for field, message in period_errors(start, end).items():
            self.add_error(field, message)
        data["start"], data["end"] = start, end
        data["organization"] = self.organizations.get(data.get("organization") or "")
        return data

    def query(self) -> str:
        """Return the query string of the valid form's period and organization, for links."""
        data = self.cleaned_data
        params = {"start": data["start"].isoformat(), "end": data["end"].isoformat()}
        if data["organization"]:
            params["organization"] = data["organization"].key
        return urlencode(params)


def _form(request: HttpRequest) -> ReciprocityForm:
    """Return the bound form; its organization choices come from the read cache."""
    key = cache.read_key("reciprocity-organizations", request, depends_on="events", params="")
    organizations = cache.cached_read(
        key, lambda: reciprocity_organizations_visible_to(request.user)
    )
    return ReciprocityForm(request.GET, organizations=organizations, today=timezone.localdate())


def _report(request: HttpRequest, form: ReciprocityForm) -> Report:
    data = form.cleaned_data
    organization = data["organization"]
    key = cache.read_key(
        "reciprocity",
        request,
        depends_on="events",
        params=f"{data['start']}|{data['end']}|{organization.key if organization else ''}",
    )
    return cache.cached_read(
        key,
        lambda: reciprocity_report_visible_to(
            user=request.user, start=data["start"], end=data["end"], organization=organization
        ),
    )


def _errors_as_text(form: ReciprocityForm) -> HttpResponse:
    lines = [
        f"{form.fields[field].label if field in form.fields else field}: {message}"
        for field, messages in form.errors.items()
        for message in messages
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


def _explanation(pair: Pair) -> str:
    """Say in words why an ordered pair is flagged."""
    names = {"inviter": pair.inviter.acronym, "invitee": pair.invitee.acronym}
    if pair.no_opportunity:
        return ngettext(
            "%(inviter)s invited %(invitee)s %(count)s time; %(invitee)s held no covered event "
            "of its own in this period, so it had no occasion to invite back.",
            "%(inviter)s invited %(invitee)s %(count)s times; %(invitee)s held no covered event "
            "of its own in this period, so it had no occasion to invite back.",
            pair.sent,
        ) % {**names, "count": pair.sent}
    if pair.one_way:
        return ngettext(
            "%(inviter)s invited %(invitee)s %(count)s time; %(invitee)s did not invite "
            "%(inviter)s in this period.",
            "%(inviter)s invited %(invitee)s %(count)s times; %(invitee)s did not invite "
            "%(inviter)s in this period.",
            pair.sent,
        ) % {**names, "count": pair.sent}
    forward = ngettext(
        "%(invitee)s attended %(attended)s of %(count)s invitation from %(inviter)s",
        "%(invitee)s attended %(attended)s of %(count)s invitations from %(inviter)s",
        pair.sent,
    ) % {**names, "attended": pair.attended, "count": pair.sent}
    backward = ngettext(
        "%(inviter)s attended %(attended)s of %(count)s invitation from %(invitee)s",
        "%(inviter)s attended %(attended)s of %(count)s invitations from %(invitee)s",
        pair.reverse_sent,
    ) % {**names, "attended": pair.reverse_attended, "count": pair.reverse_sent}
    return _("%(forward)s; %(backward)s.") % {"forward": forward, "backward": backward}


def _matrix(report: Report) -> list[dict]:
    """Return the rows of the matrix: each inviter with one cell per invitee."""
    pairs = {(pair.inviter.key, pair.invitee.key): pair for pair in report.pairs}
    return [
        {
            "org": inviter,
            "cells": [
                {
                    "invitee": invitee,
                    "self": inviter.key == invitee.key,
                    "pair": pairs.get((inviter.key, invitee.key)),
                }
                for invitee in report.organizations
            ],
        }
        for inviter in report.organizations
    ]


def _asymmetries(report: Report) -> list[dict]:
    """Return the flagged pairs with an explanation; an attendance gap is told once per pair."""
    rank = {org.key: index for index, org in enumerate(report.organizations)}
    return [
        {"pair": pair, "explanation": _explanation(pair)}
        for pair in report.pairs
        if pair.one_way
        or (pair.attendance_asymmetric and rank[pair.inviter.key] < rank[pair.invitee.key])
    ]


@require_GET
@csp_override(PICTURE_CSP)
def reciprocity_page(request: HttpRequest) -> HttpResponse:
    """Show who invites whom in a period: the matrix, the asymmetries, the picture."""
    form = _form(request)
    if not form.is_valid():
        response = render(request, "events/reciprocity.html", {"form": form})
        response.status_code = 400
        return response

    def build() -> str:
        report = _report(request, form)
        context = {
            "form": form,
            "report": report,
            "filtered": bool(request.GET),
            "query": form.query(),
            "matrix": _matrix(report),
            "asymmetries": _asymmetries(report),
            # Unreturned, but the invitee held no covered event: told, not flagged.
            "unreturned": [
                {"pair": pair, "explanation": _explanation(pair)}
                for pair in report.pairs
                if pair.no_opportunity
            ],
            "totals": {
                "sent": sum(pair.sent for pair in report.pairs),
                "attended": sum(pair.attended for pair in report.pairs),
            },
            # The engine escapes every name it writes into the picture.
            "svg": mark_safe(reciprocity_svg(report)),  # noqa: S308
        }
        return render_to_string("events/reciprocity.html#content", context, request)

    # The rendered matrix and picture are cached too: rendering costs more than counting.
    content = cache.cached_read(
        cache.read_key("reciprocity-page", request, depends_on="events"), build
    )
    return render(
        request,
        "events/reciprocity_page.html",
        {"content": mark_safe(content)},  # noqa: S308 (rendered by our templates)
    )


def _filename(report: Report, extension: str) -> str:
    return f"reciprocity-{report.start.isoformat()}-{report.end.isoformat()}.{extension}"


def _download(body: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True)  # what the viewer may see: not for shared caches
    return response


@require_GET
def reciprocity_report_csv(request: HttpRequest) -> HttpResponse:
    """Download the report as CSV, one row per ordered pair."""
    form = _form(request)
    if not form.is_valid():
        return _errors_as_text(form)
    report = _report(request, form)
    return _download(reciprocity_csv(report), CSV_CONTENT_TYPE, _filename(report, "csv"))


@require_GET
@csp_override(PICTURE_CSP)
def reciprocity_network_svg(request: HttpRequest) -> HttpResponse:
    """Download the picture of who invites whom as a standalone SVG document."""
    form = _form(request)
    if not form.is_valid():
        return _errors_as_text(form)
    report = _report(request, form)
    return _download(reciprocity_svg(report), SVG_CONTENT_TYPE, _filename(report, "svg"))
