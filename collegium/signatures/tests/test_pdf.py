"""A PDF signed by both ministers, checked by an independent validator: poppler's ``pdfsig``."""

import os
import shutil
import subprocess

import pytest
from weasyprint import HTML

from collegium.signatures import services
from collegium.signatures.selectors import current_authority

from .conftest import SIGNING_DAY
from .test_engine import tampered_copy

pytestmark = pytest.mark.django_db

TEXT = "Постановление (иллюстративный текст)".encode()


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian: poppler-utils, libnss3-tools)"
        if os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


def _signed_pdf(ns) -> bytes:
    signatures = [
        services.sign_bytes(
            actor=user, organization=org, data=TEXT, subject="doc", on_date=SIGNING_DAY
        )
        for user, org in [(ns.lavrov_user, ns.ru), (ns.ryzhenkov_user, ns.by)]
    ]
    pdf = HTML(string="<h1>Постановление коллегий</h1><p>Иллюстративный текст.</p>").write_pdf()
    return services.pades_sign_pdf(pdf, signatures=signatures)


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
    # No -no-ocsp: poppler 22.12 then reports "Unknown issue with Certificate" for any
    # chain.  Nothing is fetched anyway: the certificates name no OCSP responder (no AIA).
    result = subprocess.run(  # noqa: S603
        [_tool("pdfsig"), "-nssdir", nssdir, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout


def test_pdf_signed_by_both_ministers_verifies_with_pdfsig(
    ministries, tmp_path, nss_trusting_the_ca
):
    """pdfsig finds two valid signatures by the two ministers, trusted through the CA."""
    output = _pdfsig(_signed_pdf(ministries), tmp_path, nss_trusting_the_ca)
    assert "Signature #1:" in output
    assert "Signature #2:" in output
    assert "Signature #3:" not in output
    assert "Signer Certificate Common Name: Sergey Lavrov" in output
    assert "Signer Certificate Common Name: Maxim Ryzhenkov" in output
    assert output.count("Signature Validation: Signature is Valid.") == 2
    assert output.count("Certificate Validation: Certificate is Trusted.") == 2
    assert "Total document signed" in output


def test_modified_copy_fails_pdfsig(ministries, tmp_path, nss_trusting_the_ca):
    """One byte changed in the signed PDF: pdfsig reports both digests mismatched."""
    output = _pdfsig(tampered_copy(_signed_pdf(ministries)), tmp_path, nss_trusting_the_ca)
    assert output.count("Signature Validation: Digest Mismatch.") == 2
    assert "Signature is Valid." not in output


def test_pades_verify_pdf_trusts_the_installation_ca(ministries):
    """pyHanko, given the installation's CA, finds both signatures intact and trusted."""
    pdf = _signed_pdf(ministries)
    checks = services.pades_verify_pdf(pdf)
    assert [check.ok for check in checks] == [True, True]
    assert not any(check.intact for check in services.pades_verify_pdf(tampered_copy(pdf)))
