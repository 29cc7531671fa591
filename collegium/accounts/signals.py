"""Record failed sign-ins for throttling and the security log."""

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from collegium.accounts.backends import client_address, recent_address_failures, recent_failures
from collegium.accounts.models import LoginFailure

logger = logging.getLogger("collegium.security")


@receiver(user_login_failed)
def record_login_failure(
    sender: object,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    """Record the failure, and log a lockout when this failure starts one."""
    username = (credentials.get("username") or "")[:150]
    address = client_address(request)
    LoginFailure.objects.create(username=username, at=timezone.now(), ip_address=address)
    logger.warning("login failed for %s from %s", username, address)
    minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
    # Equality, not >=: the lockout is logged once, when it starts; the refusals
    # that follow are logged by the backend.
    if recent_failures(username, address) == settings.LOGIN_FAILURE_LIMIT:
        logger.warning(
            "login LOCKED for %s from %s: %s failures within %s minutes; "
            "other addresses may still sign in",
            username,
            address,
            settings.LOGIN_FAILURE_LIMIT,
            minutes,
        )
    if recent_address_failures(address) == settings.LOGIN_FAILURE_ADDRESS_LIMIT:
        logger.warning(
            "login LOCKED for every account from %s: %s failures within %s minutes",
            address,
            settings.LOGIN_FAILURE_ADDRESS_LIMIT,
            minutes,
        )
