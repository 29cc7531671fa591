"""The plan as a bilingual DOCX table ready to sign (python-docx): the rows of
``exports.plan_table``, and a signature block for each party at the end.  An illustrative
plan says so under its title.
"""

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from collegium.core.rendering.docx import (
    add_page_number_field,
    add_paragraph_style,
    add_text_table,
    document_bytes,
    set_a4,
)
from collegium.planning.exports import HEADS, SIGNATURE, plan_table
from collegium.planning.models import ConsultationPlan, PlanVersion


def plan_docx(plan: ConsultationPlan, version: PlanVersion) -> bytes:
    """Return the version of the plan as a .docx file: a bilingual table and signatures."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    set_a4(section, left=20, right=15, top=20, bottom=20, header=10)
    section.page_width, section.page_height = Mm(297), Mm(210)
    add_paragraph_style(
        document, "Plan Title", align=WD_ALIGN_PARAGRAPH.CENTER, after=6, size=14, bold=True
    )
    add_paragraph_style(document, "Plan Note", align=WD_ALIGN_PARAGRAPH.CENTER, after=12, size=10)
    table_data = plan_table(plan, version)
    document.add_paragraph(table_data.title, style="Plan Title")
    document.add_paragraph(table_data.note, style="Plan Note")
    add_text_table(document, HEADS, table_data.rows, style="Table Grid", bold_header=True)

    document.add_paragraph()
    signatures = document.add_table(rows=2, cols=len(table_data.parties))
    for index, party in enumerate(table_data.parties):
        signatures.rows[0].cells[index].text = party
        signatures.rows[1].cells[index].text = f"\n\n____________________\n{SIGNATURE}"
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_number_field(footer)
    return document_bytes(document)
