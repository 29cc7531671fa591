"""Akoma Ntoso 3.0 XML of a document, one expression (language) per file.

A pure engine: it reads the document's snapshot (``engine.canonical.snapshot``)
and writes the XML with ElementTree; no Django, no database.  The FRBR
metadata names the work (the document, whatever its language), the
expression (its text in one language) and the manifestation (this XML file);
the parts keep their stable identifiers as ``eId``.  The structure follows
the snapshot: a preamble, sections, paragraphs and sub-paragraphs in an
``act``'s ``body`` (a resolution's provisions are its paragraphs).
"""

import datetime as dt
import xml.etree.ElementTree as ET  # noqa: S405 (writes XML only, parses nothing)
from collections.abc import Mapping
from typing import Any

NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
SOURCE = "collegium"

# ISO 639-2 codes, as FRBRlanguage wants them.
LANGUAGE_CODES = {"ru": "rus", "be": "bel", "en": "eng"}

ET.register_namespace("", NAMESPACE)


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, _q(tag), {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _paragraphs(parent: ET.Element, text: str) -> None:
    """Put ``text`` in ``parent`` as ``<p>`` elements, one per line (one empty ``<p>`` if none)."""
    lines = [line for line in text.splitlines() if line.strip()] or [""]
    for line in lines:
        _sub(parent, "p", line)


def _work_uri(meta: Mapping[str, Any], country: str) -> str:
    dated = meta.get("dated") or "0000-00-00"
    return f"/akn/{country}/act/{meta.get('kind') or 'act'}/{dated}/{meta['slug']}"


def _identification(
    meta: Mapping[str, Any], language: str, country: str, generated: dt.date
) -> ET.Element:
    work = _work_uri(meta, country)
    code = LANGUAGE_CODES[language]
    dated = meta.get("dated") or generated.isoformat()
    identification = ET.Element(_q("identification"), {"source": f"#{SOURCE}"})
    levels = [
        ("FRBRWork", work, work, dated, "#" + _author(meta)),
        ("FRBRExpression", f"{work}/{code}@", f"{work}/{code}@", dated, "#" + _author(meta)),
        (
            "FRBRManifestation",
            f"{work}/{code}@/!main.xml",
            f"{work}/{code}@.akn",
            generated.isoformat(),
            f"#{SOURCE}",
        ),
    ]
    for tag, this, uri, date, author in levels:
        level = _sub(identification, tag)
        _sub(level, "FRBRthis", value=this + ("" if tag == "FRBRManifestation" else "/!main"))
        _sub(level, "FRBRuri", value=uri)
        if tag == "FRBRWork":
            title = meta.get("title", {}).get(language) or meta.get("title", {}).get("ru") or ""
            _sub(level, "FRBRalias", value=title, name="title")
        _sub(level, "FRBRdate", date=date, name="generation" if tag == "FRBRManifestation" else "")
        _sub(level, "FRBRauthor", href=author)
        if tag == "FRBRWork":
            _sub(level, "FRBRcountry", value=country)
            _sub(level, "FRBRname", value=str(meta.get("kind") or "act"))
        if tag == "FRBRExpression":
            authentic = meta.get("authentic_language") == language
            _sub(level, "FRBRauthoritative", value="true" if authentic else "false")
            _sub(level, "FRBRlanguage", language=code)
    return identification


def _author(meta: Mapping[str, Any]) -> str:
    parties = meta.get("parties") or []
    drafting = [p["organization"] for p in parties if p.get("role") == "drafting"]
    return (drafting or [p["organization"] for p in parties] or [SOURCE])[0]


def _references(meta: Mapping[str, Any]) -> ET.Element:
    references = ET.Element(_q("references"), {"source": f"#{SOURCE}"})
    _sub(
        references,
        "TLCOrganization",
        eId=SOURCE,
        href=f"/ontology/organization/{SOURCE}",
        showAs="Collegium",
    )
    for party in meta.get("parties") or []:
        slug = party["organization"]
        _sub(
            references,
            "TLCOrganization",
            eId=slug,
            href=f"/ontology/organization/{slug}",
            showAs=slug,
        )
    return references


def _wording(node: Mapping[str, Any], field: str, language: str) -> str:
    return str((node.get(field) or {}).get(language) or "")


def _hierarchy(parent: ET.Element, node: Mapping[str, Any], language: str) -> None:
    """Write a section, paragraph or sub-paragraph with its number, heading and text."""
    element = _sub(parent, str(node["kind"]), eId=str(node["eid"]))
    if node.get("num"):
        _sub(element, "num", str(node["num"]))
    heading = _wording(node, "heading", language)
    if heading:
        _sub(element, "heading", heading)
    text = _wording(node, "text", language)
    children = node.get("children") or []
    if children:
        if text:
            _paragraphs(_sub(element, "intro"), text)
        for child in children:
            _hierarchy(element, child, language)
    else:
        _paragraphs(_sub(element, "content"), text)


def akn_xml(
    document: Mapping[str, Any],
    language: str,
    *,
    country: str = "ru",
    generated: dt.date | None = None,
) -> bytes:
    """Return the Akoma Ntoso 3.0 XML of ``document`` (a snapshot) in ``language``.

    ``country`` is the FRBR country of the work (the drafting party's);
    ``generated`` the manifestation's date (today when omitted is the
    caller's business: pass it to get the same bytes twice).
    """
    if language not in LANGUAGE_CODES:
        raise ValueError(f"unknown language {language!r}; use one of {sorted(LANGUAGE_CODES)}")
    meta = document["document"]
    generated = generated or dt.date(2000, 1, 1)
    root = ET.Element(_q("akomaNtoso"))
    act = _sub(root, "act", name=str(meta.get("kind") or "act"))
    meta_element = _sub(act, "meta")
    meta_element.append(_identification(meta, language, country, generated))
    meta_element.append(_references(meta))
    title = meta.get("title", {}).get(language) or meta.get("title", {}).get("ru") or ""
    preface = _sub(act, "preface")
    _sub(_sub(preface, "p"), "docTitle", title)
    body_parts = list(document.get("body") or [])
    preambles = [part for part in body_parts if part["kind"] == "preamble"]
    for preamble in preambles:
        element = _sub(act, "preamble", eId=str(preamble["eid"]))
        _paragraphs(element, _wording(preamble, "text", language))
    body = _sub(act, "body")
    others = [part for part in body_parts if part["kind"] != "preamble"]
    for part in others:
        _hierarchy(body, part, language)
    if not others:  # a body holds at least one provision
        _paragraphs(_sub(_sub(body, "hcontainer", name="empty", eId="hcontainer_1"), "content"), "")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
