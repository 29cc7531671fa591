"""Signing keys, the installation's certificate authority, designations and signatures.

Signatures know nothing of what they sign: a signed object is named by a free
``subject`` key (``decisions.document:12@3``) chosen by the app above, which
keeps the canonical bytes and hands them back to verify.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from collegium.core.models import AuditedModel


class SigningAuthority(AuditedModel):
    """The installation's root certificate authority (``collegium keys init``).

    Its private key is stored encrypted with the master key, which lives in a
    file outside the database (``SIGNING_KEY_FILE``).  One row is current;
    a replaced authority stays for verifying what it issued.  ``keys init``
    creates one only when none is current.
    """

    audit_exclude = ("encrypted_private_key",)

    name = models.CharField(_("name"), max_length=200)
    fingerprint = models.CharField(_("key fingerprint (SHA-256)"), max_length=64, unique=True)
    certificate = models.TextField(_("certificate (PEM)"))
    encrypted_private_key = models.BinaryField(_("private key (encrypted)"))
    created_at = models.DateTimeField(_("created"))
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate authority")
        verbose_name_plural = _("certificate authorities")

    def __str__(self) -> str:
        return self.name


class SigningKey(AuditedModel):
    """A signatory's key pair and certificate; retired keys stay to verify old signatures."""

    audit_exclude = ("encrypted_private_key",)

    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="signing_keys",
    )
    authority = models.ForeignKey(
        SigningAuthority,
        verbose_name=_("certificate authority"),
        on_delete=models.PROTECT,
        related_name="keys",
    )
    algorithm = models.CharField(_("algorithm"), max_length=40)
    fingerprint = models.CharField(_("key fingerprint (SHA-256)"), max_length=64, unique=True)
    public_key = models.TextField(_("public key (PEM)"))
    certificate = models.TextField(_("certificate (PEM)"))
    encrypted_private_key = models.BinaryField(_("private key (encrypted)"))
    created_at = models.DateTimeField(_("created"))
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["person_id", "-created_at"]
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(retired_at__isnull=True),
                name="one_current_key_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.fingerprint[:16]}"

    @property
    def is_current(self) -> bool:
        return self.retired_at is None


class SignatoryDesignation(AuditedModel):
    """The post whose holder, on the signing date, signs for the organization."""

    organization = models.OneToOneField(
        "registry.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="signatory_designation",
    )
    post = models.ForeignKey(
        "registry.Post",
        verbose_name=_("post"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("signatory designation")
        verbose_name_plural = _("signatory designations")

    def __str__(self) -> str:
        return f"{self.organization.slug}: {self.post}"


class Signature(AuditedModel):
    """One party's signature over the canonical bytes of a subject.

    The signature is over the bytes themselves (ECDSA with SHA-256); ``digest``
    records their SHA-256 so a verification tells a changed text from a
    broken signature.  A party signs a subject once.
    """

    subject = models.CharField(_("signed object"), max_length=200, db_index=True)
    digest = models.CharField(_("digest (SHA-256)"), max_length=64)
    signature = models.BinaryField(_("signature"))
    key = models.ForeignKey(
        SigningKey, verbose_name=_("key"), on_delete=models.PROTECT, related_name="signatures"
    )
    signatory = models.ForeignKey(
        "registry.Person",
        verbose_name=_("signatory"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    post = models.ForeignKey(
        "registry.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by (account)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_on = models.DateField(_("signing date"))
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        ordering = ["subject", "signed_at", "pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "organization"],
                name="one_signature_per_party",
                violation_error_message=_("This party has already signed it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.signatory}"
