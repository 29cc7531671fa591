"""Views shared by the whole site (the health check, the favicon) and the pages' 404 door."""

import logging
from collections.abc import Callable

from django.db import DatabaseError, connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from collegium.core.exceptions import NotFound

logger = logging.getLogger("collegium.health")


def or_404[T](door: Callable[..., T], *args, **kwargs) -> T:
    """Call an access door and turn its ``NotFound`` into the page's 404.

    The API needs no such wrapper: its error handlers (``core.api.base``)
    answer ``NotFound`` with a JSON 404.
    """
    try:
        return door(*args, **kwargs)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


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
