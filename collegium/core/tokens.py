"""Bearer secrets stored as SHA-256 digests: API tokens and calendar feed tokens.

A secret is 32+ random bytes, so a plain SHA-256 suffices (no slow hash is
needed against guessing); the secret itself is shown once and never stored.
"""

import hashlib
from datetime import datetime
from typing import Any, Protocol, cast

from django.db import models, transaction
from django.utils import timezone

from collegium.core.audit_guard import writes_allowed

# Usage stamps are bookkeeping, not a change of record: kept coarse and unaudited.
LAST_USED_RESOLUTION_SECONDS = 300


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class BearerToken[U](Protocol):
    """What ``token_holder`` reads of a token; its model also has ``digest`` and ``revoked_at``."""

    @property
    def pk(self) -> Any: ...
    @property
    def user(self) -> U: ...
    @property
    def last_used_at(self) -> datetime | None: ...


def token_holder[U](model: type[BearerToken[U]], secret: str) -> U | None:
    """Return the active user behind an unrevoked token of ``model`` with ``secret``, or None.

    ``model`` is a model with ``user``, ``digest``, ``revoked_at`` and ``last_used_at``.
    """
    manager = cast(type[models.Model], model)._default_manager
    token = cast(
        BearerToken[U] | None,
        manager.select_related("user")
        .filter(digest=secret_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first(),
    )
    if token is None:
        return None
    now = timezone.now()
    if (
        token.last_used_at is None
        or (now - token.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS
    ):
        with transaction.atomic(), writes_allowed():
            manager.filter(pk=token.pk).update(last_used_at=now)
    return token.user
