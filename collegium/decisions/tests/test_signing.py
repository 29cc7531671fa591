"""Signing a document: who may sign for which party, the signed state, the stored signed PDF,
and the verification computed from the stored text on every view."""

import os
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from collegium.core.exceptions import PermissionDenied, TransitionError
from collegium.core.models import AuditRecord
from collegium.decisions import signing
from collegium.decisions.models import DocumentNode, DocumentSignedPdf, DocumentStatus
from collegium.decisions.tests.signing_fixtures import SIGNING_DAY
from collegium.signatures.selectors import current_authority

pytestmark = pytest.mark.django_db


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian: poppler-utils, libnss3-tools)"
        if os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


def _sign_both(document, ministers, mfa_ru, mfa_by):
    signing.document_sign(
        actor=ministers.lavrov, document=document, organization=mfa_ru, on_date=SIGNING_DAY
    )
    signing.document_sign(
        actor=ministers.ryzhenkov, document=document, organization=mfa_by, on_date=SIGNING_DAY
    )
    document.refresh_from_db()
    return document


@pytest.mark.parametrize(
    ("who", "party", "allowed", "rule"),
    [
        ("lavrov", "ru", True, ""),
        ("ryzhenkov", "by", True, ""),
        ("ru_manager", "ru", False, "Only the authorized signatory signs for"),
        ("viewer", "ru", False, "Only the authorized signatory signs for"),
        ("ryzhenkov", "ru", False, "Only the authorized signatory signs for"),
        ("lavrov", "by", False, "Only the authorized signatory signs for"),
        ("lavrov", "other", False, "is not a party to this document"),
    ],
)
def test_sign_permissions(
    who,
    party,
    allowed,
    rule,
    agreed,
    ministers,
    ru_manager,
    make_user,
    mfa_ru,
    mfa_by,
    make_org,
):
    """Only the party's authorized signatory (its minister's linked account) signs for it."""
    users = {
        "lavrov": ministers.lavrov,
        "ryzhenkov": ministers.ryzhenkov,
        "ru_manager": ru_manager,
        "viewer": make_user(mfa_ru, "viewer", username="ru-viewer"),
    }
    parties = {"ru": mfa_ru, "by": mfa_by, "other": party == "other" and make_org("mfa-kz")}
    call = lambda: signing.document_sign(  # noqa: E731
        actor=users[who], document=agreed, organization=parties[party], on_date=SIGNING_DAY
    )
    if allowed:
        call()
        assert parties[party].pk in signing.signed_parties(agreed)
    else:
        with pytest.raises(PermissionDenied, match=rule):
            call()
        assert not signing.signed_parties(agreed)


def test_a_draft_is_not_signed_and_a_party_signs_once(
    document, agreed, ministers, mfa_ru, ru_manager
):
    """A draft is refused (409, the rule); the same party signing twice is refused."""
    signing.document_sign(
        actor=ministers.lavrov, document=agreed, organization=mfa_ru, on_date=SIGNING_DAY
    )
    with pytest.raises(TransitionError, match="has signed this document already"):
        signing.document_sign(
            actor=ministers.lavrov, document=agreed, organization=mfa_ru, on_date=SIGNING_DAY
        )
    assert agreed.status == DocumentStatus.AGREED


def test_draft_refused(make_document, ministers, mfa_ru):
    draft = make_document(slug="draft")
    with pytest.raises(TransitionError, match="Only a text every party has agreed is signed"):
        signing.document_sign(actor=ministers.lavrov, document=draft, organization=mfa_ru)


def test_both_signatures_sign_the_document_and_store_its_pdf(agreed, ministers, mfa_ru, mfa_by):
    """The second signature moves the document to signed and keeps its PDF, audited."""
    signing.document_sign(
        actor=ministers.lavrov, document=agreed, organization=mfa_ru, on_date=SIGNING_DAY
    )
    agreed.refresh_from_db()
    assert agreed.status == DocumentStatus.AGREED
    assert not DocumentSignedPdf.objects.filter(document=agreed).exists()
    document = agreed
    signing.document_sign(
        actor=ministers.ryzhenkov, document=document, organization=mfa_by, on_date=SIGNING_DAY
    )
    document.refresh_from_db()
    assert document.status == DocumentStatus.SIGNED
    assert document.signed_on == SIGNING_DAY
    stored = DocumentSignedPdf.objects.get(document=document)
    assert bytes(stored.pdf).startswith(b"%PDF")
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"signature.create", "document.party_sign", "document.sign"} <= actions
    assert "document_signed_pdf.create" in actions
    assert all(item.ok for item in signing.document_signatures(document))


@pytest.fixture
def nss_trusting_the_ca(tmp_path):
    """Return an NSS database (for ``pdfsig -nssdir``) that trusts the installation's CA."""
    certutil = _tool("certutil")
    folder = tmp_path / "nss"
    folder.mkdir()
    ca = tmp_path / "ca.pem"
    authority = current_authority()
    assert authority is not None
    ca.write_text(authority.certificate)
    database = f"sql:{folder}"
    subprocess.run([certutil, "-N", "-d", database, "--empty-password"], check=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        [certutil, "-A", "-d", database, "-n", "collegium-ca", "-t", "CT,C,C", "-i", str(ca)],
        check=True,
    )
    return database


def _pdfsig(pdf: bytes, tmp_path, nssdir: str) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603
        [_tool("pdfsig"), "-nssdir", nssdir, str(path)], capture_output=True, text=True, check=False
    )
    return result.stdout


def test_stored_signed_pdf_verifies_with_pdfsig(
    agreed,
    ministers,
    mfa_ru,
    mfa_by,
    tmp_path,
    nss_trusting_the_ca,
    client,
):
    """pdfsig finds the two ministers' valid, trusted signatures; a modified copy fails."""
    document = _sign_both(agreed, ministers, mfa_ru, mfa_by)
    response = client.get(reverse("decisions:signed-pdf", args=[document.slug]))
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    assert pdf == bytes(DocumentSignedPdf.objects.get(document=document).pdf)
    output = _pdfsig(pdf, tmp_path, nss_trusting_the_ca)
    assert "Signature #2:" in output
    assert "Signature #3:" not in output
    assert "Signer Certificate Common Name: Sergey Lavrov" in output
    assert "Signer Certificate Common Name: Maxim Ryzhenkov" in output
    assert output.count("Signature Validation: Signature is Valid.") == 2
    assert output.count("Certificate Validation: Certificate is Trusted.") == 2
    middle = len(pdf) // 2
    tampered = pdf[:middle] + bytes([pdf[middle] ^ 0x01]) + pdf[middle + 1 :]
    output = _pdfsig(tampered, tmp_path, nss_trusting_the_ca)
    assert "Signature is Valid." not in output


def test_one_byte_changed_in_the_database_turns_verification_red(
    agreed,
    ministers,
    mfa_ru,
    mfa_by,
    client,
    capsys,
):
    """A raw update of one character of a signed paragraph: red on the page, in the API,
    and ``collegium documents verify`` exits 1 naming the document."""
    document = _sign_both(agreed, ministers, mfa_ru, mfa_by)
    page = client.get(reverse("decisions:detail", args=[document.slug])).content.decode()
    assert page.count('data-verification="green"') == 2
    api = client.get(f"/api/v1/decisions/documents/{document.slug}/signatures").json()
    assert [item["verified"] for item in api["items"]] == [True, True]
    call_command("documents", "verify")
    assert document.slug in capsys.readouterr().out

    node = DocumentNode.objects.filter(document=document, kind="paragraph").first()
    text = node.text_ru
    assert text.endswith(".")
    with connection.cursor() as cursor:  # a raw update, as someone with database access would
        cursor.execute(
            f"UPDATE {DocumentNode._meta.db_table} SET text_ru = %s WHERE id = %s",  # noqa: S608
            [text[:-1] + "!", node.pk],
        )

    page = client.get(reverse("decisions:detail", args=[document.slug])).content.decode()
    assert page.count('data-verification="red"') == 2
    assert page.count("badge--danger") == 2
    api = client.get(f"/api/v1/decisions/documents/{document.slug}/signatures").json()
    assert [item["verified"] for item in api["items"]] == [False, False]
    assert api["verified"] is False
    with pytest.raises(CommandError, match=f"no longer matches the signatures of: {document.slug}"):
        call_command("documents", "verify")
    assert f"RED\t{document.slug}" in capsys.readouterr().out


def test_a_signed_text_is_never_edited(agreed, ministers, mfa_ru, mfa_by, ru_manager):
    """Once signed, an edit of a part is refused with the rule (409)."""
    from collegium.decisions import services

    document = _sign_both(agreed, ministers, mfa_ru, mfa_by)
    node = DocumentNode.objects.filter(document=document, kind="paragraph").first()
    with pytest.raises(TransitionError, match="A signed text is never edited"):
        services.node_update(
            actor=ru_manager, document=document, node=node, data={"text_ru": "Иначе"}
        )


SIGNED_PAGE_QUERIES = 13  # the draft page's 8, the signatures, their keys, parties, the PDF


@pytest.mark.parametrize("paragraphs", [2, 20])
def test_signed_page_query_count_is_flat(
    document, ministers, ru_manager, by_manager, mfa_ru, mfa_by, client, paragraphs,
    django_assert_max_num_queries,
):  # fmt: skip
    """Verifying the signatures on the page reads the same queries with 2 or 20 parts."""
    from collegium.decisions import services
    from collegium.decisions.tests.signing_fixtures import add

    for number in range(paragraphs):
        add(ru_manager, document, "paragraph", text_ru=f"Пункт {number}", text_be=f"Пункт {number}")
    document.refresh_from_db()
    services.document_agree(actor=ru_manager, document=document, party=mfa_ru)
    services.document_agree(actor=by_manager, document=document, party=mfa_by)
    document.refresh_from_db()
    _sign_both(document, ministers, mfa_ru, mfa_by)
    client.force_login(ministers.lavrov)
    url = reverse("decisions:detail", args=[document.slug])
    client.get(url)  # warm the session and the roles
    # The history panel names at most one more organization with fewer changes: at most.
    with django_assert_max_num_queries(SIGNED_PAGE_QUERIES):
        page = client.get(url).content.decode()
    assert page.count('data-verification="green"') == 2
