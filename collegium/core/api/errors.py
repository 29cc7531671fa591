"""The error answers of every operation, declared in the OpenAPI document from its shape.

Every operation gets the error statuses it can really give, each with the
JSON body the handlers in ``base`` write, derived from what the document
already says about it, so a new endpoint is documented without a line of its
own:

- a body: 400 (not readable JSON), 413 (over ``API_MAX_BODY_BYTES``), 422;
- any parameter: 422 (a value out of its type or range);
- a path parameter: 404 (missing or not visible, never told apart);
- any security requirement: 401 (a wrong, revoked or malformed credential;
  for writes and personal data also no credential);
- a write (any method but GET): 403 (a policy or the CSRF check refuses),
  409 (the record's state or another record stands in the way).

A read that a policy can refuse, or a status the rules cannot see, is
declared on the route with ``openapi_extra=may_answer(403)``.  The contract
test (``collegium/tests/test_api_contract.py``) fuzzes the document and fails
on any status it does not declare.
"""

from http import HTTPStatus
from typing import Any

from ninja import Schema
from pydantic import ConfigDict

SAFE_METHODS = {"get", "head", "options"}

DESCRIPTIONS = {
    400: "The body is not readable JSON, or a value cannot be stored.",
    401: "No valid credential: the token is wrong or revoked, or the operation needs one.",
    403: "Signed in but not allowed (the message names the rule), or the CSRF check failed.",
    404: "Missing or not visible to you; the two are never told apart.",
    409: "The record's state or another record stands in the way (`code` names why).",
    413: "The body is larger than the server accepts.",
    422: "Invalid fields, each located by `loc` (where the value came from, then its name).",
}


class ErrorSchema(Schema):
    """An error answer: a message, and for a conflict the code of the rule."""

    model_config = ConfigDict(title="ErrorSchema")

    detail: str
    code: str | None = None


class FieldErrorSchema(Schema):
    """One invalid field: where it came from and its name, the message, the kind of error."""

    loc: list[str | int]
    msg: str
    type: str


class FieldErrorsSchema(Schema):
    """A 422 answer: the invalid fields."""

    detail: list[FieldErrorSchema]


def may_answer(*statuses: int) -> dict[str, Any]:
    """Return ``openapi_extra`` declaring error statuses the shape of the operation does not show.

    ``@router.get(..., openapi_extra=may_answer(403))``: the body schema and the
    description are filled in with every other error.
    """
    return {"responses": {status: {"description": DESCRIPTIONS[status]} for status in statuses}}


def error_statuses(method: str, operation: dict[str, Any]) -> set[int]:
    """Return the error statuses an operation can give, from its OpenAPI description."""
    statuses: set[int] = set()
    places = {parameter.get("in") for parameter in operation.get("parameters", [])}
    if "requestBody" in operation:
        statuses |= {400, 413, 422}
    if places:
        statuses.add(422)
    if "path" in places:
        statuses.add(404)
    if operation.get("security"):
        statuses.add(401)
    if method not in SAFE_METHODS:
        statuses |= {401, 403, 409}
    return statuses


def _error_schemas() -> dict[str, Any]:
    """Return the component schemas of the error bodies, by name."""
    components: dict[str, Any] = {}
    for model in (ErrorSchema, FieldErrorsSchema):
        document = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(document.pop("$defs", {}))
        components[model.__name__] = document
    return components


def document_errors(schema: dict[str, Any]) -> None:
    """Add every operation's error answers, with their JSON bodies, to ``schema`` in place."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(_error_schemas())
    for methods in schema["paths"].values():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            declared = {int(status) for status in responses if str(status).isdigit()}
            for status in sorted(error_statuses(method, operation) | declared):
                if status < 400:
                    continue
                answer = responses.pop(status, None) or responses.pop(str(status), None) or {}
                body = "FieldErrorsSchema" if status == 422 else "ErrorSchema"
                answer.setdefault(
                    "description", DESCRIPTIONS.get(status, HTTPStatus(status).phrase)
                )
                answer.setdefault(
                    "content",
                    {"application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}}},
                )
                responses[status] = answer
