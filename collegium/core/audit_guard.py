"""The switch that lets services, and only services, write audited models."""

import contextvars
from contextlib import contextmanager

from .exceptions import UnauditedWrite

_writes_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "collegium_writes_allowed", default=False
)


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
