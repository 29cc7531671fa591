"""Task pages: the list with filters and roll-up, a task with its reports and lineage, the
programme with its charts, and the interim-results report (page, DOCX, PDF).

Reads go through the doors (``access.py``); every write is one service
call; a page offers a report or a move exactly when the policy allows it.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from collegium.access.rules import AnyUser
from collegium.core import cache
from collegium.core.exceptions import NotFound, TransitionError, ValidationError
from collegium.core.views import or_404
from collegium.decisions.access import access_document_by_slug
from collegium.decisions.models import DocumentKind, NodeKind
from collegium.events.calendar.access import access_event_by_slug
from collegium.events.models import Event
from collegium.execution import interim as interim_report
from collegium.execution import policy, selectors, services
from collegium.execution.access import access_task_by_id
from collegium.execution.engine import charts, rollup
from collegium.execution.forms import InterimDateForm, ProgressReportForm
from collegium.execution.models import Task, TaskStatus
from collegium.registry.models import Organization

PAGE_SIZE = 50
PAGE_PARTS = ("title", "breadcrumbs", "content")
# The pages show tasks (this app), their documents, meetings, organizations and users.
DEPENDS_ON = ("execution",)


def _cached_page(
    request: HttpRequest, name: str, template: str, build_context: Callable[[], dict[str, Any]]
) -> HttpResponse:
    """Answer with a page whose data part comes from the read cache (``core.cache``).

    The partials hold no user data and no CSRF token: everything in them
    follows from the key (data versions, language, date, viewer scope, URL).
    """
    key = cache.read_key(name, request, depends_on=DEPENDS_ON, variant="page")

    def build() -> dict[str, str]:
        context = build_context()
        return {
            part: str(render_to_string(f"{template}#{part}", context, request))
            for part in PAGE_PARTS
        }

    parts = {part: mark_safe(text) for part, text in cache.cached_read(key, build).items()}  # noqa: S308 (rendered by our templates)
    return render(request, "core/cached_page.html", {"parts": parts})


MOVES = [TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.CANCELLED]


def _party(slug: str) -> Organization | None:
    return Organization.objects.filter(slug=slug).first() if slug else None


@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    """List the visible tasks with their progress, filtered by party, status and overdue."""

    def build() -> dict[str, Any]:
        party_slug = request.GET.get("party", "")
        status = request.GET.get("status", "")
        overdue = request.GET.get("overdue", "")
        document_slug = request.GET.get("document", "")
        document = None
        if document_slug:
            try:
                document = access_document_by_slug(request.user, document_slug)
            except NotFound:
                document = None
        tasks = selectors.task_list_visible_to(
            user=request.user,
            party=_party(party_slug),
            document=document,
            status=status if status in TaskStatus.values else "",
            overdue={"1": True, "0": False}.get(overdue),
        )
        parties = Organization.objects.filter(tasks_led__isnull=False).distinct().order_by("slug")
        return {
            "page_obj": Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page")),
            "parties": parties,
            "statuses": TaskStatus.choices,
            "party": party_slug,
            "status": status,
            "overdue": overdue,
        }

    return _cached_page(request, "task-list", "execution/task_list.html", build)


def _page(request: HttpRequest, task: Task, form: ProgressReportForm | None = None) -> HttpResponse:
    user = request.user
    may_report = task.is_open and bool(policy.can_report(user, task))
    may_edit = bool(policy.can_edit(user, task))
    moves = [
        (target, TaskStatus(target).label)
        for target in MOVES
        if may_edit and task.can_move_to(target)
    ]
    if form is None and may_report:
        form = ProgressReportForm(
            initial={"date": timezone.localdate(), "status": TaskStatus.IN_PROGRESS}
        )
    return render(
        request,
        "execution/task_detail.html",
        {
            "task": task,
            "reports": task.reports.all(),
            "children": task.children.all(),
            "carried_into": getattr(task, "carried_into", None),
            "form": form if may_report else None,
            "moves": moves,
            "today": timezone.localdate(),
        },
        status=422 if form is not None and form.is_bound else 200,
    )


@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, or_404(access_task_by_id, request.user, pk))


@login_required
@require_POST
def progress_report_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a progress report from the form (the responsible party only)."""
    task = or_404(access_task_by_id, request.user, pk)
    form = ProgressReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, task, form)
    data = dict(form.cleaned_data)
    upload = data.pop("evidence_file")
    try:
        services.progress_report_add(
            actor=request.user, task=task, data=data, evidence_file=upload or None
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _page(request, task, form)
    except TransitionError as exc:
        messages.error(request, exc.message)
        return redirect("execution:task", pk=task.pk)
    messages.success(request, _("The progress report is saved."))
    return redirect("execution:task", pk=task.pk)


@login_required
@require_POST
def task_move(request: HttpRequest, pk: int) -> HttpResponse:
    task = or_404(access_task_by_id, request.user, pk)
    target = request.POST.get("target", "")
    if target not in TaskStatus.values:
        messages.error(request, _("Unknown status."))
        return redirect("execution:task", pk=task.pk)
    try:
        services.task_move(actor=request.user, task=task, target=target)
    except TransitionError as exc:
        messages.error(request, exc.message)
    return redirect("execution:task", pk=task.pk)


def programme_data(user: AnyUser, document: Any) -> dict[str, Any]:
    """Return the programme's sections with their items and tasks, progress per section and party.

    The tasks come with their progress computed in SQL; the sections' and the
    parties' progress is the weighted mean of their top-level tasks.
    """
    tasks = list(
        selectors.task_list_visible_to(user=user, document=document).filter(parent__isnull=True)
    )
    nodes = list(
        document.nodes.filter(kind__in=(NodeKind.SECTION, NodeKind.PARAGRAPH)).order_by(
            "position", "pk"
        )
    )
    sections = [node for node in nodes if node.kind == NodeKind.SECTION]
    items_by_section: dict[int | None, list[Any]] = defaultdict(list)
    for node in nodes:
        if node.kind == NodeKind.PARAGRAPH:
            items_by_section[node.parent_id].append(node)
    tasks_by_item: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        tasks_by_item[task.source_id].append(task)
    rows = []
    for section in sections:
        items = [(item, tasks_by_item.get(item.pk, [])) for item in items_by_section[section.pk]]
        section_tasks = [task for _item, item_tasks in items for task in item_tasks]
        mean = rollup.weighted_mean(
            {
                task.pk: (float(getattr(task, "progress", 0.0)), task.weight)
                for task in section_tasks
            }
        )
        rows.append({"section": section, "items": items, "progress": mean})
    by_party: dict[str, dict[int, tuple[float, int]]] = defaultdict(dict)
    for task in tasks:
        by_party[str(task.lead.name)][task.pk] = (
            float(getattr(task, "progress", 0.0)),
            task.weight,
        )
    parties = [(name, rollup.weighted_mean(values) or 0.0) for name, values in by_party.items()]
    section_chart = charts.progress_bars(
        title=_("Progress per section"),
        description=_("The weighted mean progress of the tasks of each section, in percent."),
        rows=[(row["section"].heading_ru and _heading(row["section"]), row["progress"] or 0.0)
              for row in rows],
        chart_id="chart-programme-sections",
    )  # fmt: skip
    party_chart = charts.progress_bars(
        title=_("Progress per party"),
        description=_("The weighted mean progress of the tasks each party leads, in percent."),
        rows=sorted(parties),
        chart_id="chart-programme-parties",
    )
    return {
        "document": document,
        "sections": rows,
        "parties": sorted(parties),
        "section_chart": section_chart,
        "party_chart": party_chart,
    }


def _heading(node: Any) -> str:
    from django.utils.translation import get_language

    lang = (get_language() or "ru")[:2]
    return getattr(node, f"heading_{lang}", "") or node.heading_ru


@require_GET
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a programme: progress per section and per party, with charts.

    The door is passed only on a cache miss, as on the interim report: the key
    holds the viewer's scope and the documents' data version, which decide
    whether the programme is visible, and a 404 is never kept.
    """

    def build() -> dict[str, Any]:
        document = or_404(access_document_by_slug, request.user, slug)
        if document.kind != DocumentKind.PROGRAMME:
            raise Http404(_("This document is not a programme."))
        return programme_data(request.user, document)

    return _cached_page(request, "programme", "execution/programme.html", build)


def _meeting(user: AnyUser, slug: str) -> Event:
    # The events' own door: an invited party sees the meeting, and so its report.
    return access_event_by_slug(user, slug)


def _as_of(request: HttpRequest, default: dt.date | None) -> dt.date:
    form = InterimDateForm(request.GET)
    as_of = form.cleaned_data.get("date") if form.is_valid() else None
    return as_of or default or timezone.localdate()


def _interim_source(
    request: HttpRequest, kind: str, slug: str
) -> tuple[dt.date, Callable[[], interim_report.Interim]]:
    """Check access to a meeting (``kind`` "meeting") or a resolution alone; return the
    report's date and how to build the report, left to the caller (a cached export needs
    no report)."""
    user = request.user
    if kind == "meeting":
        meeting = or_404(_meeting, user, slug)
        as_of = _as_of(request, meeting.start_date)
        return as_of, lambda: interim_report.interim_build(user=user, meeting=meeting, as_of=as_of)
    document = or_404(access_document_by_slug, user, slug)
    if document.kind != DocumentKind.RESOLUTION:
        raise Http404(_("This document is not a resolution."))
    as_of = _as_of(request, None)
    return as_of, lambda: interim_report.interim_build_for_resolution(
        user=user, resolution=document, as_of=as_of
    )


def _interim(request: HttpRequest, kind: str, slug: str) -> interim_report.Interim:
    """Return the report of a meeting (``kind`` "meeting") or of a resolution alone."""
    _as_of_date, build = _interim_source(request, kind, slug)
    return build()


@require_GET
def interim(request: HttpRequest, slug: str, kind: str = "meeting") -> HttpResponse:
    """Show the interim-results report on a date (default: the meeting's day, or today)."""

    def build() -> dict[str, Any]:
        data = _interim(request, kind, slug)
        context = interim_report.context(data)
        context["form"] = InterimDateForm(initial={"date": data.as_of})
        return context

    return _cached_page(request, "interim", "execution/interim.html", build)


@require_GET
def interim_docx(request: HttpRequest, slug: str, kind: str = "meeting") -> HttpResponse:
    as_of, build = _interim_source(request, kind, slug)
    key = cache.read_key("interim-docx", request, depends_on=DEPENDS_ON)
    response = HttpResponse(
        cache.cached_body(key, lambda: interim_report.render_docx(build())),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="interim-{slug}-{as_of}.docx"'
    return response


@require_GET
def interim_pdf(request: HttpRequest, slug: str, kind: str = "meeting") -> HttpResponse:
    as_of, build = _interim_source(request, kind, slug)
    key = cache.read_key("interim-pdf", request, depends_on=DEPENDS_ON)
    response = HttpResponse(
        cache.cached_body(key, lambda: interim_report.render_pdf(build())),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="interim-{slug}-{as_of}.pdf"'
    return response
