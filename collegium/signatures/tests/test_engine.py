"""The pure engine: keys, the certificate authority and PAdES, without Django or a database."""

import asyncio
import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from weasyprint import HTML

from collegium.signatures.engine import keys, pades, pki

NOW = dt.datetime(2025, 11, 25, 9, 0, tzinfo=dt.UTC)


def test_sign_and_verify_bytes():
    """A signature verifies with its public key; a changed byte or another key does not."""
    key = keys.generate_private_key()
    data = "Постановление коллегий".encode()
    signature = keys.sign(key, data)
    assert keys.verify(keys.public_key_pem(key), data, signature)
    changed = bytearray(data)
    changed[0] ^= 1
    assert not keys.verify(keys.public_key_pem(key), bytes(changed), signature)
    assert not keys.verify(keys.generate_private_key().public_key(), data, signature)


def test_fingerprint_is_sha256_of_the_public_key_der():
    """The fingerprint is 64 hex digits, the same from the private key, the public key or PEM."""
    key = keys.generate_private_key()
    fingerprint = keys.fingerprint(key)
    assert len(fingerprint) == 64
    assert (
        fingerprint
        == keys.fingerprint(key.public_key())
        == keys.fingerprint(keys.public_key_pem(key))
    )
    assert fingerprint != keys.fingerprint(keys.generate_private_key())


def test_private_key_encrypted_at_rest():
    """The encrypted key reads back with its master key only, and holds no plain key."""
    key = keys.generate_private_key()
    master = keys.new_master_key()
    token = keys.encrypt_private_key(key, master)
    assert b"PRIVATE KEY" not in token
    assert keys.fingerprint(keys.decrypt_private_key(token, master)) == keys.fingerprint(key)
    with pytest.raises(keys.KeyUnreadable):
        keys.decrypt_private_key(token, keys.new_master_key())
    with pytest.raises(keys.KeyUnreadable):
        keys.decrypt_private_key(token, b"not a key")


def _authority():
    ca_key = keys.generate_private_key()
    ca = pki.create_root_certificate(ca_key, pki.Subject("Test Root CA", "Collegium"), now=NOW)
    return ca_key, ca


def _signatory(ca_key, ca, name, organization, field):
    key = keys.generate_private_key()
    certificate = pki.issue_certificate(
        ca_certificate=ca,
        ca_key=ca_key,
        public_key=key.public_key(),
        subject=pki.Subject(name, organization, country="ru"),
        now=NOW,
    )
    return pades.PdfSignatory(
        field_name=field, private_key=key, certificate=certificate, ca_certificate=ca, name=name
    )


def test_certificate_names_the_signatory_and_chains_to_the_authority():
    """A signatory's certificate names the person and organization; another CA did not issue it."""
    ca_key, ca = _authority()
    signatory = _signatory(ca_key, ca, "Sergey Lavrov", "MFA of Russia", "Signature1")
    subject = signatory.certificate.subject.rfc4514_string()
    assert "CN=Sergey Lavrov" in subject
    assert "O=MFA of Russia" in subject
    assert "C=RU" in subject
    assert pki.is_issued_by(signatory.certificate, ca)
    assert not pki.is_issued_by(signatory.certificate, _authority()[1])


def test_pdf_signed_by_two_parties_verifies_and_a_changed_byte_breaks_it():
    """Two incremental PAdES signatures verify with pyHanko; a changed byte is detected."""
    ca_key, ca = _authority()
    pdf = HTML(string="<h1>Resolution</h1><p>Illustrative text.</p>").write_pdf()
    signed = pades.sign_pdf(
        pdf,
        [
            _signatory(ca_key, ca, "Sergey Lavrov", "MFA of Russia", "Signature1"),
            _signatory(ca_key, ca, "Maxim Ryzhenkov", "MFA of Belarus", "Signature2"),
        ],
    )
    checks = pades.verify_pdf(signed, [ca], moment=NOW + dt.timedelta(days=1))
    assert [c.field_name for c in checks] == ["Signature1", "Signature2"]
    assert all(c.ok for c in checks)
    assert "Maxim Ryzhenkov" in checks[1].signer
    assert checks[1].covers_whole_document
    assert not pades.verify_pdf(signed, [_authority()[1]])[0].trusted
    assert not any(c.intact for c in pades.verify_pdf(tampered_copy(signed), [ca]))


def test_pdf_signing_works_where_an_event_loop_runs():
    """pyHanko starts a loop of its own: inside a running one (an ASGI server, Playwright's
    synchronous API) the engine signs and verifies all the same."""
    ca_key, ca = _authority()
    pdf = HTML(string="<p>Illustrative text.</p>").write_pdf()
    signatory = _signatory(ca_key, ca, "Sergey Lavrov", "MFA of Russia", "Signature1")

    async def inside_a_loop() -> list[pades.PdfSignatureCheck]:
        signed = pades.sign_pdf(pdf, [signatory])
        return pades.verify_pdf(signed, [ca], moment=NOW + dt.timedelta(days=1))

    # In a thread of its own: the test session may run a loop already (Playwright's).
    with ThreadPoolExecutor(max_workers=1) as pool:
        checks = pool.submit(lambda: asyncio.run(inside_a_loop())).result()
    assert [check.ok for check in checks] == [True]


def tampered_copy(pdf: bytes) -> bytes:
    """Return ``pdf`` with one byte of its producer's name changed (covered by every signature)."""
    position = pdf.index(b"/Producer (") + len(b"/Producer (")
    tampered = bytearray(pdf)
    tampered[position] ^= 1
    return bytes(tampered)
