"""Execution API: tasks, progress reports with uploads (422 naming the field), the report."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile

from collegium.execution.models import ProgressReport, Task
from collegium.testing.http import client_as, post

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def upload(client, task, content: bytes | None, name="evidence.pdf", **fields):
    data = {"date": "2025-01-10", "status": "in_progress", "percent": "30", **fields}
    if content is not None:
        data["evidence_file"] = SimpleUploadedFile(name, content)
    return client.post(f"/api/v1/execution/tasks/{task.pk}/reports", data)


def test_create_a_task_from_a_provision(ru_manager, resolution):
    response = post(
        client_as(ru_manager),
        "/api/v1/execution/tasks",
        {"document": resolution.slug, "source": "para_2", "lead": "mfa-by",
         "co_executors": ["mfa-ru"], "deadline": "2025-06-30"},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["source"], body["lead"], body["co_executors"]) == ("para_2", "mfa-by", ["mfa-ru"])
    assert body["status"] == "not_started"


def test_an_unknown_provision_is_a_422_naming_it(ru_manager, resolution):
    response = post(
        client_as(ru_manager),
        "/api/v1/execution/tasks",
        {"document": resolution.slug, "source": "para_99", "lead": "mfa-ru"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "source"


@pytest.mark.parametrize(
    ("content", "name"),
    [(PDF, "a.pdf"), (PNG, "a.png"), (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "a.jpg"),
     (docx_bytes(), "a.docx"), (odt_bytes(), "a.odt")],
)  # fmt: skip
def test_evidence_of_each_allowed_type(make_task, ru_editor, content, name):
    """PDF, PNG, JPEG, DOCX and ODT are recognized by their content."""
    task = make_task()
    response = upload(client_as(ru_editor), task, content, name=name)
    assert response.status_code == 201, response.content
    assert ProgressReport.objects.get().evidence_file.name.endswith(name.split(".")[-1])


@pytest.mark.parametrize(
    ("content", "name", "rule"),
    [
        (b"", "empty.pdf", "empty"),
        (b"MZ\x90\x00 not a document", "evil.pdf", "not one of"),
        (b"PK\x03\x04 not really a zip", "fake.docx", "not one of"),
        (PDF + b"x" * 2048, "big.pdf", "limit"),
    ],
)
def test_bad_uploads_are_422_naming_the_field(settings, make_task, ru_editor, content, name, rule):
    """An empty, mistyped (by content, whatever its name) or too large file: 422 on the field."""
    settings.EXECUTION_EVIDENCE_MAX_BYTES = 1024
    task = make_task()
    response = upload(client_as(ru_editor, language="en"), task, content, name=name)
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert detail[0]["loc"][-1] == "evidence_file"
    assert rule in detail[0]["msg"]
    assert not ProgressReport.objects.exists()


def test_a_non_responsible_party_gets_403_naming_the_rule(make_task, by_manager):
    task = make_task()
    response = upload(client_as(by_manager, language="en"), task, None)
    assert response.status_code == 403
    assert "responsible party" in response.json()["detail"]


def test_report_with_a_link_moves_the_task(make_task, ru_editor):
    task = make_task()
    response = upload(client_as(ru_editor), task, None, evidence_url="https://example.org/r")
    assert response.status_code == 201, response.content
    listed = client_as(ru_editor).get(f"/api/v1/execution/tasks/{task.pk}").json()
    assert listed["status"] == "in_progress"
    assert listed["progress"] == 30.0


def test_list_filters_and_query_count(
    make_task, ru_manager, mfa_by, resolution, django_assert_num_queries
):
    """The list's query count does not grow with the number of tasks."""
    from collegium.execution.tests.conftest import provision

    make_task(deadline=dt.date(2020, 1, 1))
    make_task(node=provision(resolution, 2), lead=mfa_by, deadline=dt.date(2099, 1, 1))
    client = client_as(ru_manager)
    assert client.get("/api/v1/execution/tasks?overdue=true").json()["count"] == 1
    assert client.get("/api/v1/execution/tasks?party=mfa-by").json()["count"] == 1
    client.get("/api/v1/execution/tasks")
    caches["default"].clear()  # the read cache: measure a miss
    with django_assert_num_queries(8) as few:
        client.get("/api/v1/execution/tasks")
    for n in range(3):
        make_task(
            node=provision(resolution, 3),
            co_executors=[mfa_by] if n else [],
            parent=None if n == 0 else Task.objects.order_by("pk").first(),
        )
    caches["default"].clear()
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/execution/tasks").json()["count"] == 5
    # A hit reads only the signed-in user and the data versions.
    with django_assert_num_queries(2):
        assert client.get("/api/v1/execution/tasks").json()["count"] == 5


def test_a_provision_with_tasks_is_not_deleted(make_task, ru_manager, resolution):
    """Tasks point at their provision: removing it is refused (409) and the task stays."""
    task = make_task()
    response = client_as(ru_manager, language="en").delete(
        f"/api/v1/decisions/documents/{resolution.slug}/nodes/{task.source.eid}"
    )
    assert response.status_code == 409
    assert Task.objects.filter(pk=task.pk, source__eid=task.source.eid).exists()
