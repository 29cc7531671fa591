"""The interim-results report of a meeting: its data (rows for the engine), page, DOCX and PDF.

For a joint meeting and a date: every operative provision of the previous
joint meeting's resolution and every item of the programmes in force, with
their tasks' state on that date (``engine.report``), the counts per party
and per section as SVG charts (``engine.charts``).  The rows are read in a
fixed number of queries whatever the number of items.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.core.rendering import docx as docx_helpers
from collegium.core.rendering import pdf
from collegium.decisions.models import (
    SIGNED_STATUSES,
    Document,
    DocumentKind,
    DocumentNode,
    NodeKind,
)
from collegium.events.models import Event, EventKind
from collegium.execution.engine import charts, report
from collegium.execution.models import TaskStatus
from collegium.execution.selectors import latest_report, visible_tasks

PDF_ROOT = Path(__file__).resolve().parent / "pdf"


@dataclass
class Interim:
    meeting: Any
    as_of: dt.date
    previous: Any
    resolution: Document | None
    programmes: list[Document]
    report: report.Report
    party_chart: str
    section_chart: str

    @property
    def subject(self) -> str:
        """The meeting's title, or the resolution's for a report of a resolution alone."""
        if self.meeting is not None:
            return str(self.meeting.title)
        return str(self.resolution.title) if self.resolution is not None else ""

    @property
    def key(self) -> str:
        if self.meeting is not None:
            return f"meeting-{self.meeting.pk}"
        return f"document-{self.resolution.pk}" if self.resolution is not None else "none"


def bucket_labels() -> list[tuple[str, str]]:
    return [
        (report.DONE, _("Done")),
        (report.IN_PROGRESS, _("In progress")),
        (report.OVERDUE, _("Overdue")),
        (report.CARRIED_OVER, _("Carried over")),
        (report.NOT_STARTED, _("Not started")),
        (report.CANCELLED, _("Cancelled")),
    ]


def state_labels() -> dict[str, str]:
    return {**dict(bucket_labels()), report.NO_TASKS: _("No tasks")}


def previous_meeting(meeting: Event) -> Event | None:
    """Return the joint meeting held before ``meeting`` (of the same kind), if any."""
    return (
        Event.objects.filter(kind=meeting.kind, start__lt=meeting.start).order_by("-start").first()
    )


def _documents(user: AnyUser) -> QuerySet[Document]:
    return Document.objects.filter(access.visible_row_q(Document, user))


def _items(documents: list[Document]) -> list[report.Item]:
    """Return the report's items (operative paragraphs and sub-paragraphs) in reading order.

    Every part of the documents is read in one query, so that a paragraph's
    section and its place in the text (the positions from the root down: an
    identifier says when a part was made, not where it stands) need no more.
    """
    nodes = {
        node.pk: node for node in DocumentNode.objects.filter(document__in=documents).order_by("pk")
    }

    def ancestors(node: DocumentNode) -> list[DocumentNode]:
        chain = [node]
        while chain[-1].parent_id is not None:
            chain.append(nodes[chain[-1].parent_id])
        return chain

    by_document = {document.pk: document for document in documents}
    order = {document.pk: index for index, document in enumerate(documents)}
    lang = (get_language() or "ru")[:2]
    placed = []
    for node in nodes.values():
        if node.kind not in (NodeKind.PARAGRAPH, NodeKind.SUBPARAGRAPH):
            continue
        chain = ancestors(node)
        if any(part.kind == NodeKind.PREAMBLE for part in chain[1:2]):
            continue
        document = by_document[node.document_id]
        section = document.title
        if document.kind == DocumentKind.PROGRAMME:
            heading = next((part for part in chain if part.kind == NodeKind.SECTION), None)
            if heading is not None:
                section = _wording(heading, "heading", lang)
        position = (order[node.document_id], *(part.position for part in reversed(chain)))
        item = report.Item(
            key=node.pk,
            source=document.kind,
            section=section,
            num=node.num,
            eid=node.eid,
            text=_wording(node, "text", lang),
        )
        placed.append((position, item))
    return [item for _position, item in sorted(placed, key=lambda pair: pair[0])]


def _wording(node: Any, field: str, lang: str) -> str:
    for code in (lang, "ru", "en", "be"):
        value = getattr(node, f"{field}_{code}", "")
        if value:
            return value
    return ""


def _task_rows(user: AnyUser, items: list[report.Item], as_of: dt.date) -> list[report.TaskRow]:
    lang = (get_language() or "ru")[:2]
    tasks = (
        visible_tasks(user)
        .filter(source_id__in=[item.key for item in items])
        .annotate(
            report_status=latest_report("status", on=as_of),
            report_percent=latest_report("percent", on=as_of),
            report_date=latest_report("date", on=as_of),
            narrative_ru=latest_report("narrative_ru", on=as_of),
            narrative_en=latest_report("narrative_en", on=as_of),
            narrative_be=latest_report("narrative_be", on=as_of),
        )
        .select_related("lead", "carried_into__document")
        .order_by("pk")
    )
    rows = []
    for task in tasks:
        if task.status in {TaskStatus.CANCELLED, TaskStatus.CARRIED_OVER}:
            status = task.status
        else:
            status = task.report_status or TaskStatus.NOT_STARTED
        successor = getattr(task, "carried_into", None)
        narrative = ""
        for code in (lang, "ru", "en", "be"):
            narrative = getattr(task, f"narrative_{code}") or ""
            if narrative:
                break
        rows.append(
            report.TaskRow(
                key=task.pk,
                item=task.source_id,
                title=task.title,
                lead=str(task.lead.name),
                status=status,
                deadline=task.deadline,
                percent=task.report_percent,
                narrative=narrative,
                narrative_date=task.report_date,
                carried_into=successor.document.title if successor is not None else "",
            )
        )
    return rows


def programmes_in_force(user: AnyUser, as_of: dt.date) -> list[Document]:
    """Return the signed programmes the user sees, dated on or before ``as_of``."""
    return list(
        _documents(user)
        .filter(kind=DocumentKind.PROGRAMME, status__in=SIGNED_STATUSES)
        .filter(Q(dated__isnull=True) | Q(dated__lte=as_of))
        .order_by("dated", "pk")
    )


@dataclass(frozen=True)
class InterimSources:
    """What the interim report of a meeting covers, as one user sees it."""

    meeting: Event
    as_of: dt.date
    previous: Event | None
    resolution: Document | None
    programmes: list[Document]

    @property
    def documents(self) -> list[Document]:
        return ([self.resolution] if self.resolution is not None else []) + self.programmes

    @property
    def title(self) -> str:
        """Return the report's title in the active language, naming the documents it covers."""
        return _("Interim results of implementation of the decisions: %(documents)s") % {
            "documents": "; ".join(str(document.title) for document in self.documents)
        }


def interim_sources(*, user: AnyUser, meeting: Event, as_of: dt.date) -> InterimSources:
    """Return the previous joint meeting, its signed resolution and the programmes in force.

    Three queries at most (the previous meeting, its resolution, the programmes).
    """
    previous = previous_meeting(meeting)
    resolution = None
    if previous is not None:
        resolution = (
            _documents(user)
            .filter(kind=DocumentKind.RESOLUTION, meeting=previous, status__in=SIGNED_STATUSES)
            .order_by("-dated", "pk")
            .first()
        )
    return InterimSources(
        meeting=meeting,
        as_of=as_of,
        previous=previous,
        resolution=resolution,
        programmes=programmes_in_force(user, as_of),
    )


def meeting_report(*, user: AnyUser, meeting: Event) -> InterimSources | None:
    """Return the sources of the report on a joint collegium's day, or None if it has none.

    The report applies to a joint meeting of the collegia (the page offers it
    there) that has something to report on: the previous meeting's signed
    resolution or a programme in force, as the user sees them.  No query for
    another kind of event.
    """
    if meeting.kind != EventKind.JOINT_COLLEGIUM:
        return None
    sources = interim_sources(user=user, meeting=meeting, as_of=meeting.first_day)
    return sources if sources.documents else None


def interim_build(*, user: AnyUser, meeting: Event, as_of: dt.date) -> Interim:
    """Return the interim report of ``meeting`` on ``as_of``, as the user may see it.

    It covers the signed resolution of the previous joint meeting and the
    programmes in force (``interim_sources``).
    """
    sources = interim_sources(user=user, meeting=meeting, as_of=as_of)
    return _build(
        user=user,
        meeting=meeting,
        previous=sources.previous,
        resolution=sources.resolution,
        programmes=sources.programmes,
        as_of=as_of,
    )


def interim_build_for_resolution(*, user: AnyUser, resolution: Document, as_of: dt.date) -> Interim:
    """Return the interim report of one resolution alone on ``as_of`` (no programme)."""
    return _build(
        user=user,
        meeting=resolution.meeting if resolution.meeting_id is not None else None,
        previous=None,
        resolution=resolution,
        programmes=[],
        as_of=as_of,
    )


def _build(
    *,
    user: AnyUser,
    meeting: Event | None,
    previous: Event | None,
    resolution: Document | None,
    programmes: list[Document],
    as_of: dt.date,
) -> Interim:
    documents = ([resolution] if resolution is not None else []) + programmes
    items = _items(documents)
    built = report.build(items, _task_rows(user, items, as_of), as_of=as_of)
    legend = bucket_labels()
    party_chart = charts.stacked_bars(
        title=_("Tasks by responsible party"),
        description=_("Tasks done, in progress, overdue and carried over, per lead organization."),
        rows=list(built.by_party.items()),
        legend=legend,
        chart_id="chart-parties",
    )
    section_chart = charts.stacked_bars(
        title=_("Tasks by section"),
        description=_("Tasks done, in progress, overdue and carried over, per section."),
        rows=list(built.by_section.items()),
        legend=legend,
        chart_id="chart-sections",
    )
    return Interim(
        meeting=meeting,
        as_of=as_of,
        previous=previous,
        resolution=resolution,
        programmes=programmes,
        report=built,
        party_chart=party_chart,
        section_chart=section_chart,
    )


def context(interim: Interim) -> dict[str, Any]:
    buckets = bucket_labels()
    return {
        "interim": interim,
        "party_rows": [
            (party, [counts.get(bucket, 0) for bucket, _label in buckets])
            for party, counts in interim.report.by_party.items()
        ],
        "report": interim.report,
        "buckets": bucket_labels(),
        "states": state_labels(),
    }


def render_pdf(interim: Interim) -> bytes:
    """Print the report as an A4 PDF with WeasyPrint (local files only)."""
    html = render_to_string("execution/interim_print.html", context(interim))
    return pdf.render_pdf(
        html, root=PDF_ROOT, identifier=f"interim-{interim.key}-{interim.as_of}".encode()
    )


def render_docx(interim: Interim) -> bytes:
    """Write the report as an editable DOCX: headings, the counts, the items, the overdue list."""
    from docx import Document as Docx

    states = state_labels()
    legend = bucket_labels()
    document = Docx()
    docx_helpers.set_a4(document.sections[0], left=25, right=15, top=20, bottom=20, header=10)
    document.add_heading(_("Interim results of implementation"), level=0)
    document.add_paragraph(
        _("%(meeting)s; state on %(date)s.")
        % {"meeting": interim.subject, "date": interim.as_of.strftime("%d.%m.%Y")}
    )
    for title, counts in (
        (_("Tasks by responsible party"), interim.report.by_party),
        (_("Tasks by section"), interim.report.by_section),
    ):
        document.add_heading(title, level=1)
        docx_helpers.add_text_table(
            document,
            ["", *(label for _bucket, label in legend)],
            (
                [name, *(str(counter.get(bucket, 0)) for bucket, _label in legend)]
                for name, counter in counts.items()
            ),
            style="Table Grid",
        )
    document.add_heading(_("Provisions and programme items"), level=1)
    docx_helpers.add_text_table(
        document,
        [_("Item"), _("State"), _("Progress"), _("Latest report")],
        (
            [
                f"{state.item.section} · {state.item.num} {state.item.text}".strip(),
                str(states[state.state]),
                f"{state.progress:.0f}%",
                state.narrative,
            ]
            for state in interim.report.items
        ),
        style="Table Grid",
    )
    document.add_heading(_("Overdue tasks by party"), level=1)
    if not interim.report.overdue_by_party:
        document.add_paragraph(_("No task is overdue."))
    bullet = document.styles["List Bullet"].style_id
    for party, tasks in interim.report.overdue_by_party.items():
        document.add_heading(party, level=2)
        for task in tasks:
            due = task.deadline.strftime("%d.%m.%Y") if task.deadline else ""
            docx_helpers.set_paragraph_style(
                document.add_paragraph(f"{task.title} — {due}"), bullet
            )
    return docx_helpers.document_bytes(document)
