"""The REST API at /api/v1: one NinjaAPI, one router per app, uniform JSON errors."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from collegium.core.api_auth import api_auth
from collegium.core.exceptions import NotFound, PermissionDenied, TransitionError

api = NinjaAPI(
    title="Collegium API",
    version="1",
    description=(
        "Registry, events and decisions of Collegium. Authenticate with a personal token "
        "(`Authorization: Bearer clg_…`) or the browser session (send `X-CSRFToken` on writes)."
    ),
    auth=api_auth,
    urls_namespace="api",
    docs_decorator=login_required,
)


def _field_errors(exc: DjangoValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {"loc": ["body", field], "msg": str(message), "type": "value_error"}
            for field, errors in exc.message_dict.items()
            for message in errors
        ]
    return [
        {"loc": ["body"], "msg": str(message), "type": "value_error"} for message in exc.messages
    ]


@api.exception_handler(DjangoValidationError)
def on_validation_error(request: HttpRequest, exc: DjangoValidationError):
    return api.create_response(request, {"detail": _field_errors(exc)}, status=422)


@api.exception_handler(NotFound)
def on_not_found(request: HttpRequest, exc: NotFound):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied):
    if not request.user.is_authenticated:
        return api.create_response(request, {"detail": "Authentication required."}, status=401)
    return api.create_response(
        request, {"detail": str(exc) or "You do not have permission for this."}, status=403
    )


@api.exception_handler(TransitionError)
def on_transition_error(request: HttpRequest, exc: TransitionError):
    return api.create_response(request, {"detail": exc.message, "code": exc.code}, status=409)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(request, {"detail": str(exc.message)}, status=401)


def _register_routers() -> None:
    from collegium.registry.api import router as registry_router

    api.add_router("/registry", registry_router)


_register_routers()
