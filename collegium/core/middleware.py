"""Request middleware of the core app."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from collegium.core.audit_guard import serving


class AuditActorMiddleware:
    """Make the signed-in user the actor of audited writes made by Django's own views.

    Services name their actor explicitly; this only matters for the few
    writes Django performs itself, such as the admin's password forms.  The
    user is looked up only if such a write happens.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with serving(request):
            return self.get_response(request)
