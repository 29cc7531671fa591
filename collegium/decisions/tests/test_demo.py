"""The documents of the demo: the joint collegium's resolutions, the Plan and the Programme."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from collegium.decisions.models import Document, DocumentStatus


@pytest.fixture
def demo(db):
    call_command("demo", stdout=io.StringIO())


def test_demo_documents_and_their_states(demo):
    """2024 signed and in force, 2025 signed, the Plan a draft, the Programme in force."""
    documents = {d.slug: d for d in Document.objects.select_related("meeting")}
    assert documents["resolution-2024"].status == DocumentStatus.IN_FORCE
    assert documents["resolution-2024"].meeting.slug == "joint-collegium-2024"
    assert documents["resolution-2025"].status == DocumentStatus.SIGNED
    assert documents["resolution-2025"].meeting.slug == "joint-collegium-2025"
    assert documents["consultation-plan-2026"].status == DocumentStatus.DRAFT
    assert documents["programme-2024-2026"].status == DocumentStatus.IN_FORCE
    assert all(d.is_illustrative and "Иллюстративный" in d.note for d in documents.values())
    assert "условно" in documents["programme-2024-2026"].signature_note


def test_both_resolutions_are_signed_by_both_ministers(demo):
    """Lavrov and Ryzhenkov signed each resolution on its date; the signatures verify and
    the signed PDF is stored with two PAdES signatures."""
    from collegium.decisions import signing
    from collegium.signatures.services import pades_verify_pdf

    for slug, day in [("resolution-2024", "2024-11-22"), ("resolution-2025", "2025-11-25")]:
        document = Document.objects.get(slug=slug)
        items = signing.document_signatures(document)
        assert sorted(str(item.signature.signatory.slug) for item in items) == [
            "maxim-ryzhenkov",
            "sergey-lavrov",
        ]
        assert all(item.ok for item in items)
        assert {item.signature.signed_on.isoformat() for item in items} == {day}
        checks = pades_verify_pdf(bytes(document.signed_pdf.pdf))
        assert [check.ok for check in checks] == [True, True]
    out = io.StringIO()
    call_command("documents", "verify", stdout=out)  # no CommandError: nothing is red
    assert "ok\tresolution-2025" in out.getvalue()
    assert "unsigned\tprogramme-2024-2026" in out.getvalue()


def test_the_programme_has_a_section_per_theme(demo):
    programme = Document.objects.get(slug="programme-2024-2026")
    headings = list(
        programme.nodes.filter(kind="section")
        .order_by("position")
        .values_list("heading_en", flat=True)
    )
    assert len(headings) == 8
    assert headings[0] == "Use of the diplomatic toolkit"
    assert headings[-1] == "The international agenda"


def test_the_demo_managers_see_their_documents(demo):
    """As mfa-by, the 2025 resolution shows both agreements; the meeting page lists it."""
    from collegium.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="mfa-by"))
    html = client.get("/documents/resolution-2025/").content.decode()
    assert html.count("согласована редакция") == 2  # the Russian page, as users see it
    assert html.count('data-verification="green"') == 2
    assert (
        "resolution-2025" in client.get("/calendar/events/joint-collegium-2025/").content.decode()
    )


def test_demo_is_idempotent_for_documents(demo):
    before = Document.objects.count()
    call_command("demo", stdout=io.StringIO())
    # Four documents of the decisions' step, and the two meetings' minutes (meetings.demo).
    assert Document.objects.count() == before == 6
