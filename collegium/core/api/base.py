"""The REST API at /api/v1: one NinjaAPI, one router per app, uniform JSON errors.

Every error answer is JSON with a ``detail``:

- field errors (422), from request validation or from a service's
  ``full_clean()``: ``{"detail": [{"loc": ["body", "end_date"], "msg": "…", "type": "…"}]}``;
  ``loc`` starts with where the value came from (``body``, ``query``, ``path``)
  and names the field; an error about the record as a whole has ``loc: ["body"]``;
- everything else: ``{"detail": "…"}`` — 400 unreadable body, 401 not signed in
  or a bad token, 403 signed in but not allowed (or a failed CSRF check),
  404 missing or not visible (never told apart), 409 conflict (with a
  ``code``: the workflow's rule, or ``referenced`` for a delete refused because
  other records name the record, which the message lists), 413 a body over
  ``DATA_UPLOAD_MAX_MEMORY_SIZE``.

Errors outside the views (no route, a method the path lacks) are JSON too
(``core.middleware.ApiJsonErrorsMiddleware``).  The OpenAPI document
declares each operation's error answers (``core.api.errors``).
"""

from collections.abc import Callable
from typing import Any, TypedDict

from django.conf import settings
from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError, ValidationErrorContext
from ninja.openapi.schema import OpenAPISchema
from ninja.openapi.views import openapi_json

from collegium.core.api.errors import document_errors
from collegium.core.api.messages import localized
from collegium.core.exceptions import NotFound, PermissionDenied, TransitionError


class CollegiumAPI(NinjaAPI):
    """A NinjaAPI with body errors located by field and anonymous access shown in OpenAPI.

    ``anonymous_auth`` is the authentication callback that admits anonymous
    callers (it lives in ``accounts``, above this floor).
    """

    def __init__(
        self,
        *args: Any,
        anonymous_auth: Callable[[HttpRequest], Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self.anonymous_auth = anonymous_auth
        super().__init__(*args, **kwargs)

    def validation_error_from_error_contexts(
        self, error_contexts: list[ValidationErrorContext]
    ) -> ValidationError:
        """Report body fields as ``["body", field]``, without the view's parameter name.

        When the whole JSON body is one schema, ninja puts the Python name of
        the view's parameter into ``loc`` (``["body", "payload", "name_ru"]``);
        that name is not part of the document the client sent, and services
        report the same field as ``["body", "name_ru"]``.
        """
        errors = []
        for context in error_contexts:
            wrapper = getattr(context.model, "__read_from_single_attr__", None)
            for error in super().validation_error_from_error_contexts([context]).errors:
                loc = tuple(error["loc"])
                if wrapper and loc[:2] == ("body", wrapper):
                    error["loc"] = ("body", *loc[2:])
                errors.append(localized(error))
        return ValidationError(errors)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Mark operations open to anonymous callers; declare every operation's error answers.

        ninja lists only the token and the session; ``{}`` tells clients that
        calling without credentials is allowed too (and shows public records).
        The error answers are derived from each operation's shape
        (``core.api.errors``), so a new endpoint is documented as it is added.
        """
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        open_ids = {
            operation.operation_id
            for bound_router in self._get_bound_routers()
            for path_view in bound_router.path_operations.values()
            for operation in path_view.operations
            if self.anonymous_auth in operation.auth_callbacks
        }
        for methods in schema["paths"].values():
            for operation in methods.values():
                if operation.get("operationId") in open_ids:
                    operation.setdefault("security", []).append({})
        document_errors(schema)
        return schema


def docs_for_signed_in_users[V: Callable[..., HttpResponseBase]](view: V) -> V:
    """Keep the interactive docs for signed-in users; leave the OpenAPI document public.

    An anonymous visitor is sent to the page that explains the API and how to get a
    token (``api-about``), not to a bare login form.  Scripts that hold only a token
    (no session) can still fetch the schema, e.g. to generate a client; the schema
    holds no data.
    """
    if getattr(view, "func", None) is openapi_json:
        return view
    return user_passes_test(
        lambda user: user.is_authenticated,
        login_url=reverse_lazy("api-about"),
        redirect_field_name=None,
    )(view)


class FieldError(TypedDict):
    """One field error of a 422 answer, in ninja's shape."""

    loc: list[str]
    msg: str
    type: str


def _field_error(loc: list[str], error: DjangoValidationError) -> FieldError:
    return {"loc": loc, "msg": error.messages[0], "type": error.code or "invalid"}


def _field_errors(exc: DjangoValidationError) -> list[FieldError]:
    """Return Django's validation errors in ninja's shape, one entry per message."""
    if hasattr(exc, "error_dict"):
        return [
            _field_error(["body"] if field == NON_FIELD_ERRORS else ["body", field], error)
            for field, errors in exc.error_dict.items()
            for error in errors
        ]
    return [_field_error(["body"], error) for error in exc.error_list]


def register_error_handlers(api: NinjaAPI) -> None:
    """Answer every error the services raise as JSON with the status the module docstring names."""

    @api.exception_handler(DjangoValidationError)
    def on_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": _field_errors(exc)}, status=422)

    @api.exception_handler(NotFound)
    def on_not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        if not request.user.is_authenticated:
            return api.create_response(
                request, {"detail": _("Authentication required.")}, status=401
            )
        return api.create_response(
            request, {"detail": str(exc) or _("You do not have permission for this.")}, status=403
        )

    @api.exception_handler(TransitionError)
    def on_transition_error(request: HttpRequest, exc: TransitionError) -> HttpResponse:
        return api.create_response(request, {"detail": exc.message, "code": exc.code}, status=409)

    @api.exception_handler(RequestDataTooBig)
    def on_body_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        message = _("The request body is larger than the limit of %(limit)d bytes.")
        return api.create_response(
            request,
            {"detail": message % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}},
            status=413,
        )

    @api.exception_handler(AuthenticationError)
    def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc.message)}, status=401)

    @api.exception_handler(IntegrityError)
    def on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        # Services validate first; this only catches a race between two writers.
        return api.create_response(
            request,
            {"detail": _("This conflicts with another record; reload and retry.")},
            status=409,
        )

    @api.exception_handler(DataError)
    def on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
        # Inputs are validated first; this is the net under values the database
        # still refuses (out of range, characters it cannot store).
        return api.create_response(
            request,
            {"detail": _("A value in the request cannot be stored or searched.")},
            status=400,
        )
