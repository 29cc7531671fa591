"""The calendar: month and list views, the event page, iCalendar feeds.

Every read goes through ``events.selectors`` or the door in ``events.access``;
an event the user may not see answers 404 exactly like a missing one.  Dates
on these pages are the host's calendar days, and times are shown in the
host's zone with its name.  The data part of the month and list pages is
kept in the version-keyed read cache (``core.cache``), like the registry's
pages; the feed section, which is the user's own, is rendered per request.

The feeds: ``public.ics`` holds the public events only, whoever asks;
``feed/<secret>.ics`` holds every event the secret's owner may see.  The
secret is a revocable token stored hashed (``CalendarFeedToken``); a wrong or
revoked one answers 404, like a missing page.  Both are kept in the read
cache too, under the scope of the user whose events they hold.
"""

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from collegium.access.rules import AnyUser, filter_visible
from collegium.accounts.requests import AuthenticatedHttpRequest
from collegium.core import cache
from collegium.core.i18n import CONTENT_LANGUAGES, active_content_language
from collegium.core.panels import collect_panels, panel_namespaces
from collegium.core.views import or_404
from collegium.events.calendar import ical, policy, selectors, services
from collegium.events.calendar.access import access_event_by_slug
from collegium.events.calendar.forms import EventForm, PlainSelect, RescheduleForm
from collegium.events.calendar.services import (
    calendar_feed_token_authenticate,
    calendar_feed_token_create,
    calendar_feed_token_revoke,
)
from collegium.events.forms import save_through
from collegium.events.models import CalendarFeedToken, Event, EventKind, EventStatus
from collegium.events.templatetags.events_ui import event_when
from collegium.registry.access import access_organization_by_slug
from collegium.registry.models import Organization

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 25
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


class CalendarFilterForm(forms.Form):
    """The filters shared by the month and the list views."""

    # Any slug is accepted; the view asks the access door, so a hidden one is a 404.
    organization = forms.SlugField(
        label=gettext_lazy("Organization"), required=False, widget=PlainSelect
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False, widget=PlainSelect)

    def __init__(self, *args, organizations: QuerySet[Organization], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("All kinds")),
            *EventKind.choices,
        ]
        self.fields["organization"].widget.choices = [
            ("", _("All organizations")),
            *((org.slug, str(org)) for org in organizations),
        ]


class MonthForm(CalendarFilterForm):
    month = forms.RegexField(
        label=gettext_lazy("Month"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
        error_messages={"invalid": gettext_lazy("Give the month as YYYY-MM, e.g. 2025-11.")},
    )

    def clean_month(self) -> dt.date | None:
        value = self.cleaned_data["month"]
        if not value:
            return None
        year, month = (int(part) for part in value.split("-"))
        if not 1900 <= year <= 2200:
            raise forms.ValidationError(_("Choose a year between 1900 and 2200."))
        return dt.date(year, month, 1)


class ListForm(CalendarFilterForm):
    """The list filters; ``from`` and ``to`` are Python keywords, so the fields are added here."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, label in (("from", _("From")), ("to", _("To"))):
            self.fields[name] = forms.DateField(
                label=label,
                required=False,
                input_formats=["%Y-%m-%d"],
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )

    def clean(self):
        data = super().clean()
        first, last = data.get("from"), data.get("to")
        if first and last and last < first:
            self.add_error("to", _("The end of the period is before its start."))
        return data


def _organization_choices(user) -> QuerySet[Organization]:
    """Return the organizations involved in events the user may see, by name.

    Involved: an organizer, the body that meets, or an organizer's parent.  The
    three are read in one pass over the visible events, as the distinct
    combinations (a hundred or so rows), rather than as a union of three
    subqueries, each of which would select the visible events again; only what
    an option shows is loaded.
    """
    combinations = (
        selectors.visible_events(user)
        .order_by()
        .values_list("body_id", "organizers__id", "organizers__parent_id")
        .distinct()
    )
    involved = {pk for row in combinations for pk in row if pk is not None}
    language = active_content_language()
    return (
        filter_visible(Organization.objects.filter(pk__in=involved), user)
        .only(
            "slug",
            *(f"{name}_{code}" for name in ("name", "acronym") for code in CONTENT_LANGUAGES),
        )
        .order_by(Coalesce(NullIf(f"name_{language}", Value("")), "name_ru").asc(), "pk")
    )


def _filters(request: HttpRequest, form: CalendarFilterForm) -> dict:
    """Return the selector arguments of a valid filter form (the organization through its door)."""
    data = form.cleaned_data
    organization = None
    if data.get("organization"):
        organization = or_404(access_organization_by_slug, request.user, data["organization"])
    return {"organization": organization, "kind": data.get("kind", "")}


def _feed_context(request: HttpRequest) -> dict:
    """Return what the feed section of the calendar pages shows."""
    context: dict[str, object] = {
        "public_feed_url": request.build_absolute_uri(reverse("events:public-feed"))
    }
    if request.user.is_authenticated:
        context["feed_token"] = CalendarFeedToken.objects.filter(
            user=request.user, revoked_at__isnull=True
        ).first()
    return context


def _bad_request(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    response = render(request, template, context)
    response.status_code = HttpResponseBadRequest.status_code
    return response


CALENDAR_PARTS = ("title", "content")


def _calendar_page(request: HttpRequest, template: str, build_context) -> HttpResponse:
    """Answer with a calendar page whose data part comes from the read cache.

    On a miss, ``build_context()`` returns the context and the status (400 for
    bad filters, stored too: the key holds the query string); an organization
    filter the user may not see raises ``Http404``, which is not stored.  The
    feed section is rendered per request.
    """
    key = cache.read_key("calendar-page", request, depends_on="events")

    def build() -> dict[str, str]:
        context, status = build_context()
        parts = {
            name: str(render_to_string(f"{template}#{name}", context, request))
            for name in CALENDAR_PARTS
        }
        return {**parts, "status": str(status)}

    stored = cache.cached_read(key, build)
    parts = {name: mark_safe(stored[name]) for name in CALENDAR_PARTS}  # noqa: S308 (rendered by our templates)
    response = render(
        request, "events/calendar_page.html", {"parts": parts, **_feed_context(request)}
    )
    response.status_code = int(stored["status"])
    return response


@require_GET
def month(request: HttpRequest) -> HttpResponse:
    """Show one month as a grid of weeks, Monday first, with the events on their days."""
    return _calendar_page(request, "events/month.html", lambda: _month_context(request))


def _month_context(request: HttpRequest) -> tuple[dict, int]:
    user = request.user
    form = MonthForm(request.GET, organizations=_organization_choices(user))
    context = {"form": form, "view": "month", "can_create": bool(policy.can_create(user))}
    if not form.is_valid():
        return context, HttpResponseBadRequest.status_code
    today = timezone.localdate()
    first = form.cleaned_data["month"] or today.replace(day=1)
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
        first.year, first.month
    )
    events = list(
        selectors.event_list_visible_to(
            user=user, first_day=weeks[0][0], last_day=weeks[-1][-1], **_filters(request, form)
        )
    )
    by_day: dict[dt.date, list] = {}
    for event in events:
        for day in event.local_dates():
            by_day.setdefault(day, []).append(event)
    previous_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = (first + dt.timedelta(days=31)).replace(day=1)
    context.update(
        {
            "first": first,
            "today": today,
            "weekdays": [weeks[0][n] for n in range(7)],
            "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
            "month_events": [
                event
                for event in events
                if event.start_date is not None
                and event.end_date is not None
                and event.end_date >= first
                and event.start_date < next_month
            ],
            "previous_month": previous_month.strftime("%Y-%m"),
            "next_month": next_month.strftime("%Y-%m"),
            "this_month": today.strftime("%Y-%m"),
            "filtered": any(form.cleaned_data.get(name) for name in ("organization", "kind")),
        }
    )
    return context, 200


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """List the events in date order, optionally within a period."""
    return _calendar_page(request, "events/event_list.html", lambda: _list_context(request))


def _list_context(request: HttpRequest) -> tuple[dict, int]:
    user = request.user
    form = ListForm(request.GET, organizations=_organization_choices(user))
    context = {"form": form, "view": "list", "can_create": bool(policy.can_create(user))}
    if not form.is_valid():
        return context, HttpResponseBadRequest.status_code
    events = selectors.event_list_visible_to(
        user=user,
        first_day=form.cleaned_data.get("from"),
        last_day=form.cleaned_data.get("to"),
        **_filters(request, form),
    )
    context.update(
        {
            "page_obj": Paginator(events, PAGE_SIZE).get_page(request.GET.get("page")),
            "filtered": any(
                form.cleaned_data.get(name) for name in ("organization", "kind", "from", "to")
            ),
        }
    )
    return context, 200


EVENT_PARTS = ("title", "breadcrumbs", "content")


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show an event with its invitations and protocol checks; the data part is cached."""

    def build() -> dict[str, str]:
        event = or_404(access_event_by_slug, request.user, slug)
        context = {
            "event": event,
            "seen_as_invitee": selectors.event_seen_as_invitee(request.user, event),
            "organizers": sorted(event.organizers.all(), key=lambda org: str(org.name)),
            "site_zone": timezone.get_current_timezone_name(),
            "can_edit": request.user.is_authenticated
            and bool(policy.can_change(request.user, event)),
            "moves": event_moves(request.user, event),
            # The other rooms' sections (protocol checks, invitations): core.panels.
            "panels": collect_panels(request, "events.event", event),
        }
        return cache.render_fragments(request, "events/event_detail.html", EVENT_PARTS, context)

    # The other apps' panels show their own data (a meeting's agenda): their namespaces too.
    depends_on = ("events", *panel_namespaces("events.event"))
    stored = cache.cached_read(cache.read_key("event-page", request, depends_on=depends_on), build)
    parts = {name: cache.with_csrf(request, text) for name, text in stored.items()}
    return render(request, "events/event_page.html", {"parts": parts})


# --- Writing events: the forms and the status moves ---------------------------------


@dataclass(frozen=True)
class Move:
    """A status move the event page offers as a button: the service it calls."""

    name: str
    label: "StrOrPromise"
    target: str
    write: Callable[..., Event]
    quiet: bool = False


# Rescheduling takes new dates: the page links to its form (``event_reschedule``).
MOVES = {
    move.name: move
    for move in (
        Move("confirm", gettext_lazy("Confirm"), EventStatus.CONFIRMED, services.event_confirm),
        Move(
            "postpone",
            gettext_lazy("Postpone"),
            EventStatus.POSTPONED,
            services.event_postpone,
            quiet=True,
        ),
        Move("mark_held", gettext_lazy("Mark held"), EventStatus.HELD, services.event_mark_held),
        Move(
            "cancel",
            gettext_lazy("Cancel the event"),
            EventStatus.CANCELLED,
            services.event_cancel,
            quiet=True,
        ),
    )
}


def event_moves(user: AnyUser, event: Event) -> list[Move]:
    """Return the moves the workflow allows now and the policy lets the user make.

    Marking held is offered from the event's first day (the page is kept per
    day); before its start the service refuses it, naming the rule.
    """
    if user is None or not user.is_authenticated or not policy.can_change(user, event):
        return []
    today = timezone.localdate()
    return [
        move
        for move in MOVES.values()
        if event.can_move_to(move.target) and (move.name != "mark_held" or event.first_day <= today)
    ]


def _may_change(request: HttpRequest, slug: str) -> Event:
    """Return the event if the user may change it; hidden or missing is 404, refused 403."""
    event = or_404(access_event_by_slug, request.user, slug)
    policy.can_change(request.user, event).enforce()
    return event


def _form_page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    response = render(request, template, context)
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create an event through ``event_create``, the API's service."""
    policy.can_create(request.user).enforce()
    form = EventForm(request.POST or None, user=request.user)
    created: list[Event] = []

    def write() -> None:
        data, organizers = form.service_arguments()
        created.append(services.event_create(actor=request.user, data=data, organizers=organizers))

    if request.method == "POST" and form.is_valid() and save_through(request, form, write):
        event = created[0]
        messages.success(request, _("The event “%(title)s” is created.") % {"title": event})
        return redirect("events:event-detail", slug=event.slug)
    return _form_page(request, "events/event_form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Change an event's fields through ``event_update``, the API's service."""
    event = _may_change(request, slug)
    form = EventForm(request.POST or None, user=request.user, event=event)

    def write() -> None:
        data, organizers = form.service_arguments()
        services.event_update(actor=request.user, event=event, data=data, organizers=organizers)

    if request.method == "POST" and form.is_valid():
        if save_through(request, form, write):
            messages.success(request, _("The event “%(title)s” is saved.") % {"title": event})
            return redirect("events:event-detail", slug=event.slug)
        event.refresh_from_db()  # the page names the event as it stands
    return _form_page(request, "events/event_form.html", {"form": form, "event": event})


@login_required
@require_POST
def event_move(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Make one status move through its service; a refusal is shown naming the rule."""
    event = _may_change(request, slug)
    move = MOVES.get(request.POST.get("move", ""))
    if move is None:
        messages.error(request, _("Unknown action; nothing was recorded."))
    elif save_through(request, None, lambda: move.write(actor=request.user, event=event)):
        messages.success(
            request,
            _("The event is now “%(status)s”.") % {"status": event.get_status_display()},
        )
    return redirect("events:event-detail", slug=event.slug)


@login_required
@require_http_methods(["GET", "POST"])
def event_reschedule(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Plan a postponed event again, on new dates or the old ones (``event_reschedule``)."""
    event = _may_change(request, slug)
    form = RescheduleForm(request.POST or None, event=event)

    def write() -> None:
        data = form.cleaned_data
        services.event_reschedule(
            actor=request.user, event=event, start=data["start"], end=data["end"]
        )

    if request.method == "POST" and form.is_valid():
        if save_through(request, form, write):
            messages.success(
                request,
                _("The event is planned again: %(when)s.") % {"when": event_when(event)},
            )
            return redirect("events:event-detail", slug=event.slug)
        event.refresh_from_db()
        if not form.errors:  # refused by the status machine: the page shows why
            return redirect("events:event-detail", slug=event.slug)
    return _form_page(request, "events/event_reschedule.html", {"form": form, "event": event})


# --- Feeds -------------------------------------------------------------------------


def _feed_language(request: HttpRequest) -> str:
    """Return the language of a feed: ``?lang=`` if given, else the request's."""
    language = request.GET.get("lang")
    if language is None:
        return translation.get_language() or "ru"
    if language not in CONTENT_LANGUAGES:
        raise ValueError(language)
    return language


def _feed_response(
    request: HttpRequest, user: AnyUser, *, name: "StrOrPromise", feed: str
) -> HttpResponse:
    """Answer with the feed of what ``user`` may see, from the read cache when it has it.

    The key holds the feed's language, the scope of ``user`` (the token's
    owner for a private feed, so users who see different events never share
    a feed) and the site's address, which the events' links carry.
    """
    try:
        language = _feed_language(request)
    except ValueError:
        return HttpResponseBadRequest(
            _("Unknown language; use one of: %(languages)s.")
            % {"languages": ", ".join(CONTENT_LANGUAGES)},
            content_type="text/plain; charset=utf-8",
        )
    with translation.override(language):
        key = cache.read_key(
            feed,
            request,
            depends_on="events",
            variant=request.build_absolute_uri("/"),
            params=f"lang={language}",
            viewer=user,
        )

        def build() -> bytes:
            # One address reversed, the slug put in per event: the links differ only there.
            placeholder = "event-slug"
            page = request.build_absolute_uri(reverse("events:event-detail", args=[placeholder]))
            before, after = page.rsplit(placeholder, 1)
            return ical.calendar_feed(
                selectors.event_feed_list_visible_to(user=user),
                name=str(name),
                url_for=lambda slug: f"{before}{slug}{after}",
            )

        body = cache.cached_body(key, build)
    response = HttpResponse(body, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="collegium.ics"'
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


@require_safe
def public_feed(request: HttpRequest) -> HttpResponse:
    """The public events, whoever asks (a signed-in user gets the same public feed)."""
    response = _feed_response(
        request,
        AnonymousUser(),
        name=gettext_lazy("Collegium: public events"),
        feed="public-feed",
    )
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
def private_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Every event the token's owner may see; a wrong or revoked token is a 404."""
    user = calendar_feed_token_authenticate(token)
    if user is None:
        raise Http404("no such feed")
    response = _feed_response(
        request, user, name=gettext_lazy("Collegium: my calendar"), feed="private-feed"
    )
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def feed_token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make a new private feed address (revoking the old) and show it in this one response."""
    token, secret = calendar_feed_token_create(actor=request.user)
    url = request.build_absolute_uri(reverse("events:private-feed", args=[secret]))
    response = render(request, "events/feed_created.html", {"token": token, "feed_url": url})
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def feed_token_revoke(request: AuthenticatedHttpRequest) -> HttpResponse:
    for token in CalendarFeedToken.objects.filter(user=request.user, revoked_at__isnull=True):
        calendar_feed_token_revoke(actor=request.user, token=token)
        messages.success(request, _("Your private calendar feed is revoked."))
    return redirect("events:month")
