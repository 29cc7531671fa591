"""Checks on text that arrives from outside."""

from typing import Any


def _is_unstorable(text: str) -> bool:
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def contains_unstorable(value: Any) -> bool:
    """Return whether a string anywhere in ``value`` holds a NUL or an unpaired surrogate.

    PostgreSQL cannot store a NUL in a text column, a lone surrogate ("\\ud800"
    in JSON) is not text in any encoding, and no name or key needs either.
    """
    if isinstance(value, str):
        return _is_unstorable(value)
    if isinstance(value, dict):
        return any(contains_unstorable(k) or contains_unstorable(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(contains_unstorable(item) for item in value)
    return False
