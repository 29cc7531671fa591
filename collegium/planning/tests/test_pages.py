"""The plan pages: offered forms follow the policy, the timeline, the diff, the DOCX export."""

import datetime as dt
import io

import pytest
from docx import Document

from collegium.planning import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def solved(site_admin, plan, make_request):
    make_request("c01")
    make_request("c02", window_start=dt.date(2026, 6, 1), window_end=dt.date(2026, 6, 30))
    return services.plan_solve(actor=site_admin, plan=plan, synchronous=True)


@pytest.mark.parametrize(
    ("user", "edits", "approves"),
    [
        (None, False, False),
        ("ru-viewer", False, False),
        ("ru-editor", False, False),
        ("third-manager", False, False),
        ("by-manager", True, False),
        ("ru-manager", True, True),
        ("site-admin", True, False),  # approval acts for the parties
    ],
)
def test_the_page_offers_forms_exactly_when_the_policy_allows(
    client, users, plan, solved, user, edits, approves
):
    """Managers of a party edit and solve; only the owner's managers approve."""
    if user is not None:
        client.force_login(users[user])
    page = client.get(f"/planning/{plan.slug}/").content.decode()
    assert (f"/planning/{plan.slug}/requests/new/" in page) is edits
    assert (f"/planning/{plan.slug}/solve/" in page) is edits
    assert (f"/planning/{plan.slug}/approve/" in page) is approves
    response = client.post(f"/planning/{plan.slug}/solve/")
    if user is None:
        assert response.status_code == 302
        assert "/login" in response["Location"]
    else:
        assert response.status_code == (302 if edits else 403)


def test_the_timeline_shows_each_consultation_in_its_month_with_its_city(client, plan, solved):
    page = client.get(f"/planning/{plan.slug}/").content.decode()
    assert "Тема c01" in page
    assert "Тема c02" in page
    assert page.count("Минск") + page.count("Москва") >= 2
    assert "plan-timeline" in page


def test_the_request_form_names_the_field_in_russian(client, users, plan, solved):
    """A window that ends before it starts comes back with the error at the field."""
    client.force_login(users["ru-manager"])
    response = client.post(
        f"/planning/{plan.slug}/requests/new/",
        {
            "code": "c03",
            "topic_ru": "Тема",
            "level": "expert",
            "party_a": "mfa-ru",
            "party_b": "mfa-by",
            "days": 1,
            "window_start": "2026-05-10",
            "window_end": "2026-05-01",
            "min_gap_days": 0,
        },
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "window_end" in form.errors


def test_the_docx_export_opens_with_python_docx(client, plan, solved):
    """The export is a DOCX whose table lists each placed consultation with its city."""
    response = client.get(f"/planning/{plan.slug}/export.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    table = document.tables[0]
    assert len(table.rows) == 1 + len(solved.result["placements"])
    texts = {cell.text for row in table.rows[1:] for cell in row.cells}
    assert "Тема c01" in texts


def test_the_diff_page_lists_a_moved_consultation(site_admin, client, plan, solved, make_request):
    from collegium.planning.models import ConsultationRequest

    request = ConsultationRequest.objects.get(plan=plan, code="c01")
    services.request_update(
        actor=site_admin,
        request=request,
        data={"window_start": dt.date(2026, 9, 1), "window_end": dt.date(2026, 9, 30)},
    )
    services.plan_solve(actor=site_admin, plan=plan, synchronous=True)
    page = client.get(f"/planning/{plan.slug}/diff/").content.decode()
    assert "Тема c01" in page


@pytest.mark.parametrize("number", ["²", "abc", "-1", "99999999999999999999999"])
def test_an_odd_version_number_is_never_a_500(client, plan, solved, number):
    """A version number that is no plain number (a superscript digit is a digit to Python)
    is ignored or not found; never a server error."""
    for path in (
        f"/planning/{plan.slug}/?version={number}",
        f"/planning/{plan.slug}/export.docx?version={number}",
        f"/planning/{plan.slug}/diff/?from={number}",
    ):
        assert client.get(path).status_code in (200, 404), path


def test_why_a_consultation_sits_there_is_in_the_readers_language(client, plan, solved):
    """The reasons the page composes (window, holidays, blackouts) are translated, their
    dates written as the interface writes them."""
    page = client.get(f"/planning/{plan.slug}/").content.decode()
    assert "предпочтительные сроки: 02.03.2026 … 13.03.2026" in page
    assert "window: " not in page
    english = client.get(f"/planning/{plan.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "preferred window: 03/02/2026" in english


def test_the_blackout_form_names_the_field_adds_and_the_page_removes(client, users, plan, solved):
    """Dates out of order come back at the field in Russian; a good one is added, then removed."""
    from collegium.planning.models import ManualBlackout

    client.force_login(users["by-manager"])
    url = f"/planning/{plan.slug}/blackouts/new/"
    bad = {"post": "ru-deputy", "start_date": "2026-07-10", "end_date": "2026-07-06"}
    response = client.post(url, bad, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    assert any("а" <= c <= "я" for c in str(response.context["form"].errors["end_date"]))
    assert not ManualBlackout.objects.exists()
    good = {**bad, "start_date": "2026-07-06", "end_date": "2026-07-10"}
    assert client.post(url, good).status_code == 302
    blackout = ManualBlackout.objects.get()
    page = client.get(f"/planning/{plan.slug}/").content.decode()
    remove = f"/planning/{plan.slug}/blackouts/{blackout.pk}/remove/"
    assert remove in page
    assert client.post(remove).status_code == 302
    assert not ManualBlackout.objects.exists()


def test_the_pdf_export_prints_the_same_bilingual_table(client, plan, solved, tmp_path):
    """The PDF (WeasyPrint) reads back with pdftotext: the heads, each topic, city, signature."""
    import shutil
    import subprocess

    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is not installed (Debian: poppler-utils)")
    page = client.get(f"/planning/{plan.slug}/").content.decode()
    assert f"/planning/{plan.slug}/export.pdf?version={solved.number}" in page
    response = client.get(f"/planning/{plan.slug}/export.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "plan.pdf"
    path.write_bytes(response.content)
    printed = subprocess.run(  # noqa: S603
        [tool, str(path), "-"], check=True, capture_output=True, text=True
    )
    text = " ".join(printed.stdout.split())  # a cell's words wrap onto its next lines
    assert "План консультаций на 2026 год" in text
    assert "Тэма кансультацый / Topic" in text
    for placement in solved.result["placements"]:
        assert f"Тема {placement['id']}" in text
        assert placement["city"] in text
    assert "Директора департаментов / Дырэктары дэпартаментаў" in text
    assert "(подпись / подпіс)" in text
