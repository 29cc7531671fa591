"""Views shared by the whole site: home, health check, language switch."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger("collegium.health")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Answer 200 after a database round trip, 503 when the database is unreachable."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Point /favicon.ico, asked for by pages that name no icon (the admin's), to the emblem."""
    return HttpResponsePermanentRedirect(static("collegium/emblem.svg"))


def home(request: HttpRequest) -> HttpResponse:
    """Explain Collegium and count the registry records the visitor may see."""
    from collegium.registry import selectors
    from collegium.registry.models import OrganizationKind

    user = request.user
    counts = {
        "organizations": selectors.organization_list_visible_to(user=user).count(),
        "persons": selectors.person_list_visible_to(user=user).count(),
        "states": selectors.state_list_visible_to(user=user).count(),
    }
    organizations = selectors.organization_list_visible_to(user=user).filter(
        parent__isnull=True, kind=OrganizationKind.INTERNATIONAL
    )
    # Sorted here, by the name in the active language; there are only a few of them.
    organizations = sorted(organizations, key=lambda organization: organization.name)[:8]
    return render(request, "core/home.html", {"counts": counts, "organizations": organizations})


def bench_floor(request: HttpRequest) -> HttpResponse:
    """A bare template view: the floor every benchmark ratio is measured against."""
    return render(request, "core/floor.html")
