"""The execution part of the demo: tasks, reports by both ministries, the interim report."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from collegium.accounts.models import User
from collegium.execution.models import ProgressReport, Task, TaskStatus
from collegium.testing.http import client_as


@pytest.fixture
def demo(db):
    call_command("demo", stdout=io.StringIO())


def test_demo_tasks(demo):
    """Some done, some overdue on the meeting's day, one carried over into 2025; all labelled."""
    tasks = Task.objects.select_related("document", "carried_from")
    assert all(task.is_illustrative for task in tasks)
    meeting_day = dt.date(2025, 11, 25)
    assert Task.objects.filter(status=TaskStatus.DONE).count() >= 3
    assert Task.objects.overdue(meeting_day).count() >= 2
    carried = Task.objects.get(status=TaskStatus.CARRIED_OVER)
    assert carried.document.slug == "resolution-2024"
    assert carried.carried_into.document.slug == "resolution-2025"
    reporters = set(ProgressReport.objects.values_list("organization__slug", flat=True))
    assert reporters == {"mfa-ru", "mfa-by"}


def test_demo_loads_twice_without_change(demo):
    before = Task.objects.count()
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert Task.objects.count() == before


def test_interim_report_of_the_2025_meeting(demo):
    """The report lists the 2024 provisions and the programme items, with charts and counts."""
    client = client_as(User.objects.get(username="mfa-by"), language="en")
    response = client.get("/tasks/interim/joint-collegium-2025/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Interim results of implementation" in html
    assert html.count("<svg") >= 2
    assert "Overdue tasks by party" in html
    assert "sec_1__para_1" in html or "para_" in html
    docx = client.get("/tasks/interim/joint-collegium-2025/docx/")
    assert docx.status_code == 200
    pdf = client.get("/tasks/interim/joint-collegium-2025/pdf/")
    assert pdf.content.startswith(b"%PDF-")


def test_programme_and_task_pages(demo):
    client = client_as(User.objects.get(username="mfa-ru"), language="en")
    response = client.get("/tasks/programme/programme-2024-2026/")
    assert response.status_code == 200
    assert "Progress per section" in response.content.decode()
    listing = client.get("/tasks/?overdue=1")
    assert listing.status_code == 200
    carried = Task.objects.get(status=TaskStatus.CARRIED_OVER)
    page = client.get(f"/tasks/{carried.pk}/").content.decode()
    assert f"/tasks/{carried.carried_into.pk}/" in page
    successor = client.get(f"/tasks/{carried.carried_into.pk}/").content.decode()
    assert f"/tasks/{carried.pk}/" in successor


def test_interim_counts_on_the_meeting_day(demo):
    """Five provisions of 2024 and eight programme items; done, overdue and carried over counted."""
    from collegium.events.models import Event
    from collegium.execution.interim import interim_build

    user = User.objects.get(username="mfa-ru")
    meeting = Event.objects.get(slug="joint-collegium-2025")
    data = interim_build(user=user, meeting=meeting, as_of=dt.date(2025, 11, 25))
    assert data.resolution.slug == "resolution-2024"
    sources = [state.item.source for state in data.report.items]
    assert sources.count("resolution") == 5
    assert sources.count("programme") == 8
    totals = data.report.totals
    assert totals["done"] == 4
    assert totals["carried_over"] == 1
    assert totals["overdue"] == 2
    assert sum(len(tasks) for tasks in data.report.overdue_by_party.values()) == 2
