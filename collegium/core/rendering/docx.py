"""Helpers for editable DOCX documents (python-docx): styles, A4 pages, page numbers, bytes.

A document keeps its formatting in named paragraph styles, so whoever edits
it in Word finds "Letter Body" or "Signature" rather than loose formatting.
"""

import io
import re
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Length, Mm, Pt, RGBColor


def add_paragraph_style(document, name: str, *, base: str = "Normal", **options):
    """Add a paragraph style shown in Word's gallery; return it.

    ``options``: ``align`` (a ``WD_ALIGN_PARAGRAPH``), ``before`` and ``after``
    (points), ``indent`` (first line) and ``left`` (centimetres), ``size``
    (points), ``bold``, ``caps``, ``color`` (hex RGB).
    """
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles[base]
    style.quick_style = True
    fmt, font = style.paragraph_format, style.font
    fmt.alignment = options.get("align")
    fmt.space_before = Pt(options.get("before", 0))
    fmt.space_after = Pt(options.get("after", 0))
    if "indent" in options:
        fmt.first_line_indent = Cm(options["indent"])
    if "left" in options:
        fmt.left_indent = Cm(options["left"])
    if "size" in options:
        font.size = Pt(options["size"])
    font.bold = options.get("bold")
    font.all_caps = options.get("caps")
    if "color" in options:
        font.color.rgb = RGBColor.from_string(options["color"])
    return style


def set_a4(section, *, left: int, right: int, top: int, bottom: int, header: int) -> Length:
    """Make ``section`` an A4 page with the margins and header distance given in millimetres.

    Return the width of the text between the margins (for a right tab stop).
    """
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.header_distance = Mm(header)
    return Mm(210 - left - right)


def add_page_number_field(paragraph) -> None:
    """Append a PAGE field to ``paragraph``: Word fills in the number on every page."""
    # python-docx has no API for fields; a PAGE field is the one WordprocessingML
    # element written by hand.
    field_element = OxmlElement("w:fldSimple")
    field_element.set(qn("w:instr"), "PAGE")
    paragraph._p.append(field_element)


# What XML 1.0 cannot hold (control characters but tab, line feed and carriage return).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_RUN_BREAKS = re.compile(r"([\t\r\n])")


def _run_xml(text: str, *, bold: bool = False) -> str:
    """Return the ``w:r`` that python-docx's ``run.text = text`` builds, element by element:
    a tab is a ``w:tab``, each ``\\r`` or ``\\n`` a ``w:br``, the rest ``w:t`` (spaces kept)."""
    pieces = []
    for piece in _RUN_BREAKS.split(_NOT_XML.sub("", text)):
        if piece == "\t":
            pieces.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            pieces.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if piece != piece.strip() else ""
            pieces.append(f"<w:t{space}>{escape(piece)}</w:t>")
    properties = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f"<w:r>{properties}{''.join(pieces)}</w:r>"


def add_text_table(
    document,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    style: str,
    bold_header: bool = False,
):
    """Append a table of plain-text cells, ``header`` its first row (in bold with
    ``bold_header``), in table style ``style``; return it.

    The rows are written as one piece of WordprocessingML and parsed once.
    python-docx's ``add_row()`` and ``cell.text`` walk the tree for every cell:
    half a second for a table of 500 rows, where this takes a few milliseconds.
    Word sees the same table (equal columns across the text width, each cell one
    paragraph of one run).
    """
    table = document.add_table(rows=0, cols=len(header), style=style)
    section = document.sections[-1]
    width = Emu((section.page_width - section.left_margin - section.right_margin) // len(header))
    cell_start = f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width.twips}"/></w:tcPr><w:p>'
    trs = []
    for number, row in enumerate((header, *rows)):
        if len(row) != len(header):
            raise ValueError(f"a row of {len(row)} cells in a table of {len(header)} columns")
        bold = bold_header and number == 0
        cells = (f"{cell_start}{_run_xml(str(text), bold=bold)}</w:p></w:tc>" for text in row)
        trs.append(f"<w:tr>{''.join(cells)}</w:tr>")
    parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(trs)}</w:tbl>")
    table._tbl.extend(list(parsed))
    return table


def set_paragraph_style(paragraph, style_id: str) -> None:
    """Give ``paragraph`` the style ``style_id`` (``document.styles[name].style_id``).

    Setting ``paragraph.style`` by name looks the style up in the whole styles part
    each time (a millisecond or two); a list of many items looks it up once.
    """
    paragraph._p.style = style_id


def document_bytes(document) -> bytes:
    """Return the document as the bytes of a .docx file."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
