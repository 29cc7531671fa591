"""The generic rendering engine: dates in words, DOCX helpers, a PDF that reads local files only."""

import datetime as dt
import io

import docx
import pytest

from collegium.core.rendering import dates, pdf
from collegium.core.rendering.docx import (
    add_page_number_field,
    add_paragraph_style,
    add_text_table,
    document_bytes,
    set_a4,
    set_paragraph_style,
)


def test_dates_in_words():
    day = dt.date(2025, 11, 27)
    assert dates.format_date(day, "ru") == "27 ноября 2025 г."
    assert dates.format_date(day, "en") == "27 November 2025"
    assert dates.format_date_range(day, dt.date(2025, 11, 28), "en") == "27–28 November 2025"


def test_docx_helpers_make_an_a4_document_with_styles_and_page_numbers():
    document = docx.Document()
    add_paragraph_style(document, "Body Text Plain", size=12, bold=True, indent=1.25)
    section = document.sections[0]
    set_a4(section, left=25, right=15, top=20, bottom=20, header=10)
    add_page_number_field(section.header.paragraphs[0])
    document.add_paragraph("text", style="Body Text Plain")
    reread = docx.Document(io.BytesIO(document_bytes(document)))
    assert round(reread.sections[0].page_width.mm) == 210
    assert reread.styles["Body Text Plain"].font.bold
    assert 'w:instr="PAGE"' in reread.sections[0].header._element.xml


TABLE_ROWS = [
    ["1", "plain", "  spaces kept  ", ""],
    ["2", "a\tb", "line one\nline two\r\nthree", "<&> \"quoted\" 'too'"],
]


def _python_docx_table(document, header, rows):
    """The table python-docx's own calls build, cell by cell (the slow way)."""
    table = document.add_table(rows=1, cols=len(header), style="Table Grid")
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    return table


def test_a_text_table_is_the_table_python_docx_builds_cell_by_cell():
    header = ["№", "Тема", "Срок", "Отчёт"]
    slow, fast = docx.Document(), docx.Document()
    for document in (slow, fast):
        set_a4(document.sections[0], left=25, right=15, top=20, bottom=20, header=10)
    expected = _python_docx_table(slow, header, TABLE_ROWS)
    table = add_text_table(fast, header, TABLE_ROWS, style="Table Grid", bold_header=True)
    assert table._tbl.xml == expected._tbl.xml
    reread = docx.Document(io.BytesIO(document_bytes(fast))).tables[0]
    assert [cell.text for cell in reread.rows[2].cells][1:3] == [
        "a\tb",
        "line one\nline two\n\nthree",
    ]
    assert reread.style.name == "Table Grid"


def test_a_text_table_drops_what_xml_cannot_hold_and_refuses_a_short_row():
    document = docx.Document()
    table = add_text_table(document, ["a", "b"], [["bell\x07", "ok\x00"]], style="Table Grid")
    assert [cell.text for cell in table.rows[1].cells] == ["bell", "ok"]
    with pytest.raises(ValueError, match="a row of 1 cells in a table of 2 columns"):
        add_text_table(document, ["a", "b"], [["only one"]], style="Table Grid")


def test_a_paragraph_style_set_by_id_is_the_named_style():
    document = docx.Document()
    paragraph = document.add_paragraph("item")
    set_paragraph_style(paragraph, document.styles["List Bullet"].style_id)
    assert docx.Document(io.BytesIO(document_bytes(document))).paragraphs[0].style.name == (
        "List Bullet"
    )


def test_pdf_reads_files_in_its_root_only(tmp_path):
    from weasyprint.urls import FatalURLFetchingError

    (tmp_path / "page.css").write_text("body { font-size: 12pt; }", encoding="utf-8")
    fetcher = pdf.local_fetcher(tmp_path)
    content = pdf.render_pdf(
        '<link rel="stylesheet" href="page.css"><p>Hello</p>',
        root=tmp_path,
        url_fetcher=fetcher,
        identifier=b"fixed",
    )
    assert content.startswith(b"%PDF")
    assert fetcher.requested == [(tmp_path / "page.css").as_uri()]
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch("https://example.org/x.css")
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch((tmp_path.parent / "elsewhere.css").as_uri())


def test_belarusian_dates_use_the_official_spelling():
    """Write "3 снежня 2026 г.", "1 мая", "Снежань 2026 г.": not Django's "сьнежня", "траўня", nor a
    genitive where a month stands alone."""
    import datetime as dt

    from django.utils import formats, translation

    with translation.override("be"):
        assert formats.date_format(dt.date(2026, 12, 3), "DATE_FORMAT") == "3 снежня 2026 г."
        assert formats.date_format(dt.date(2026, 5, 1), "DATE_FORMAT") == "1 мая 2026 г."
        assert formats.date_format(dt.date(2026, 9, 1), "DATE_FORMAT") == "1 верасня 2026 г."
        assert formats.date_format(dt.date(2026, 12, 3), "YEAR_MONTH_FORMAT") == "Снежань 2026 г."
