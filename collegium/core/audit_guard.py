"""The switch that lets services, and only services, write audited models."""

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import models
from django.http import HttpRequest

from collegium.core.exceptions import UnauditedWrite

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

# Who writes: a user, the anonymous user of a request, or None (the system itself).
type Actor = AbstractBaseUser | AnonymousUser | None

_writes_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "collegium_writes_allowed", default=False
)


_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "collegium_current_request", default=None
)


def writes_are_allowed() -> bool:
    return _writes_allowed.get()


def current_request() -> HttpRequest | None:
    """Return the request being served (see ``core.middleware``), or None outside requests."""
    return _current_request.get()


def current_actor() -> "AbstractBaseUser | None":
    """Return the signed-in user of the request being served, or None outside requests."""
    request = _current_request.get()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@contextmanager
def serving(request: HttpRequest) -> Iterator[None]:
    """Mark ``request`` as the one being served (its user is resolved only when needed)."""
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)


@contextmanager
def writes_allowed() -> Iterator[None]:
    """Allow writes to audited models inside the block (used by ``core.audit``)."""
    token = _writes_allowed.set(True)
    try:
        yield
    finally:
        _writes_allowed.reset(token)


def ensure_write_allowed(model: type[models.Model], operation: str) -> None:
    if not _writes_allowed.get():
        raise UnauditedWrite(
            f"{model._meta.label}.{operation}() called outside a service; "
            "write through a service so the change is checked and audited."
        )
