"""The master key file: outside the database, readable by the installation's user only."""

import os
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from collegium.signatures.engine import keys


class KeystoreError(Exception):
    """The master key is missing or unreadable: signing is impossible until it is restored."""


def master_key_path() -> Path:
    return Path(settings.SIGNING_KEY_FILE)


def master_key_exists() -> bool:
    return master_key_path().is_file()


def read_master_key() -> bytes:
    """Return the master key; a missing file says how to create it."""
    path = master_key_path()
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        raise KeystoreError(
            _("The signing master key %(path)s does not exist; run “collegium keys init”.")
            % {"path": path}
        ) from None
    except OSError as exc:
        raise KeystoreError(
            _("The signing master key %(path)s cannot be read: %(error)s")
            % {"path": path, "error": exc.strerror}
        ) from exc


def create_master_key() -> bytes:
    """Write a new master key file (mode 0600); an existing file is never overwritten."""
    path = master_key_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = keys.new_master_key()
    # O_EXCL: two `keys init` at once must not each write a key and keep one.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key + b"\n")
    return key
