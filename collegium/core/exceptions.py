"""Errors raised by services and access helpers, mapped to HTTP by views and the API."""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["NotFound", "PermissionDenied", "TransitionError", "UnauditedWrite", "ValidationError"]


class NotFound(Exception):
    """The object does not exist or the user may not see it; the two are never told apart."""


class TransitionError(Exception):
    """A workflow transition that the rules do not allow from the current state."""

    def __init__(self, message: str, *, code: str = "illegal_transition") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class UnauditedWrite(RuntimeError):
    """An audited model was written outside a service, so no audit record would exist."""
