"""Schema building blocks every app's API uses: safe text, strict bodies, PATCH bodies.

``<Entity>InputSchema`` is the body of a create, ``<Entity>PatchSchema`` of a
partial update: the same fields, all optional; a field left out keeps its
value.  Unknown fields are refused (422) rather than silently ignored.
"""

from typing import Annotated, Any

from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, create_model, field_validator

from collegium.core.text import contains_unstorable

UNSTORABLE_MESSAGE = gettext_lazy(
    "Control characters (other than tab and line breaks) and unpaired surrogates are not allowed."
)


def _refuse_unstorable(value: str) -> str:
    if contains_unstorable(value):
        raise ValueError(str(UNSTORABLE_MESSAGE))
    return value


# A string from the path or the query: any text but control characters and lone surrogates.
Text = Annotated[str, AfterValidator(_refuse_unstorable)]


class InputBase(Schema):
    """A request body: unknown fields are an error, choices arrive as plain strings."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    @field_validator("*", mode="after")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:
        if contains_unstorable(value):
            raise ValueError(str(UNSTORABLE_MESSAGE))
        return value


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
            types.get(field_name, info.annotation),
            Field(None, description=info.description),
        )
        for field_name, info in input_schema.model_fields.items()
    }
    return create_model(name, __base__=InputBase, __doc__=doc, **fields)
