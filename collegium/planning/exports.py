"""The plan as a table ready to sign: the rows both exports print, and the PDF (WeasyPrint).

One row per placed consultation, in date order: the dates, the topic in Russian and in the
partner's language (Belarusian where given, else English), the level, the host city; then a
signature block for each party.  The DOCX (``docx.py``) and the PDF print the same table in
the same words (``wording``); the PDF uses local fonts only (``core.rendering.pdf``).
"""

from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string

from collegium.core.rendering import pdf
from collegium.planning.models import ConsultationPlan, PlanVersion
from collegium.planning.selectors import plan_requests
from collegium.planning.wording import dates, level_words

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "planning" / "export"
HEADS = (
    "№",
    "Сроки / Тэрміны",
    "Тема консультаций",
    "Тэма кансультацый / Topic",
    "Уровень / Узровень",
    "Место / Месца",
)
SIGNATURE = "(подпись / подпіс)"


@dataclass(frozen=True)
class PlanTable:
    title: str
    note: str
    rows: list[tuple[str, ...]]
    parties: list[str]


def plan_table(plan: ConsultationPlan, version: PlanVersion) -> PlanTable:
    """Return the bilingual table of the version, as both exports print it."""
    title = plan.title_ru
    if plan.title_be or plan.title_en:
        title += f" / {plan.title_be or plan.title_en}"
    note = f"Версия {version.number}"
    if plan.is_illustrative:
        note += " · иллюстративный пример, не официальный текст (ілюстрацыйны прыклад)"
    requests = {r.code: r for r in plan_requests(plan)}
    placements = sorted(version.result.get("placements", []), key=lambda p: p["start"])
    rows: list[tuple[str, ...]] = []
    for placement in placements:
        request = requests.get(str(placement["id"]))
        if request is None:
            continue
        level_ru, level_be, _en = level_words(request.level)
        rows.append(
            (
                str(len(rows) + 1),
                dates(placement["start"], placement["end"]),
                request.topic_ru,
                request.topic_be or request.topic_en or request.topic_ru,
                f"{level_ru.capitalize()} / {level_be.capitalize()}",
                str(placement.get("city", "")),
            )
        )
    parties = [party.name_ru for party in plan.parties.order_by("slug")]
    return PlanTable(title, note, rows, parties)


def plan_pdf(plan: ConsultationPlan, version: PlanVersion) -> bytes:
    """Return the version of the plan as an A4 landscape PDF: the table and signatures."""
    table = plan_table(plan, version)
    html = render_to_string(
        "planning/export/plan.html",
        {"table": table, "heads": HEADS, "signature": SIGNATURE},
    )
    identifier = f"{plan.slug}:v{version.number}".encode()
    return pdf.render_pdf(html, root=TEMPLATE_DIR, identifier=identifier)
