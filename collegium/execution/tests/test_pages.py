"""Task pages: the report form offered exactly when the policy allows; moves likewise."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from collegium.execution.models import ProgressReport, TaskStatus
from collegium.testing.http import client_as

pytestmark = pytest.mark.django_db

FORM = 'action="/tasks/{pk}/report/"'
MOVE = 'action="/tasks/{pk}/move/"'


@pytest.mark.parametrize(
    ("who", "form", "moves"),
    [
        ("ru_editor", True, False),  # the lead's secretariat reports, does not move
        ("ru_manager", True, True),
        ("by_manager", False, True),  # a party's manager, not responsible for this task
        ("site_admin", False, False),
        (None, False, False),
    ],
)
def test_offers_follow_the_policy(request, make_task, who, form, moves):
    task = make_task()
    user = request.getfixturevalue(who) if who else None
    page = client_as(user, language="en").get(f"/tasks/{task.pk}/").content.decode()
    assert (FORM.format(pk=task.pk) in page) is form
    assert (MOVE.format(pk=task.pk) in page) is moves


def test_a_report_through_the_form(make_task, ru_editor):
    task = make_task()
    client = client_as(ru_editor, language="ru")
    response = client.post(
        f"/tasks/{task.pk}/report/",
        {"date": "2025-02-01", "status": "in_progress", "percent": "25",
         "narrative_ru": "Идёт работа", "evidence_file": SimpleUploadedFile("a.pdf", b"%PDF-1.7 x")},
    )  # fmt: skip
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.evidence_file.name.endswith(".pdf")
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    assert "Идёт работа" in page
    assert "Отчёты о ходе выполнения" in page


def test_a_bad_file_through_the_form_names_the_field(make_task, ru_editor):
    task = make_task()
    response = client_as(ru_editor, language="en").post(
        f"/tasks/{task.pk}/report/",
        {"date": "2025-02-01", "status": "in_progress", "percent": "25",
         "evidence_file": SimpleUploadedFile("a.pdf", b"#!/bin/sh\necho")},
    )  # fmt: skip
    assert response.status_code == 422
    assert "Evidence file: its content is not one of" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_an_outsider_posting_a_report_gets_403(make_task, by_manager):
    task = make_task()
    response = client_as(by_manager).post(
        f"/tasks/{task.pk}/report/", {"date": "2025-02-01", "status": "in_progress", "percent": "1"}
    )
    assert response.status_code == 403


def test_task_list_filters(make_task, resolution, mfa_by, ru_manager):
    from collegium.execution.tests.conftest import provision

    make_task(deadline=dt.date(2020, 1, 1))
    make_task(node=provision(resolution, 2), lead=mfa_by, deadline=dt.date(2099, 1, 1))
    client = client_as(ru_manager, language="en")
    assert "1 task" in client.get("/tasks/?overdue=1").content.decode()
    assert "2 tasks" in client.get("/tasks/").content.decode()
    assert "1 task" in client.get("/tasks/?party=mfa-by").content.decode()
