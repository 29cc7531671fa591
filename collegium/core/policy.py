"""Decisions of the permission policies: may this user do this, and if not, by which rule.

Each domain's ``policy.py`` holds ``can_<action>(user, ...) -> Decision``
functions (Wagtail's permission policies).  The service enforces the
decision, so the API, the pages, the admin and commands all obey it; the page
asks the same function to offer a button exactly when the move is allowed.
A refusal carries the rule in a translated sentence, which becomes the
``PermissionDenied`` message (the API's 403 ``detail``, the page's error).

Who may do a thing is the policy's question; whether the record's state
allows it now is the workflow's (``core.workflow``).
"""

from dataclasses import dataclass

from django.utils.functional import Promise

from collegium.core.exceptions import PermissionDenied


@dataclass(frozen=True)
class Decision:
    """Whether a user may do a thing; ``reason`` names the rule when they may not."""

    allowed: bool
    reason: str | Promise = ""

    def __bool__(self) -> bool:
        return self.allowed

    def enforce(self) -> None:
        """Raise ``PermissionDenied`` with the reason unless the decision allows."""
        if not self.allowed:
            raise PermissionDenied(str(self.reason))


ALLOWED = Decision(True)


def deny(reason: str | Promise) -> Decision:
    """Return a refusal naming the rule (a translated sentence)."""
    return Decision(False, reason)
