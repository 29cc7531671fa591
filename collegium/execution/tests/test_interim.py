"""The interim-results report: the engine's counts, the page, DOCX and PDF, flat query counts."""

import datetime as dt
import io
import re

import docx
import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from collegium.decisions import services as documents
from collegium.execution import interim, services
from collegium.execution.engine import charts, report
from collegium.execution.tests.conftest import provision
from collegium.testing.http import client_as

AS_OF = dt.date(2025, 11, 25)


def item(key, section="S1", source="resolution"):
    return report.Item(key, source, section, f"{key}.", f"para_{key}", f"Пункт {key}")


def row(key, item_key, lead, status, deadline=None, **extra):
    return report.TaskRow(key, item_key, f"T{key}", lead, status, deadline, **extra)


def test_engine_counts_per_party_and_section():
    """Done, in progress, overdue (open past its deadline) and carried over, per party/section."""
    items = [item(1), item(2), item(3, "S2", "programme"), item(4, "S2", "programme")]
    tasks = [
        row(1, 1, "RU", "done", dt.date(2025, 1, 1), percent=100, narrative="Сделано",
            narrative_date=dt.date(2025, 1, 1)),
        row(2, 1, "BY", "in_progress", dt.date(2025, 1, 1), percent=50),
        row(3, 2, "BY", "in_progress", dt.date(2026, 1, 1), percent=20, narrative="Идёт",
            narrative_date=dt.date(2025, 5, 1)),
        row(4, 3, "RU", "carried_over", dt.date(2025, 1, 1)),
        row(5, 3, "RU", "cancelled"),
    ]  # fmt: skip
    built = report.build(items, tasks, as_of=AS_OF)
    assert built.by_party["RU"] == {"done": 1, "carried_over": 1, "cancelled": 1}
    assert built.by_party["BY"] == {"overdue": 1, "in_progress": 1}
    assert built.by_section["S1"] == {"done": 1, "overdue": 1, "in_progress": 1}
    assert [s.state for s in built.items] == ["overdue", "in_progress", "carried_over", "no_tasks"]
    assert built.items[0].narrative == "Сделано"
    assert built.items[0].progress == 75.0
    assert [t.key for t in built.overdue_by_party["BY"]] == [2]
    assert built.totals["overdue"] == 1


def test_charts_are_accessible_svg_without_scripts():
    svg = charts.stacked_bars(
        title="По сторонам <&>", description="Описание", chart_id="c",
        rows=[("МИД России", {"done": 2, "overdue": 1})], legend=[("done", "Выполнено"), ("overdue", "Просрочено")],
    )  # fmt: skip
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert '<title id="c-title">По сторонам &lt;&amp;&gt;</title>' in svg
    assert "МИД России: Просрочено — 1" in svg
    assert "<script" not in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


@pytest.fixture
def big(make_resolution, ru_manager, ru_editor, mfa_ru):
    """Return a function making a signed resolution of ``n`` provisions with a task on each."""

    def make(n):
        document = make_resolution(provisions=n)
        for number in range(1, n + 1):
            task = services.task_create_from_node(
                actor=ru_manager, node=provision(document, number), lead=mfa_ru,
                data={"deadline": dt.date(2025, 6, 30)},
            )  # fmt: skip
            if number % 2:
                services.progress_report_add(
                    actor=ru_editor, task=task,
                    data={"date": dt.date(2025, 3, 1), "status": "in_progress", "percent": 50,
                          "narrative_ru": f"Отчёт {number}"},
                )  # fmt: skip
        return document

    return make


@pytest.mark.django_db
def test_query_count_is_flat_as_items_grow(big, ru_manager):
    """The report of a resolution reads a fixed number of queries, 3 items or 30."""
    counts = []
    for n in (3, 30):
        document = big(n)
        # The first call also reads the user's roles, which the user then keeps.
        interim.interim_build_for_resolution(user=ru_manager, resolution=document, as_of=AS_OF)
        with CaptureQueriesContext(connection) as queries:
            built = interim.interim_build_for_resolution(
                user=ru_manager, resolution=document, as_of=AS_OF
            )
        assert len(built.report.items) == n
        assert built.report.totals["overdue"] == n
        counts.append(len(queries))
    assert counts[0] == counts[1] == 2  # the parts, the tasks with their latest reports


@pytest.mark.django_db
def test_docx_and_pdf(big, ru_manager):
    """The DOCX opens in python-docx with the items and counts; the PDF prints them."""
    document = big(4)
    client = client_as(ru_manager, language="ru")
    base = f"/tasks/resolutions/{document.slug}/interim/"
    page = client.get(base + "?date=2025-11-25")
    assert page.status_code == 200
    assert "Отчёт 3" in page.content.decode()
    opened = docx.Document(io.BytesIO(client.get(base + "docx/?date=2025-11-25").content))
    text = "\n".join(p.text for p in opened.paragraphs) + "\n".join(
        cell.text for table in opened.tables for r in table.rows for cell in r.cells
    )
    assert "Пункт 4" in text
    assert "Отчёт 1" in text
    pdf = client.get(base + "pdf/?date=2025-11-25").content
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    printed = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages))
    assert "Пункт 4" in printed


@pytest.mark.django_db
def test_a_cached_export_builds_no_report(big, ru_manager, monkeypatch):
    """The DOCX asked again, nothing written meanwhile, comes from the read cache: access is
    checked, the report is not built again (it is most of the export's cost)."""
    document = big(3)
    client = client_as(ru_manager, language="ru")
    url = f"/tasks/resolutions/{document.slug}/interim/docx/?date=2025-11-25"
    built = []
    real = interim.interim_build_for_resolution

    def counted(**kwargs):
        built.append(kwargs["as_of"])
        return real(**kwargs)

    monkeypatch.setattr(interim, "interim_build_for_resolution", counted)
    first, second = client.get(url), client.get(url)
    assert first.content == second.content
    assert built == [dt.date(2025, 11, 25)]
    expected = f'filename="interim-{document.slug}-2025-11-25.docx"'
    assert expected in second["Content-Disposition"]


@pytest.mark.django_db
def test_a_programme_is_not_a_resolution_report(make_resolution, ru_manager):
    programme = make_resolution(kind="programme")
    response = client_as(ru_manager).get(f"/tasks/resolutions/{programme.slug}/interim/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_items_follow_the_text_not_the_identifiers(make_resolution, ru_manager):
    """Provision 10 comes after provision 2, and a moved provision is listed where it now
    stands (its identifier keeps its old number)."""
    document = make_resolution(provisions=11)
    documents.node_move(
        actor=ru_manager, document=document, node=provision(document, 11), position=1
    )
    with translation.override("ru"):
        built = interim.interim_build_for_resolution(
            user=ru_manager, resolution=document, as_of=AS_OF
        )
    texts = [state.item.text for state in built.report.items]
    assert texts == ["Пункт 11", *(f"Пункт {number}" for number in range(1, 11))]
