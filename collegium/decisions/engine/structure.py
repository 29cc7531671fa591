"""A document's structure: the kinds of its parts, their Akoma Ntoso identifiers, their numbers.

Identifiers follow the Akoma Ntoso naming convention: each part's ``eid`` is its
parent's, ``__``, and its own prefix with a number (``sec_2__para_3__subpara_1``).
The number comes from a counter per parent and kind that only ever goes up, so
an identifier once given is never given again, even after its part is removed,
and never changes while the part exists (a part moves only among its siblings).
The counters are the document's: ``{parent eid or "": {prefix: last number}}``.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PREAMBLE, SECTION, PARAGRAPH, SUBPARAGRAPH = "preamble", "section", "paragraph", "subparagraph"
KINDS = (PREAMBLE, SECTION, PARAGRAPH, SUBPARAGRAPH)
PREFIXES = {PREAMBLE: "preamble", SECTION: "sec", PARAGRAPH: "para", SUBPARAGRAPH: "subpara"}
ROOT = ""
# Which kinds of part may stand under which (ROOT: the document's body itself).
CHILDREN: dict[str, frozenset[str]] = {
    ROOT: frozenset({PREAMBLE, SECTION, PARAGRAPH}),
    PREAMBLE: frozenset({PARAGRAPH}),
    SECTION: frozenset({PARAGRAPH}),
    PARAGRAPH: frozenset({SUBPARAGRAPH}),
    SUBPARAGRAPH: frozenset(),
}
LANGUAGES = ("ru", "be", "en")

type Counters = dict[str, dict[str, int]]


class StructureError(ValueError):
    """A part that cannot stand where it is put; ``code`` names the rule."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


def may_contain(parent_kind: str | None, kind: str) -> bool:
    """Return whether a part of ``kind`` may stand under a part of ``parent_kind`` (None: body)."""
    return kind in CHILDREN.get(parent_kind or ROOT, frozenset())


def next_eid(
    counters: Mapping[str, Mapping[str, int]], parent_eid: str | None, kind: str
) -> tuple[str, Counters]:
    """Return the identifier of a new ``kind`` part under ``parent_eid`` and the new counters.

    The counters given are left as they are.  The preamble is one per document,
    ``preamble``, never given twice.
    """
    if kind not in PREFIXES:
        raise StructureError(f"unknown kind {kind!r}", code="kind")
    key = parent_eid or ROOT
    updated: Counters = {k: dict(v) for k, v in counters.items()}
    own = updated.setdefault(key, {})
    prefix = PREFIXES[kind]
    number = own.get(prefix, 0) + 1
    if kind == PREAMBLE:
        if number > 1:
            raise StructureError("the preamble's identifier was given already", code="preamble")
        own[prefix] = 1
        return "preamble", updated
    own[prefix] = number
    eid = f"{prefix}_{number}"
    return (f"{parent_eid}__{eid}" if parent_eid else eid), updated


@dataclass(frozen=True)
class Part:
    """What numbering needs of a part: its id, kind, parent and position among its siblings."""

    eid: str
    kind: str
    parent: str | None
    position: int


ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    """Return ``number`` (1 to 399) in Roman numerals."""
    out = "C" * (number // 100)
    number %= 100
    for value, letters in ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


def ordered(parts: Iterable[Part]) -> list[Part]:
    """Return the parts in document order: depth first, siblings by position then id."""
    children: dict[str | None, list[Part]] = {}
    for part in parts:
        children.setdefault(part.parent, []).append(part)
    for siblings in children.values():
        siblings.sort(key=lambda p: (p.position, p.eid))
    out: list[Part] = []

    def walk(parent: str | None) -> None:
        for part in children.get(parent, []):
            out.append(part)
            walk(part.eid)

    walk(None)
    return out


def numbers(parts: Iterable[Part]) -> dict[str, str]:
    """Return the number label of each part: sections I, II; paragraphs 1., 2.; 1.1., 1.2.

    Paragraphs are numbered through the whole document, outside the preamble
    (whose paragraphs carry no number), as resolutions number their provisions.
    """
    labels: dict[str, str] = {}
    kinds = {}
    counts: dict[str | None, int] = {}
    paragraph = 0
    for part in ordered(parts):
        kinds[part.eid] = part.kind
        if part.kind == PREAMBLE:
            labels[part.eid] = ""
        elif part.kind == SECTION:
            counts[None] = counts.get(None, 0) + 1
            labels[part.eid] = roman(counts[None])
        elif part.kind == PARAGRAPH:
            if part.parent is not None and kinds.get(part.parent) == PREAMBLE:
                labels[part.eid] = ""
            else:
                paragraph += 1
                labels[part.eid] = f"{paragraph}."
        else:
            counts[part.parent] = counts.get(part.parent, 0) + 1
            parent_label = labels.get(part.parent or "", "").rstrip(".")
            labels[part.eid] = f"{parent_label}.{counts[part.parent]}."
    return labels


def language_gaps(
    parts: Iterable[Mapping[str, object]], languages: Iterable[str] = LANGUAGES
) -> list[tuple[str, list[str]]]:
    """Return ``(eid, missing languages)`` of each part written in some language but not all.

    A part's wording is its heading (a section, the preamble) or its text; a
    part with no wording in any language is no gap (an empty section shell).
    """
    wanted = tuple(languages)
    gaps = []
    for part in parts:
        present = [
            lang
            for lang in wanted
            if str(part.get(f"heading_{lang}") or "").strip()
            or str(part.get(f"text_{lang}") or "").strip()
        ]
        if present and len(present) < len(wanted):
            gaps.append((str(part["eid"]), [lang for lang in wanted if lang not in present]))
    return gaps
