"""The home page: it gathers what every app shows a visitor first."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from collegium.registry import selectors
from collegium.registry.models import OrganizationKind


def home(request: HttpRequest) -> HttpResponse:
    """Explain Collegium and count the registry records the visitor may see."""
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
    return render(request, "home.html", {"counts": counts, "organizations": organizations})
