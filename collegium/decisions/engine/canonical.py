"""The canonical bytes of a whole document, the text its signatures will cover.

A document is a dictionary: its metadata (``document``) and its body, a tree of
parts with their identifiers, numbers and wording in every language.  Its
canonical form is JSON with sorted keys, no insignificant whitespace, UTF-8,
no escaping of non-ASCII characters and no floats, so the same document gives
the same bytes on every machine and every database, and a change of any
character of its content gives other bytes.  Text is not normalized: two
spellings a reader cannot tell apart are still two texts.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from collegium.decisions.engine.structure import LANGUAGES, Part, ordered

FORMAT = "collegium.document/1"


def _check(value: Any, where: str = "$") -> None:
    """Refuse what has no single canonical form: floats, non-string keys, other types."""
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return
    if isinstance(value, float):
        raise TypeError(f"{where}: floats have no canonical form here")
    if isinstance(value, list):
        for index, item in enumerate(value):
            _check(item, f"{where}[{index}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where}: keys are strings")
            _check(item, f"{where}.{key}")
        return
    raise TypeError(f"{where}: {type(value).__name__} is not canonical JSON")


def canonical_bytes(document: Mapping[str, Any]) -> bytes:
    """Return the canonical bytes of ``document`` (a snapshot, see ``snapshot``)."""
    _check(dict(document))
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def digest(document: Mapping[str, Any]) -> str:
    """Return the SHA-256 of the canonical bytes, in hex."""
    return hashlib.sha256(canonical_bytes(document)).hexdigest()


def _wording(node: Mapping[str, Any], field: str) -> dict[str, str]:
    return {lang: str(node.get(f"{field}_{lang}") or "") for lang in LANGUAGES}


def snapshot(meta: Mapping[str, Any], nodes: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Return the document as one dictionary: ``meta`` and the tree of ``nodes``.

    ``nodes`` are flat: ``eid``, ``kind``, ``parent`` (its eid or None),
    ``position``, ``num`` and ``heading_<lang>``, ``text_<lang>``.  The tree
    lists each part's children in document order.
    """
    by_eid = {str(node["eid"]): node for node in nodes}
    parts = [
        Part(eid, str(node["kind"]), node.get("parent"), int(node["position"]))
        for eid, node in by_eid.items()
    ]
    trees: dict[str, dict[str, Any]] = {}
    body: list[dict[str, Any]] = []
    for part in ordered(parts):
        node = by_eid[part.eid]
        tree = {
            "eid": part.eid,
            "kind": part.kind,
            "num": str(node.get("num") or ""),
            "heading": _wording(node, "heading"),
            "text": _wording(node, "text"),
            "children": [],
        }
        trees[part.eid] = tree
        (trees[part.parent]["children"] if part.parent else body).append(tree)
    return {"format": FORMAT, "document": dict(meta), "body": body}


def flatten(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return the parts of a snapshot in document order, each with its parent's eid."""
    out: list[dict[str, Any]] = []

    def walk(children: list[Mapping[str, Any]], parent: str | None) -> None:
        for child in children:
            out.append({**{k: v for k, v in child.items() if k != "children"}, "parent": parent})
            walk(child.get("children", []), str(child["eid"]))

    walk(document.get("body", []), None)
    return out
