"""PAdES signatures in PDF files: sign by several parties, one incremental update each; verify.

Every signatory adds a signature field and its CMS signature (PAdES baseline
B-B, ``ETSI.CAdES.detached``) as an incremental update, so the earlier
signatures keep covering the bytes they signed and an independent validator
(poppler's ``pdfsig``, Adobe) checks each one.
"""

import asyncio
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from collegium.signatures.engine.keys import PrivateKey


@dataclass(frozen=True)
class PdfSignatory:
    """One party's signature to add: its key, certificate and the CA above it."""

    field_name: str
    private_key: PrivateKey
    certificate: x509.Certificate
    ca_certificate: x509.Certificate
    name: str = ""
    reason: str = ""
    location: str = ""


@dataclass(frozen=True)
class PdfSignatureCheck:
    """What a validator says of one embedded signature."""

    field_name: str
    signer: str
    intact: bool  # the signed bytes hash to the signed digest
    valid: bool  # ... and the CMS signature checks out with the signer's key
    trusted: bool  # ... and the certificate chains to a trusted root
    covers_whole_document: bool
    modification_level: str
    signed_at: dt.datetime | None
    problem: str = ""  # what stopped the validator, when it could not finish

    @property
    def ok(self) -> bool:
        """Whether the signature is intact, valid and trusted."""
        return self.intact and self.valid and self.trusted


def _asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _signer(signatory: PdfSignatory) -> signers.SimpleSigner:
    key_der = signatory.private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    ca = _asn1_certificate(signatory.ca_certificate)
    return signers.SimpleSigner(
        signing_cert=_asn1_certificate(signatory.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs([ca]),
    )


def _outside_event_loop[T](function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call ``function`` where it may start an event loop of its own.

    pyHanko's synchronous API runs ``asyncio.run``, which fails in a thread
    that already runs a loop (an ASGI server's, Playwright's synchronous API in
    the tests): there it runs in a thread of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def sign_pdf(pdf: bytes, signatories: Sequence[PdfSignatory]) -> bytes:
    """Return ``pdf`` with one PAdES signature per signatory, each its own incremental update."""
    if not signatories:
        raise ValueError("no signatory")
    data = pdf
    for signatory in signatories:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        metadata = signers.PdfSignatureMetadata(
            field_name=signatory.field_name,
            name=signatory.name or None,
            reason=signatory.reason or None,
            location=signatory.location or None,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
        )
        output = io.BytesIO()
        pdf_signer = signers.PdfSigner(
            metadata,
            signer=_signer(signatory),
            new_field_spec=fields.SigFieldSpec(sig_field_name=signatory.field_name),
        )
        _outside_event_loop(pdf_signer.sign_pdf, writer, output=output)
        data = output.getvalue()
    return data


def verify_pdf(
    pdf: bytes, trust_roots: Iterable[x509.Certificate], *, moment: dt.datetime | None = None
) -> list[PdfSignatureCheck]:
    """Return the validator's findings on every signature embedded in ``pdf``, in order.

    ``moment`` is the time the certificates must be valid at (default: now).
    A file that is not a PDF is a ``ValueError``.
    """
    roots = [_asn1_certificate(root) for root in trust_roots]
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # pyHanko raises several kinds on a damaged file
        raise ValueError(f"not a readable PDF: {exc}") from exc
    checks = []
    for signature in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False, moment=moment)
        try:
            status = _outside_event_loop(
                validate_pdf_signature, signature, signer_validation_context=context
            )
        except Exception as exc:  # a damaged signature or file: red, with the validator's words
            checks.append(
                PdfSignatureCheck(
                    field_name=signature.field_name,
                    signer="",
                    intact=False,
                    valid=False,
                    trusted=False,
                    covers_whole_document=False,
                    modification_level="",
                    signed_at=None,
                    problem=str(exc),
                )
            )
            continue
        level = status.modification_level
        checks.append(
            PdfSignatureCheck(
                field_name=signature.field_name,
                signer=status.signing_cert.subject.human_friendly,
                intact=status.intact,
                valid=status.valid,
                trusted=status.trusted,
                covers_whole_document=status.coverage is not None
                and status.coverage.name == "ENTIRE_FILE",
                modification_level=level.name if level is not None else "",
                signed_at=status.signer_reported_dt,
            )
        )
    return checks
