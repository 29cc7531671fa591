"""Schema building blocks every app's API uses: safe text, strict bodies, PATCH bodies.

``<Entity>InputSchema`` is the body of a create, ``<Entity>PatchSchema`` of a
partial update: the same fields, all optional; a field left out keeps its
value.  Unknown fields are refused (422) rather than silently ignored.
"""

import datetime as dt
import re
from typing import Annotated, Any

from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    WithJsonSchema,
    create_model,
    field_validator,
)
from pydantic_core import PydanticCustomError

from collegium.core.text import contains_unstorable

UNSTORABLE_MESSAGE = gettext_lazy(
    "Control characters (other than tab and line breaks) and unpaired surrogates are not allowed."
)


def _refuse_unstorable(value: str) -> str:
    if contains_unstorable(value):
        raise ValueError(str(UNSTORABLE_MESSAGE))
    return value


# What the OpenAPI document says of every text the API reads: no control character but tab
# and line breaks (``core.text``; a lone surrogate, also refused, has no portable pattern).
STORABLE_PATTERN = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]*$"

# A string from the path or the query: any text but control characters and lone surrogates.
Text = Annotated[
    str,
    AfterValidator(_refuse_unstorable),
    WithJsonSchema({"type": "string", "pattern": STORABLE_PATTERN}),
]

DATE_MESSAGE = gettext_lazy("Enter a date as YYYY-MM-DD.")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: Any) -> dt.date:
    """Accept a date or its ISO form; refuse numbers, which pydantic reads as Unix times."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("date_format", str(DATE_MESSAGE))


# A calendar day, in the query or a body: "2025-11-27" and nothing else.
Date = Annotated[dt.date, BeforeValidator(_iso_date_only)]

DATETIME_MESSAGE = gettext_lazy("Enter a date and time as YYYY-MM-DDTHH:MM.")


def _iso_datetime_only(value: Any) -> Any:
    """Accept a date and time or its ISO 8601 form; refuse numbers (pydantic's Unix times)."""
    if isinstance(value, dt.datetime) or (isinstance(value, str) and _ISO_DATE.match(value)):
        return value  # pydantic parses the text and names what is wrong with it
    raise PydanticCustomError("datetime_format", str(DATETIME_MESSAGE))


# A moment, in a body: "2026-12-02T10:00" (with or without its offset), never a number.
DateTime = Annotated[dt.datetime, BeforeValidator(_iso_datetime_only)]


def _declare_storable(fragment: dict[str, Any]) -> None:
    """Give every free-text string of a JSON schema fragment the storable pattern."""
    if fragment.get("type") == "string" and not fragment.keys() & {"pattern", "enum", "format"}:
        fragment["pattern"] = STORABLE_PATTERN
    for key in ("anyOf", "oneOf", "allOf"):
        for option in fragment.get(key, []):
            _declare_storable(option)
    for key in ("items", "additionalProperties"):
        if isinstance(fragment.get(key), dict):
            _declare_storable(fragment[key])


def _declare_storable_properties(schema: dict[str, Any]) -> None:
    for fragment in schema.get("properties", {}).values():
        _declare_storable(fragment)


class InputBase(Schema):
    """A request body: unknown fields are an error, choices arrive as plain strings."""

    model_config = ConfigDict(
        extra="forbid", use_enum_values=True, json_schema_extra=_declare_storable_properties
    )

    @field_validator("*", mode="after")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:
        if contains_unstorable(value):
            raise ValueError(str(UNSTORABLE_MESSAGE))
        return value


def _annotated(annotation: Any, metadata: list[Any]) -> Any:
    """Return the field's type with its validators (``Date``, ``DateTime``, ``Text``) kept."""
    return Annotated[annotation, *metadata] if metadata else annotation


def patch_schema(
    input_schema: type[Schema], name: str, doc: str, *, types: dict[str, Any] | None = None
) -> type[Schema]:
    """Return ``input_schema`` with every field optional, for PATCH bodies.

    A field keeps its type (or the one in ``types``), so an explicit ``null``
    is refused unless the field itself is nullable; a field left out is not
    touched (``exclude_unset``).
    """
    types = types or {}
    fields: dict[str, Any] = {
        field_name: (
            types.get(field_name, _annotated(info.annotation, info.metadata)),
            Field(None, description=info.description),
        )
        for field_name, info in input_schema.model_fields.items()
    }
    return create_model(name, __base__=InputBase, __doc__=doc, **fields)
