"""The switch that lets services, and only services, write audited models."""

import contextvars
from contextlib import contextmanager

from collegium.core.exceptions import UnauditedWrite

_writes_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "collegium_writes_allowed", default=False
)


_current_request: contextvars.ContextVar = contextvars.ContextVar(
    "collegium_current_request", default=None
)


def writes_are_allowed() -> bool:
    return _writes_allowed.get()


def current_request():
    """Return the request being served (see ``core.middleware``), or None outside requests."""
    return _current_request.get()


def current_actor():
    """Return the signed-in user of the request being served, or None outside requests."""
    request = _current_request.get()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@contextmanager
def serving(request):
    """Mark ``request`` as the one being served (its user is resolved only when needed)."""
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)


@contextmanager
def writes_allowed():
    """Allow writes to audited models inside the block (used by ``core.audit``)."""
    token = _writes_allowed.set(True)
    try:
        yield
    finally:
        _writes_allowed.reset(token)


def ensure_write_allowed(model, operation: str) -> None:
    if not _writes_allowed.get():
        raise UnauditedWrite(
            f"{model._meta.label}.{operation}() called outside a service; "
            "write through a service so the change is checked and audited."
        )
