"""The document's exports: DOCX (python-docx), PDF (WeasyPrint) and Akoma Ntoso XML.

Each is made from the document's snapshot (its canonical form), so every
export says what the signatures cover.  One language, or two side by side
(a two-column table, part by part on the stable identifiers).  The wording
is the document's own; the labels around it are the interface's.  The PDF
uses local fonts only (DejaVu through fontconfig); nothing is fetched.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from collegium.core.rendering import pdf
from collegium.core.rendering.docx import add_paragraph_style, document_bytes, set_a4
from collegium.decisions.engine import akn, canonical
from collegium.decisions.engine.structure import LANGUAGES

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates" / "decisions" / "export"

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xml": "application/akn+xml",
}


class ExportError(ValueError):
    """The languages asked for cannot be exported (unknown, repeated, too many)."""


def check_languages(languages: Sequence[str]) -> list[str]:
    """Return the one or two languages asked for, or raise ``ExportError`` naming the rule."""
    chosen = [language for language in languages if language]
    if not chosen or len(chosen) > 2:
        raise ExportError(_("Choose one language, or two side by side."))
    for language in chosen:
        if language not in LANGUAGES:
            raise ExportError(
                _("Unknown language “%(language)s”; use one of: %(languages)s.")
                % {"language": language, "languages": ", ".join(LANGUAGES)}
            )
    if len(set(chosen)) != len(chosen):
        raise ExportError(_("Side by side takes two different languages."))
    return chosen


@dataclass(frozen=True)
class Row:
    """One part in document order: its identifier, depth, number and wording per language."""

    eid: str
    kind: str
    depth: int
    num: str
    heading: dict[str, str]
    text: dict[str, str]


def rows(document: Mapping[str, Any]) -> list[Row]:
    """Return the snapshot's parts in document order, each with its depth."""
    depth: dict[str, int] = {}
    out = []
    for part in canonical.flatten(document):
        parent = part.get("parent")
        depth[part["eid"]] = depth[parent] + 1 if parent else 0
        out.append(
            Row(
                eid=part["eid"],
                kind=part["kind"],
                depth=depth[part["eid"]],
                num=part.get("num") or "",
                heading=dict(part.get("heading") or {}),
                text=dict(part.get("text") or {}),
            )
        )
    return out


def _title(document: Mapping[str, Any], language: str) -> str:
    titles = document["document"].get("title") or {}
    return titles.get(language) or titles.get("ru") or ""


def _cell_lines(row: Row, language: str) -> list[tuple[str, str]]:
    """Return ``[(style, text)]`` for one part in one language: its heading, then its text."""
    lines = []
    heading = row.heading.get(language, "")
    text = row.text.get(language, "")
    if heading or (row.num and row.kind == "section"):
        lines.append(("Part Heading", " ".join(filter(None, [row.num, heading]))))
        if text:
            lines.append(("Part Text", text))
    elif text or row.num:
        lines.append(("Part Text", " ".join(filter(None, [row.num, text]))))
    return lines


def render_docx(document: Mapping[str, Any], languages: Sequence[str]) -> bytes:
    """Return the document as DOCX: one language, or two side by side in a table."""
    chosen = check_languages(languages)
    docx = new_docx()
    set_a4(docx.sections[0], left=20, right=15, top=20, bottom=20, header=10)
    docx.styles["Normal"].font.name = "DejaVu Serif"
    docx.styles["Normal"].font.size = Pt(11)
    add_paragraph_style(
        docx, "Document Title", align=WD_ALIGN_PARAGRAPH.CENTER, after=12, size=14, bold=True
    )
    add_paragraph_style(docx, "Part Heading", before=6, after=3, bold=True)
    add_paragraph_style(docx, "Part Text", after=4, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    parts = rows(document)
    if len(chosen) == 1:
        language = chosen[0]
        docx.add_paragraph(_title(document, language), style="Document Title")
        for row in parts:
            for style, text in _cell_lines(row, language):
                docx.add_paragraph(text, style=style)
        return document_bytes(docx)
    table = docx.add_table(rows=1, cols=2)
    table.style = docx.styles["Table Grid"]
    for cell, language in zip(table.rows[0].cells, chosen, strict=True):
        cell.paragraphs[0].text = _title(document, language)
        cell.paragraphs[0].style = "Document Title"
    for row in parts:
        cells = table.add_row().cells
        for cell, language in zip(cells, chosen, strict=True):
            lines = _cell_lines(row, language) or [("Part Text", "")]
            first, *rest = lines
            cell.paragraphs[0].text = first[1]
            cell.paragraphs[0].style = first[0]
            for style, text in rest:
                cell.add_paragraph(text, style=style)
    return document_bytes(docx)


def render_html(
    document: Mapping[str, Any], languages: Sequence[str], *, labels: Mapping[str, str]
) -> str:
    """Return the HTML page the PDF is printed from."""
    chosen = check_languages(languages)
    parts = rows(document)
    return render_to_string(
        "decisions/export/document.html",
        {
            "languages": chosen,
            "titles": [_title(document, language) for language in chosen],
            "rows": [
                {
                    "eid": row.eid,
                    "kind": row.kind,
                    "depth": row.depth,
                    "cells": [
                        {"language": language, "lines": _cell_lines(row, language)}
                        for language in chosen
                    ],
                }
                for row in parts
            ],
            "labels": labels,
            "illustrative": bool(document["document"].get("illustrative")),
        },
    )


def render_pdf(
    document: Mapping[str, Any], languages: Sequence[str], *, labels: Mapping[str, str]
) -> bytes:
    """Return the document as an A4 PDF, printed with local files and fonts only."""
    html = render_html(document, languages, labels=labels)
    identifier = (document["document"]["slug"] + ":" + "-".join(languages)).encode()
    return pdf.render_pdf(html, root=TEMPLATE_DIR, identifier=identifier)


def render_akn(
    document: Mapping[str, Any], language: str, *, country: str, generated: dt.date
) -> bytes:
    """Return the Akoma Ntoso 3.0 XML of the document in ``language``."""
    check_languages([language])
    return akn.akn_xml(document, language, country=country, generated=generated)
