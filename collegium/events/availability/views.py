"""Unavailability pages: record, change and remove a person's period from the person page.

Each form calls the API's service (``availability.services``).  The person
and the period are found through their doors, so a hidden one answers 404
like a missing one; a user the policy refuses gets 403, and the person page
offers the links exactly when ``availability.policy`` allows.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from collegium.core.views import or_404
from collegium.events.availability import policy, services
from collegium.events.availability.access import access_unavailability_by_id
from collegium.events.availability.forms import UnavailabilityForm
from collegium.events.forms import save_through
from collegium.events.models import Unavailability
from collegium.registry.access import access_person_by_slug
from collegium.registry.models import Person

TEMPLATE = "events/unavailability_form.html"


def _page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    response = render(request, template, context)
    add_never_cache_headers(response)
    return response


def _to_person(person: Person) -> HttpResponse:
    return redirect("registry:person-detail", slug=person.slug)


def _period(request: HttpRequest, unavailability_id: int) -> Unavailability:
    """Return the period if the user may change it; hidden or missing is 404, refused 403."""
    unavailability = or_404(access_unavailability_by_id, request.user, unavailability_id)
    policy.can_change(request.user, unavailability).enforce()
    return unavailability


def _save(
    request: HttpRequest, form: UnavailabilityForm, person: Person, write, success: str
) -> HttpResponse | None:
    """Write through the service on a valid POST; return the redirect to the person if it wrote."""
    if request.method == "POST" and form.is_valid() and save_through(request, form, write):
        messages.success(request, success)
        return _to_person(person)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def unavailability_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a period when the person cannot attend (``unavailability_create``)."""
    person = or_404(access_person_by_slug, request.user, slug)
    policy.can_create(request.user).enforce()
    form = UnavailabilityForm(request.POST or None, user=request.user)
    done = _save(
        request,
        form,
        person,
        lambda: services.unavailability_create(
            actor=request.user, data={"person": person, **form.service_data()}
        ),
        _("The period of unavailability is recorded."),
    )
    return done or _page(
        request, TEMPLATE, {"form": form, "person": person, "unavailability": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def unavailability_edit(request: HttpRequest, unavailability_id: int) -> HttpResponse:
    """Change a period (``unavailability_update``)."""
    unavailability = _period(request, unavailability_id)
    person = unavailability.person
    form = UnavailabilityForm(
        request.POST or None, user=request.user, unavailability=unavailability
    )
    done = _save(
        request,
        form,
        person,
        lambda: services.unavailability_update(
            actor=request.user, unavailability=unavailability, data=form.service_data()
        ),
        _("The period of unavailability is saved."),
    )
    return done or _page(
        request, TEMPLATE, {"form": form, "person": person, "unavailability": unavailability}
    )


@login_required
@require_http_methods(["GET", "POST"])
def unavailability_delete(request: HttpRequest, unavailability_id: int) -> HttpResponse:
    """Ask, then remove a period (``unavailability_delete``)."""
    unavailability = _period(request, unavailability_id)
    person = unavailability.person
    if request.method == "POST":

        def write() -> None:
            services.unavailability_delete(actor=request.user, unavailability=unavailability)

        if save_through(request, None, write):
            messages.success(request, _("The period of unavailability is removed."))
        return _to_person(person)
    return _page(
        request, TEMPLATE, {"person": person, "unavailability": unavailability, "delete": True}
    )
