"""The installation's own certificate authority and the certificates of its signatories.

The root is self-signed and kept by the installation (``collegium keys
init``); each signatory's key gets a certificate naming the person and the
organization they sign for.  PDF validators trust the signatures once the
root is trusted (``pdfsig`` with an NSS database holding it).
"""

import datetime as dt
import secrets
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from collegium.signatures.engine.keys import PrivateKey, PublicKey

CA_VALIDITY = dt.timedelta(days=365 * 20)
SIGNATORY_VALIDITY = dt.timedelta(days=365 * 10)


@dataclass(frozen=True)
class Subject:
    """Who a certificate names: a person (or the authority) and their organization."""

    common_name: str
    organization: str = ""
    organizational_unit: str = ""
    country: str = ""  # ISO 3166 alpha-2, upper or lower case

    def name(self) -> x509.Name:
        attributes = []
        if self.country:
            attributes.append(x509.NameAttribute(NameOID.COUNTRY_NAME, self.country.upper()))
        if self.organization:
            attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.organization))
        if self.organizational_unit:
            attributes.append(
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, self.organizational_unit)
            )
        attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, self.common_name))
        return x509.Name(attributes)


def _serial() -> int:
    # 159 random bits: positive, under the 20-octet limit of RFC 5280.
    return secrets.randbits(159) | 1


def _key_usage(**allowed: bool) -> x509.KeyUsage:
    """Return the key usage extension allowing exactly the named usages."""
    usages = (
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    )
    return x509.KeyUsage(**{usage: allowed.get(usage, False) for usage in usages})


def create_root_certificate(
    key: PrivateKey, subject: Subject, *, now: dt.datetime, validity: dt.timedelta = CA_VALIDITY
) -> x509.Certificate:
    """Return a self-signed CA certificate for ``key`` (signs certificates only)."""
    name = subject.name()
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(_serial())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + validity)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def issue_certificate(
    *,
    ca_certificate: x509.Certificate,
    ca_key: PrivateKey,
    public_key: PublicKey,
    subject: Subject,
    now: dt.datetime,
    validity: dt.timedelta = SIGNATORY_VALIDITY,
) -> x509.Certificate:
    """Return a signatory's certificate for ``public_key``, issued by the CA.

    It allows digital signatures and non-repudiation (the key usages PDF
    validators expect of a document signer), and nothing else.
    """
    not_after = min(now + validity, ca_certificate.not_valid_after_utc)
    ca_ski = ca_certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return (
        x509.CertificateBuilder()
        .subject_name(subject.name())
        .issuer_name(ca_certificate.subject)
        .public_key(public_key)
        .serial_number(_serial())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(digital_signature=True, content_commitment=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )


def certificate_pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def load_certificate(pem: str | bytes) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem.encode("ascii") if isinstance(pem, str) else pem)


def is_issued_by(certificate: x509.Certificate, ca_certificate: x509.Certificate) -> bool:
    """Whether the CA's key signed ``certificate`` (its signature checks out)."""
    try:
        certificate.verify_directly_issued_by(ca_certificate)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
