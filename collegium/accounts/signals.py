"""Record failed sign-ins for throttling and the security log."""

import logging
from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from collegium.accounts.models import LoginFailure

logger = logging.getLogger("collegium.security")


@receiver(user_login_failed)
def record_login_failure(
    sender: object,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    username = (credentials.get("username") or "")[:150]
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    LoginFailure.objects.create(username=username, at=timezone.now(), ip_address=ip)
    logger.warning("login failed for %s from %s", username, ip)
