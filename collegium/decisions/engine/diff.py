"""The difference between two revisions of a document, in one language.

Parts are matched by their identifier (``eid``), which never changes nor is
reused, so a paragraph edited, moved or renumbered is still the same
paragraph; inside a changed part the wording is compared word by word.
"""

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from collegium.decisions.engine.canonical import flatten

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"
EQUAL, INSERT, DELETE = "equal", "insert", "delete"
# Words, runs of spaces and single punctuation marks: joined again they give the text back.
TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Piece:
    op: str  # equal, insert, delete
    text: str


@dataclass(frozen=True)
class PartChange:
    eid: str
    kind: str
    change: str  # added, removed, changed, unchanged
    num_before: str
    num_after: str
    pieces: list[Piece] = field(default_factory=list)


def words(before: str, after: str) -> list[Piece]:
    """Return the word-level difference of two texts as equal, deleted and inserted pieces."""
    old, new = TOKEN.findall(before), TOKEN.findall(after)
    pieces: list[Piece] = []

    def add(op: str, tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if pieces and pieces[-1].op == op:
            pieces[-1] = Piece(op, pieces[-1].text + text)
        else:
            pieces.append(Piece(op, text))

    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add(EQUAL, old[i1:i2])
        else:
            add(DELETE, old[i1:i2])
            add(INSERT, new[j1:j2])
    return pieces


def _wording(part: Mapping[str, Any], language: str) -> str:
    heading = str((part.get("heading") or {}).get(language, ""))
    text = str((part.get("text") or {}).get(language, ""))
    return "\n".join(value for value in (heading, text) if value)


def diff(before: Mapping[str, Any], after: Mapping[str, Any], language: str) -> list[PartChange]:
    """Return each part of either revision with its change, in the order of ``after``.

    A removed part is shown where it stood: after the part that preceded it in
    ``before`` (or first).
    """
    old = {str(p["eid"]): p for p in flatten(before)}
    new_parts = flatten(after)
    new = {str(p["eid"]): p for p in new_parts}
    changes: list[PartChange] = []
    placed: set[str] = set()

    def removed_after(anchor: str | None) -> None:
        # The removed parts that directly followed ``anchor`` in the old order.
        order = list(old)
        start = order.index(anchor) + 1 if anchor in old else 0
        for eid in order[start:]:
            if eid in new:
                break
            if eid not in placed:
                placed.add(eid)
                part = old[eid]
                changes.append(
                    PartChange(
                        eid,
                        str(part["kind"]),
                        REMOVED,
                        str(part.get("num", "")),
                        "",
                        [Piece(DELETE, _wording(part, language))],
                    )
                )

    removed_after(None)
    for part in new_parts:
        eid = str(part["eid"])
        text_after = _wording(part, language)
        if eid not in old:
            changes.append(
                PartChange(
                    eid,
                    str(part["kind"]),
                    ADDED,
                    "",
                    str(part.get("num", "")),
                    [Piece(INSERT, text_after)] if text_after else [],
                )
            )
        else:
            text_before = _wording(old[eid], language)
            num_before, num_after = str(old[eid].get("num", "")), str(part.get("num", ""))
            if text_before == text_after:
                pieces = [Piece(EQUAL, text_after)] if text_after else []
                kind = UNCHANGED
            else:
                pieces, kind = words(text_before, text_after), CHANGED
            changes.append(PartChange(eid, str(part["kind"]), kind, num_before, num_after, pieces))
            removed_after(eid)
    for eid in old:  # removed parts whose neighbours moved away
        if eid not in new and eid not in placed:
            placed.add(eid)
            part = old[eid]
            changes.append(
                PartChange(
                    eid,
                    str(part["kind"]),
                    REMOVED,
                    str(part.get("num", "")),
                    "",
                    [Piece(DELETE, _wording(part, language))],
                )
            )
    return changes
