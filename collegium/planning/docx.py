"""The plan as a bilingual DOCX table ready to sign (python-docx).

One row per placed consultation, in date order: the dates, the topic in Russian and in
the partner's language (Belarusian where given, else English), the level, the host city,
and a signature block for each party at the end.  An illustrative plan says so in its title.
"""

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from collegium.core.rendering.docx import (
    add_page_number_field,
    add_paragraph_style,
    document_bytes,
    set_a4,
)
from collegium.planning.models import ConsultationPlan, PlanVersion
from collegium.planning.selectors import plan_requests
from collegium.planning.wording import dates, level_words


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
    title = plan.title_ru
    if plan.title_be or plan.title_en:
        title += f" / {plan.title_be or plan.title_en}"
    document.add_paragraph(title, style="Plan Title")
    note = f"Версия {version.number}"
    if plan.is_illustrative:
        note += " · иллюстративный пример, не официальный текст (ілюстрацыйны прыклад)"
    document.add_paragraph(note, style="Plan Note")

    requests = {r.code: r for r in plan_requests(plan)}
    placements = sorted(version.result.get("placements", []), key=lambda p: p["start"])
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    heads = (
        "№",
        "Сроки / Тэрміны",
        "Тема консультаций",
        "Тэма кансультацый / Topic",
        "Уровень / Узровень",
        "Место / Месца",
    )
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for n, placement in enumerate(placements, 1):
        request = requests.get(str(placement["id"]))
        if request is None:
            continue
        level_ru, level_be, _en = level_words(request.level)
        cells = table.add_row().cells
        cells[0].text = str(n)
        cells[1].text = dates(placement["start"], placement["end"])
        cells[2].text = request.topic_ru
        cells[3].text = request.topic_be or request.topic_en or request.topic_ru
        cells[4].text = f"{level_ru.capitalize()} / {level_be.capitalize()}"
        cells[5].text = placement.get("city", "")

    document.add_paragraph()
    parties = list(plan.parties.order_by("slug"))
    signatures = document.add_table(rows=2, cols=len(parties))
    for index, party in enumerate(parties):
        signatures.rows[0].cells[index].text = party.name_ru
        signatures.rows[1].cells[index].text = "\n\n____________________\n(подпись / подпіс)"
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_number_field(footer)
    return document_bytes(document)
