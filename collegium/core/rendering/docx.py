"""Helpers for editable DOCX documents (python-docx): styles, A4 pages, page numbers, bytes.

A document keeps its formatting in named paragraph styles, so whoever edits
it in Word finds "Letter Body" or "Signature" rather than loose formatting.
"""

import io

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt, RGBColor


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


def document_bytes(document) -> bytes:
    """Return the document as the bytes of a .docx file."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
