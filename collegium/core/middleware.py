"""Request middleware of the core app."""

from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.utils.translation import gettext_lazy

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


# Error answers under the API's prefix that Django or ninja would write as HTML or empty.
_API_PREFIX = "/api/"
_JSON = "application/json"
_MESSAGES = {
    400: gettext_lazy("The request cannot be read."),
    403: gettext_lazy("You do not have permission for this."),
    404: gettext_lazy("Not found."),
    405: gettext_lazy("This method is not allowed here."),
    500: gettext_lazy("Server error; it has been logged."),
}


class ApiJsonErrorsMiddleware:
    """Answer every error under ``/api/`` as JSON ``{"detail": "…"}``, whoever writes it.

    The API's own errors are JSON already; this covers what happens outside its
    views: a path that matches no route (Django's 404 page), a method a path
    does not have (ninja's empty 405, its ``Allow`` header kept), a failed CSRF
    check, a server error.  Its status is kept, its body replaced.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            not request.path.startswith(_API_PREFIX)
            or response.status_code < 400
            or response.get("Content-Type", "").startswith(_JSON)
        ):
            return response
        message = _MESSAGES.get(response.status_code) or HTTPStatus(response.status_code).phrase
        answer = JsonResponse({"detail": str(message)}, status=response.status_code)
        for header in ("Allow", "Content-Language", "Vary"):
            if header in response:
                answer[header] = response[header]
        return answer
