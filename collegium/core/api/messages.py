"""The request-parsing errors in the reader's language.

pydantic words its errors in English ("Field required", "Input should be a
valid integer"); a 422 answers in the user's language, so each error type a
request body, path or query can produce gets its message here, filled from the
error's context.  A type without an entry keeps pydantic's wording (a
developer's error, not a user's).
"""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# The error types whose wording names no value of the context.
MESSAGES: dict[str, Promise] = {
    "missing": _("This field is required."),
    "extra_forbidden": _("Unknown field."),
    "string_type": _("Enter text."),
    "int_type": _("Enter a whole number."),
    "int_parsing": _("Enter a whole number."),
    "int_from_float": _("Enter a whole number."),
    "float_type": _("Enter a number."),
    "float_parsing": _("Enter a number."),
    "bool_type": _("Enter true or false."),
    "bool_parsing": _("Enter true or false."),
    "list_type": _("Enter a list."),
    "dict_type": _("Enter an object."),
    "model_type": _("Enter an object."),
    "model_attributes_type": _("Enter an object."),
    "date_type": _("Enter a date as YYYY-MM-DD."),
    "date_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": _("Enter a date as YYYY-MM-DD."),
    "datetime_type": _("Enter a date and time as YYYY-MM-DDTHH:MM."),
    "datetime_parsing": _("Enter a date and time as YYYY-MM-DDTHH:MM."),
    "datetime_from_date_parsing": _("Enter a date and time as YYYY-MM-DDTHH:MM."),
    "datetime_object_invalid": _("Enter a date and time as YYYY-MM-DDTHH:MM."),
    "time_type": _("Enter a time as HH:MM."),
    "time_parsing": _("Enter a time as HH:MM."),
    "json_invalid": _("The body is not valid JSON."),
    "json_type": _("The body is not valid JSON."),
    "string_unicode": _("Enter text."),
    "uuid_parsing": _("Enter a valid identifier."),
    "uuid_type": _("Enter a valid identifier."),
    "url_parsing": _("Enter a valid address."),
    "url_type": _("Enter a valid address."),
}


# The types that name a count: (the context's key, the message numbered by ``count``).
COUNTED: dict[str, tuple[str, Promise]] = {
    "too_short": (
        "min_length",
        ngettext_lazy("Give at least %(count)d item.", "Give at least %(count)d items.", "count"),
    ),
    "too_long": (
        "max_length",
        ngettext_lazy("Give at most %(count)d item.", "Give at most %(count)d items.", "count"),
    ),
    "string_too_short": (
        "min_length",
        ngettext_lazy(
            "Enter at least %(count)d character.", "Enter at least %(count)d characters.", "count"
        ),
    ),
    "string_too_long": (
        "max_length",
        ngettext_lazy(
            "Enter at most %(count)d character.", "Enter at most %(count)d characters.", "count"
        ),
    ),
}


def _with_context(kind: str, context: dict[str, Any]) -> str | None:
    """Return the message of the types that name a limit or the allowed values."""
    if kind in {"value_error", "assertion_error"} and context.get("error"):
        # A validator's own message, already translated when raised: pydantic prefixes
        # it with "Value error, ", which the reader has no use for.
        return str(context["error"])
    if kind in {"enum", "literal_error"}:
        # pydantic joins the choices as "'a', 'b' or 'c'"; the last "or" is English.
        expected = str(context.get("expected", "")).replace(" or ", ", ")
        return str(_("Choose one of: %(expected)s.")) % {"expected": expected}
    if kind in COUNTED:
        limit, message = COUNTED[kind]
        return str(message % {"count": int(context.get(limit, 0))})
    if kind == "string_pattern_mismatch":
        return str(_("The text is not in the expected form."))
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        bound = next(iter(context.values()), "")
        wording = {
            "greater_than": _("Enter a number greater than %(bound)s."),
            "greater_than_equal": _("Enter a number of at least %(bound)s."),
            "less_than": _("Enter a number less than %(bound)s."),
            "less_than_equal": _("Enter a number of at most %(bound)s."),
        }[kind]
        return str(wording) % {"bound": bound}
    return None


def localized(error: dict[str, Any]) -> dict[str, Any]:
    """Return a pydantic error (ninja's dict) with its ``msg`` in the active language."""
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    message = _with_context(kind, context)
    if message is None and kind in MESSAGES:
        message = str(MESSAGES[kind])
    if message is not None:
        error["msg"] = message
    return error
