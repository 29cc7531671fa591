"""Checks on text that arrives from outside."""

import re
import unicodedata
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

    A loop over a stack rather than recursion: a document nested a few
    hundred levels deep (which the JSON parser accepts) must not end in a
    RecursionError.
    """
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _is_unstorable(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return False


# The controls that reorder text for display: the marks LRM and RLM, the embeddings and
# overrides U+202A-U+202E and the isolates U+2066-U+2069.  In a name or a title one of them
# makes the text read otherwise than it is stored ("an RLO reverses an event's title"); the
# bidirectional algorithm places Arabic or Hebrew letters without them.
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# The categories of characters that show nothing by themselves: spaces and separators,
# controls and format characters (zero-width spaces and joiners), unassigned and private
# code points, and marks, which only decorate the character before them.
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cn", "Co", "Cs", "Mn", "Me"})


def has_bidi_control(text: str) -> bool:
    """Return whether ``text`` holds a character that reorders text for display."""
    return bool(_BIDI_CONTROLS.search(text))


def has_visible_character(text: str) -> bool:
    """Return whether ``text`` shows at least one character (not only spaces or zero widths)."""
    return any(unicodedata.category(char) not in _INVISIBLE_CATEGORIES for char in text)
