"""Writes and checks of signatures: the authority, keys, designations, signing, verification.

Every write checks its policy, validates and appends its audit record in one
transaction.  Private keys are decrypted only in memory, for one signing.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.x509 import Certificate
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access.rules import AnyUser
from collegium.accounts.models import User
from collegium.core.audit import audited
from collegium.core.exceptions import PermissionDenied, ValidationError
from collegium.registry.models import Organization, Person, Post
from collegium.signatures import keystore, policy
from collegium.signatures.engine import keys, pades, pki
from collegium.signatures.models import (
    SignatoryDesignation,
    Signature,
    SigningAuthority,
    SigningKey,
)
from collegium.signatures.selectors import (
    authorized_signatory,
    current_authority,
    signature_list_for_subject,
)

AUTHORITY_NAME = "Collegium Root CA"


class SigningUnavailable(Exception):
    """Signing cannot happen on this installation now: no master key or no authority."""


# --- The certificate authority ---------------------------------------------------------


def keys_init(
    *, actor: AnyUser = None, name: str = AUTHORITY_NAME
) -> tuple[SigningAuthority, bool]:
    """Create the master key file and the certificate authority unless they exist.

    Return the current authority and whether this call created it.  An
    authority without its master key cannot be repaired: its private key is
    lost, so that is an error, never a silent new master key.
    """
    authority = current_authority()
    if not keystore.master_key_exists():
        if authority is not None:
            raise SigningUnavailable(
                _(
                    "The certificate authority exists but its master key %(path)s is missing; "
                    "restore the key file from its backup."
                )
                % {"path": keystore.master_key_path()}
            )
        keystore.create_master_key()
    if authority is not None:
        return authority, False
    master_key = keystore.read_master_key()
    now = timezone.now()
    private_key = keys.generate_private_key()
    certificate = pki.create_root_certificate(
        private_key, pki.Subject(common_name=name, organization="Collegium"), now=now
    )
    authority = SigningAuthority(
        name=name,
        fingerprint=keys.fingerprint(private_key),
        certificate=pki.certificate_pem(certificate),
        encrypted_private_key=keys.encrypt_private_key(private_key, master_key),
        created_at=now,
    )
    authority.full_clean()
    with audited(actor=actor, action="signing_authority.create", instance=authority):
        authority.save(force_insert=True)
    return authority, True


def _master_key() -> bytes:
    try:
        return keystore.read_master_key()
    except keystore.KeystoreError as exc:
        raise SigningUnavailable(str(exc)) from exc


def _authority() -> SigningAuthority:
    authority = current_authority()
    if authority is None:
        raise SigningUnavailable(
            _("This installation has no certificate authority; run “collegium keys init”.")
        )
    return authority


# --- Signing keys ------------------------------------------------------------------------


def _certificate_subject(person: Person, organization: Organization | None) -> pki.Subject:
    country = ""
    if organization is not None and organization.seat_state is not None:
        country = organization.seat_state.code
    return pki.Subject(
        common_name=person.name_en or person.name_ru,
        organization=(organization.name_en or organization.name_ru) if organization else "",
        country=country,
    )


def _new_key(
    *, actor: AnyUser, person: Person, organization: Organization | None, action: str
) -> SigningKey:
    """Create ``person``'s key and certificate under the current authority (in a transaction)."""
    master_key = _master_key()
    authority = _authority()
    now = timezone.now()
    ca_key = keys.decrypt_private_key(bytes(authority.encrypted_private_key), master_key)
    private_key = keys.generate_private_key()
    certificate = pki.issue_certificate(
        ca_certificate=pki.load_certificate(authority.certificate),
        ca_key=ca_key,
        public_key=private_key.public_key(),
        subject=_certificate_subject(person, organization),
        now=now,
    )
    signing_key = SigningKey(
        person=person,
        authority=authority,
        algorithm=keys.ALGORITHM,
        fingerprint=keys.fingerprint(private_key),
        public_key=keys.public_key_pem(private_key),
        certificate=pki.certificate_pem(certificate),
        encrypted_private_key=keys.encrypt_private_key(private_key, master_key),
        created_at=now,
    )
    signing_key.full_clean(exclude=["person", "authority"])
    with audited(actor=actor, action=action, instance=signing_key, organization=organization):
        signing_key.save(force_insert=True)
    return signing_key


def signing_key_current(
    *, actor: AnyUser, person: Person, organization: Organization | None = None
) -> SigningKey:
    """Return the person's current key, creating it (and its certificate) on first use."""
    with transaction.atomic():
        # Lock the person's row: two first signings at once must create one key.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        existing = SigningKey.objects.filter(person=person, retired_at__isnull=True).first()
        if existing is not None:
            return existing
        return _new_key(
            actor=actor, person=person, organization=organization, action="signing_key.create"
        )


def signing_key_rotate(*, actor: AnyUser, person: Person) -> SigningKey:
    """Retire the person's current key and create a new one; old signatures stay verifiable.

    ``actor=None`` is the system (``collegium keys rotate``).
    """
    if actor is not None:
        policy.can_rotate_key(actor, person).enforce()
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        current = SigningKey.objects.filter(person=person, retired_at__isnull=True).first()
        organization = None
        if current is not None:
            # The new certificate names the party the old key last signed for.
            organization = (
                Signature.objects.filter(key=current)
                .order_by("-signed_at")
                .values_list("organization_id", flat=True)
                .first()
            )
            with audited(actor=actor, action="signing_key.retire", instance=current):
                current.retired_at = timezone.now()
                current.save(update_fields=["retired_at"])
        party = Organization.objects.filter(pk=organization).first() if organization else None
        return _new_key(actor=actor, person=person, organization=party, action="signing_key.rotate")


# --- Designations ------------------------------------------------------------------------


def signatory_designate(
    *, actor: AnyUser, organization: Organization, post: Post
) -> SignatoryDesignation:
    """Designate ``post`` as the one whose holder signs for ``organization``."""
    if actor is not None:
        policy.can_designate(actor, organization).enforce()
    if post.organization_id != organization.pk:
        raise ValidationError(
            {
                "post": _("The signatory's post must be a post of %(organization)s.")
                % {"organization": organization}
            }
        )
    with transaction.atomic():
        designation = (
            SignatoryDesignation.objects.select_for_update()
            .filter(organization=organization)
            .first()
        ) or SignatoryDesignation(organization=organization)
        action = (
            "signatory_designation.create"
            if designation.pk is None
            else "signatory_designation.update"
        )
        designation.post = post
        designation.full_clean(exclude=["organization", "post"], validate_unique=False)
        with audited(actor=actor, action=action, instance=designation, organization=organization):
            designation.save()
    return designation


def signatory_designation_delete(*, actor: AnyUser, designation: SignatoryDesignation) -> None:
    """Withdraw the designation: nobody signs for the organization until a new one."""
    if actor is not None:
        policy.can_designate(actor, designation.organization).enforce()
    with audited(
        actor=actor,
        action="signatory_designation.delete",
        instance=designation,
        organization=designation.organization,
    ):
        designation.delete()


# --- Signing and verifying bytes -----------------------------------------------------------


def sign_bytes(
    *,
    actor: User,
    organization: Organization,
    data: bytes,
    subject: str,
    on_date: dt.date | None = None,
) -> Signature:
    """Sign ``data`` for ``organization`` as its authorized signatory on ``on_date`` (today).

    The signatory's key is created on first use.  A party signs a subject once.
    An earlier date records a signature made then (by a holder still in
    office, see ``policy.can_sign``); a later one is refused.
    """
    today = timezone.localdate()
    on_date = on_date or today
    if on_date > today:
        raise ValidationError({"on_date": _("A signature cannot be dated later than today.")})
    policy.can_sign(actor, organization, on_date).enforce()
    signatory = authorized_signatory(organization, on_date)
    if signatory is None:  # the policy has just said otherwise: a race with the registry
        raise PermissionDenied(_("Nobody holds the signatory's post on this date."))
    subject = (subject or "").strip()
    if not subject:
        raise ValidationError({"subject": _("Name what is signed.")})
    if Signature.objects.filter(subject=subject, organization=organization).exists():
        raise ValidationError({"subject": _("This party has already signed it.")})
    with transaction.atomic():
        signing_key = signing_key_current(
            actor=actor, person=signatory.person, organization=organization
        )
        private_key = keys.decrypt_private_key(
            bytes(signing_key.encrypted_private_key), _master_key()
        )
        signature = Signature(
            subject=subject,
            digest=keys.sha256_hex(data),
            signature=keys.sign(private_key, data),
            key=signing_key,
            signatory=signatory.person,
            organization=organization,
            post=signatory.post,
            signed_by=actor,
            signed_on=on_date,
            signed_at=timezone.now(),
        )
        signature.full_clean(
            exclude=["key", "signatory", "organization", "post", "signed_by"],
            validate_unique=False,
        )
        try:
            with audited(
                actor=actor,
                action="signature.create",
                instance=signature,
                organization=organization,
            ):
                signature.save(force_insert=True)
        except IntegrityError as exc:  # signed meanwhile by a second request
            raise ValidationError({"subject": _("This party has already signed it.")}) from exc
    return signature


@dataclass(frozen=True)
class Verification:
    """The result of checking one signature against the bytes at hand: green or red, and why."""

    ok: bool
    reason: str
    fingerprint: str

    @property
    def colour(self) -> str:
        return "green" if self.ok else "red"

    def __bool__(self) -> bool:
        return self.ok


def verify_signature(signature: Signature, data: bytes) -> Verification:
    """Check ``signature`` against ``data`` now: the bytes, the key, the certificate.

    Red when the data differ from what was signed, when the signature does not
    check out with the stored public key, when the public key no longer matches
    its fingerprint or certificate, or when the certificate was not issued by
    the authority the key names.  Reads no private key.
    """
    key = signature.key
    red = _verification_red(signature, key, data)
    if red:
        return Verification(False, red, key.fingerprint)
    return Verification(
        True,
        _("Signed by %(person)s with key %(fingerprint)s; the text is unchanged.")
        % {"person": signature.signatory, "fingerprint": key.fingerprint[:16]},
        key.fingerprint,
    )


def signatures_verify(subject: str, data: bytes) -> list[tuple[Signature, Verification]]:
    """Return every signature of ``subject`` with its verification against ``data``, now.

    For a page or a command that shows a signed record: each party's
    signature, green or red, computed from the stored text on every call.
    """
    return [
        (signature, verify_signature(signature, data))
        for signature in signature_list_for_subject(subject)
    ]


def _verification_red(signature: Signature, key: SigningKey, data: bytes) -> str:
    if keys.sha256_hex(data) != signature.digest:
        return _("The text differs from the signed text (its SHA-256 changed).")
    try:
        public_key = keys.load_public_key(key.public_key)
        certificate = pki.load_certificate(key.certificate)
        authority = pki.load_certificate(key.authority.certificate)
    except (keys.KeyUnreadable, ValueError):
        return _("The stored key or certificate is damaged.")
    if (
        keys.fingerprint(public_key) != key.fingerprint
        or keys.fingerprint(
            certificate.public_key()  # type: ignore[arg-type]  # an EC key, checked just below
        )
        != key.fingerprint
    ):
        return _("The stored public key does not match its fingerprint or certificate.")
    if not pki.is_issued_by(certificate, authority):
        return _("The key's certificate was not issued by the installation's authority.")
    if not keys.verify(public_key, data, bytes(signature.signature)):
        return _("The signature does not match the text and the signatory's key.")
    return ""


# --- PDF (PAdES) -------------------------------------------------------------------------------


def pades_sign_pdf(pdf_bytes: bytes, *, signatures: Sequence[Signature]) -> bytes:
    """Return the PDF carrying one PAdES signature per stored signature, in their order.

    Each is made with the key that made the stored signature, under the
    certificate the installation's authority issued for it: the PDF of a
    signed document carries the same signatories as its record.  Render and
    keep the PDF when the record is signed: made later, after a rotation, it
    would be signed again with a key since retired.
    """
    master_key = _master_key()
    signatories = []
    for number, signature in enumerate(signatures, start=1):
        key = signature.key
        signatories.append(
            pades.PdfSignatory(
                field_name=f"Signature{number}",
                private_key=keys.decrypt_private_key(bytes(key.encrypted_private_key), master_key),
                certificate=pki.load_certificate(key.certificate),
                ca_certificate=pki.load_certificate(key.authority.certificate),
                name=str(signature.signatory),
                reason=str(signature.post),
            )
        )
    return pades.sign_pdf(pdf_bytes, signatories)


def trusted_roots() -> list[Certificate]:
    """Return the certificates of every authority of the installation, current and retired."""
    return [
        pki.load_certificate(pem)
        for pem in SigningAuthority.objects.values_list("certificate", flat=True)
    ]


def pades_verify_pdf(pdf_bytes: bytes) -> list[pades.PdfSignatureCheck]:
    """Return pyHanko's findings on each signature of the PDF, trusting the installation's CA."""
    return pades.verify_pdf(pdf_bytes, trusted_roots())
