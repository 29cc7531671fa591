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


def _programme(ru_manager, mfa_ru, mfa_by, *, visibility):
    from collegium.decisions import services as documents

    return documents.document_create(
        actor=ru_manager,
        data={"slug": f"programme-{visibility}", "kind": "programme", "title_ru": "Программа",
              "owner": mfa_ru, "dated": dt.date(2024, 1, 1), "visibility": visibility},
        parties=[(mfa_ru, "drafting"), (mfa_by, "party")],
    )  # fmt: skip


def test_a_programme_for_the_parties_stays_hidden_from_others_once_cached(
    ru_manager, mfa_ru, mfa_by, outsider, make_user
):
    from collegium.accounts.models import Role

    programme = _programme(ru_manager, mfa_ru, mfa_by, visibility="parties")
    path = f"/tasks/programme/{programme.slug}/"
    assert client_as(ru_manager).get(path).status_code == 200  # now in the read cache
    assert client_as(make_user(outsider, Role.MANAGER)).get(path).status_code == 404
    assert client_as(None).get(path).status_code == 404


def test_a_programme_page_served_from_the_cache_reads_no_document(ru_manager, mfa_ru, mfa_by):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    programme = _programme(ru_manager, mfa_ru, mfa_by, visibility="public")
    client = client_as(None, language="en")
    assert client.get(f"/tasks/programme/{programme.slug}/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        second = client.get(f"/tasks/programme/{programme.slug}/")
    assert second.status_code == 200
    assert "Программа" in second.content.decode()
    assert not [query for query in queries if "decisions_document" in query["sql"]]


def test_a_resolution_is_not_a_programme(resolution):
    page = client_as(None, language="en").get(f"/tasks/programme/{resolution.slug}/")
    assert page.status_code == 404
