"""Checks on text that arrives from outside."""

import re
from typing import Any

# Characters no XML document may hold (DOCX letters, SVG pictures, feeds): the C0 controls
# but tab and line breaks, and the two non-characters U+FFFE and U+FFFF.  NUL among them is
# also what PostgreSQL cannot store in a text column.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Return ``text`` without the characters no XML document may hold."""
    return _NOT_XML.sub("", text)


def _is_unstorable(text: str) -> bool:
    if _NOT_XML.search(text):
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def contains_unstorable(value: Any) -> bool:
    """Return whether a string anywhere in ``value`` holds a control character or an
    unpaired surrogate.

    PostgreSQL cannot store a NUL in a text column, no XML document we write
    (letters, pictures, feeds) may hold the other controls but tab and line
    breaks, a lone surrogate ("\\ud800" in JSON) is not text in any encoding,
    and no name or key needs any of them.
    """
    if isinstance(value, str):
        return _is_unstorable(value)
    if isinstance(value, dict):
        return any(contains_unstorable(k) or contains_unstorable(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(contains_unstorable(item) for item in value)
    return False
