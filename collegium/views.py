"""The home page: it gathers what every app shows a visitor first, and a user's desk."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from collegium.core.desk import desk_items
from collegium.registry import selectors
from collegium.registry.models import OrganizationKind


def home(request: HttpRequest) -> HttpResponse:
    """Show a signed-in user's desk, explain Collegium, count the registry records one may see.

    The desk's items come from the apps (``core.desk``); anonymous visitors
    get the public page alone.
    """
    user = request.user
    counts = {
        "organizations": selectors.organization_list_visible_to(user=user).count(),
        "persons": selectors.person_list_visible_to(user=user).count(),
        "states": selectors.state_list_visible_to(user=user).count(),
    }
    international = selectors.organization_list_visible_to(user=user).filter(
        parent__isnull=True, kind=OrganizationKind.INTERNATIONAL
    )
    # Sorted here, by the name in the active language; there are only a few of them.
    organizations = sorted(international, key=lambda organization: organization.name)[:8]
    desk = desk_items(request) if user.is_authenticated else None
    return render(
        request, "home.html", {"counts": counts, "organizations": organizations, "desk": desk}
    )


def api_about(request: HttpRequest) -> HttpResponse:
    """Explain the API and how to get a token; open to everyone (the docs are for users)."""
    return render(
        request,
        "api_about.html",
        {"base_url": request.build_absolute_uri("/api/v1/").rstrip("/")},
    )
