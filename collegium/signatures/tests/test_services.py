"""Signing bytes for a party, verifying them, rotating keys, keeping private keys encrypted."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from collegium.accounts.services import user_link_person
from collegium.core.exceptions import PermissionDenied, ValidationError
from collegium.core.models import AuditRecord
from collegium.signatures import keystore, services
from collegium.signatures.engine import keys, pki
from collegium.signatures.models import Signature, SigningKey

from .conftest import SIGNING_DAY

pytestmark = pytest.mark.django_db

TEXT = "Постановление совместного заседания коллегий (иллюстративный текст)".encode()


def _sign(
    ns, user=None, org=None, data=TEXT, subject="decisions.document:1@1", on_date=SIGNING_DAY
):
    return services.sign_bytes(
        actor=user or ns.ryzhenkov_user,
        organization=org or ns.by,
        data=data,
        subject=subject,
        on_date=on_date,
    )


def test_sign_and_verify(ministries):
    """The authorized signatory signs; the signature verifies green against the same bytes."""
    signature = _sign(ministries)
    assert signature.signatory == ministries.ryzhenkov
    assert signature.post == ministries.by_minister
    assert signature.digest == keys.sha256_hex(TEXT)
    result = services.verify_signature(signature, TEXT)
    assert result.ok, result.reason
    assert result.colour == "green"
    assert result.fingerprint == signature.key.fingerprint
    assert AuditRecord.objects.filter(
        action="signature.create", object_id=str(signature.pk)
    ).exists()


def test_key_created_on_first_use_and_reused(ministries):
    """A signatory's key is created at the first signing and used again for the next."""
    assert not SigningKey.objects.filter(person=ministries.ryzhenkov).exists()
    first = _sign(ministries, subject="a")
    second = _sign(ministries, subject="b")
    assert first.key_id == second.key_id
    certificate = pki.load_certificate(first.key.certificate)
    assert certificate.subject.rfc4514_string() == "CN=Maxim Ryzhenkov,O=MFA-BY"
    assert pki.is_issued_by(certificate, pki.load_certificate(first.key.authority.certificate))


@pytest.mark.parametrize("position", [0, len(TEXT) // 2, len(TEXT) - 1])
def test_one_changed_byte_turns_verification_red(ministries, position):
    """Changing any single byte of the signed bytes turns the verification red, naming why."""
    signature = _sign(ministries)
    changed = bytearray(TEXT)
    changed[position] ^= 1
    result = services.verify_signature(signature, bytes(changed))
    assert not result.ok
    assert result.colour == "red"
    assert "differs from the signed text" in result.reason


def test_tampered_signature_or_key_in_the_database_is_red(ministries):
    """A signature or public key altered in the database (raw SQL) no longer verifies."""
    signature = _sign(ministries)
    stored = bytearray(signature.signature)
    stored[-1] ^= 1
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE signatures_signature SET signature = %s WHERE id = %s",
            [bytes(stored), signature.pk],
        )
    signature = Signature.objects.get(pk=signature.pk)
    assert "does not match the text" in services.verify_signature(signature, TEXT).reason
    foreign = keys.public_key_pem(keys.generate_private_key())
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE signatures_signingkey SET public_key = %s WHERE id = %s",
            [foreign, signature.key_id],
        )
    signature = Signature.objects.get(pk=signature.pk)
    assert "fingerprint" in services.verify_signature(signature, TEXT).reason


def test_rotation_keeps_old_signatures_verifiable(ministries):
    """After a rotation the old key is retired, new signatures use the new one, both verify."""
    old = _sign(ministries, subject="before")
    new_key = services.signing_key_rotate(
        actor=ministries.ryzhenkov_user, person=ministries.ryzhenkov
    )
    old.key.refresh_from_db()
    assert old.key.retired_at is not None
    assert new_key.fingerprint != old.key.fingerprint
    new = _sign(ministries, subject="after")
    assert new.key == new_key
    old = Signature.objects.get(pk=old.pk)
    assert services.verify_signature(old, TEXT).ok
    assert services.verify_signature(new, TEXT).ok
    assert SigningKey.objects.filter(person=ministries.ryzhenkov).count() == 2


def test_rotation_by_someone_else_is_refused(ministries):
    """Only the signatory or a site administrator rotates a signatory's key."""
    with pytest.raises(PermissionDenied, match="Only the signatory or a site administrator"):
        services.signing_key_rotate(actor=ministries.by_manager, person=ministries.ryzhenkov)


def test_keys_command_rotates(ministries, capsys):
    """`collegium keys rotate --person SLUG` retires the key and prints the new fingerprint."""
    old = _sign(ministries).key
    call_command("keys", "rotate", "--person", "maxim-ryzhenkov")
    current = SigningKey.objects.get(person=ministries.ryzhenkov, retired_at__isnull=True)
    assert current.pk != old.pk
    assert current.fingerprint in capsys.readouterr().out


# The permission table: who may sign for mfa-by, on which date.
# (user, date, allowed, the rule named in the refusal)
SIGNERS = [
    ("ryzhenkov_user", SIGNING_DAY, True, ""),
    ("by_manager", SIGNING_DAY, False, "Only the authorized signatory signs for MFA-BY"),
    ("by_editor", SIGNING_DAY, False, "Only the authorized signatory signs for MFA-BY"),
    ("lavrov_user", SIGNING_DAY, False, "Only the authorized signatory signs for MFA-BY"),
    ("makei_user", SIGNING_DAY, False, "Only the authorized signatory signs for MFA-BY"),
    # A former holder signs nothing any more, not even dated back to their tenure.
    ("makei_user", dt.date(2020, 5, 1), False, "Only the current holder of Minister signs"),
    (
        "ryzhenkov_user",
        dt.date(2020, 5, 1),
        False,
        "Only the authorized signatory signs for MFA-BY",
    ),
    ("ryzhenkov_user", dt.date(2023, 6, 1), False, "Nobody holds the post"),
    ("site_admin", SIGNING_DAY, False, "Only the authorized signatory signs for MFA-BY"),
]


@pytest.mark.parametrize(("who", "on_date", "allowed", "rule"), SIGNERS)
def test_only_the_authorized_signatory_signs(ministries, site_admin, who, on_date, allowed, rule):
    """Only the linked account of the holder of the designated post on that date signs."""
    user = site_admin if who == "site_admin" else getattr(ministries, who)
    if allowed:
        assert _sign(ministries, user=user, on_date=on_date).pk
        return
    with pytest.raises(PermissionDenied, match=rule):
        _sign(ministries, user=user, on_date=on_date)
    assert not Signature.objects.exists()


def test_a_signature_dated_later_than_today_is_refused(ministries):
    """The signing date is today or earlier."""
    with pytest.raises(ValidationError, match="later than today"):
        _sign(ministries, on_date=timezone.localdate() + dt.timedelta(days=1))


def test_the_refusal_names_the_holder_and_the_post(ministries):
    """The refusal says who signs for the party on that date and through which post."""
    with pytest.raises(PermissionDenied) as refused:
        _sign(ministries, user=ministries.lavrov_user)
    assert "Maxim Ryzhenkov (Minister)" in str(refused.value)


def test_other_party_signatory_signs_for_their_own(ministries):
    """The Russian minister signs for mfa-ru, not for mfa-by."""
    assert (
        _sign(ministries, user=ministries.lavrov_user, org=ministries.ru).signatory
        == ministries.lavrov
    )


def test_no_designation_no_signatory(ministries, make_org, make_user):
    """An organization that designates no post has nobody who signs for it."""
    other = make_org("csto", owner=None)
    with pytest.raises(PermissionDenied, match="designates no signatory post"):
        _sign(ministries, org=other)


def test_a_party_signs_a_subject_once(ministries):
    """A second signature of the same subject by the same party is refused."""
    _sign(ministries)
    with pytest.raises(ValidationError, match="already signed"):
        _sign(ministries)


def test_designation_by_a_foreign_manager_or_of_a_foreign_post_is_refused(ministries, make_user):
    """Only the party's managers designate, and only one of its own posts."""
    with pytest.raises(PermissionDenied, match="Only managers for"):
        services.signatory_designate(
            actor=ministries.by_editor, organization=ministries.by, post=ministries.by_minister
        )
    with pytest.raises(ValidationError):
        services.signatory_designate(
            actor=ministries.by_manager, organization=ministries.by, post=ministries.ru_minister
        )


def test_private_keys_are_unreadable_without_the_key_file(ministries, tmp_path):
    """The database holds the private keys encrypted; without the master key file nothing signs."""
    signature = _sign(ministries)
    stored = bytes(SigningKey.objects.get(pk=signature.key_id).encrypted_private_key)
    assert b"PRIVATE KEY" not in stored
    with pytest.raises(keys.KeyUnreadable):
        keys.decrypt_private_key(stored, keys.new_master_key())
    assert keys.decrypt_private_key(stored, keystore.read_master_key())
    audit = AuditRecord.objects.filter(action="signing_key.create").get()
    assert "encrypted_private_key" not in str(audit.changes)
    settings.SIGNING_KEY_FILE = tmp_path / "elsewhere.key"
    with pytest.raises(services.SigningUnavailable, match="keys init"):
        _sign(ministries, subject="another")
    assert services.verify_signature(signature, TEXT).ok  # verifying needs no private key


def test_keys_init_refuses_a_new_master_key_for_an_existing_authority(ministries, tmp_path):
    """A lost master key is reported, never silently replaced (the authority's key would be lost)."""
    settings.SIGNING_KEY_FILE = tmp_path / "lost.key"
    with pytest.raises(services.SigningUnavailable, match="restore the key file"):
        services.keys_init()


def test_master_key_file_is_private(ministries):
    """The master key file is readable by its owner only."""
    assert keystore.master_key_path().stat().st_mode & 0o077 == 0


def test_linking_a_person_is_for_site_administrators(ministries):
    """A manager cannot link an account to a person (it would sign as them)."""
    with pytest.raises(PermissionDenied, match="Only site administrators link"):
        user_link_person(
            actor=ministries.by_manager, user=ministries.by_editor, person=ministries.ryzhenkov
        )


def test_a_person_has_one_account(ministries, site_admin):
    """A person already linked to one account is not linked to a second."""
    with pytest.raises(ValidationError, match="already linked"):
        user_link_person(actor=site_admin, user=ministries.by_editor, person=ministries.ryzhenkov)


def test_the_refusal_is_translated(ministries):
    """The rule is named in the reader's language: Russian and Belarusian."""
    from django.utils import translation

    from collegium.signatures.policy import can_sign

    with translation.override("ru"):
        assert "уполномоченный подписант" in str(
            can_sign(ministries.lavrov_user, ministries.by, SIGNING_DAY).reason
        )
    with translation.override("be"):
        assert "ўпаўнаважаны падпісант" in str(
            can_sign(ministries.lavrov_user, ministries.by, SIGNING_DAY).reason
        )


def test_signatures_verify_lists_each_party_green_or_red(ministries):
    """Every party's signature of a subject is listed with its verification of the bytes given."""
    _sign(ministries, subject="doc")
    _sign(ministries, user=ministries.lavrov_user, org=ministries.ru, subject="doc")
    results = services.signatures_verify("doc", TEXT)
    assert sorted(sig.organization.slug for sig, _ in results) == ["mfa-by", "mfa-ru"]
    assert all(result.ok for _, result in results)
    assert not any(result.ok for _, result in services.signatures_verify("doc", TEXT + b" "))


def test_keys_command_init_and_ca(db, capsys):
    """`keys init` creates the master key and the CA once; `keys ca` prints its certificate."""
    call_command("keys", "init")
    first = capsys.readouterr().out
    assert "certificate authority created" in first
    assert keystore.master_key_exists()
    call_command("keys", "init")
    assert "certificate authority exists" in capsys.readouterr().out
    call_command("keys", "ca")
    assert pki.load_certificate(capsys.readouterr().out).subject.rfc4514_string() == (
        "CN=Collegium Root CA,O=Collegium"
    )
