"""Key pairs of signatories: create, sign and verify bytes, fingerprint, encrypt at rest.

Keys are ECDSA on the NIST P-256 curve with SHA-256: widely supported by PDF
validators (poppler/NSS, Adobe), unlike Ed25519.  A private key is stored only
encrypted with the installation's master key (Fernet: AES-128-CBC with an
HMAC-SHA256 tag), which lives in a file outside the database.
"""

import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

ALGORITHM = "ecdsa-p256-sha256"

type PrivateKey = ec.EllipticCurvePrivateKey
type PublicKey = ec.EllipticCurvePublicKey


class KeyUnreadable(Exception):
    """A key cannot be read: wrong master key, damaged or foreign data."""


def sha256_hex(data: bytes) -> str:
    """Return the SHA-256 of ``data`` as 64 hexadecimal digits."""
    return hashlib.sha256(data).hexdigest()


def generate_private_key() -> PrivateKey:
    """Return a new ECDSA P-256 private key."""
    return ec.generate_private_key(ec.SECP256R1())


def public_key_pem(key: PrivateKey | PublicKey) -> str:
    """Return the public key (SubjectPublicKeyInfo) in PEM."""
    public = key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else key
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def load_public_key(pem: str | bytes) -> PublicKey:
    """Read a PEM public key; anything but an EC key is a ``KeyUnreadable``."""
    data = pem.encode("ascii") if isinstance(pem, str) else pem
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise KeyUnreadable("not a PEM public key") from exc
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise KeyUnreadable("not an EC public key")
    return key


def fingerprint(key: PrivateKey | PublicKey | str) -> str:
    """Return the SHA-256 of the public key's DER (SubjectPublicKeyInfo), in hex."""
    if isinstance(key, str):
        key = load_public_key(key)
    public = key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else key
    der = public.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return sha256_hex(der)


def sign(key: PrivateKey, data: bytes) -> bytes:
    """Return the DER-encoded ECDSA signature of ``data`` (SHA-256)."""
    return key.sign(data, ec.ECDSA(hashes.SHA256()))


def verify(public_key: PublicKey | str, data: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is a valid signature of ``data`` by ``public_key``."""
    if isinstance(public_key, str):
        public_key = load_public_key(public_key)
    try:
        public_key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def private_key_pem(key: PrivateKey) -> bytes:
    """Return the private key in unencrypted PKCS#8 PEM (for pyHanko; never stored)."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def new_master_key() -> bytes:
    """Return a new master key (url-safe base64 of 32 random bytes), as kept in its file."""
    return Fernet.generate_key()


def _fernet(master_key: bytes) -> Fernet:
    try:
        return Fernet(master_key.strip())
    except ValueError as exc:
        raise KeyUnreadable("the master key is not a valid key") from exc


def encrypt_private_key(key: PrivateKey, master_key: bytes) -> bytes:
    """Return the private key's PKCS#8 DER encrypted with ``master_key``."""
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return _fernet(master_key).encrypt(der)


def decrypt_private_key(token: bytes, master_key: bytes) -> PrivateKey:
    """Return the private key encrypted by ``encrypt_private_key``; a wrong key is refused."""
    try:
        der = _fernet(master_key).decrypt(bytes(token))
    except InvalidToken as exc:
        raise KeyUnreadable("the private key cannot be decrypted with this master key") from exc
    key = serialization.load_der_private_key(der, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise KeyUnreadable("not an EC private key")
    return key
